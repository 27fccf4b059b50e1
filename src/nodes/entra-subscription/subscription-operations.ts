// entra-subscription's operations as a table: create, get, list, update (renew), delete and
// deleteInstanced. https://learn.microsoft.com/graph/api/resources/subscription
import { mergeAdditional } from '../../lib/body';
import { EntraError, inputError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import type { OperationContext, OperationTable } from '../../lib/runner';
import { expirationIso, lifetimeMinutes } from '../../lib/subscription-lifetime';
import { fillPath } from '../../lib/url-guard';
import { isUnderBaseUrl } from '../../lib/webhook-url';

/** An ISO date-time as given; a number of minutes from now; empty: the longest the resource allows. */
function expiration(v: Values, resource: string): string {
  const text = v.expirationDateTime;
  if (text !== undefined && !Number.isFinite(Number(text))) return text;
  try {
    return expirationIso(lifetimeMinutes(text, resource));
  } catch (err) {
    throw inputError('expirationDateTime', (err as Error).message.replace(/^expirationDateTime: /, ''));
  }
}

function changeTypes(value: unknown): string {
  const list = Array.isArray(value) ? value : String(value).split(',');
  return list.map((s) => String(s).trim()).filter(Boolean).join(',');
}

function headerValues(headers: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
}

export const subscriptionOperations: OperationTable = {
  create: {
    inputs: {
      changeType: { kind: 'stringOrList', required: true },
      notificationUrl: { kind: 'string', required: true },
      resource: { kind: 'string', required: true },
      expirationDateTime: { kind: 'string' },
      additionalProperties: { kind: 'object' },
      headers: { kind: 'object' },
    },
    validate: (v) => {
      if (!/^https:\/\//i.test(v.notificationUrl)) throw inputError('notificationUrl', 'must be an https:// URL (Graph refuses others)');
    },
    request: (v) => ({
      method: 'POST',
      url: '/subscriptions',
      body: mergeAdditional(
        { changeType: changeTypes(v.changeType), notificationUrl: v.notificationUrl, resource: v.resource, expirationDateTime: expiration(v, v.resource) },
        v.additionalProperties,
      ),
      headers: headerValues(v.headers),
    }),
  },
  get: {
    inputs: { subscriptionId: { kind: 'string', required: true } },
    request: (v) => ({ method: 'GET', url: fillPath('/subscriptions/{subscriptionId}', v) }),
  },
  list: {
    // GET /subscriptions takes no OData query options (https://learn.microsoft.com/graph/api/subscription-list).
    inputs: { getAll: { kind: 'boolean' } },
    list: true,
    request: () => ({ method: 'GET', url: '/subscriptions' }),
  },
  update: {
    inputs: {
      subscriptionId: { kind: 'string', required: true },
      notificationUrl: { kind: 'string' },
      expirationDateTime: { kind: 'string' },
    },
    validate: (v) => {
      if (v.notificationUrl === undefined && v.expirationDateTime === undefined) throw inputError('update', 'nothing to update: set expirationDateTime and/or notificationUrl');
    },
    // Graph answers 200 with the renewed subscription (https://learn.microsoft.com/graph/api/subscription-update).
    request: (v) => {
      const body: Record<string, unknown> = { notificationUrl: v.notificationUrl };
      if (v.expirationDateTime !== undefined) body.expirationDateTime = Number.isFinite(Number(v.expirationDateTime)) ? expirationIso(Number(v.expirationDateTime)) : v.expirationDateTime;
      return { method: 'PATCH', url: fillPath('/subscriptions/{subscriptionId}', v), body: mergeAdditional(body) };
    },
  },
  delete: {
    inputs: { subscriptionId: { kind: 'string', required: true } },
    request: (v) => ({ method: 'DELETE', url: fillPath('/subscriptions/{subscriptionId}', v) }),
    noContent: (v) => ({ id: v.subscriptionId, deleted: true }),
  },
  deleteInstanced: {
    inputs: {},
    validate: (_v, ctx) => {
      if (!ctx.connection.webhookBaseUrl) throw inputError('webhookBaseUrl', "is empty in the connection: deleteInstanced deletes only subscriptions under it, so it refuses to guess");
    },
    run: deleteInstanced,
  },
};

/** Deletes every subscription of this app whose notificationUrl is under the connection's webhookBaseUrl. */
async function deleteInstanced(_v: Values, ctx: OperationContext) {
  const base = ctx.connection.webhookBaseUrl;
  const all = await ctx.client.collectAll({ method: 'GET', url: '/subscriptions' });
  const mine = (all.items as { id: string; notificationUrl?: string }[]).filter((s) => typeof s.notificationUrl === 'string' && isUnderBaseUrl(s.notificationUrl, base));
  const deleted: string[] = [];
  const failed: { id: string; code: string; message: string }[] = [];
  for (const s of mine) {
    try {
      await ctx.request({ method: 'DELETE', url: fillPath('/subscriptions/{id}', s) });
      deleted.push(s.id);
    } catch (err) {
      // Already gone (expired meanwhile) is what we wanted.
      if (err instanceof EntraError && err.statusCode === 404) deleted.push(s.id);
      else failed.push({ id: s.id, code: (err as EntraError).code ?? 'Error', message: (err as Error).message });
    }
  }
  if (failed.length && !deleted.length) throw new EntraError(`deleteInstanced: none of ${failed.length} subscriptions could be deleted (${failed[0].message})`, { code: failed[0].code, kind: 'graph' });
  return { payload: { count: deleted.length, deleted, failed, webhookBaseUrl: base }, statusCode: all.last.status };
}
