// The network client msal-node uses for the identity platform, so that a token request has a
// deadline (msal-node's own client sets none on POSTs: a token endpoint that never answered kept
// the connection's first msg, and every msg after it, waiting until a redeploy) and so that the
// Retry-After of a 429/503 is known. msal-node keeps its own throttling cache (60 s without a
// Retry-After, up to an hour with one) and refuses every request until it lapses, without asking
// the endpoint again; clearThrottling() drops it, and the token source applies Retry-After itself,
// up to the connection's cap (token-source.ts).
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { parseRetryAfter } from '../retry';
import { keyed, render } from './sign-in-messages';

export interface TokenAnswer {
  status: number;
  /** Retry-After of a 429 or 5xx answer, in ms. */
  retryAfterMs?: number;
}

export class TokenHttpClient implements INetworkModule {
  /** The last answer that was a 429 or 5xx (taken by the token source after a failure). */
  private lastRefusal?: TokenAnswer;

  constructor(private readonly timeoutMs: number) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'GET', options, timeout && timeout > 0 ? Math.min(timeout, this.timeoutMs) : this.timeoutMs);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'POST', options, this.timeoutMs);
  }

  /** The last 429/5xx answer since the previous call, if any. */
  takeRefusal(): TokenAnswer | undefined {
    const r = this.lastRefusal;
    this.lastRefusal = undefined;
    return r;
  }

  private async send<T>(
    url: string,
    method: 'GET' | 'POST',
    options: NetworkRequestOptions | undefined,
    timeoutMs: number,
  ): Promise<NetworkResponse<T>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, {
        method,
        headers: options?.headers ?? {},
        body: method === 'POST' ? (options?.body ?? '') : undefined,
        signal: controller.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const text = await response.text();
      if (response.status === 429 || response.status >= 500) {
        this.lastRefusal = { status: response.status, retryAfterMs: parseRetryAfter(headers['retry-after']) };
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        // Not the identity platform's JSON (a proxy's HTML page): an error msal-node reports as such.
        body = { error: 'invalid_response', error_description: `HTTP ${response.status}, not JSON: ${text.slice(0, 120)}` };
      }
      return { headers, body: body as T, status: response.status };
    } catch (err) {
      if (controller.signal.aborted)
        throw new AuthError(
          'network_error',
          render(keyed('signIn', 'noAnswer', { host: new URL(url).host, seconds: Math.round(timeoutMs / 1000) })),
        );
      throw new AuthError(
        'network_error',
        `${new URL(url).host}: ${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Drops msal-node's throttling entries, so that the next token request goes to the endpoint. */
export function clearMsalThrottling(app: unknown): void {
  const storage = (app as { storage?: { getKeys?(): string[]; removeItem?(key: string): unknown } }).storage;
  if (!storage?.getKeys || !storage.removeItem) return;
  for (const key of storage.getKeys()) if (key.startsWith('throttling.')) storage.removeItem(key);
}
