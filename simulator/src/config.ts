// Runtime settings changed with PATCH /_sim/config. Extensible: later features (subscriptions,
// webhooks…) add their own keys here with a default; unknown keys are kept as given.
export interface SimConfig {
  /** expires_in of issued access tokens (Microsoft issues 3599 s, CC sample). */
  tokenLifetimeSeconds: number;
  /** Items per delta page (nextLink after that many). */
  deltaPageSize: number;
  /** Most items per page of a collection whatever $top asks (0 = no limit beyond Graph's 999): server-driven paging. */
  collectionPageSizeLimit: number;
  /** members@delta entries per group object per page; a bigger group re-appears on later pages [DQG]. */
  deltaMembersPageSize: number;
  /** Delta/skip tokens older than this answer 400 syncStateNotFound (7 days at Microsoft, devblog 2020-07-03). */
  deltaTokenTtlSeconds: number;
  /** Largest JSON body accepted (bytes); more → 413. */
  maxBodyBytes: number;
  /** How long the validation handshake may take (10 s at Graph [VAL]). */
  subscriptionValidationTimeoutMs: number;
  /** Longest subscription lifetime for users and groups (41,760 min [LIFETIME]); beyond → 400. */
  subscriptionMaxExpirationMinutes: number;
  /** Subscriptions per page of GET /subscriptions. */
  subscriptionPageSize: number;
  /** A notification not answered 2xx within this is retried (3 s at Graph [WH]). */
  notificationTimeoutMs: number;
  /** Delivery attempts per notification (Graph retries for up to 4 hours [WH]). */
  notificationMaxAttempts: number;
  /** Wait between delivery attempts. */
  notificationRetryDelayMs: number;
  /** Authorization codes are redeemable this long (about 10 minutes at Microsoft). */
  authCodeLifetimeSeconds: number;
  /** A device code's expires_in (900 s = 15 minutes [DC]). */
  deviceCodeLifetimeSeconds: number;
  /** The polling interval a device code answer asks for (5 s at Microsoft). */
  deviceCodeIntervalSeconds: number;
  /** A refresh token unused this long answers AADSTS700082 (90 days, refresh-tokens page). */
  refreshTokenLifetimeSeconds: number;
  /** The identity service's quotas and 429s (graph/throttling.ts); off by default. */
  throttling: boolean;
  /** Tenant size for the resource-unit quota: S (3,500 per 10 s), M (5,000), L (8,000). */
  throttleTenantSize: string;
  /** Factor on every quota window (0.1: 1 s instead of 10 s). */
  throttleTimeScale: number;
  /** Factor on every quota budget (0.1: 350 resource units instead of 3,500). */
  throttleBudgetScale: number;
  [key: string]: unknown;
}

export function defaultConfig(tokenLifetimeSeconds = 3599): SimConfig {
  return {
    tokenLifetimeSeconds,
    deltaPageSize: 100,
    collectionPageSizeLimit: 0,
    deltaMembersPageSize: 100,
    deltaTokenTtlSeconds: 7 * 24 * 3600,
    maxBodyBytes: 4 * 1024 * 1024,
    subscriptionValidationTimeoutMs: 10_000,
    subscriptionMaxExpirationMinutes: 41_760,
    subscriptionPageSize: 100,
    notificationTimeoutMs: 3_000,
    notificationMaxAttempts: 3,
    notificationRetryDelayMs: 1_000,
    authCodeLifetimeSeconds: 600,
    deviceCodeLifetimeSeconds: 900,
    deviceCodeIntervalSeconds: 5,
    refreshTokenLifetimeSeconds: 90 * 24 * 3600,
    throttling: false,
    throttleTenantSize: 'S',
    throttleTimeScale: 1,
    throttleBudgetScale: 1,
  };
}
