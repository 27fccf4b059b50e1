// Authentication types are a registry: the connection asks for a token source by `authType`,
// so delegated flows slot in beside client credentials without touching the client.
import { inputError } from '../errors';
import { t } from '../i18n';
import { ClientCredentialsTokenSource } from './client-credentials';
import { DelegatedTokenSource } from './delegated';
import { ManagedIdentityTokenSource } from './managed-identity';
import { KeyedError, keyed } from './sign-in-messages';
import { AuthSettings, SharedTokenSource } from './token-source';

export type TokenSourceFactory = (settings: AuthSettings) => SharedTokenSource;

const factories = new Map<string, TokenSourceFactory>([
  ['clientCredentials', (settings) => new ClientCredentialsTokenSource(settings)],
  ['authorizationCode', delegated],
  ['deviceCode', delegated],
  ['managedIdentity', (settings) => new ManagedIdentityTokenSource(settings)],
]);

function delegated(settings: AuthSettings): SharedTokenSource {
  if (!settings.tokenCache) throw new KeyedError(keyed('signIn', 'needsTokenCache', { authType: settings.authType }));
  return new DelegatedTokenSource({ ...settings, tokenCache: settings.tokenCache });
}

export function registerAuthType(name: string, factory: TokenSourceFactory): void {
  factories.set(name, factory);
}

export function createTokenSource(settings: AuthSettings): SharedTokenSource {
  const factory = factories.get(settings.authType || 'clientCredentials');
  if (!factory) throw inputError('authType', t('errors.auth.unsupported', { value: String(settings.authType) }));
  const source = factory(settings);
  if (settings.timeoutMs !== undefined) source.limits.timeoutMs = settings.timeoutMs;
  if (settings.maxRetryWaitMs !== undefined) source.limits.maxRetryWaitMs = settings.maxRetryWaitMs;
  return source;
}

export type { AuthSettings } from './token-source';
export { SharedTokenSource } from './token-source';
export { DelegatedTokenSource, SIGN_IN_REQUIRED, signInRequiredError } from './delegated';
export { PersistentTokenCache, readCachedAccounts, tokenCacheKey } from './token-cache';
