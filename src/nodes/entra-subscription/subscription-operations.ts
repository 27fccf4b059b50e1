// entra-subscription's operations as a table: create, get, list, update (renew), delete and
// deleteInstanced. https://learn.microsoft.com/graph/api/resources/subscription
import { graphBody, mergeAdditional, type MicrosoftGraph } from '../../lib/body';
import { EntraError, inputError, isCancelled } from '../../lib/errors';
import type { InputSpecs, Values } from '../../lib/inputs';
import type { NodeSpec } from '../../lib/operations';
import type { OperationContext, OperationTable } from '../../lib/runner';
import { ADDITIONAL_PROPERTIES, LIST_INPUTS, PAGE_OUTPUT } from '../../lib/shared-inputs';
import { expirationIso, lifetimeMinutes } from '../../lib/subscription-lifetime';
import { fillPath } from '../../lib/url-guard';
import { isUnderBaseUrl } from '../../lib/webhook-url';
import { SUBSCRIPTION_ERRORS, subscriptionError } from './subscription-errors';

/** An ISO date-time as given; a number of minutes from now; empty: the longest the resource allows. */
function expiration(v: Values, resource: string): string {
  const text = v.expirationDateTime;
  if (text !== undefined && !Number.isFinite(Number(text))) return text;
  // lifetimeMinutes reports a bad setting as an input error of expirationDateTime.
  return expirationIso(lifetimeMinutes(text, resource));
}

function changeTypes(value: unknown): string {
  const list = Array.isArray(value) ? value : String(value).split(',');
  return list
    .map((s) => String(s).trim())
    .filter(Boolean)
    .join(',');
}

function headerValues(headers: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, String(v)]),
  );
}

/** entra-subscription's inputs, in the dialog's order; each operation takes its own from here. */
const I = {
  subscriptionId: {
    kind: 'string',
    required: true,
    label: 'Subscription id',
    help: 'The id Graph gave the subscription when it was created.',
  },
  resource: {
    kind: 'string',
    required: true,
    initial: '/users',
    label: 'Resource',
    placeholder: '/users, /groups, /groups/{id}/members',
    help: 'What to watch, e.g. /users, /users/{id}, /groups or /groups/{id}/members.',
  },
  changeType: {
    kind: 'stringOrList',
    required: true,
    initial: 'updated,deleted',
    // Typed as text in the dialog (a list is for msg and context values).
    types: ['str', 'msg', 'flow', 'global', 'env', 'jsonata'],
    label: 'Change type',
    placeholder: 'updated,deleted',
    help: 'Comma-separated created, updated, deleted; users and groups accept only updated and deleted (creation and soft deletion arrive as updated).',
  },
  notificationUrl: {
    kind: 'string',
    label: 'Notification URL',
    placeholder: 'https://nodered.example.com/entra-hook',
    help: "The https:// URL Graph POSTs the notifications to; it must answer Graph's validation request within 10 seconds.",
  },
  expirationDateTime: {
    kind: 'string',
    // A number of minutes may be typed as a number.
    types: ['str', 'num', 'msg', 'flow', 'global', 'env', 'jsonata'],
    label: 'Expires',
    placeholder: 'ISO date-time or minutes; empty = longest allowed',
    help: 'An ISO date-time, or a number of minutes from now; empty: the longest Graph allows for the resource (41,760 minutes for users and groups).',
  },
  additionalProperties: {
    ...ADDITIONAL_PROPERTIES,
    placeholder: '{"clientState": "…", "lifecycleNotificationUrl": "https://…"}',
    help: 'Other subscription properties, e.g. clientState (a secret every notification carries back) and lifecycleNotificationUrl.',
  },
  headers: { kind: 'object', label: 'Headers', placeholder: '{"client-request-id": "…"}', help: 'Extra request headers, name → value.' },
  getAll: LIST_INPUTS.getAll,
  pageOutput: PAGE_OUTPUT,
} satisfies InputSpecs;

/** A subscription needs the read permission of the resource it watches. */
const RESOURCE_PERMISSION = {
  application: null,
  delegated: null,
  note: 'the read permission of the subscribed resource, e.g. User.Read.All for /users, Group.Read.All for /groups',
};

export const subscriptionOperations: OperationTable = {
  create: {
    label: 'Create subscription',
    summary: 'Subscribes to change notifications; Graph first sends a validation request to the notification URL.',
    method: 'POST',
    path: '/subscriptions',
    permissions: RESOURCE_PERMISSION,
    docs: 'https://learn.microsoft.com/graph/api/subscription-post-subscriptions',
    output: 'The created subscription (201), with its id.',
    details:
      'An entra trigger node with resource webhook answers the validation request; without an answer within 10 seconds the create fails with 400.',
    inputs: {
      changeType: I.changeType,
      notificationUrl: { ...I.notificationUrl, required: true },
      resource: I.resource,
      expirationDateTime: I.expirationDateTime,
      additionalProperties: I.additionalProperties,
      headers: I.headers,
    },
    validate: (v) => {
      if (!/^https:\/\//i.test(v.notificationUrl)) throw inputError('notificationUrl', subscriptionError('notificationUrl'));
    },
    request: (v) => ({
      method: 'POST',
      url: '/subscriptions',
      body: mergeAdditional(
        graphBody<MicrosoftGraph.Subscription>({
          changeType: changeTypes(v.changeType),
          notificationUrl: v.notificationUrl,
          resource: v.resource,
          expirationDateTime: expiration(v, v.resource),
        }),
        v.additionalProperties,
      ),
      headers: headerValues(v.headers),
    }),
  },
  get: {
    label: 'Get subscription',
    summary: 'Reads one subscription.',
    method: 'GET',
    path: '/subscriptions/{id}',
    permissions: RESOURCE_PERMISSION,
    docs: 'https://learn.microsoft.com/graph/api/subscription-get',
    output: 'The subscription (Graph does not return clientState to app-only callers).',
    inputs: { subscriptionId: I.subscriptionId },
    request: (v) => ({ method: 'GET', url: fillPath('/subscriptions/{subscriptionId}', v) }),
  },
  list: {
    label: 'List subscriptions',
    summary: 'Lists the subscriptions this app created.',
    method: 'GET',
    path: '/subscriptions',
    permissions: RESOURCE_PERMISSION,
    docs: 'https://learn.microsoft.com/graph/api/subscription-list',
    output: 'The array of subscriptions; msg.nextLink when more pages remain and Get all is off.',
    // GET /subscriptions takes no OData query options (https://learn.microsoft.com/graph/api/subscription-list).
    inputs: { getAll: I.getAll, pageOutput: I.pageOutput },
    list: true,
    request: () => ({ method: 'GET', url: '/subscriptions' }),
  },
  update: {
    label: 'Update (renew) subscription',
    summary: 'Renews a subscription (a new Expires) and/or moves it to a new notification URL.',
    method: 'PATCH',
    path: '/subscriptions/{id}',
    permissions: RESOURCE_PERMISSION,
    docs: 'https://learn.microsoft.com/graph/api/subscription-update',
    output: 'The renewed subscription (Graph answers 200).',
    inputs: {
      subscriptionId: I.subscriptionId,
      notificationUrl: I.notificationUrl,
      expirationDateTime: I.expirationDateTime,
    },
    validate: (v) => {
      if (v.notificationUrl === undefined && v.expirationDateTime === undefined)
        throw inputError('update', subscriptionError('nothingToUpdate'));
    },
    // Graph answers 200 with the renewed subscription (https://learn.microsoft.com/graph/api/subscription-update).
    request: (v) => {
      const expirationDateTime =
        v.expirationDateTime === undefined
          ? undefined
          : Number.isFinite(Number(v.expirationDateTime))
            ? expirationIso(Number(v.expirationDateTime))
            : v.expirationDateTime;
      const body = graphBody<MicrosoftGraph.Subscription>({ notificationUrl: v.notificationUrl, expirationDateTime });
      return { method: 'PATCH', url: fillPath('/subscriptions/{subscriptionId}', v), body: mergeAdditional(body) };
    },
  },
  delete: {
    label: 'Delete subscription',
    summary: 'Deletes a subscription: Graph stops sending its notifications.',
    method: 'DELETE',
    path: '/subscriptions/{id}',
    permissions: RESOURCE_PERMISSION,
    docs: 'https://learn.microsoft.com/graph/api/subscription-delete',
    output: '{ id, deleted: true }.',
    inputs: { subscriptionId: I.subscriptionId },
    request: (v) => ({ method: 'DELETE', url: fillPath('/subscriptions/{subscriptionId}', v) }),
    noContent: (v) => ({ id: v.subscriptionId, deleted: true }),
  },
  deleteInstanced: {
    label: "Delete this instance's subscriptions",
    summary:
      "Deletes every subscription of this app whose notification URL is under the connection's Webhook base URL; refuses to run when that is empty.",
    method: 'DELETE',
    path: '/subscriptions/{id} (each, after GET /subscriptions)',
    permissions: RESOURCE_PERMISSION,
    docs: 'https://learn.microsoft.com/graph/api/subscription-delete',
    output: '{ count, deleted: [ids], failed: [{ id, code, message }], webhookBaseUrl }.',
    details: 'Matched on a URL boundary: `https://a.example` does not match `https://a.example.evil/`.',
    inputs: {},
    validate: (_v, ctx) => {
      if (!ctx.connection.webhookBaseUrl) throw inputError('webhookBaseUrl', subscriptionError('webhookBaseUrl'));
    },
    run: deleteInstanced,
  },
};

export const subscriptionNode: NodeSpec = {
  type: 'entra-subscription',
  errors: SUBSCRIPTION_ERRORS,
  // "entra subscription" is too wide for a palette node: it would wrap onto two lines.
  paletteLabel: 'subscription',
  icon: 'entra-subscription.svg',
  label: 'subscription',
  inputs: I,
  summary:
    'Creates, reads, lists, renews and deletes Microsoft Graph change-notification subscriptions (webhooks); to receive the notifications, use an entra trigger node.',
  defaultOperation: 'list',
  operations: subscriptionOperations,
};

/** Deletes every subscription of this app whose notificationUrl is under the connection's webhookBaseUrl. */
async function deleteInstanced(_v: Values, ctx: OperationContext) {
  const base = ctx.connection.webhookBaseUrl;
  const all = await ctx.client.collectAll({ method: 'GET', url: '/subscriptions' });
  const mine = (all.items as { id: string; notificationUrl?: string }[]).filter(
    (s) => typeof s.notificationUrl === 'string' && isUnderBaseUrl(s.notificationUrl, base),
  );
  const deleted: string[] = [];
  const failed: { id: string; code: string; message: string }[] = [];
  const report = () =>
    ctx.partial({ done: deleted.length + failed.length, total: mine.length, lists: { deleted, failed: failed.map((f) => f.id) } });
  report();
  for (const s of mine) {
    try {
      await ctx.request({ method: 'DELETE', url: fillPath('/subscriptions/{id}', s) });
      deleted.push(s.id);
      report();
    } catch (err) {
      // The node closed: this DELETE was not sent, nor is any other.
      if (isCancelled(err)) throw err;
      // Already gone (expired meanwhile) is what we wanted.
      if (err instanceof EntraError && err.statusCode === 404) deleted.push(s.id);
      else failed.push({ id: s.id, code: (err as EntraError).code ?? 'Error', message: (err as Error).message });
      report();
    }
  }
  if (failed.length && !deleted.length)
    throw new EntraError(subscriptionError('noneDeleted', { count: failed.length, reason: failed[0].message }), {
      code: failed[0].code,
      kind: 'graph',
    });
  return { payload: { count: deleted.length, deleted, failed, webhookBaseUrl: base }, statusCode: all.last.status };
}
