// What a request costs against the identity service's quotas, as Microsoft's table documents it
// (https://learn.microsoft.com/graph/throttling-limits, "Identity and access service limits"):
// base resource units per path (1 unless listed), 1 write for POST/PATCH/PUT/DELETE, `$select` −1,
// `$expand` +1, `$top` under 20 −1, never below 1. Used to pace before Graph answers; each answer's
// `x-ms-resource-unit` then corrects the estimate. (The simulator keeps its own copy of the table:
// it stands in for Microsoft, this is the client's estimate.)

export type TenantSize = 'S' | 'M' | 'L';

/** The documented quotas per application and tenant (and per tenant for writes). */
export const IDENTITY_QUOTAS = {
  resourceUnits: { S: 3500, M: 5000, L: 8000, windowMs: 10_000 },
  writes: { budget: 3000, windowMs: 150_000 },
};

export interface RequestCost {
  resourceUnits: number;
  writes: number;
}

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
  ['POST', /^(me|users\/[^/]+)\/checkMember(Groups|Objects)$/, 4, 0],
  ['POST', /^(me|users\/[^/]+)\/getMember(Groups|Objects)$/, 2, 0],
  ['GET', /^(me|users\/[^/]+)\/(licenseDetails|memberOf|ownedObjects|transitiveMemberOf)$/, 2, 0],
  ['GET', /^oauth2PermissionGrants(\/[^/]+)?$/, 2, 0],
  ['GET', /^servicePrincipals\/[^/]+\/appRoleAssignments$/, 2, 0],
  ['GET', /^subscribedSkus$/, 3, 0],
  ['GET', /^users$/, 2, 0],
];

/** Cost of a request to `url` (absolute, or relative to the version root as in $batch items). */
export function requestCost(method: string, url: string): RequestCost {
  const parsed = new URL(url, 'https://graph.invalid/v1.0/');
  // The path after the version segment, without a trailing cast or /$count.
  const path = parsed.pathname
    .replace(/^\/(v1\.0|beta)\//, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/\/(microsoft\.graph\.[A-Za-z]+|\$count)$/, '');
  const m = method.toUpperCase();
  const row = BASE_COSTS.find(([verb, re]) => verb === m && re.test(path));
  let resourceUnits = row ? row[2] : 1;
  const writes = row ? row[3] : m === 'GET' || m === 'HEAD' || m === 'OPTIONS' ? 0 : 1;
  const q = parsed.searchParams;
  if (q.has('$select')) resourceUnits -= 1;
  if (q.has('$expand')) resourceUnits += 1;
  const top = Number(q.get('$top'));
  if (q.has('$top') && Number.isFinite(top) && top < 20) resourceUnits -= 1;
  return { resourceUnits: Math.max(1, resourceUnits), writes };
}

/** A $batch costs what its items cost: Graph counts them individually. */
export function batchCost(body: unknown): RequestCost | undefined {
  const requests = (body as { requests?: Array<{ method?: string; url?: string }> })?.requests;
  if (!Array.isArray(requests)) return undefined;
  const total = { resourceUnits: 0, writes: 0 };
  for (const r of requests) {
    const c = requestCost(String(r?.method ?? 'GET'), String(r?.url ?? '/'));
    total.resourceUnits += c.resourceUnits;
    total.writes += c.writes;
  }
  return total;
}
