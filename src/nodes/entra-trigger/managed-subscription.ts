// The subscription an entra-trigger owns: created on deploy, reused after a restart or a redeploy
// that keeps the node (its id and clientState are kept in the encrypted userDir store: Graph never
// returns clientState to app-only callers), renewed before it expires, re-created when Graph has
// dropped it, deleted when the node is removed or its settings change. Every operation runs one at
// a time, so a renewal, a lifecycle event and a close never race.
// https://learn.microsoft.com/graph/change-notifications-lifecycle-events
//
// Several Node-RED copies of the same flows (option `shared`: a shared state store) keep one
// subscription between them, with Graph as the coordination point: before creating, a copy lists
// the app's subscriptions (https://learn.microsoft.com/graph/api/subscription-list: app-only
// callers see every subscription of the app) and adopts one with the same notificationUrl, resource
// and changeType; after creating and after each renewal it lists again and, when copies created at
// the same moment, every copy keeps the same one (the smallest id) and deletes the others (404 on
// delete: another copy was first). The clientState is derived from the credential secret, so every
// copy validates every notification; only notifications of the kept subscription are emitted.
import { randomBytes } from 'crypto';
import { graphBody, type MicrosoftGraph } from '../../lib/body';
import { EntraError, isCancelled } from '../../lib/errors';
import type { GraphClient } from '../../lib/graph-client';
import type { StateStore } from '../../lib/secure-store';
import { expirationIso } from '../../lib/subscription-lifetime';
import { fillPath, reservedSegment } from '../../lib/url-guard';
import { t } from '../../lib/i18n';
import { logLine, triggerError, warning } from './trigger-texts';

export interface StoredSubscription {
  id: string;
  clientState: string;
  hash: string;
  expirationDateTime: string;
}

export type SubscriptionState =
  { kind: 'creating' } | { kind: 'renewing' } | { kind: 'subscribed'; until: string } | { kind: 'error'; error: Error };

export interface ManagedSubscriptionOptions {
  /** Every request but the delete at stop(): the trigger's close aborts it (GraphRequest.signal). */
  client: GraphClient;
  /**
   * The delete of the subscription when the node is removed (stop(true)), sent after the close has
   * aborted `client`'s signal; bounded by stop()'s grace instead. Defaults to `client`.
   */
  finalClient?: GraphClient;
  store: StateStore;
  /** Several copies share the store: this clientState (the same on every copy) and the rules above. */
  shared?: { clientState: string };
  /** The store key of this node's subscription. */
  key: string;
  /** Hash of every setting the subscription depends on: a change means "delete and create". */
  hash: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifetimeMinutes: number;
  /** Renew this long before expiry (at most 90% of the lifetime). */
  renewalMarginMs: number;
  /** Wait before retrying a failed renewal or create. */
  retryMs?: number;
  onState(state: SubscriptionState): void;
  /** Something the user should know: re-created after a lifecycle event, a renewal that failed… */
  onReport(event: string, detail: Record<string, unknown>): void;
  log(line: string): void;
  /** A problem the user should see (a saved state that was discarded). Defaults to `log`. */
  warn?(line: string): void;
}

/** setTimeout fires at once for delays above 2^31-1 ms (24.8 days): wake up earlier and look again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ManagedSubscription {
  private current?: StoredSubscription;
  private pendingClientState?: string;
  private timer?: NodeJS.Timeout;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private loaded = false;

  constructor(private readonly o: ManagedSubscriptionOptions) {}

  /** When the next renewal is due (undefined without a subscription). */
  get nextRenewal(): string | undefined {
    return this.current ? new Date(Date.now() + Math.max(0, this.renewDelay())).toISOString() : undefined;
  }

  get subscriptionId(): string | undefined {
    return this.current?.id;
  }

  /** False until the stored state is read: notifications meanwhile are answered 503 (Graph retries). */
  get ready(): boolean {
    return this.loaded;
  }

  /** The clientStates a notification may carry now. */
  clientStates(): string[] {
    return [this.o.shared?.clientState, this.current?.clientState, this.pendingClientState].filter(
      (s): s is string => typeof s === 'string',
    );
  }

  /**
   * Whether notifications of this subscription are this trigger's to emit. Several copies: the one
   * the copies keep, as this copy knows it or as another copy stored it meanwhile (then adopted).
   */
  async owns(subscriptionId: unknown): Promise<boolean> {
    if (typeof subscriptionId !== 'string') return false;
    if (this.current?.id === subscriptionId) return true;
    if (!this.o.shared) return true;
    const stored = await this.o.store.get<StoredSubscription>(this.o.key);
    if (!stored || storedProblem(stored) || stored.hash !== this.o.hash || stored.id !== subscriptionId) return false;
    if (this.current?.id !== stored.id) {
      this.o.log(logLine('adoptedStored', { id: stored.id }));
      this.current = stored;
      if (!this.closed) this.subscribed();
    }
    return true;
  }

  start(): Promise<void> {
    return this.run(async () => {
      let stored = await this.o.store.get<StoredSubscription>(this.o.key);
      this.loaded = true;
      const problem = stored === undefined ? undefined : storedProblem(stored);
      if (problem) {
        // Saved by an older version or from a bad answer: unusable on every start. Start over.
        (this.o.warn ?? this.o.log)(warning('discardedSubscription', { problem }));
        await this.o.store.delete(this.o.key);
        stored = undefined;
      }
      if (stored && stored.hash !== this.o.hash) {
        // The settings changed while the node kept its id: the old subscription goes.
        this.o.log(logLine('settingsChanged', { id: stored.id }));
        await this.deleteQuietly(stored.id);
        await this.o.store.delete(this.o.key);
        stored = undefined;
      }
      if (stored) {
        this.current = stored;
        try {
          const r = await this.o.client.request({ method: 'GET', url: subscriptionPath(stored.id) });
          this.current = { ...stored, expirationDateTime: validDate(r.data?.expirationDateTime) ?? stored.expirationDateTime };
          this.o.log(logLine('reusing', { id: stored.id }));
          await this.persist();
          if (this.renewDelay() <= 0) await this.renewNow();
          else this.subscribed();
          return;
        } catch (err) {
          if (!isGone(err)) throw err;
          this.o.log(logLine('storedGone', { id: stored.id }));
          this.current = undefined;
        }
      }
      await this.createNow();
    }, true);
  }

  /** After Graph's lifecycle event (https://learn.microsoft.com/graph/change-notifications-lifecycle-events). */
  lifecycle(event: string, subscriptionId: string): Promise<void> {
    return this.run(async () => {
      if (!this.current || subscriptionId !== this.current.id) return;
      if (event === 'reauthorizationRequired') {
        try {
          await this.o.client.request({ method: 'POST', url: `${subscriptionPath(this.current.id)}/reauthorize` });
          this.o.log(logLine('reauthorized', { id: this.current.id }));
          return;
        } catch (err) {
          if (isCancelled(err)) throw err;
          if (isGone(err)) return this.recreate(event);
          // Renewing also reauthorizes (a PATCH of expirationDateTime).
          return this.renewNow();
        }
      }
      if (event === 'subscriptionRemoved' || event === 'missed') return this.recreate(event);
    }, true);
  }

  /**
   * Stops timers; deletes the subscription when the node is removed. Waits for work in progress
   * (the caller aborts `client`'s signal: a request waiting out a Retry-After ends at once). The
   * delete goes out within `graceMs` of this call: no retry whose wait would end later is made
   * (a 429 with a long Retry-After ends it), and a delete still on the wire then is not waited for.
   */
  stop(removed: boolean, graceMs = 10_000): Promise<void> {
    this.closed = true;
    this.clearTimer();
    const deadline = Date.now() + graceMs;
    return this.run(
      async () => {
        if (!removed) return;
        const stored = this.current ?? (await this.o.store.get<StoredSubscription>(this.o.key));
        if (stored) await this.deleteQuietly(stored.id, deadline);
        await this.o.store.delete(this.o.key);
        this.current = undefined;
      },
      false,
      true,
    );
  }

  /** Deletes what a node in another mode left behind (e.g. switched from subscription to polling). */
  static async deleteStored(client: GraphClient, store: StateStore, key: string, log: (l: string) => void): Promise<void> {
    const stored = await store.get<StoredSubscription>(key);
    if (!stored) return;
    if (storedProblem(stored)) {
      log(logLine('discardedInvalid'));
      return store.delete(key);
    }
    log(logLine('deletingUnused', { id: stored.id }));
    await client.request({ method: 'DELETE', url: subscriptionPath(stored.id) }).catch((err) => {
      if (!isGone(err)) throw err;
    });
    await store.delete(key);
  }

  private async recreate(reason: string): Promise<void> {
    const old = this.current;
    if (old) await this.deleteQuietly(old.id);
    this.current = undefined;
    await this.createNow();
    this.o.onReport(reason, { previousSubscriptionId: old?.id, subscriptionId: this.subscriptionId });
  }

  private async createNow(): Promise<void> {
    this.o.onState({ kind: 'creating' });
    if (this.o.shared) {
      // Another copy may have created it already.
      const existing = await this.matching();
      if (existing.length > 0) {
        await this.keep(existing);
        this.subscribed();
        return;
      }
    }
    // 64 characters: Graph keeps at most 128 (https://learn.microsoft.com/graph/api/resources/subscription).
    const clientState = this.o.shared?.clientState ?? randomBytes(48).toString('base64url');
    this.pendingClientState = clientState;
    try {
      const body = graphBody<MicrosoftGraph.Subscription>({
        changeType: this.o.changeType,
        notificationUrl: this.o.notificationUrl,
        // Lifecycle events to the same endpoint: it tells them apart by `lifecycleEvent`.
        lifecycleNotificationUrl: this.o.notificationUrl,
        resource: this.o.resource,
        expirationDateTime: expirationIso(this.o.lifetimeMinutes),
        clientState,
      });
      const r = await this.o.client.request({ method: 'POST', url: '/subscriptions', body });
      // Checked before anything is saved: a subscription without a usable id or expiry would be
      // reused (and fail) on every start after.
      const created = createdSubscription(r.data, r.status);
      this.current = { id: created.id, clientState, hash: this.o.hash, expirationDateTime: created.expirationDateTime };
      // Persisted at once: a restart or redeploy from here on reuses it.
      await this.persist();
      this.o.log(logLine('created', { id: this.current.id, resource: this.o.resource, until: this.current.expirationDateTime }));
    } finally {
      this.pendingClientState = undefined;
    }
    // Copies that created at the same moment: one stays.
    if (this.o.shared) await this.keep(await this.matching());
    this.subscribed();
  }

  /** The app's subscriptions with this trigger's notificationUrl, resource and change types. */
  private async matching(): Promise<Array<{ id: string; expirationDateTime?: string }>> {
    const { items } = await this.o.client.collectAll<{
      id: string;
      notificationUrl?: string;
      resource?: string;
      changeType?: string;
      expirationDateTime?: string;
    }>({ method: 'GET', url: '/subscriptions' });
    const resource = normalResource(this.o.resource);
    const types = normalTypes(this.o.changeType);
    return items.filter(
      (s) =>
        typeof s?.id === 'string' &&
        s.notificationUrl === this.o.notificationUrl &&
        normalResource(s.resource ?? '') === resource &&
        normalTypes(s.changeType ?? '') === types,
    );
  }

  /** Every copy keeps the same one of `found` (the smallest id) and deletes the others. */
  private async keep(found: Array<{ id: string; expirationDateTime?: string }>): Promise<void> {
    if (found.length === 0) return;
    const sorted = [...found].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const kept = sorted[0];
    for (const extra of sorted.slice(1)) {
      this.o.log(logLine('deletingDuplicate', { id: extra.id, kept: kept.id }));
      await this.deleteQuietly(extra.id);
    }
    if (this.current?.id === kept.id) return;
    this.o.log(this.current ? logLine('switching', { previous: this.current.id, id: kept.id }) : logLine('adopting', { id: kept.id }));
    this.current = {
      id: kept.id,
      clientState: this.o.shared!.clientState,
      hash: this.o.hash,
      expirationDateTime: kept.expirationDateTime ?? new Date().toISOString(),
    };
    await this.persist();
  }

  private async renewNow(): Promise<void> {
    if (this.o.shared) {
      // The subscription another copy kept meanwhile.
      const stored = await this.o.store.get<StoredSubscription>(this.o.key);
      if (stored && !storedProblem(stored) && stored.hash === this.o.hash && stored.id !== this.current?.id) this.current = stored;
    }
    if (!this.current) return this.createNow();
    this.o.onState({ kind: 'renewing' });
    try {
      const expirationDateTime = expirationIso(this.o.lifetimeMinutes);
      const r = await this.o.client.request({
        method: 'PATCH',
        url: subscriptionPath(this.current.id),
        body: graphBody<MicrosoftGraph.Subscription>({ expirationDateTime }),
      });
      this.current = { ...this.current, expirationDateTime: validDate(r.data?.expirationDateTime) ?? expirationDateTime };
      await this.persist();
      this.o.log(logLine('renewed', { id: this.current.id, until: this.current.expirationDateTime }));
      if (this.o.shared) await this.keep(await this.matching());
      this.subscribed();
    } catch (err) {
      if (!isGone(err)) throw err;
      // Expired or deleted behind our back: a new one.
      await this.recreate('renewalFailed');
    }
  }

  private subscribed(): void {
    if (!this.current) return;
    this.o.onState({ kind: 'subscribed', until: this.current.expirationDateTime });
    this.schedule(this.renewDelay());
  }

  private renewDelay(): number {
    if (!this.current) return 0;
    const lifetimeMs = this.o.lifetimeMinutes * 60_000;
    // A margin as long as the lifetime would renew in a loop: keep at least a tenth of it.
    const margin = Math.min(this.o.renewalMarginMs, lifetimeMs * 0.9);
    return Date.parse(this.current.expirationDateTime) - margin - Date.now();
  }

  private schedule(delayMs: number, retry = false): void {
    this.clearTimer();
    if (this.closed) return;
    const wait = Math.max(0, Math.min(delayMs, MAX_TIMER_MS));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!retry && this.renewDelay() > 0) return this.schedule(this.renewDelay());
      this.run(() => (this.current ? this.renewNow() : this.createNow()), true).catch(() => undefined);
    }, wait);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async persist(): Promise<void> {
    if (this.current) await this.o.store.set(this.o.key, this.current);
  }

  /** `deadline`: the delete at stop(), sent with the final client and bounded by that time. */
  private async deleteQuietly(id: string, deadline?: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      if (deadline === undefined) await this.o.client.request({ method: 'DELETE', url: subscriptionPath(id) });
      else {
        // Not cancelled by the close (it is the close's own request), but over by the deadline:
        // a retry whose wait ends later is not made, and a wait in the pacer's queue ends then.
        const timeoutMs = Math.max(1, deadline - Date.now());
        const bound = new AbortController();
        timer = setTimeout(() => bound.abort(), timeoutMs);
        await (this.o.finalClient ?? this.o.client).request({
          method: 'DELETE',
          url: subscriptionPath(id),
          timeoutMs,
          signal: bound.signal,
        });
      }
      this.o.log(logLine('deleted', { id }));
    } catch (err) {
      // Cancelled by the close (not the delete at stop()): nothing to report.
      if (!isGone(err) && !(isCancelled(err) && deadline === undefined))
        this.o.log(logLine('couldNotDelete', { id, reason: (err as Error).message }));
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One operation at a time. A failure shows in the status and is retried later (unless closing);
   * the returned promise rejects with it for callers that want to know.
   */
  private run(work: () => Promise<void>, retryOnFailure: boolean, evenIfClosed = false): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.closed && !evenIfClosed) return;
      try {
        await work();
      } catch (err) {
        // Closed meanwhile (its requests cancelled by the close, or failed after it): nothing to
        // show on a node that is gone, nothing to retry.
        if (this.closed) throw err;
        this.o.onState({ kind: 'error', error: err as Error });
        if (retryOnFailure) this.schedule(this.o.retryMs ?? 60_000, true);
        throw err;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function subscriptionPath(id: string): string {
  return fillPath('/subscriptions/{id}', { id });
}

function normalResource(resource: string): string {
  return resource.replace(/^\/+|\/+$/g, '').toLowerCase();
}

function normalTypes(changeType: string): string {
  return changeType
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)
    .sort()
    .join(',');
}

/** An ISO date-time Date.parse understands, else undefined. */
function validDate(value: unknown): string | undefined {
  return typeof value === 'string' && value && Number.isFinite(Date.parse(value)) ? value : undefined;
}

/** A usable subscription id: a non-empty string that stays one path segment meaning an id. */
function validId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 && value !== '.' && value !== '..' && !reservedSegment(value);
}

/** The id and expiry of Graph's answer to POST /subscriptions, or an InvalidResponse error. */
function createdSubscription(data: any, status: number): { id: string; expirationDateTime: string } {
  const id = data && typeof data === 'object' ? data.id : undefined;
  const expirationDateTime = data && typeof data === 'object' ? validDate(data.expirationDateTime) : undefined;
  if (!validId(id) || !expirationDateTime) {
    const missing = !validId(id) ? triggerError('noValidId') : triggerError('noValidExpiry');
    throw new EntraError(triggerError('createIncomplete', { status, missing }), {
      code: 'InvalidResponse',
      kind: 'graph',
      statusCode: status,
      // As every 2xx that is not what was asked for.
      statusText: t('status.graph.invalidResponse', { status }),
    });
  }
  return { id, expirationDateTime };
}

/** Why a saved subscription state cannot be used, or undefined when it can. */
function storedProblem(stored: unknown): string | undefined {
  if (!stored || typeof stored !== 'object') return t('errors.state.notObject');
  const s = stored as Record<string, unknown>;
  if (!validId(s.id)) return t('errors.state.noId');
  if (typeof s.clientState !== 'string' || !s.clientState) return t('errors.state.noClientState');
  if (typeof s.hash !== 'string') return t('errors.state.noHash');
  if (!validDate(s.expirationDateTime)) return t('errors.state.noExpiry');
  return undefined;
}

function isGone(err: unknown): boolean {
  return err instanceof EntraError && err.statusCode === 404;
}
