// The simulator's own request/response model. The HTTPS server and the $batch handler both turn
// their input into a SimRequest and run it through the same dispatcher (faults, routes, recording).
import type { IncomingHttpHeaders } from 'http';

export interface SimRequest {
  method: string;
  /** Raw (still percent-encoded) path, e.g. /v1.0/users/a%40b.com */
  path: string;
  /** Raw query string without '?' */
  rawQuery: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  rawBody: string;
  /** The body's bytes as received (HTTPS requests only; not inside $batch). */
  rawBytes?: Buffer;
  /** HTTPS requests: calls `listener` when the client closes the connection before the answer (it gave up waiting). */
  onClientGone?: (listener: () => void) => void;
  /** True when the request came from inside a JSON $batch. */
  inBatch?: boolean;
  /** Filled by the Graph layer once the bearer token is verified. */
  auth?: TokenClaims;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** Object/array → JSON; string → sent as is; Buffer → bytes as is; undefined → no body. */
  body?: unknown;
  /** Destroy the socket instead of answering (fault injection). */
  destroy?: boolean;
}

export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  /** Application permissions (app-only tokens). */
  roles?: string[];
  /** Delegated permissions (tokens issued for a user), space-separated. */
  scp?: string;
  iat: number;
  nbf: number;
  exp: number;
  uti: string;
  [k: string]: unknown;
}

export type RouteParams = Record<string, string>;
export type Handler = (req: SimRequest, params: RouteParams) => SimResponse | Promise<SimResponse>;

export function headersOf(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
