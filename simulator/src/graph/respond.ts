// Response helpers for Graph routes. Headers common to every Graph answer are added by
// finishGraphResponse (dispatch.ts), so handlers only choose status and body.
import type { SimResponse } from '../http/types';

/** Content type Graph sends for JSON [BATCH example, GRAPH-FACTS §1.6]. */
export const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export const ok = (body: unknown, headers: Record<string, string> = {}): SimResponse => ({ status: 200, headers, body });
/** 201 + the created object [UPOST, GPOST, APOST]. */
export const created = (body: unknown, location?: string): SimResponse => ({ status: 201, headers: location ? { location } : {}, body });
/** 204 and no body: PATCH, DELETE, member changes [UUPD, UDEL, GMADD]. */
export const noContent = (): SimResponse => ({ status: 204, headers: {} });
export const text = (status: number, body: string): SimResponse => ({
  status,
  headers: { 'content-type': 'text/plain;charset=utf-8' },
  body,
});
