// JSON batching (https://learn.microsoft.com/graph/json-batching): at most 20 requests per
// $batch, answers in any order matched back by id, and inner 429/503/504 retried in a later
// batch after the longest Retry-After (Graph's SDKs don't retry inner throttling; we do).
import { GraphClient, GraphRequest, HttpMethod } from './graph-client';
import { THROTTLE_STATUSES, waitFor } from './retry';
import { t } from './i18n';

export const BATCH_LIMIT = 20;

export interface BatchItem {
  method: HttpMethod;
  /** Relative to the version root, e.g. `/groups/{id}/members/{m}/$ref`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchResult {
  status: number;
  headers: Record<string, string>;
  body: any;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface BatchOptions {
  maxRetries?: number;
  baseDelayMs?: number;
  maxWaitMs?: number;
  request?: Partial<GraphRequest>;
  /**
   * Called after each $batch is answered with the final answers so far, by item index (undefined:
   * not sent yet, or throttled and waiting to be sent again): how far a cancelled run got.
   */
  onProgress?(results: ReadonlyArray<BatchResult | undefined>): void;
}

/** Runs every item through $batch; results come back in the items' order. */
export async function runBatch(client: GraphClient, items: BatchItem[], options: BatchOptions = {}): Promise<BatchResult[]> {
  const results: Array<BatchResult | undefined> = new Array(items.length);
  let pending = items.map((_, index) => index);
  const maxRetries = options.maxRetries ?? 3;
  for (let round = 0; pending.length > 0; round++) {
    const throttled: number[] = [];
    let longestWait = 0;
    for (const group of chunk(pending, BATCH_LIMIT)) {
      const requests = group.map((index) => {
        const item = items[index];
        const headers = { ...(item.headers ?? {}) };
        if (item.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
          headers['Content-Type'] = 'application/json';
        return {
          id: String(index),
          method: item.method,
          url: item.url,
          ...(Object.keys(headers).length ? { headers } : {}),
          ...(item.body !== undefined ? { body: item.body } : {}),
        };
      });
      const response = await client.request<{
        responses?: Array<{ id: string; status: number; headers?: Record<string, string>; body?: any }>;
      }>({
        ...options.request,
        method: 'POST',
        url: '/$batch',
        body: { requests },
        // A batch only holds idempotent requests when all of them are.
        idempotent: group.every((i) => ['GET', 'PUT', 'DELETE'].includes(items[i].method)),
      });
      for (const answer of response.data?.responses ?? []) {
        const index = Number(answer.id);
        if (!group.includes(index)) continue;
        const headers = lowerKeys(answer.headers ?? {});
        const result = { status: answer.status, headers, body: answer.body };
        if (THROTTLE_STATUSES.has(answer.status) && round < maxRetries) {
          throttled.push(index);
          longestWait = Math.max(
            longestWait,
            client.retryWaitMs(
              headers['retry-after'],
              (options.baseDelayMs ?? 1000) * Math.pow(2, round),
              options.maxWaitMs ?? client.maxRetryWaitMs,
            ),
          );
        } else {
          results[index] = result;
        }
      }
      for (const index of group) {
        if (!results[index] && !throttled.includes(index)) {
          results[index] = {
            status: 500,
            headers: {},
            body: { error: { code: 'MissingBatchResponse', message: t('errors.missingBatchAnswer') } },
          };
        }
      }
      options.onProgress?.(results);
    }
    pending = throttled;
    if (pending.length) await waitFor(longestWait, options.request?.signal);
  }
  return results as BatchResult[];
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
