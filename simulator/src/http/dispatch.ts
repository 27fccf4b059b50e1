// The single path every request takes (HTTP or inside $batch): faults → route → area headers → record.
import { randomUUID } from 'crypto';
import type { SimContext } from '../context';
import { GRAPH_JSON } from '../graph/respond';
import { aadError, defaultAadErrorFor, defaultGraphErrorFor, graphError } from './errors';
import type { Router } from './router';
import type { SimRequest, SimResponse } from './types';

export function isGraphPath(path: string): boolean {
  return /^\/(v1\.0|beta)(\/|$)/.test(path);
}

export function isControlPath(path: string): boolean {
  return path === '/_sim' || path.startsWith('/_sim/');
}

function sleep(ctx: SimContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      ctx.timers.delete(t);
      resolve();
    }, ms);
    ctx.timers.add(t);
  });
}

/** Graph headers on every answer; innerError ids filled with the request's ids. */
export function finishGraphResponse(req: SimRequest, res: SimResponse): SimResponse {
  const requestId = randomUUID();
  const clientRequestId = req.headers['client-request-id'] || requestId;
  const headers: Record<string, string> = {
    'request-id': requestId,
    'client-request-id': clientRequestId,
    'x-ms-ags-diagnostic': JSON.stringify({
      ServerInfo: { DataCenter: 'Local Simulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'SIM' },
    }),
    'strict-transport-security': 'max-age=31536000',
    'cache-control': 'no-cache',
    ...res.headers,
  };
  if (res.body !== undefined && typeof res.body === 'object' && !Buffer.isBuffer(res.body)) {
    headers['content-type'] = GRAPH_JSON;
    headers['odata-version'] = '4.0';
    const inner = (res.body as { error?: { innerError?: Record<string, unknown> } }).error?.innerError;
    if (inner) {
      inner['request-id'] = requestId;
      inner['client-request-id'] = clientRequestId;
    }
  }
  return { ...res, headers };
}

export function makeDispatch(
  ctx: SimContext,
  routers: { control: Router; identity: Router; graph: (req: SimRequest) => Promise<SimResponse> },
) {
  function finish(req: SimRequest, res: SimResponse): SimResponse {
    const out = isGraphPath(req.path) ? finishGraphResponse(req, res) : res;
    if (!req.inBatch && !isControlPath(req.path)) {
      ctx.recorder.add({
        method: req.method,
        path: req.path,
        query: Object.fromEntries(req.query),
        headers: req.headers,
        body: req.body,
        status: out.destroy ? 0 : out.status,
        time: new Date().toISOString(),
      });
    }
    return out;
  }

  async function dispatch(req: SimRequest): Promise<SimResponse> {
    if (isControlPath(req.path)) {
      const r = await routers.control.handle(req);
      if (r === undefined) return { status: 404, headers: {}, body: { error: `No control route ${req.method} ${req.path}` } };
      if (r === 'method') return { status: 405, headers: {}, body: { error: `Method ${req.method} not allowed on ${req.path}` } };
      return r;
    }
    const graph = isGraphPath(req.path);
    const fault = ctx.faults.take(req.method, req.path, req.rawQuery);
    if (fault) {
      if (fault.latencyMs) await sleep(ctx, fault.latencyMs);
      // No answer until the fault is removed; then the request is served as usual, unless the
      // faults were cleared (a reset) or its client gave up meanwhile: then it is dropped unrecorded.
      if (fault.hang) {
        if ((await ctx.faults.hold(fault.id, req.onClientGone)) === 'drop') return { status: 0, headers: {}, destroy: true };
      }
      if (fault.reset) return finish(req, { status: 0, headers: {}, destroy: true });
      if (fault.status) {
        let r: SimResponse;
        if (fault.body !== undefined) r = { status: fault.status, headers: {}, body: fault.body };
        else r = graph ? defaultGraphErrorFor(fault.status, fault.retryAfter) : defaultAadErrorFor(fault.status, fault.retryAfter);
        if (fault.retryAfter !== undefined) r.headers['retry-after'] = fault.retryAfter;
        Object.assign(r.headers, fault.headers ?? {});
        return finish(req, r);
      }
    }
    let res: SimResponse;
    if (graph) {
      res = await routers.graph(req);
    } else {
      const r = await routers.identity.handle(req);
      if (r === undefined)
        res = aadError(
          404,
          'invalid_request',
          90027,
          `The route ${req.method} ${req.path} does not exist on this identity platform simulator.`,
          req,
        );
      else if (r === 'method') res = aadError(405, 'invalid_request', 90056, `Method ${req.method} is not supported on ${req.path}.`, req);
      else res = r;
    }
    return finish(req, res);
  }

  return { dispatch, finish };
}

export { graphError };
