// The one transport every node uses. Nodes describe what to call (method, path, query, body);
// this adds the token, retries throttling and outages, refreshes a refused token once, follows
// nextLinks, guards the host, maps errors and logs requests with secrets redacted.
import axios, { AxiosInstance, AxiosResponse } from 'axios';
import * as http from 'http';
import * as https from 'https';
import { cancelledError, EntraError } from './errors';
import { graphErrorFromResponse, invalidResponse, networkError } from './graph-errors';
import { Pacer, PacingOptions } from './pacing';
import { clip, redactBody, redactHeaders, redactUrl } from './redact';
import { defaultPolicy, isIdempotent, parseRetryAfter, RetryPolicy, waitFor } from './retry';
import { assertOnGraph, isOnGraph, resolveGraphUrl, withApiVersion } from './url-guard';
import { t } from './i18n';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS';
export type ResponseType = 'json' | 'text' | 'binary';

export interface TokenSource {
  /** A bearer token for Graph; `forceRefresh` skips any cache (after Graph refused a token). */
  getAccessToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

export type Logger = (line: string) => void;

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  baseUrl: string;
  tokens: TokenSource;
  /** Retries after the first attempt on 429/503/504 (and network errors of idempotent requests). */
  maxRetries?: number;
  /** Base of the exponential backoff used when Graph sends no Retry-After. */
  retryBaseDelayMs?: number;
  /** Cap on any single wait, Retry-After included. */
  maxRetryWaitMs?: number;
  timeoutMs?: number;
  /** The largest response (and request) body, in bytes; default 100 MB. */
  maxResponseBytes?: number;
  /** Where debug lines go when a request has `debug: true`. */
  log?: Logger;
  userAgent?: string;
  /** The connection's pacing budget and cap on requests in flight (pacing.ts). */
  pacing?: PacingOptions;
  /** Told of every 429 Graph answers, with its Retry-After (the editor's Entra ID sidebar shows it). */
  onThrottled?(retryAfter: string | undefined): void;
}

export interface GraphRequest {
  method: HttpMethod;
  /** A path relative to the base URL (`/users`) or an absolute URL on the Graph host. */
  url: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string | undefined>;
  body?: unknown;
  responseType?: ResponseType;
  timeoutMs?: number;
  /** `v1.0` or `beta`: replaces the version segment of the base URL. */
  apiVersion?: string;
  debug?: boolean;
  /** Overrides the retry policy (entra-raw's seed options). */
  retry?: Partial<RetryPolicy>;
  /** Network errors are retried only when true (default: GET, PUT, DELETE, HEAD). */
  idempotent?: boolean;
  /**
   * Cancels what has not reached the wire (a node's close): the wait in the pacer's queue, the
   * wait before a retry, and every later attempt or page end with a `Cancelled` error. A request
   * already sent is let finish: its socket is not aborted, so Graph's answer (and what it did) is
   * known instead of left in doubt.
   */
  signal?: AbortSignal;
  /** Told of every HTTP answer, retried ones included (the runner counts what a msg has done). */
  onAnswer?(status: number): void;
  /** Logger for this request's debug lines (the calling node's log). */
  log?: Logger;
  /** Table operations: a 201 must carry the new object's id (false: entra-raw, any answer). */
  expectCreatedId?: boolean;
}

export interface GraphResponse<T = any> {
  status: number;
  headers: Record<string, string>;
  data: T;
  /** The URL that produced this response (after redirects). */
  url: string;
}

export interface PageOptions {
  /** Called before each page is requested (after the first): return false to stop. */
  shouldContinue?: () => boolean;
  /** The first answer may be a single object (entra-raw's getAll on any URL); default false. */
  allowNonCollection?: boolean;
}

const MAX_REDIRECTS = 5;
export const DEFAULT_MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

export class GraphClient {
  readonly baseUrl: string;
  private readonly tokens: TokenSource;
  private readonly http: AxiosInstance;
  private readonly opts: Required<Omit<GraphClientOptions, 'log' | 'tokens' | 'baseUrl' | 'userAgent' | 'pacing' | 'onThrottled'>> & {
    log?: Logger;
    userAgent: string;
  };
  /** Shared by every request of this client: one budget per connection. */
  readonly pacer: Pacer;
  /** The connection's own client, also when read through a view of withSignal() (a cache key). */
  readonly origin: GraphClient;
  private readonly onThrottled?: (retryAfter: string | undefined) => void;
  private readonly agents: { http: http.Agent; https: https.Agent };
  /**
   * Requests sent and not yet answered, and who waits for them to end (close). An object, not
   * fields: the views of withSignal() share it (an assignment through a view would shadow a field).
   */
  private readonly wire = { count: 0, idle: [] as Array<() => void> };

  constructor(options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = this;
    this.tokens = options.tokens;
    this.opts = {
      maxRetries: options.maxRetries ?? 3,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 1000,
      maxRetryWaitMs: Math.max(0, options.maxRetryWaitMs ?? 60_000),
      timeoutMs: options.timeoutMs ?? 100_000,
      maxResponseBytes: options.maxResponseBytes && options.maxResponseBytes > 0 ? options.maxResponseBytes : DEFAULT_MAX_RESPONSE_BYTES,
      log: options.log,
      userAgent: options.userAgent ?? 'node-red-entra-id',
    };
    // The pacer's hold after a 429 is the same capped wait as a retry's (retryWaitMs).
    this.pacer = new Pacer({ ...options.pacing, maxPauseMs: this.opts.maxRetryWaitMs });
    this.onThrottled = options.onThrottled;
    // Keep-alive sockets, at most as many per host as requests may be in flight: a burst of 1,000
    // msgs queues in the pacer instead of opening 1,000 TLS connections.
    const agentOptions = { keepAlive: true, maxSockets: this.pacer.maxConcurrent };
    this.agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
    this.http = axios.create({
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      // Status handling, redirects and parsing are ours: axios only moves bytes.
      validateStatus: () => true,
      maxRedirects: 0,
      responseType: 'arraybuffer',
      transformResponse: [(data) => data],
      decompress: true,
      // A body past the limit is dropped while it streams in (300 MB once took Node-RED to 2 GB).
      maxContentLength: this.opts.maxResponseBytes,
      maxBodyLength: this.opts.maxResponseBytes,
    });
  }

  /**
   * Frees the sockets and timers (the connection's close). Requests on the wire are given up to
   * `graceMs` to finish before their sockets are destroyed (a redeploy lets an update Graph is
   * already applying end with its answer).
   */
  async close(graceMs = 0): Promise<void> {
    this.pacer.close();
    if (this.wire.count > 0 && graceMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.whenIdle(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Requests of this client on the wire now (sent, not yet answered). */
  get requestsOnWire(): number {
    return this.wire.count;
  }

  /** Resolves when no request of this client is on the wire. */
  whenIdle(): Promise<void> {
    if (this.wire.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.wire.idle.push(resolve));
  }

  /**
   * This client with `signal` on every request (a node's close: see GraphRequest.signal), the same
   * connection, budget and sockets. `onAnswer` is told of every HTTP answer a request of the view
   * receives, retried ones included (the runner counts what a msg has done).
   */
  withSignal(signal: AbortSignal, onAnswer?: (status: number) => void): GraphClient {
    const view = Object.create(this) as GraphClient;
    const request = this.request;
    view.request = function <T = any>(req: GraphRequest): Promise<GraphResponse<T>> {
      if (signal.aborted) return Promise.reject(cancelledError());
      const own = req.onAnswer;
      return request.call(view, {
        ...req,
        signal: req.signal ?? signal,
        onAnswer: (status: number) => {
          own?.(status);
          onAnswer?.(status);
        },
      }) as Promise<GraphResponse<T>>;
    };
    return view;
  }

  /** One request with retries; resolves for 2xx/3xx, throws EntraError otherwise. */
  async request<T = any>(req: GraphRequest): Promise<GraphResponse<T>> {
    const base = withApiVersion(this.baseUrl, req.apiVersion);
    const url = resolveGraphUrl(base, req.url);
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    return this.send<T>(req, url);
  }

  /** Follows @odata.nextLink page by page; each page is yielded as soon as it arrives. */
  async *pages<T = any>(req: GraphRequest, options: PageOptions = {}): AsyncGenerator<GraphResponse<{ value: T[]; [k: string]: any }>> {
    let response = await this.request<{ value: T[] }>(req);
    if (!(options.allowNonCollection && !isCollectionPage(response.data))) assertCollectionPage(response);
    yield response;
    let next: string | undefined = (response.data as any)?.['@odata.nextLink'];
    while (next) {
      if (options.shouldContinue && !options.shouldContinue()) return;
      // The nextLink carries every query parameter; headers such as ConsistencyLevel are not
      // carried over by Graph and must be sent again (https://learn.microsoft.com/graph/paging).
      response = await this.request<{ value: T[] }>({ ...req, url: next, query: undefined, apiVersion: undefined });
      assertCollectionPage(response);
      yield response;
      next = (response.data as any)?.['@odata.nextLink'];
    }
  }

  /** Every item of a collection, following nextLinks. */
  async collectAll<T = any>(
    req: GraphRequest,
    onPage?: (page: number, items: number) => void,
    options: PageOptions = {},
  ): Promise<{ items: T[]; last: GraphResponse; first: GraphResponse }> {
    const items: T[] = [];
    let first: GraphResponse | undefined;
    let last: GraphResponse | undefined;
    let page = 0;
    for await (const response of this.pages<T>(req, options)) {
      first = first ?? response;
      last = response;
      const value = Array.isArray(response.data?.value) ? response.data.value : [];
      for (const item of value) items.push(item);
      onPage?.(++page, items.length);
    }
    return { items, last: last!, first: first! };
  }

  /** The longest wait before one retry (the connection's `maxRetryWaitSeconds`). */
  get maxRetryWaitMs(): number {
    return this.opts.maxRetryWaitMs;
  }

  /**
   * How long to wait before a retry: Graph's Retry-After when it sent one, else `fallbackMs`
   * (the backoff), never more than the connection's cap. Every retry (requests, $batch items, the
   * pacer's hold after a 429) waits what this says.
   */
  retryWaitMs(retryAfter: string | undefined, fallbackMs: number, capMs: number = this.opts.maxRetryWaitMs): number {
    return Math.max(0, Math.min(parseRetryAfter(retryAfter) ?? fallbackMs, capMs));
  }

  private policyFor(req: GraphRequest): RetryPolicy {
    const policy = defaultPolicy({
      maxRetries: this.opts.maxRetries,
      baseDelayMs: this.opts.retryBaseDelayMs,
      maxWaitMs: this.opts.maxRetryWaitMs,
      method: req.method,
      idempotent: req.idempotent,
    });
    return { ...policy, ...stripUndefined(req.retry ?? {}) };
  }

  private async send<T>(req: GraphRequest, url: URL): Promise<GraphResponse<T>> {
    const policy = this.policyFor(req);
    const log = req.debug ? (req.log ?? this.opts.log) : undefined;
    // The whole sequence (attempts and the waits between them) ends within the timeout: a retry
    // whose wait would end past it is not made, and each attempt gets what is left.
    // Node's timers fire at once past 2^31-1 ms: a longer timeout is that long.
    const timeoutMs = Math.min(req.timeoutMs ?? this.opts.timeoutMs, 2_147_483_647);
    const deadline = Date.now() + timeoutMs;
    let refreshedToken = false;
    let attempt = 0;
    for (;;) {
      let response: AxiosResponse<Buffer> | undefined;
      let finalUrl: URL;
      try {
        const result = await this.sendPaced(req, url, log, Math.max(1, deadline - Date.now()));
        response = result.response;
        finalUrl = result.url;
      } catch (err) {
        if (err instanceof EntraError) throw err;
        const netErr = networkError((err as { code?: string }).code, url.host, (err as Error).message);
        const wait = this.retryWaitMs(undefined, policy.delayMs(attempt + 1), policy.maxWaitMs);
        if (policy.retryNetworkErrors && attempt < policy.maxRetries && !req.signal?.aborted && Date.now() + wait < deadline) {
          attempt++;
          log?.(
            t('log.retry', { attempt, max: policy.maxRetries, method: req.method, url: redactUrl(url.href), wait, after: netErr.code }),
          );
          await waitFor(wait, req.signal);
          continue;
        }
        throw netErr;
      }
      const headers = flattenHeaders(response.headers);
      const status = response.status;
      req.onAnswer?.(status);
      if (status < 400) {
        // A JSON request answered with something else (cut-off JSON, an HTML page) is an error.
        if (status >= 200 && status < 300 && (req.responseType ?? 'json') === 'json') {
          const problem = jsonProblem(response.data, headers['content-type']);
          if (problem) {
            if (log) log(t('log.invalidResponse', { status, method: req.method, url: redactUrl(finalUrl.href), problem }));
            throw invalidResponse(status, headers, response.data, problem);
          }
        }
        const data = parseBody(response.data, headers['content-type'], req.responseType ?? 'json');
        if (log) log(responseLine(status, req.method, finalUrl, headers, data));
        return { status, headers, data: data as T, url: finalUrl.href };
      }
      const body = parseBody(response.data, headers['content-type'], 'json');
      if (log) log(responseLine(status, req.method, finalUrl, headers, body));
      const error = graphErrorFromResponse(status, headers, body);
      if (status === 429) this.onThrottled?.(headers['retry-after']);
      // A refused token (expired, revoked): one fresh token and one more try.
      if (status === 401 && !refreshedToken && error.code === 'InvalidAuthenticationToken') {
        refreshedToken = true;
        log?.(t('log.tokenRefused', { code: error.code }));
        await this.tokens.getAccessToken({ forceRefresh: true });
        continue;
      }
      if (policy.retryStatus(status) && attempt < policy.maxRetries && !req.signal?.aborted) {
        const retryAfter = parseRetryAfter(headers['retry-after']);
        const wait = this.retryWaitMs(headers['retry-after'], policy.delayMs(attempt + 1), policy.maxWaitMs);
        if (Date.now() + wait < deadline) {
          attempt++;
          const line = { attempt, max: policy.maxRetries, method: req.method, url: redactUrl(url.href), wait, after: status };
          log?.(retryAfter !== undefined ? t('log.retryAfter', { ...line, retryAfter: headers['retry-after'] }) : t('log.retry', line));
          await waitFor(wait, req.signal);
          continue;
        }
        // The next try would end after the connection's timeout: say so instead of waiting.
        throw withNote(error, t('errors.noRetry', { wait: Math.ceil(wait / 1000), timeout: Math.round(timeoutMs / 1000) }));
      }
      throw error;
    }
  }

  /** One attempt, admitted by the connection's pacing budget and charged with Graph's answer. */
  private async sendPaced(
    req: GraphRequest,
    url: URL,
    log: Logger | undefined,
    timeoutMs: number,
  ): Promise<{ response: AxiosResponse<Buffer>; url: URL }> {
    const permit = await this.pacer.admit(req.method, url.href, req.body, req.signal);
    let result: { response: AxiosResponse<Buffer>; url: URL };
    try {
      result = await this.sendFollowingRedirects(req, url, log, timeoutMs);
    } catch (err) {
      permit.release();
      throw err;
    }
    permit.settle(result.response.status, flattenHeaders(result.response.headers), result.response.data);
    return result;
  }

  private async sendFollowingRedirects(
    req: GraphRequest,
    start: URL,
    log: Logger | undefined,
    timeoutMs: number,
  ): Promise<{ response: AxiosResponse<Buffer>; url: URL }> {
    const graphBase = new URL(this.baseUrl);
    let url = start;
    let method: HttpMethod = req.method;
    let body = req.body;
    // Once a redirect has left Graph, the next host chooses the Location: even one pointing back
    // to Graph is followed without the token, so no other host can steer an authenticated request.
    let leftGraph = false;
    for (let hop = 0; ; hop++) {
      assertOnGraphOrAnonymous(url, graphBase, hop);
      leftGraph = leftGraph || !isOnGraph(graphBase, url);
      const headers: Record<string, string> = { Accept: acceptFor(req.responseType), 'User-Agent': this.opts.userAgent };
      for (const [name, value] of Object.entries(req.headers ?? {})) if (value !== undefined && value !== '') headers[name] = value;
      // The token goes to the Graph host only: a redirect elsewhere (e.g. a pre-authenticated
      // download URL) is followed without it, as the Graph SDK's redirect handler does.
      if (!leftGraph) headers.Authorization = `Bearer ${await this.tokens.getAccessToken()}`;
      const data = encodeBody(body, headers);
      if (log) {
        const line = { method, url: redactUrl(url.href), headers: clip(JSON.stringify(redactHeaders(headers))) };
        log(data !== undefined ? t('log.requestBody', { ...line, body: bodyForLog(body) }) : t('log.request', line));
      }
      let response: AxiosResponse<Buffer>;
      // Cancelled before it is sent (the token may have taken a while): it never goes out. Once
      // sent, no signal aborts it (GraphRequest.signal); the timeout still bounds it.
      if (req.signal?.aborted) throw cancelledError();
      this.wire.count++;
      try {
        response = await this.http.request<Buffer>({
          method,
          url: url.href,
          headers,
          data,
          timeout: timeoutMs,
        });
      } catch (err) {
        const e = err as { code?: string; message?: string };
        if (/maxContentLength|maxBodyLength/.test(e.message ?? '')) {
          const mb = Math.round((this.opts.maxResponseBytes / 1024 / 1024) * 10) / 10;
          const what = /maxBodyLength/.test(e.message ?? '') ? 'request body' : 'response';
          throw new EntraError(
            t(what === 'response' ? 'errors.responseTooLarge' : 'errors.requestTooLarge', {
              mb,
              request: `${method} ${url.host}${url.pathname}`,
            }),
            {
              code: what === 'response' ? 'ResponseTooLarge' : 'RequestTooLarge',
              kind: 'network',
              statusText: t(what === 'response' ? 'status.responseTooLarge' : 'status.requestTooLarge', { mb }),
            },
          );
        }
        throw err;
      } finally {
        if (--this.wire.count === 0) for (const resolve of this.wire.idle.splice(0)) resolve();
      }
      const location = response.headers['location'];
      if (response.status >= 300 && response.status < 400 && location) {
        if (hop >= MAX_REDIRECTS) {
          throw new EntraError(t('errors.tooManyRedirects', { max: MAX_REDIRECTS, status: response.status, host: url.host }), {
            code: 'TooManyRedirects',
            kind: 'network',
            statusCode: response.status,
          });
        }
        const next = new URL(String(location), url);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        // A 307/308 repeats the request with its body; a body (a new user's password) never goes
        // to a host other than Graph, so such a redirect is refused instead of followed.
        if (body !== undefined && body !== null && !isOnGraph(graphBase, next)) {
          throw new EntraError(t('errors.redirectBody', { status: response.status, method, target: `${next.protocol}//${next.host}` }), {
            code: 'RedirectRefused',
            kind: 'security',
            statusCode: response.status,
          });
        }
        url = next;
        continue;
      }
      return { response, url };
    }
  }
}

/** The same error with a sentence added (why it was not retried). */
function withNote(error: EntraError, note: string): EntraError {
  return new EntraError(`${error.message} (${note})`, {
    code: error.code,
    kind: error.kind,
    statusCode: error.statusCode,
    requestId: error.requestId,
    retryAfterMs: error.retryAfterMs,
    // Kept in Graph's message too: the operation's friendlier rewrite (withErrorContext) starts from it.
    graphMessage: error.graphMessage !== undefined ? `${error.graphMessage} (${note})` : undefined,
    body: error.body,
    headers: error.headers,
    statusText: error.statusText,
    payload: error.payload,
  });
}

function assertOnGraphOrAnonymous(url: URL, graphBase: URL, hop: number): void {
  // The first hop must be on Graph (resolveGraphUrl checked it); later hops may leave it, but
  // then carry no token (see above). Only https is followed.
  if (hop === 0) assertOnGraph(graphBase, url);
  else if (url.protocol !== 'https:') {
    throw new EntraError(t('errors.redirectHttps', { target: `${url.protocol}//${url.host}` }), {
      code: 'HostNotAllowed',
      kind: 'security',
    });
  }
}

function isCollectionPage(data: unknown): boolean {
  return !!data && typeof data === 'object' && Array.isArray((data as { value?: unknown }).value);
}

/** A page of a collection is an object with a `value` array; anything else is not an empty page. */
export function assertCollectionPage(response: GraphResponse): void {
  if (isCollectionPage(response.data)) return;
  const next = (response.data as { '@odata.nextLink'?: unknown } | undefined)?.['@odata.nextLink'];
  if (next !== undefined && typeof next !== 'string')
    throw invalidResponse(response.status, response.headers, response.data, t('errors.invalid.nextLinkNotUrl'));
  throw invalidResponse(response.status, response.headers, response.data, t('errors.invalid.noValue'));
}

/** Why a 2xx body of a JSON request is not JSON, or undefined when it is fine. */
function jsonProblem(raw: Buffer | undefined, contentType: string | undefined): string | undefined {
  const buffer = raw && Buffer.isBuffer(raw) ? raw : Buffer.from(raw ?? []);
  if (buffer.length === 0) return undefined;
  const head = buffer.subarray(0, 64).toString('utf8').trimStart().toLowerCase();
  if (/html/i.test(contentType ?? '') || head.startsWith('<!doctype html') || head.startsWith('<html')) return t('errors.invalid.html');
  if (contentType && !/json/i.test(contentType)) return undefined;
  try {
    JSON.parse(buffer.toString('utf8'));
    return undefined;
  } catch {
    // No content type and not JSON-looking: plain text, as before (e.g. $count).
    if (!contentType && !/^[[{"]/.test(head)) return undefined;
    return t('errors.invalid.cutOff');
  }
}

function acceptFor(type: ResponseType | undefined): string {
  if (type === 'binary') return '*/*';
  if (type === 'text') return 'text/plain, application/json;q=0.9, */*;q=0.8';
  return 'application/json';
}

function encodeBody(body: unknown, headers: Record<string, string>): unknown {
  if (body === undefined || body === null) return undefined;
  const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    if (!hasType) headers['Content-Type'] = 'application/octet-stream';
    return body;
  }
  if (typeof FormData !== 'undefined' && body instanceof FormData) return body;
  if (typeof body === 'string') {
    if (!hasType) headers['Content-Type'] = 'text/plain';
    return body;
  }
  if (!hasType) headers['Content-Type'] = 'application/json';
  return JSON.stringify(body);
}

function parseBody(raw: Buffer | undefined, contentType: string | undefined, type: ResponseType): unknown {
  const buffer = raw && Buffer.isBuffer(raw) ? raw : Buffer.from(raw ?? []);
  if (type === 'binary') return buffer;
  if (buffer.length === 0) return type === 'text' ? '' : undefined;
  const text = buffer.toString('utf8');
  if (type === 'text') return text;
  if (!contentType || /json/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** debugRequest's line for a response: status, method, URL, headers and body, redacted. */
function responseLine(status: number, method: HttpMethod, url: URL, headers: Record<string, string>, body: unknown): string {
  return t('log.response', {
    status,
    method,
    url: redactUrl(url.href),
    headers: clip(JSON.stringify(redactHeaders(headers))),
    body: bodyForLog(body),
  });
}

function bodyForLog(body: unknown): string {
  if (body === undefined) return t('log.noBody');
  if (Buffer.isBuffer(body)) return t('log.bytes', { bytes: body.length });
  if (typeof FormData !== 'undefined' && body instanceof FormData) return t('log.multipart');
  // A huge string is cut before redaction walks it: one 10 MB value must not become 10 MB of log.
  if (typeof body === 'string') return clip(JSON.stringify(redactBody(body.length > 65536 ? body.slice(0, 65536) : body)));
  return clip(String(JSON.stringify(redactBody(body))));
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export { isIdempotent };
