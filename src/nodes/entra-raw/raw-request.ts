// How entra-raw's inputs become one GraphRequest: body (data, msg.payload, or a multipart form),
// query, headers, response type and the seed's retry options layered on the connection's policy.
import { inputError } from '../../lib/errors';
import type { GraphRequest, HttpMethod, ResponseType } from '../../lib/graph-client';
import { coerce, Values } from '../../lib/inputs';
import type { NodeMessage } from '../../lib/red';
import { exponentialDelay, fixedDelay, RetryPolicy } from '../../lib/retry';
import { rawError } from './raw-errors';

export const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
export const RESPONSE_TYPES: ResponseType[] = ['json', 'text', 'binary'];
/** Methods that never carry msg.payload as their body (as Node-RED's http request node). */
const NO_PAYLOAD_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

export function methodOf(v: Values): HttpMethod {
  const method = String(v.method ?? 'GET').toUpperCase();
  if (!METHODS.includes(method as HttpMethod))
    throw inputError('method', rawError('method', { values: METHODS.join(', '), value: String(JSON.stringify(v.method)) }));
  return method as HttpMethod;
}

export function responseTypeOf(v: Values): ResponseType {
  const type = String(v.responseType ?? 'json').toLowerCase();
  if (!RESPONSE_TYPES.includes(type as ResponseType))
    throw inputError('responseType', rawError('responseType', { value: String(JSON.stringify(v.responseType)) }));
  return type as ResponseType;
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Node's timers fire at once past 2^31-1 ms (about 24.8 days): longer timeouts are this. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

export function headersOf(v: Values): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(v.headers ?? {})) {
    // The connection signs every request; a header of the flow must not replace the token.
    if (name.toLowerCase() === 'authorization') throw inputError('headers', rawError('authorization'));
    // An HTTP header name is a token (RFC 9110 §5.1); Node would refuse it only when sending.
    if (!HEADER_NAME.test(name)) throw inputError('headers', rawError('headerName', { name: JSON.stringify(name.slice(0, 60)) }));
    if (value === undefined || value === null) continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (/[\r\n\0]/.test(text)) throw inputError('headers', rawError('headerValue', { name }));
    headers[name] = text;
  }
  return headers;
}

export function queryOf(v: Values): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(v.queryParams ?? {})) {
    if (value === undefined || value === null) continue;
    query[name] = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return query;
}

/**
 * The body: a multipart form when formData or fileData is given; else `data`; else msg.payload
 * for methods that carry a body. Text that is JSON is sent as JSON (Graph's usual content type)
 * unless the headers name another Content-Type.
 */
export function bodyOf(v: Values, method: HttpMethod, msg: NodeMessage, headers: Record<string, string>): unknown {
  if ((v.data !== undefined || v.formData !== undefined || v.fileData !== undefined) && (method === 'GET' || method === 'HEAD')) {
    throw inputError(v.data !== undefined ? 'data' : 'formData', rawError('noBody', { method }));
  }
  if (v.formData !== undefined || v.fileData !== undefined) return multipartOf(v);
  let body = v.data;
  if (body === undefined && !NO_PAYLOAD_BODY.has(method)) body = msg.payload;
  if (body === undefined || body === null) return undefined;
  const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  if (typeof body === 'string' && !hasType && /^\s*[[{]/.test(body)) {
    try {
      return JSON.parse(body);
    } catch {
      return body;
    }
  }
  return bufferOf(body) ?? body;
}

function multipartOf(v: Values): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(v.formData ?? {})) {
    if (value === undefined || value === null) continue;
    form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  // One file may be given bare (text or a Buffer): it is the part named "file".
  const files: Record<string, unknown> = v.fileData === undefined ? {} : isFileContent(v.fileData) ? { file: v.fileData } : v.fileData;
  if (typeof files !== 'object' || Array.isArray(files)) throw inputError('fileData', rawError('fileData'));
  // Likewise one file name as text names the first file.
  const givenNames =
    typeof v.fileDataFileNames === 'string' && v.fileDataFileNames.trim().startsWith('{')
      ? coerce('fileDataFileNames', 'object', v.fileDataFileNames)
      : v.fileDataFileNames;
  const names: Record<string, unknown> =
    typeof givenNames === 'string' ? { [Object.keys(files)[0] ?? 'file']: givenNames } : ((givenNames as Record<string, unknown>) ?? {});
  if (typeof names !== 'object' || Array.isArray(names)) throw inputError('fileDataFileNames', rawError('fileDataFileNames'));
  for (const [name, value] of Object.entries(files)) {
    if (value === undefined || value === null) continue;
    const bytes = bufferOf(value) ?? (typeof value === 'string' ? Buffer.from(value, 'utf8') : undefined);
    if (!bytes)
      throw inputError(
        'fileData',
        Array.isArray(value) ? rawError('filePartArray', { name }) : rawError('filePart', { name, type: typeof value }),
      );
    const fileName = names[name] !== undefined && names[name] !== '' ? String(names[name]) : name;
    form.append(name, new Blob([bytes], { type: 'application/octet-stream' }), fileName);
  }
  return form;
}

function isFileContent(value: unknown): boolean {
  return typeof value === 'string' || bufferOf(value) !== undefined;
}

/** A Buffer, a Uint8Array or a Buffer as JSON ({type:"Buffer",data:[…]}, e.g. from context) → Buffer. */
function bufferOf(value: unknown): Buffer | undefined {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  const json = value as { type?: unknown; data?: unknown };
  if (json && typeof json === 'object' && json.type === 'Buffer' && Array.isArray(json.data)) return Buffer.from(json.data as number[]);
  return undefined;
}

/**
 * The seed's retry options over the connection's policy. Empty maxRetryCount: the connection's
 * policy (only retryOnAllErrors widens it). 0: no retries. N: N retries of 429, 5xx and network
 * errors (every error response with retryOnAllErrors), waiting retryDelayMs, or backing off
 * exponentially from the connection's base delay. A Retry-After always wins (the client's rule),
 * and network errors are retried only where repeating cannot duplicate (the client's rule).
 */
export function retryOf(v: Values, connectionBaseDelayMs: number): Partial<RetryPolicy> | undefined {
  const onAll = v.retryOnAllErrors === true;
  const retryStatus = onAll ? (s: number) => s >= 400 : (s: number) => s === 429 || s >= 500;
  if (v.maxRetryCount === undefined) return onAll ? { retryStatus } : undefined;
  const count = Math.floor(Number(v.maxRetryCount));
  if (!(count >= 0)) throw inputError('maxRetryCount', rawError('maxRetryCount', { value: String(JSON.stringify(v.maxRetryCount)) }));
  if (count === 0) return { maxRetries: 0 };
  const delayMs =
    v.useExponentialBackoff === true ? exponentialDelay(connectionBaseDelayMs) : fixedDelay(Math.max(0, Number(v.retryDelayMs ?? 0)));
  return { maxRetries: count, retryStatus, delayMs };
}

export function timeoutOf(v: Values): number | undefined {
  if (v.timeout === undefined) return undefined;
  if (!(v.timeout > 0)) throw inputError('timeout', rawError('timeout', { value: String(JSON.stringify(v.timeout)) }));
  return Math.min(v.timeout, MAX_TIMEOUT_MS);
}

export function rawRequest(v: Values, msg: NodeMessage, apiVersion: string | undefined, connectionBaseDelayMs: number): GraphRequest {
  const method = methodOf(v);
  const headers = headersOf(v);
  return {
    method,
    url: v.url,
    query: queryOf(v),
    headers,
    body: bodyOf(v, method, msg, headers),
    responseType: responseTypeOf(v),
    timeoutMs: timeoutOf(v),
    apiVersion,
    retry: retryOf(v, connectionBaseDelayMs),
  };
}
