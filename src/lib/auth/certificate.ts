// A certificate credential is one PEM holding the private key and its certificate: msal-node signs
// the client assertion with the key and sends the certificate's SHA-256 thumbprint.
import { createPrivateKey, X509Certificate } from 'crypto';
import { inputError } from '../errors';
import { t } from '../i18n';

export interface ParsedCertificate {
  privateKey: string;
  certificate: string;
  thumbprintSha256: string;
}

export function parseCertificatePem(pem: string): ParsedCertificate {
  const text = pem.replace(/\\n/g, '\n');
  const key = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(
    text,
  )?.[0];
  const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!key) throw inputError('certificate', t('errors.auth.noPrivateKey'));
  if (!certs || certs.length === 0) throw inputError('certificate', t('errors.auth.noCertificate'));
  let x509: X509Certificate;
  try {
    createPrivateKey(key);
    x509 = new X509Certificate(certs[0]);
  } catch (err) {
    throw inputError('certificate', t('errors.auth.pemUnreadable', { reason: (err as Error).message }));
  }
  return { privateKey: key, certificate: certs.join('\n'), thumbprintSha256: x509.fingerprint256.replace(/:/g, '') };
}
