// Minimal JWT helpers (RS256/PS256) on Node's crypto: enough to sign the simulator's access tokens
// and to verify client assertions signed by msal-node (RS256 with a SHA-1 thumbprint, PS256 with
// a SHA-256 thumbprint: msal-node ClientAssertion.createJwt).
import { constants, createPublicKey, createSign, createVerify, KeyObject } from 'crypto';
import { b64url } from '../util/ids';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

export function signRs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64url(JSON.stringify({ ...header, alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  const sig = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${b64url(sig)}`;
}

export function verifySignature(jwt: DecodedJwt, key: KeyObject | string): boolean {
  const alg = jwt.header.alg;
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key;
  try {
    if (alg === 'RS256') return createVerify('RSA-SHA256').update(jwt.signingInput).verify(publicKey, jwt.signature);
    if (alg === 'PS256') {
      return createVerify('RSA-SHA256')
        .update(jwt.signingInput)
        .verify({ key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, jwt.signature);
    }
  } catch {
    return false;
  }
  return false;
}
