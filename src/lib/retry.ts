// Retry timing shared by every request. Graph asks clients to wait for Retry-After on 429/503/504
// and to back off exponentially when it is missing (https://learn.microsoft.com/graph/throttling).
// Retry-After may be whole or fractional seconds ("2.128") or an HTTP date.
import { cancelledError } from './errors';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Which HTTP statuses are retried. */
  retryStatus: (status: number) => boolean;
  /** Whether a network error (reset, timeout, DNS) of this request may be retried. */
  retryNetworkErrors: boolean;
  /** Delay before retry number `attempt` (1-based) when the response gave no Retry-After. */
  delayMs: (attempt: number) => number;
  /** Upper bound of any single wait, Retry-After included. */
  maxWaitMs: number;
}

export const THROTTLE_STATUSES = new Set([429, 503, 504]);

export function parseRetryAfter(value: string | undefined | null, now: number = Date.now()): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(parseFloat(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter on top of a base delay: base·2^(n-1) + random(0..base). */
export function exponentialDelay(baseMs: number, random: () => number = Math.random): (attempt: number) => number {
  return (attempt) => Math.round(baseMs * Math.pow(2, Math.max(0, attempt - 1)) + random() * baseMs);
}

export function fixedDelay(ms: number): (attempt: number) => number {
  return () => ms;
}

/** Network errors are retried only where repeating the request cannot create a duplicate. */
export function isIdempotent(method: string): boolean {
  return ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(method.toUpperCase());
}

export function defaultPolicy(opts: {
  maxRetries: number;
  baseDelayMs: number;
  maxWaitMs: number;
  method: string;
  idempotent?: boolean;
}): RetryPolicy {
  return {
    maxRetries: opts.maxRetries,
    retryStatus: (s) => THROTTLE_STATUSES.has(s),
    retryNetworkErrors: opts.idempotent ?? isIdempotent(opts.method),
    delayMs: exponentialDelay(opts.baseDelayMs),
    maxWaitMs: opts.maxWaitMs,
  };
}

/** Waits `ms`; an abort of `signal` ends the wait at once with a `Cancelled` error. */
export function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), 2_147_483_647),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
