// Authentication types are a registry: the connection asks for a token source by `authType`,
// so delegated flows slot in beside client credentials without touching the client.
import { inputError } from '../errors';
import { ClientCredentialsTokenSource } from './client-credentials';
import { AuthSettings, SharedTokenSource } from './token-source';

export type TokenSourceFactory = (settings: AuthSettings) => SharedTokenSource;

const factories = new Map<string, TokenSourceFactory>([
  ['clientCredentials', (settings) => new ClientCredentialsTokenSource(settings)],
]);

export function registerAuthType(name: string, factory: TokenSourceFactory): void {
  factories.set(name, factory);
}

export function createTokenSource(settings: AuthSettings): SharedTokenSource {
  const factory = factories.get(settings.authType || 'clientCredentials');
  if (!factory) throw inputError('authType', `"${settings.authType}" is not supported`);
  return factory(settings);
}

export type { AuthSettings } from './token-source';
export { SharedTokenSource } from './token-source';
