// Delegated tokens: Node-RED acts as a user who signed in once (authorization code, or device code
// on devices without a browser). msal-node keeps the account and refresh token in a persistent
// cache and refreshes the access token before it expires (acquireTokenSilent, 300 s early); when the
// refresh token is revoked or expired the nodes get a clear SignInRequired error.
import { ConfidentialClientApplication, Configuration, DeviceCodeRequest, PublicClientApplication } from '@azure/msal-node';
import type { AccountInfo, AuthenticationResult } from '@azure/msal-node';
import { EntraError, inputError } from '../errors';
import { t } from '../i18n';
import { Keyed, KeyedError, keyed, render } from './sign-in-messages';
import { parseCertificatePem } from './certificate';
import type { PersistentTokenCache } from './token-cache';
import { AuthSettings, identityError, msalAuthority, SharedTokenSource } from './token-source';

export const SIGN_IN_REQUIRED = 'SignInRequired';

/** Scopes msal adds to every user sign-in itself. */
const OIDC = new Set(['openid', 'profile', 'offline_access', 'email']);

export function signInRequiredError(message: string, cause?: EntraError): EntraError {
  return new EntraError(t('errors.signIn.required', { reason: message }), {
    code: SIGN_IN_REQUIRED,
    kind: 'identity',
    statusCode: cause?.statusCode,
  });
}

/**
 * Graph permissions as the identity platform expects them: bare names (`User.Read`) mean Microsoft
 * Graph in the global cloud; national clouds need the Graph root in front
 * (https://learn.microsoft.com/graph/deployments).
 */
export function delegatedScopes(settings: AuthSettings): string[] {
  const root = new URL(settings.endpoints.graphBaseUrl).origin;
  const prefix = !settings.endpoints.custom && root !== 'https://graph.microsoft.com';
  const scopes = settings.scopes.length ? settings.scopes : ['User.Read'];
  return scopes.map((s) => (prefix && !OIDC.has(s.toLowerCase()) && !s.includes('/') ? `${root}/${s}` : s));
}

/** msal errors that mean only a new interactive sign-in helps. */
export function needsNewSignIn(err: unknown): boolean {
  const e = err as { errorCode?: string; name?: string };
  return (
    e?.name === 'InteractionRequiredAuthError' ||
    [
      'invalid_grant',
      'no_tokens_found',
      'refresh_token_expired',
      'interaction_required',
      'login_required',
      'consent_required',
      'no_account_in_silent_request',
    ].includes(e?.errorCode ?? '')
  );
}

export interface DelegatedSettings extends AuthSettings {
  tokenCache: PersistentTokenCache;
}

export class DelegatedTokenSource extends SharedTokenSource {
  readonly flow: 'authorizationCode' | 'deviceCode';
  readonly scopes: string[];
  private readonly app: ConfidentialClientApplication | PublicClientApplication;

  override describeText(): Keyed {
    return keyed('test', this.flow === 'deviceCode' ? 'sourceDeviceCode' : 'sourceAuthorizationCode');
  }

  constructor(private readonly settings: DelegatedSettings) {
    super();
    if (!settings.tenantId) throw inputError('tenantId', t('errors.required'));
    if (!settings.clientId) throw inputError('clientId', t('errors.required'));
    this.flow = settings.authType === 'deviceCode' ? 'deviceCode' : 'authorizationCode';
    this.scopes = delegatedScopes(settings);
    const auth: Configuration['auth'] = { clientId: settings.clientId, ...msalAuthority(settings) };
    const cache = { cachePlugin: settings.tokenCache };
    if (this.flow === 'deviceCode') {
      // Device code is a public client flow ("Allow public client flows" in the app registration).
      this.app = new PublicClientApplication({ auth, cache });
      return;
    }
    if (settings.certificate) {
      const cert = parseCertificatePem(settings.certificate);
      auth.clientCertificate = { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKey, x5c: cert.certificate };
    } else if (settings.clientSecret) {
      auth.clientSecret = settings.clientSecret;
    } else {
      throw inputError('clientSecret', t('errors.auth.authorizationCode'));
    }
    this.app = new ConfidentialClientApplication({ auth, cache });
  }

  get cache(): PersistentTokenCache {
    return this.settings.tokenCache;
  }

  /** The signed-in account, as the persistent cache holds it. */
  async account(): Promise<AccountInfo | undefined> {
    const [stored] = await this.settings.tokenCache.accounts();
    if (!stored) return undefined;
    const accounts = await this.app.getTokenCache().getAllAccounts();
    return accounts.find((a) => a.homeAccountId === stored.homeAccountId);
  }

  protected async acquire(forceRefresh: boolean): Promise<string> {
    const account = await this.account();
    if (!account) {
      const hint =
        (await this.settings.whenNotSignedIn?.()) ??
        t('errors.signIn.nobody', { button: render(keyed('signIn', this.flow === 'deviceCode' ? 'buttonSignIn' : 'buttonAuthenticate')) });
      throw signInRequiredError(hint);
    }
    try {
      const result = await this.app.acquireTokenSilent({ account, scopes: this.scopes, forceRefresh });
      if (!result?.accessToken) throw new Error(t('errors.noToken.access'));
      return result.accessToken;
    } catch (err) {
      if (!needsNewSignIn(err)) throw identityError(err);
      const reason = identityError(err);
      const e = signInRequiredError(
        // The identity platform's reason without the "Sign-in failed (code): " it starts with.
        t('errors.signIn.again', { user: account.username, reason: reason.message.replace(/^[^(]*\([^)]*\): /, '') }),
        reason,
      );
      this.settings.onSignInRequired?.(e);
      throw e;
    }
  }

  /** The URL to open for an authorization code sign-in (PKCE S256, our single-use state). */
  authCodeUrl(p: { redirectUri: string; state: string; codeChallenge: string }): Promise<string> {
    return this.app.getAuthCodeUrl({
      scopes: this.scopes,
      redirectUri: p.redirectUri,
      state: p.state,
      codeChallenge: p.codeChallenge,
      codeChallengeMethod: 'S256',
      prompt: 'select_account',
    });
  }

  /** Redeems the code; the cache (and its store) then holds only the account that signed in. */
  async redeemCode(p: { code: string; redirectUri: string; codeVerifier: string }): Promise<AuthenticationResult> {
    try {
      const result = await this.app.acquireTokenByCode({
        code: p.code,
        redirectUri: p.redirectUri,
        codeVerifier: p.codeVerifier,
        scopes: this.scopes,
      });
      await this.keepOnly(result.account);
      return result;
    } catch (err) {
      throw identityError(err);
    }
  }

  /** Runs the device code flow to its end; `request.cancel = true` stops the polling. */
  async deviceCode(onCode: DeviceCodeRequest['deviceCodeCallback'], request: { cancel?: boolean } = {}): Promise<AuthenticationResult> {
    if (!(this.app instanceof PublicClientApplication)) throw new KeyedError(keyed('signIn', 'deviceCodeOnly'));
    const req: DeviceCodeRequest = Object.assign(request, { scopes: this.scopes, deviceCodeCallback: onCode });
    const result = await this.app.acquireTokenByDeviceCode(req);
    if (!result) throw new Error(t('errors.noToken.any'));
    await this.keepOnly(result.account);
    return result;
  }

  private async keepOnly(account: AccountInfo | null): Promise<void> {
    const cache = this.app.getTokenCache();
    for (const other of await cache.getAllAccounts()) {
      if (account && other.homeAccountId === account.homeAccountId) continue;
      await cache.removeAccount(other);
    }
  }

  override close(): void {
    this.settings.tokenCache.close();
  }
}
