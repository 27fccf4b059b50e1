// Upsert by alternate key: PATCH /groups(uniqueName='…') or /applications(uniqueName='…').
// With `Prefer: create-if-missing` Graph creates a missing object (201 + the object) and updates
// an existing one (204, no body); without it a missing object is a 404
// (https://learn.microsoft.com/graph/api/group-upsert, https://learn.microsoft.com/graph/api/application-upsert).
import { echoWithoutSecrets } from './body';
import { inputError } from './errors';
import { t } from './i18n';
import type { OperationContext, OperationResult } from './runner';

/**
 * `(name='value')` as an OData key segment: a quote inside the value is doubled (OData string
 * literal), then the value is percent-encoded so "/", "?" or "#" cannot leave the segment.
 */
export function alternateKey(input: string, name: string, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') throw inputError(input, t('errors.required'));
  const text = String(value);
  if (text === '') throw inputError(input, t('errors.required'));
  return `(${name}='${encodeURIComponent(text.replace(/'/g, "''"))}')`;
}

export interface UpsertOptions {
  /** `/groups` or `/applications`. */
  collection: string;
  uniqueName: string;
  body: Record<string, unknown>;
  /** true: create when missing (Prefer: create-if-missing); false: update only. */
  createIfMissing: boolean;
}

/** msg.created is true on 201 (payload: the new object), false on 204 (payload: the inputs sent). */
export async function runUpsert(ctx: OperationContext, o: UpsertOptions): Promise<OperationResult> {
  const response = await ctx.request({
    method: 'PATCH',
    url: `${o.collection}${alternateKey('uniqueName', 'uniqueName', o.uniqueName)}`,
    headers: { Prefer: o.createIfMissing ? 'create-if-missing' : undefined },
    body: o.body,
    // The same PATCH twice leaves the same object: safe to repeat after a network error.
    idempotent: true,
  });
  const created = response.status === 201;
  const payload = created ? response.data : { uniqueName: o.uniqueName, ...echoWithoutSecrets(o.body) };
  return { payload, statusCode: response.status, headers: response.headers, props: { created } };
}
