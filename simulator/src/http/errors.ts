// Error bodies in the exact shapes Microsoft sends.
import { randomUUID } from 'crypto';
import type { SimRequest, SimResponse } from './types';

/** Graph error: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}} [ERR]. */
export function graphError(status: number, code: string, message: string, extraHeaders: Record<string, string> = {}): SimResponse {
  // request-id / client-request-id of innerError are filled in by the Graph layer (finishGraphResponse).
  return {
    status,
    headers: { ...extraHeaders },
    body: {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': '', 'client-request-id': '' },
      },
    },
  };
}

export const GraphErrors = {
  notFound: (id: string) =>
    graphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  badRequest: (message: string) => graphError(400, 'Request_BadRequest', message),
  badRequestCode: (code: string, message: string) => graphError(400, code, message),
  unsupportedQuery: (message = 'Unsupported Query.') => graphError(400, 'Request_UnsupportedQuery', message),
  methodNotAllowed: () => graphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'),
  noSuchProperty: (prop: string, type: string) =>
    graphError(400, 'Request_BadRequest', `Could not find a property named '${prop}' on type 'microsoft.graph.${type}'.`),
  /** THR: body of a throttled request. */
  tooManyRequests: (retryAfter?: string): SimResponse => {
    const date = new Date().toISOString().replace(/\.\d{3}Z$/, '');
    return {
      status: 429,
      headers: retryAfter !== undefined ? { 'retry-after': retryAfter } : {},
      body: {
        error: {
          code: 'TooManyRequests',
          message: 'Please retry again later.',
          innerError: { code: '429', date, message: 'Please retry after', 'request-id': '', status: '429', 'client-request-id': '' },
        },
      },
    };
  },
  serviceUnavailable: (retryAfter?: string): SimResponse => ({
    ...graphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.'),
    headers: retryAfter !== undefined ? { 'retry-after': retryAfter } : {},
  }),
};

/** Graph's default error for a status (used for injected faults without a body). */
export function defaultGraphErrorFor(status: number, retryAfter?: string): SimResponse {
  if (status === 429) return GraphErrors.tooManyRequests(retryAfter);
  if (status === 503) return GraphErrors.serviceUnavailable(retryAfter);
  const codes: Record<number, [string, string]> = {
    400: ['Request_BadRequest', 'Invalid request.'],
    401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
    403: ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'],
    404: ['Request_ResourceNotFound', 'Resource does not exist.'],
    409: ['Request_MultipleObjectsWithSameKeyValue', 'Conflict.'],
    500: ['generalException', 'An unexpected error occurred.'],
    502: ['badGateway', 'Bad gateway.'],
    504: ['gatewayTimeout', 'The gateway timed out.'],
  };
  const [code, message] = codes[status] ?? ['UnknownError', `HTTP ${status}`];
  const r = graphError(status, code, message);
  if (retryAfter !== undefined) r.headers['retry-after'] = retryAfter;
  return r;
}

/**
 * Identity platform error [CC]: {"error","error_description":"AADSTSn: …\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …",
 * "error_codes":[n],"timestamp","trace_id","correlation_id"}.
 */
export function aadError(status: number, error: string, aadsts: number, text: string, req?: SimRequest): SimResponse {
  const traceId = randomUUID();
  const correlationId = req?.headers['client-request-id'] || randomUUID();
  // e.g. "2016-04-11 18:00:12Z" as in the CC page's sample
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

/** Identity-side default for injected 429/503 faults without a body (temporarily_unavailable [AC error codes]). */
export function defaultAadErrorFor(status: number, retryAfter?: string): SimResponse {
  const r =
    status >= 500 || status === 429
      ? aadError(
          status,
          'temporarily_unavailable',
          50196 /* loop/throttle detected */,
          'The server is temporarily too busy to handle the request.',
        )
      : aadError(status, 'invalid_request', 90000, `Injected fault with HTTP ${status}.`);
  if (retryAfter !== undefined) r.headers['retry-after'] = retryAfter;
  return r;
}
