// The identity service's throttling as Microsoft documents it (https://learn.microsoft.com/graph/
// throttling-limits, "Identity and access service limits"; microsoft-graph-docs-contrib
// concepts/throttling-limits.md): token buckets that add up each request's cost, per app+tenant a
// resource-unit quota by tenant size (S < 50 users: 3,500, M 50–500: 5,000, L > 500: 8,000 per
// 10 s) and a write quota (3,000 per 2 min 30 s), per tenant a write quota (18,000 per 5 min).
// Every answer carries `x-ms-resource-unit`; above 80% of a limit `x-ms-throttle-limit-percentage`
// (0.8–1.8); a request over a limit gets 429 + Retry-After, `x-ms-throttle-scope` and
// `x-ms-throttle-information`. Off unless config.throttling is true; throttleTimeScale shortens every
// window and throttleBudgetScale shrinks every budget, so tests hit the limits in seconds.
// Items of a $batch come through here one by one and are counted individually, as at Graph.
import type { SimConfig } from '../config';
import { GraphErrors } from '../http/errors';
import type { SimRequest, SimResponse } from '../http/types';

export type TenantSize = 'S' | 'M' | 'L';

/** Documented quotas: budget per window. */
export const IDENTITY_LIMITS = {
  resourceUnits: { S: 3500, M: 5000, L: 8000, windowMs: 10_000 },
  appTenantWrites: { budget: 3000, windowMs: 150_000 },
  tenantWrites: { budget: 18_000, windowMs: 300_000 },
};

// The page's table of base costs (any identity request not listed: 1, and 1 write for
// POST/PATCH/PUT/DELETE). `{id}` is one segment; me/… also applies to users/{id}/….
const BASE_COSTS: Array<[string, RegExp, number, number]> = [
  ['GET', /^applications$/, 2, 0],
  ['GET', /^applications\/[^/]+\/extensionProperties$/, 2, 0],
  ['GET', /^contracts$/, 3, 0],
  ['POST', /^directoryObjects\/getByIds$/, 3, 0],
  ['GET', /^domains\/[^/]+\/domainNameReferences$/, 4, 0],
  ['POST', /^getObjectsById$/, 3, 0],
  ['GET', /^groups\/[^/]+\/members$/, 3, 0],
  ['GET', /^groups\/[^/]+\/transitiveMembers$/, 5, 0],
  ['POST', /^isMemberOf$/, 4, 0],
  ['POST', /^(me|users\/[^/]+)\/checkMemberGroups$/, 4, 0],
  ['POST', /^(me|users\/[^/]+)\/checkMemberObjects$/, 4, 0],
  ['POST', /^(me|users\/[^/]+)\/getMemberGroups$/, 2, 0],
  ['POST', /^(me|users\/[^/]+)\/getMemberObjects$/, 2, 0],
  ['GET', /^(me|users\/[^/]+)\/licenseDetails$/, 2, 0],
  ['GET', /^(me|users\/[^/]+)\/memberOf$/, 2, 0],
  ['GET', /^(me|users\/[^/]+)\/ownedObjects$/, 2, 0],
  ['GET', /^(me|users\/[^/]+)\/transitiveMemberOf$/, 2, 0],
  ['GET', /^oauth2PermissionGrants(\/[^/]+)?$/, 2, 0],
  ['GET', /^servicePrincipals\/[^/]+\/appRoleAssignments$/, 2, 0],
  ['GET', /^subscribedSkus$/, 3, 0],
  ['GET', /^users$/, 2, 0],
];

/** Paths of the identity service (the rest of Graph has limits of its own, not simulated). */
const IDENTITY_ROOTS =
  /^(users|groups|applications|servicePrincipals|directoryObjects|directory|domains|organization|me|contracts|oauth2PermissionGrants|subscribedSkus|getObjectsById|isMemberOf|directoryRoles|invitations)(\/|\(|$)/;

export interface RequestCost {
  resourceUnits: number;
  writes: number;
}

/** Cost of one request by the documented table and modifiers; undefined when not an identity request. */
export function requestCost(method: string, pathAfterVersion: string, query: URLSearchParams): RequestCost | undefined {
  const path = pathAfterVersion.replace(/^\/+|\/+$/g, '');
  if (!IDENTITY_ROOTS.test(path)) return undefined;
  // A cast segment (/microsoft.graph.user) or /$count does not change which table row applies.
  const bare = path.replace(/\/(microsoft\.graph\.[A-Za-z]+|\$count)$/, '');
  const m = method.toUpperCase();
  const row = BASE_COSTS.find(([verb, re]) => verb === m && re.test(bare));
  let resourceUnits = row ? row[2] : 1;
  const writes = row ? row[3] : m === 'GET' || m === 'HEAD' ? 0 : 1;
  // "Using $select decreases cost by 1, $expand increases cost by 1, $top with a value of less than
  // 20 decreases cost by 1 … A request cost can never be lower than 1."
  if (query.has('$select')) resourceUnits -= 1;
  if (query.has('$expand')) resourceUnits += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && Number.isFinite(top) && top < 20) resourceUnits -= 1;
  return { resourceUnits: Math.max(1, resourceUnits), writes };
}

/** A token bucket: `budget` units, refilled continuously over `windowMs`. */
class Bucket {
  private level: number;
  private at: number;
  constructor(
    readonly budget: number,
    readonly windowMs: number,
    now: number,
  ) {
    this.level = budget;
    this.at = now;
  }
  private refill(now: number): void {
    this.level = Math.min(this.budget, this.level + ((now - this.at) * this.budget) / this.windowMs);
    this.at = now;
  }
  /** Milliseconds until `cost` fits (0 = now). */
  waitFor(cost: number, now: number): number {
    this.refill(now);
    return this.level >= cost ? 0 : ((cost - this.level) * this.windowMs) / this.budget;
  }
  take(cost: number, now: number): void {
    this.refill(now);
    this.level -= cost;
  }
  /** Share of the budget in use. */
  usage(now: number): number {
    this.refill(now);
    return (this.budget - this.level) / this.budget;
  }
}

interface Limit {
  name: string;
  bucket: Bucket;
  scope: string;
  information: string;
  costOf: (c: RequestCost) => number;
}

export class IdentityThrottle {
  private buckets = new Map<string, Bucket>();
  /** Requests answered 429 so far (for tests and the benchmark). */
  throttled = 0;
  /** Requests charged so far. */
  charged = { requests: 0, resourceUnits: 0, writes: 0 };

  constructor(
    private readonly config: SimConfig,
    private readonly now: () => number = Date.now,
  ) {}

  reset(): void {
    this.buckets.clear();
    this.throttled = 0;
    this.charged = { requests: 0, resourceUnits: 0, writes: 0 };
  }

  get enabled(): boolean {
    return this.config.throttling === true;
  }

  private bucket(key: string, budget: number, windowMs: number): Bucket {
    let b = this.buckets.get(key);
    if (!b || b.budget !== budget || b.windowMs !== windowMs) {
      b = new Bucket(budget, windowMs, this.now());
      this.buckets.set(key, b);
    }
    return b;
  }

  private limitsFor(appId: string, tenantId: string): Limit[] {
    const time = positive(this.config.throttleTimeScale, 1);
    const scale = positive(this.config.throttleBudgetScale, 1);
    const size = (['S', 'M', 'L'].includes(String(this.config.throttleTenantSize)) ? this.config.throttleTenantSize : 'S') as TenantSize;
    const L = IDENTITY_LIMITS;
    const writeScale = positive(this.config.throttleWriteBudgetScale, scale);
    const budget = (n: number, f = scale) => Math.max(1, Math.round(n * f));
    return [
      {
        name: 'resourceUnits',
        bucket: this.bucket(`ru/${appId}/${tenantId}`, budget(L.resourceUnits[size]), L.resourceUnits.windowMs * time),
        scope: `Tenant_Application/ReadWrite/${appId}/${tenantId}`,
        information: 'ResourceUnitLimitExceeded',
        costOf: (c) => c.resourceUnits,
      },
      {
        name: 'appTenantWrites',
        bucket: this.bucket(`w/${appId}/${tenantId}`, budget(L.appTenantWrites.budget, writeScale), L.appTenantWrites.windowMs * time),
        scope: `Tenant_Application/Write/${appId}/${tenantId}`,
        information: 'WriteLimitExceeded',
        costOf: (c) => c.writes,
      },
      {
        name: 'tenantWrites',
        bucket: this.bucket(`tw/${tenantId}`, budget(L.tenantWrites.budget, writeScale), L.tenantWrites.windowMs * time),
        scope: `Tenant/Write/${appId}/${tenantId}`,
        information: 'WriteLimitExceeded',
        costOf: (c) => c.writes,
      },
    ];
  }

  /**
   * Charges a request before it runs: undefined when it may run (then `annotate` its answer with
   * the returned headers), or the 429 to answer. Requests outside the identity service are free.
   */
  admit(req: SimRequest, pathAfterVersion: string): { throttled?: SimResponse; headers: Record<string, string> } | undefined {
    if (!this.enabled || !req.auth) return undefined;
    const cost = requestCost(req.method, pathAfterVersion, req.query);
    if (!cost) return undefined;
    const now = this.now();
    const limits = this.limitsFor(String(req.auth.appid ?? ''), String(req.auth.tid ?? ''));
    const base = { 'x-ms-resource-unit': String(cost.resourceUnits) };
    // The first limit the request does not fit in throttles it; a throttled request is not charged.
    for (const limit of limits) {
      const units = limit.costOf(cost);
      if (units === 0) continue;
      const waitMs = limit.bucket.waitFor(units, now);
      if (waitMs > 0) {
        this.throttled++;
        const res = GraphErrors.tooManyRequests(retryAfterText(waitMs));
        Object.assign(res.headers, base, {
          'x-ms-throttle-limit-percentage': percentage(limit.bucket.usage(now) + units / limit.bucket.budget),
          'x-ms-throttle-scope': limit.scope,
          'x-ms-throttle-information': limit.information,
        });
        return { throttled: res, headers: base };
      }
    }
    let highest = 0;
    for (const limit of limits) {
      const units = limit.costOf(cost);
      if (units === 0) continue;
      limit.bucket.take(units, now);
      highest = Math.max(highest, limit.bucket.usage(now));
    }
    this.charged.requests++;
    this.charged.resourceUnits += cost.resourceUnits;
    this.charged.writes += cost.writes;
    const headers: Record<string, string> = { ...base };
    // "Returned only when the application consumed more than 0.8 of its limit."
    if (highest > 0.8) headers['x-ms-throttle-limit-percentage'] = percentage(highest);
    return { headers };
  }
}

function positive(v: unknown, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function percentage(usage: number): string {
  return Math.min(1.8, Math.max(0.8, usage)).toFixed(2);
}

/** Seconds, fractional when the windows are scaled down ("2.128" as in Graph's sample). */
function retryAfterText(ms: number): string {
  const seconds = Math.max(0.001, ms / 1000);
  return seconds >= 10 ? String(Math.ceil(seconds)) : String(Math.ceil(seconds * 1000) / 1000);
}
