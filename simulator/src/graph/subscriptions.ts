// /subscriptions: create (with the validation handshake), get, list, update (renew), delete and
// reauthorize [SPOST, SLIST, SUPD, SRES, VAL, LIFE]. Delivery lives in notifications/service.ts.
import type { SimContext } from '../context';
import { graphError } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { NotificationService, resourceSegments, Subscription } from '../notifications/service';
import { newGuid } from '../util/ids';
import { apiVersion } from './query/collection';
import { created, noContent, ok } from './respond';

const CHANGE_TYPES = ['created', 'updated', 'deleted'];

/** 404 for an unknown or expired subscription (Observed: microsoftgraph/msgraph-sdk-php#221). */
const notFound = () => graphError(404, 'ResourceNotFound', 'The object was not found.');
const invalid = (message: string) => graphError(400, 'InvalidRequest', message);

export function notificationsOf(ctx: SimContext): NotificationService {
  return ctx.extensions.notifications as NotificationService;
}

/** Users and groups: the resources of the directory that take subscriptions [SUPP]. */
function directoryResource(resource: string): boolean {
  const seg = resourceSegments(resource);
  const name = seg[0]?.toLowerCase();
  if (name === 'users') return seg.length <= 2;
  if (name === 'groups') return seg.length <= 2 || (seg.length === 3 && ['members', 'owners'].includes(seg[2].toLowerCase()));
  return false;
}

function checkUrl(name: string, value: unknown): SimResponse | undefined {
  if (typeof value !== 'string' || !value) return invalid(`${name} is required.`);
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return invalid(`Invalid ${name} '${value}'.`);
  }
  // "This URL has to make use of the HTTPS protocol" [SRES]; Graph's wording: microsoftgraph/microsoft-graph-docs#2751.
  if (u.protocol !== 'https:')
    return invalid(`${name[0].toUpperCase()}${name.slice(1)} scheme='${u.protocol.replace(':', '')}' is not supported.`);
  return undefined;
}

function checkExpiration(ctx: SimContext, value: unknown): SimResponse | undefined {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) return invalid("Invalid value for 'expirationDateTime'.");
  if (t <= Date.now()) return invalid('Subscription expiration can only be in the future.');
  const max = Number(ctx.config.subscriptionMaxExpirationMinutes);
  // 41,760 minutes for users and groups; beyond that the request fails [LIFETIME]. Wording after
  // Graph's Outlook message "Subscription expiration can only be 4230 minutes in the future."
  // (microsoftgraph/microsoft-graph-docs#2988).
  if (t > Date.now() + max * 60_000) return invalid(`Subscription expiration can only be ${max} minutes in the future.`);
  return undefined;
}

/** What a caller sees: app-only callers never get clientState back [SLIST]. */
function view(ctx: SimContext, req: SimRequest, s: Subscription, withClientState = false, entity = true): Record<string, unknown> {
  const body: Record<string, unknown> = { ...s, clientState: withClientState ? s.clientState : null };
  return entity ? { '@odata.context': `${ctx.baseUrl}/${apiVersion(req)}/$metadata#subscriptions/$entity`, ...body } : body;
}

export function registerSubscriptionRoutes(ctx: SimContext, router: Router): void {
  const service = () => notificationsOf(ctx);

  router.post(/^\/subscriptions\/?$/, async (req) => {
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    for (const name of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime']) {
      if (b[name] === undefined || b[name] === null || b[name] === '') return invalid(`${name} is required.`);
    }
    const resource = String(b.resource);
    if (!directoryResource(resource)) return invalid(`Resource '${resource}' is not supported by this simulator (users and groups only).`);
    const types = String(b.changeType)
      .split(',')
      .map((c) => c.trim());
    for (const t of types) if (!CHANGE_TYPES.includes(t)) return invalid(`Invalid 'changeType' attribute: '${t}'.`);
    // Users and groups: only updated and deleted [SUPP]; wording from microsoftgraph/microsoft-graph-docs#4819.
    if (types.includes('created')) return invalid("Invalid 'changeType' attribute: 'created'.");
    const urlProblem =
      checkUrl('notificationUrl', b.notificationUrl) ??
      (b.lifecycleNotificationUrl !== undefined && b.lifecycleNotificationUrl !== null
        ? checkUrl('lifecycleNotificationUrl', b.lifecycleNotificationUrl)
        : undefined);
    if (urlProblem) return urlProblem;
    const expiry = checkExpiration(ctx, b.expirationDateTime);
    if (expiry) return expiry;
    if (typeof b.clientState === 'string' && b.clientState.length > 128) return invalid('clientState must not exceed 128 characters.'); // [SRES]
    if (b.includeResourceData === true) return invalid('Rich notifications (includeResourceData) are not supported for this resource.'); // [RICHSUP]
    // Both endpoints must pass the handshake before the subscription exists [VAL, LIFE].
    for (const url of [b.notificationUrl, b.lifecycleNotificationUrl].filter((u): u is string => typeof u === 'string')) {
      const failed = await service().validate(url);
      if (failed) return graphError(400, failed.code, failed.message);
    }
    const appId = req.auth?.appid ?? '';
    const s: Subscription = {
      id: newGuid(),
      resource,
      applicationId: appId,
      changeType: types.join(','),
      clientState: typeof b.clientState === 'string' ? b.clientState : null,
      notificationUrl: String(b.notificationUrl),
      notificationQueryOptions: null,
      lifecycleNotificationUrl: typeof b.lifecycleNotificationUrl === 'string' ? b.lifecycleNotificationUrl : null,
      expirationDateTime: new Date(Date.parse(String(b.expirationDateTime))).toISOString(),
      // The creator: the calling app's service principal, or the signed-in user (the token's oid) [resources/subscription].
      creatorId: String(req.auth?.oid ?? appId),
      includeResourceData: false,
      latestSupportedTlsVersion: typeof b.latestSupportedTlsVersion === 'string' ? b.latestSupportedTlsVersion : 'v1_2',
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
    service().subscriptions.set(s.id, s);
    // The create answer echoes clientState [SPOST example]; later reads do not [SLIST].
    return created(view(ctx, req, s, true), `${ctx.baseUrl}/v1.0/subscriptions/${s.id}`);
  });

  router.get(/^\/subscriptions\/?$/, (req) => {
    // Only the calling app's subscriptions (app-only) [SLIST]; no OData query options, pages by $skiptoken.
    const mine = service()
      .active()
      .filter((s) => s.applicationId === (req.auth?.appid ?? ''));
    const size = Math.max(1, Number(ctx.config.subscriptionPageSize) || 100);
    const offset = Number(Buffer.from(req.query.get('$skiptoken') ?? '', 'base64url').toString('utf8')) || 0;
    const page = mine.slice(offset, offset + size);
    const body: Record<string, unknown> = {
      '@odata.context': `${ctx.baseUrl}/${apiVersion(req)}/$metadata#subscriptions`,
      value: page.map((s) => view(ctx, req, s, false, false)),
    };
    if (offset + size < mine.length) {
      body['@odata.nextLink'] =
        `${ctx.baseUrl}/${apiVersion(req)}/subscriptions?$skiptoken=${Buffer.from(String(offset + size)).toString('base64url')}`;
    }
    return ok(body);
  });

  const ID = /^\/subscriptions\/(?<id>[^/]+)$/;

  router.get(ID, (req, p) => {
    const s = service().get(p.id);
    return s ? ok(view(ctx, req, s)) : notFound();
  });

  router.patch(ID, async (req, p) => {
    const s = service().get(p.id);
    if (!s) return notFound();
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    if (b.expirationDateTime === undefined && b.notificationUrl === undefined) {
      // Wording: microsoftgraph/msgraph-sdk-java#2323.
      return invalid("Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value.");
    }
    if (b.expirationDateTime !== undefined) {
      const e = checkExpiration(ctx, b.expirationDateTime);
      if (e) return e;
    }
    if (b.notificationUrl !== undefined) {
      const e = checkUrl('notificationUrl', b.notificationUrl);
      if (e) return e;
      const failed = await service().validate(String(b.notificationUrl));
      if (failed) return graphError(400, failed.code, failed.message);
      s.notificationUrl = String(b.notificationUrl);
    }
    if (b.expirationDateTime !== undefined) s.expirationDateTime = new Date(Date.parse(String(b.expirationDateTime))).toISOString();
    return ok(view(ctx, req, s)); // 200 + the subscription [SUPD]
  });

  router.delete(ID, (_req, p) => {
    if (!service().get(p.id)) return notFound();
    service().subscriptions.delete(p.id);
    return noContent(); // [WH]
  });

  // POST /subscriptions/{id}/reauthorize → 204 (GD subscription-reauthorize.md) [LIFE].
  router.post(/^\/subscriptions\/(?<id>[^/]+)\/reauthorize$/, (_req, p) => (service().get(p.id) ? noContent() : notFound()));
}
