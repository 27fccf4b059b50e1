// JSON batching [BATCH]: POST /$batch with ≤20 requests, unique ids (case-insensitive), relative
// urls, Content-Type required with a body, dependsOn (424 when a dependency failed). Each inner
// request goes through ctx.dispatch like a direct request, so faults (e.g. an inner 429 with
// Retry-After in the inner headers [THR]) and validation are the same. Outer status is 200 unless
// the batch itself is malformed.
import type { SimContext } from '../context';
import { graphError } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { apiVersion } from './query/collection';
import { ok } from './respond';

export const BATCH_LIMIT = 20; // [BATCH; SDKJS BatchRequestContent requestLimit]

interface InnerRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

const bad = (message: string) => graphError(400, 'BadRequest', message);

export function registerBatchRoutes(ctx: SimContext, router: Router): void {
  router.post(/^\/\$batch\/?$/, (req) => runBatch(ctx, req));
}

function validate(body: unknown): InnerRequest[] | SimResponse {
  const requests = (body as { requests?: unknown })?.requests;
  if (!Array.isArray(requests)) return bad('Invalid batch payload format.');
  if (requests.length === 0) return bad('Invalid batch payload format: at least one request is required.');
  if (requests.length > BATCH_LIMIT) return bad(`Number of batch requests exceeds the limit of ${BATCH_LIMIT}.`);
  const seen = new Set<string>();
  for (const r of requests as InnerRequest[]) {
    if (!r || typeof r !== 'object' || r.id === undefined || r.id === null || r.id === '' || !r.method || !r.url) {
      return bad('Invalid batch payload format: every request needs id, method and url.');
    }
    const id = String(r.id).toLowerCase();
    if (seen.has(id)) return bad('Batch request ids must be unique.');
    seen.add(id);
    if (/^https?:/i.test(r.url)) return bad('Invalid batch payload format: the url of a request must be relative.');
    if (r.body !== undefined) {
      const ct = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type');
      if (!ct) return bad('Content-Type header must be specified when a request contains a body.');
    }
  }
  const ids = new Set((requests as InnerRequest[]).map((r) => String(r.id).toLowerCase()));
  for (const r of requests as InnerRequest[]) {
    for (const d of r.dependsOn ?? [])
      if (!ids.has(String(d).toLowerCase())) return bad(`Request ${r.id} depends on an unknown request id '${d}'.`);
  }
  return requests as InnerRequest[];
}

async function runBatch(ctx: SimContext, outer: SimRequest): Promise<SimResponse> {
  const v = validate(outer.body);
  if (!Array.isArray(v)) return v;
  const version = apiVersion(outer);
  const results = new Map<string, { id: string; status: number; headers: Record<string, string>; body?: unknown }>();
  const pending = v.slice();
  // Requests without dependsOn run in order; dependents run once their dependencies are done.
  while (pending.length) {
    const idx = pending.findIndex((r) => (r.dependsOn ?? []).every((d) => results.has(String(d).toLowerCase())));
    if (idx < 0) return bad('Circular dependsOn in batch request.');
    const r = pending.splice(idx, 1)[0];
    const failedDep = (r.dependsOn ?? []).some((d) => (results.get(String(d).toLowerCase())?.status ?? 0) >= 400);
    if (failedDep) {
      results.set(String(r.id).toLowerCase(), {
        id: String(r.id),
        status: 424,
        headers: {},
        body: graphError(424, 'FailedDependency', 'Failed dependency: a request this one depends on failed.').body,
      });
      continue;
    }
    results.set(String(r.id).toLowerCase(), await runInner(ctx, outer, version, r));
  }
  return ok({ responses: v.map((r) => results.get(String(r.id).toLowerCase())) });
}

async function runInner(ctx: SimContext, outer: SimRequest, version: string, r: InnerRequest) {
  const rel = r.url.startsWith('/') ? r.url : `/${r.url}`;
  const full = `/${version}${rel}`;
  const q = full.indexOf('?');
  const path = q >= 0 ? full.slice(0, q) : full;
  const rawQuery = q >= 0 ? full.slice(q + 1) : '';
  const headers: Record<string, string> = {};
  for (const [k, val] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(val);
  // The batch's credentials and host apply to every inner request.
  if (outer.headers.authorization) headers.authorization = outer.headers.authorization;
  if (outer.headers.host) headers.host = outer.headers.host;
  const body = r.body;
  const inner: SimRequest = {
    method: String(r.method).toUpperCase(),
    path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    body,
    rawBody: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
    inBatch: true,
  };
  const res = await ctx.dispatch(inner);
  if (res.destroy) {
    return {
      id: String(r.id),
      status: 500,
      headers: {},
      body: graphError(500, 'generalException', 'The connection for this request was reset.').body,
    };
  }
  const keep: Record<string, string> = {};
  for (const [k, val] of Object.entries(res.headers)) {
    if (['request-id', 'client-request-id', 'x-ms-ags-diagnostic', 'strict-transport-security'].includes(k)) continue;
    keep[canonicalHeader(k)] = val;
  }
  const out: { id: string; status: number; headers: Record<string, string>; body?: unknown } = {
    id: String(r.id),
    status: res.status,
    headers: keep,
  };
  if (res.body !== undefined) out.body = res.body;
  return out;
}

function canonicalHeader(h: string): string {
  const special: Record<string, string> = {
    'odata-version': 'OData-Version',
    'retry-after': 'Retry-After',
    'content-type': 'Content-Type',
    location: 'Location',
    'cache-control': 'Cache-Control',
    'preference-applied': 'Preference-Applied',
  };
  return special[h] ?? h;
}
