// Change notifications as Graph delivers them to webhooks [WH, VAL, LIFE, CNRES]: the subscriptions,
// the validation handshake, one POST per change to every matching active subscription (with its
// clientState), retries when the endpoint does not answer 2xx in time, expiry, and lifecycle events.
// Fed by the journal (the same change feed as delta), so notifications and delta always agree.
import { randomUUID } from 'crypto';
import type { SimContext } from '../context';
import type { MicrosoftGraph } from '../state/graph-types';
import type { ChangeEvent } from '../state/journal';
import { Outbound, OutboundResult } from './outbound';

/** A subscription as v1.0 types it (`@microsoft/microsoft-graph-types`), with the fields the simulator always fills. */
type SubscriptionFields =
  | 'resource'
  | 'applicationId'
  | 'changeType'
  | 'clientState'
  | 'notificationUrl'
  | 'notificationQueryOptions'
  | 'lifecycleNotificationUrl'
  | 'expirationDateTime'
  | 'creatorId'
  | 'includeResourceData'
  | 'latestSupportedTlsVersion'
  | 'encryptionCertificate'
  | 'encryptionCertificateId'
  | 'notificationUrlAppId';
export type Subscription = { [K in SubscriptionFields]-?: Exclude<MicrosoftGraph.Subscription[K], undefined> } & {
  id: string;
  resource: string;
  applicationId: string;
  changeType: string;
  notificationUrl: string;
  expirationDateTime: string;
  creatorId: string;
};

export type DeliveryKind = 'validation' | 'notification' | 'lifecycle';

export interface Delivery {
  seq: number;
  time: string;
  kind: DeliveryKind;
  url: string;
  subscriptionId?: string;
  attempt: number;
  /** What was sent (parsed JSON for notifications; the token for validations). */
  body: unknown;
  status: number;
  contentType?: string;
  response?: string;
  failure?: string;
  elapsedMs: number;
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

const ODATA_TYPE: Record<string, string> = { users: '#Microsoft.Graph.User', groups: '#Microsoft.Graph.Group' };
const ENTITY: Record<string, string> = { users: 'Users', groups: 'Groups' };

/** Journal event type → the changeType Graph reports for users and groups [SUPP, SRES]. */
export function notificationChangeType(e: ChangeEvent): 'updated' | 'deleted' {
  // Creation and soft deletion arrive as "updated"; "deleted" means permanently deleted.
  return e.type === 'deleted' ? 'deleted' : 'updated';
}

/** `/users`, `users/{id}`, `/groups/{id}/members` → normalised segments (lower-case names). */
export function resourceSegments(resource: string): string[] {
  return resource
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter(Boolean);
}

/** Whether a change in the journal concerns a subscription's resource [SUPP]. */
export function matchesResource(resource: string, e: ChangeEvent): boolean {
  const [collection, id, nav] = resourceSegments(resource);
  if (!collection || collection.toLowerCase() !== e.resource) return false;
  if (id === undefined) return true;
  if (id.toLowerCase() !== e.id.toLowerCase()) return false;
  if (nav === undefined) return true;
  // /groups/{id}/members: membership changes only.
  return nav.toLowerCase() === 'members' && (e.type === 'memberAdded' || e.type === 'memberRemoved');
}

export class NotificationService {
  readonly subscriptions = new Map<string, Subscription>();
  readonly deliveries: Delivery[] = [];
  private seq = 0;
  private readonly outbound: Outbound;
  private generation = 0;

  constructor(
    private readonly ctx: SimContext,
    caPath?: string,
  ) {
    this.outbound = new Outbound(caPath);
    ctx.store.journal.on('change', (e: ChangeEvent) => this.onChange(e));
  }

  /** Active subscriptions; expired ones are dropped on access, as Graph deletes them [LIFETIME]. */
  active(): Subscription[] {
    const now = Date.now();
    for (const [id, s] of this.subscriptions) if (Date.parse(s.expirationDateTime) <= now) this.subscriptions.delete(id);
    return [...this.subscriptions.values()];
  }

  get(id: string): Subscription | undefined {
    this.active();
    return this.subscriptions.get(id);
  }

  /**
   * The validation handshake [VAL]: POST {url}?validationToken={token} (text/plain), expecting
   * 200 with the decoded token as the body within the configured timeout (10 s at Graph).
   * Resolves with the failure message Graph would report, or undefined when the endpoint passed.
   */
  async validate(url: string): Promise<{ code: string; message: string } | undefined> {
    // Graph's tokens are opaque text with spaces and punctuation, so an endpoint that echoes the
    // still-encoded token fails as it would at Microsoft.
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    const timeoutMs = Number(this.ctx.config.subscriptionValidationTimeoutMs);
    const r = await this.outbound.post(target, '', 'text/plain; charset=utf-8', timeoutMs);
    this.record('validation', url, token, r, 1);
    // Observed messages: microsoftgraph/nodejs-webhooks-sample#350 (timeout),
    // splunk/azure-functions-splunk#26 (not 200), microsoftgraph/java-spring-webhooks-sample#82 (body).
    if (r.failure === 'timeout') return { code: 'InvalidRequest', message: 'Subscription validation request timed out.' };
    if (r.status !== 200)
      return {
        code: 'ValidationError',
        message: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
      };
    if (r.body !== token)
      return {
        code: 'ValidationError',
        message: 'Subscription validation request failed. Response must exactly match validationToken query parameter.',
      };
    return undefined;
  }

  /** Sends the lifecycle event to the subscription's lifecycleNotificationUrl [LIFE]. */
  async fireLifecycle(id: string, event: LifecycleEvent): Promise<Delivery | undefined> {
    const s = this.get(id);
    if (!s || !s.lifecycleNotificationUrl) return undefined;
    // A removed subscription no longer exists: the subscriber must create a new one [LIFE].
    if (event === 'subscriptionRemoved') this.subscriptions.delete(id);
    const body = {
      value: [
        {
          subscriptionId: s.id,
          subscriptionExpirationDateTime: s.expirationDateTime,
          tenantId: this.ctx.store.tenant.id,
          clientState: s.clientState,
          lifecycleEvent: event,
        },
      ],
    };
    return this.deliver('lifecycle', s.lifecycleNotificationUrl, s.id, body, 1, this.generation);
  }

  private onChange(e: ChangeEvent): void {
    if (e.resource !== 'users' && e.resource !== 'groups') return;
    const changeType = notificationChangeType(e);
    for (const s of this.active()) {
      if (!matchesResource(s.resource, e)) continue;
      if (
        !s.changeType
          .split(',')
          .map((c) => c.trim())
          .includes(changeType)
      )
        continue;
      const resourceData: Record<string, unknown> = {
        '@odata.type': ODATA_TYPE[e.resource],
        '@odata.id': `${ENTITY[e.resource]}/${e.id}`,
        id: e.id,
        organizationId: this.ctx.store.tenant.id,
      };
      if ((e.type === 'memberAdded' || e.type === 'memberRemoved') && e.member) {
        // Notifications of a /groups subscription carry the membership change as members@delta
        // (microsoftgraph/microsoft-graph-docs#9915: "When I subscribe to /groups, I see a
        // members@delta node"), in the shape of delta's members@delta [DQG].
        resourceData['members@delta'] = [
          e.type === 'memberRemoved'
            ? { '@odata.type': e.member['@odata.type'], id: e.member.id, '@removed': { reason: 'deleted' } }
            : { '@odata.type': e.member['@odata.type'], id: e.member.id },
        ];
      }
      const notification = {
        id: randomUUID(),
        subscriptionId: s.id,
        subscriptionExpirationDateTime: s.expirationDateTime,
        clientState: s.clientState,
        changeType,
        resource: `${ENTITY[e.resource]}/${e.id}`,
        tenantId: this.ctx.store.tenant.id,
        resourceData,
      };
      void this.deliver('notification', s.notificationUrl, s.id, { value: [notification] }, 1, this.generation);
    }
  }

  /** One POST; a non-2xx answer or no answer in time is retried later [WH]. */
  private async deliver(
    kind: DeliveryKind,
    url: string,
    subscriptionId: string,
    body: unknown,
    attempt: number,
    generation: number,
  ): Promise<Delivery | undefined> {
    if (generation !== this.generation) return undefined;
    const r = await this.outbound.post(
      url,
      JSON.stringify(body),
      'application/json; charset=utf-8',
      Number(this.ctx.config.notificationTimeoutMs),
    );
    if (generation !== this.generation) return undefined;
    const d = this.record(kind, url, body, r, attempt, subscriptionId);
    const ok = r.status >= 200 && r.status < 300;
    if (!ok && attempt < Number(this.ctx.config.notificationMaxAttempts)) {
      const t = setTimeout(() => {
        this.ctx.timers.delete(t);
        void this.deliver(kind, url, subscriptionId, body, attempt + 1, generation);
      }, Number(this.ctx.config.notificationRetryDelayMs));
      this.ctx.timers.add(t);
    }
    return d;
  }

  private record(kind: DeliveryKind, url: string, body: unknown, r: OutboundResult, attempt: number, subscriptionId?: string): Delivery {
    const d: Delivery = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      kind,
      url,
      subscriptionId,
      attempt,
      body,
      status: r.status,
      contentType: r.headers['content-type'],
      response: r.body.slice(0, 2000),
      failure: r.failure ? `${r.failure}: ${r.error}` : undefined,
      elapsedMs: r.elapsedMs,
    };
    this.deliveries.push(d);
    return d;
  }

  reset(): void {
    this.generation++;
    this.subscriptions.clear();
    this.deliveries.length = 0;
  }

  close(): void {
    this.generation++;
    this.outbound.close();
  }
}
