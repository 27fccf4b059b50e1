// App-only tokens (client credentials grant) with a secret or a certificate. msal-node caches the
// token and renews it before expiry; forceRefresh (Graph refused the token) skips that cache.
import { ConfidentialClientApplication, Configuration } from '@azure/msal-node';
import { inputError } from '../errors';
import { parseCertificatePem } from './certificate';
import { AuthSettings, identityError, msalAuthority, SharedTokenSource } from './token-source';

export class ClientCredentialsTokenSource extends SharedTokenSource {
  private readonly app: ConfidentialClientApplication;
  private readonly scope: string;

  constructor(settings: AuthSettings) {
    super();
    if (!settings.tenantId) throw inputError('tenantId', 'is required');
    if (!settings.clientId) throw inputError('clientId', 'is required');
    const auth: Configuration['auth'] = { clientId: settings.clientId, ...msalAuthority(settings) };
    if (settings.certificate) {
      const cert = parseCertificatePem(settings.certificate);
      auth.clientCertificate = { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKey, x5c: cert.certificate };
    } else if (settings.clientSecret) {
      auth.clientSecret = settings.clientSecret;
    } else {
      throw inputError('clientSecret', 'a client secret or a certificate is required for client credentials');
    }
    this.app = new ConfidentialClientApplication({ auth });
    this.scope = settings.endpoints.defaultScope;
  }

  protected async acquire(forceRefresh: boolean): Promise<string> {
    try {
      const result = await this.app.acquireTokenByClientCredential({ scopes: [this.scope], skipCache: forceRefresh });
      if (!result?.accessToken) throw new Error('the identity platform returned no access token');
      this.remember(result.accessToken, result.expiresOn);
      return result.accessToken;
    } catch (err) {
      throw identityError(err);
    }
  }
}
