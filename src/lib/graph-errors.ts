// Turns a failed Graph response into an EntraError. Branch on error.code, never on the message
// (https://learn.microsoft.com/graph/errors); the friendly texts below only prefix Graph's own.
import { EntraError } from './errors';
import { parseRetryAfter } from './retry';

interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: Record<string, string>; innererror?: Record<string, string> };
}

/** Short, readable reasons for the errors users meet most, keyed by status then code. */
const FRIENDLY: Array<{ status?: number; code?: RegExp; text: string }> = [
  { status: 404, text: 'Not found' },
  { status: 403, code: /Authorization_RequestDenied|accessDenied|Forbidden/i, text: 'Insufficient privileges: the app registration lacks the Graph permission this operation needs (or admin consent)' },
  { status: 401, text: 'Not authenticated: the access token was refused' },
  { status: 429, text: 'Throttled by Microsoft Graph: retries exhausted' },
  { status: 503, text: 'Microsoft Graph is unavailable: retries exhausted' },
  { status: 504, text: 'Microsoft Graph gateway timeout: retries exhausted' },
  { status: 400, code: /Request_BadRequest/, text: 'Bad request' },
  { status: 400, code: /Request_UnsupportedQuery/, text: 'Unsupported query' },
];

export function friendlyPrefix(status: number, code: string): string | undefined {
  return FRIENDLY.find((f) => f.status === status && (!f.code || f.code.test(code)))?.text;
}

export function graphErrorFromResponse(status: number, headers: Record<string, string>, body: unknown, extra?: { context?: string }): EntraError {
  let parsed: GraphErrorBody | undefined;
  if (body && typeof body === 'object') parsed = body as GraphErrorBody;
  else if (typeof body === 'string' && body.trim().startsWith('{')) {
    try { parsed = JSON.parse(body); } catch { /* not JSON */ }
  }
  const err = parsed?.error;
  const inner = err?.innerError ?? err?.innererror ?? {};
  const code = err?.code || `HTTP${status}`;
  const graphMessage = err?.message || `HTTP ${status}`;
  const requestId = inner['request-id'] || headers['request-id'];
  const prefix = friendlyPrefix(status, code);
  const message = [extra?.context, prefix && !graphMessage.startsWith(prefix) ? `${prefix}: ${graphMessage}` : graphMessage].filter(Boolean).join(': ');
  return new EntraError(message, {
    code,
    kind: 'graph',
    statusCode: status,
    requestId,
    graphMessage,
    retryAfterMs: parseRetryAfter(headers['retry-after']),
    body: parsed ?? (typeof body === 'string' ? body.slice(0, 2000) : undefined),
    headers,
  });
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'timed out',
  ECONNABORTED: 'timed out',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed',
  EPIPE: 'connection closed',
  ERR_CANCELED: 'cancelled',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

export function networkError(code: string | undefined, host: string, detail?: string): EntraError {
  const c = code || 'ENETWORK';
  const words = NETWORK_WORDS[c] || detail || 'network error';
  return new EntraError(`Network error talking to ${host}: ${words} (${c})`, { code: c, kind: 'network' });
}
