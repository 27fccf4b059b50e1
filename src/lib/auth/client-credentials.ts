// App-only tokens (client credentials grant) with a secret, a certificate, or a federated token
// file (workload identity federation: AKS workload identity, or any issuer the app registration
// trusts). msal-node caches the token and renews it before expiry; forceRefresh (Graph refused the
// token) skips that cache.
import { promises as fs } from 'fs';
import { ConfidentialClientApplication, Configuration } from '@azure/msal-node';
import { inputError } from '../errors';
import { t } from '../i18n';
import { Keyed, keyed } from './sign-in-messages';
import { parseCertificatePem } from './certificate';
import { clearMsalThrottling, TokenHttpClient } from './token-http';
import { AuthSettings, DEFAULT_TOKEN_TIMEOUT_MS, identityError, msalAuthority, SharedTokenSource } from './token-source';

/** What AKS workload identity sets (and the credential's default, `${AZURE_FEDERATED_TOKEN_FILE}`). */
export const FEDERATED_TOKEN_FILE_ENV = 'AZURE_FEDERATED_TOKEN_FILE';

/** The federated token file to use: the one given, else the environment's; undefined when neither. */
export function federatedTokenFilePath(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const text = (given ?? '').trim();
  if (text && text !== `\${${FEDERATED_TOKEN_FILE_ENV}}`) return text;
  return env[FEDERATED_TOKEN_FILE_ENV]?.trim() || undefined;
}

/**
 * Reads the token file for one token request. Kubernetes rotates the projected token (it expires
 * after an hour or so), so it is read again every time the identity platform is asked.
 * https://learn.microsoft.com/azure/aks/workload-identity-overview
 */
export async function readFederatedToken(path: string): Promise<string> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    throw inputError(
      'federatedTokenFile',
      t('errors.auth.tokenFileUnreadable', { path, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }),
    );
  }
  const token = text.trim();
  if (!token) throw inputError('federatedTokenFile', t('errors.auth.tokenFileEmpty', { path }));
  return token;
}

export class ClientCredentialsTokenSource extends SharedTokenSource {
  private readonly app: ConfidentialClientApplication;
  private readonly scope: string;
  private readonly credential: Keyed;
  private readonly http: TokenHttpClient;

  constructor(settings: AuthSettings) {
    super();
    if (!settings.tenantId) throw inputError('tenantId', t('errors.required'));
    if (!settings.clientId) throw inputError('clientId', t('errors.required'));
    const auth: Configuration['auth'] = { clientId: settings.clientId, ...msalAuthority(settings) };
    const tokenFile = federatedTokenFilePath(settings.federatedTokenFile);
    if (settings.certificate) {
      const cert = parseCertificatePem(settings.certificate);
      auth.clientCertificate = { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKey, x5c: cert.certificate };
      this.credential = keyed('test', 'credentialCertificate');
    } else if (settings.clientSecret) {
      auth.clientSecret = settings.clientSecret;
      this.credential = keyed('test', 'credentialSecret');
    } else if (tokenFile) {
      // msal-node calls this for every token request it sends (not for tokens from its cache).
      auth.clientAssertion = () => readFederatedToken(tokenFile);
      this.credential = keyed('test', 'credentialTokenFile', { path: tokenFile });
    } else {
      throw inputError('clientSecret', t('errors.auth.clientCredentials'));
    }
    this.http = new TokenHttpClient(settings.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS);
    this.app = new ConfidentialClientApplication({ auth, system: { networkClient: this.http } });
    this.scope = settings.endpoints.defaultScope;
  }

  protected async acquire(forceRefresh: boolean): Promise<string> {
    try {
      const result = await this.app.acquireTokenByClientCredential({ scopes: [this.scope], skipCache: forceRefresh });
      if (!result?.accessToken) throw new Error(t('errors.noToken.access'));
      this.remember(result.accessToken, result.expiresOn);
      return result.accessToken;
    } catch (err) {
      // msal-node would refuse every request for up to an hour after a 429/5xx without asking:
      // the token source holds requests for the Retry-After itself, up to the connection's cap.
      const refusal = this.http.takeRefusal();
      clearMsalThrottling(this.app);
      if ((err as { code?: string }).code === 'InvalidInput') throw err;
      throw identityError(err, refusal);
    }
  }

  override describeText(): Keyed {
    return keyed('test', 'sourceClientCredentials', { credential: this.credential });
  }
}
