// Connection settings as the config node stores them, and the token source they describe.
import { AuthSettings, createTokenSource, SharedTokenSource } from './auth';
import { resolveEndpoints } from './clouds';
import { DEFAULT_MAX_CONCURRENT } from './pacing';

export const DEFAULT_SCOPES = 'Group.ReadWrite.All GroupMember.ReadWrite.All Application.ReadWrite.All User.Read.All offline_access';
export interface ConnectionSettings {
  authType: string;
  tenantId: string;
  cloud: string;
  authorityHost?: string;
  graphBaseUrl?: string;
  scopes: string;
  /** authType managedIdentity: `system`, `clientId`, `resourceId` or `objectId`, and the id. */
  managedIdentityIdType: string;
  managedIdentityId: string;
  webhookBaseUrl?: string;
  maxRetries: number;
  retryBaseDelayMs: number;
  timeoutSeconds: number;
  /** The longest wait before one retry (a Retry-After above it is cut to it); also caps a sign-in's Retry-After. */
  maxRetryWaitSeconds: number;
  /** The largest response body accepted, in MB. */
  maxResponseMB: number;
  /** Pace requests to Graph's documented quotas (false: only react to 429s). */
  pacing: boolean;
  /** S (< 50 users), M (50–500), L (> 500): sizes the resource-unit budget. */
  tenantSize: string;
  /** Requests in flight at once on this connection, and sockets per host. */
  maxConcurrentRequests: number;
}

export function settingsFromConfig(config: Record<string, any>): ConnectionSettings {
  const num = (v: unknown, d: number) => (v === '' || v === undefined || v === null || !Number.isFinite(Number(v)) ? d : Number(v));
  return {
    authType: config.authType || 'clientCredentials',
    tenantId: String(config.tenantId ?? '').trim(),
    cloud: config.cloud || 'global',
    authorityHost: config.authorityHost,
    graphBaseUrl: config.graphBaseUrl,
    scopes: String(config.scopes || DEFAULT_SCOPES),
    managedIdentityIdType: config.managedIdentityIdType || 'system',
    managedIdentityId: String(config.managedIdentityId ?? '').trim(),
    webhookBaseUrl: String(config.webhookBaseUrl ?? '')
      .trim()
      .replace(/\/+$/, ''),
    maxRetries: num(config.maxRetries, 3),
    retryBaseDelayMs: num(config.retryBaseDelayMs, 1000),
    timeoutSeconds: positive(num(config.timeoutSeconds, 100), 100),
    maxRetryWaitSeconds: Math.max(0, num(config.maxRetryWaitSeconds, DEFAULT_MAX_RETRY_WAIT_SECONDS)),
    maxResponseMB: positive(num(config.maxResponseMB, DEFAULT_MAX_RESPONSE_MB), DEFAULT_MAX_RESPONSE_MB),
    pacing: config.pacing !== false && config.pacing !== 'false',
    tenantSize: ['S', 'M', 'L'].includes(config.tenantSize) ? config.tenantSize : 'S',
    maxConcurrentRequests: Math.max(1, Math.floor(num(config.maxConcurrentRequests, DEFAULT_MAX_CONCURRENT))),
  };
}

export const DEFAULT_MAX_RETRY_WAIT_SECONDS = 60;
export const DEFAULT_MAX_RESPONSE_MB = 100;

function positive(n: number, d: number): number {
  return n > 0 ? n : d;
}

export const DELEGATED_AUTH_TYPES = ['authorizationCode', 'deviceCode'];

/** Hooks of the delegated flows (token cache, sign-in-required, not-signed-in): see AuthSettings. */
export type DelegatedHooks = Pick<AuthSettings, 'tokenCache' | 'onSignInRequired' | 'whenNotSignedIn'>;

export function buildTokenSource(
  id: string,
  settings: ConnectionSettings,
  credentials: Record<string, any>,
  hooks: DelegatedHooks = {},
): SharedTokenSource {
  const endpoints = resolveEndpoints(settings.cloud, settings.authorityHost, settings.graphBaseUrl);
  return createTokenSource({
    nodeId: id,
    authType: settings.authType,
    tenantId: settings.tenantId,
    clientId: String(credentials.clientId ?? '').trim(),
    clientSecret: credentials.clientSecret || undefined,
    certificate: credentials.certificate || undefined,
    federatedTokenFile: credentials.federatedTokenFile || undefined,
    managedIdentityIdType: settings.managedIdentityIdType,
    managedIdentityId: settings.managedIdentityId,
    scopes: settings.scopes.split(/\s+/).filter(Boolean),
    endpoints,
    timeoutMs: settings.timeoutSeconds * 1000,
    maxRetryWaitMs: settings.maxRetryWaitSeconds * 1000,
    ...hooks,
  });
}
