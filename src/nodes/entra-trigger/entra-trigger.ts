// entra-trigger: starts a flow when users or groups change in Entra ID. Three ways in:
// - users/groups with delivery "subscription": an HTTPS endpoint on httpNode plus a Graph
//   subscription this node owns (created, reused, renewed, deleted: managed-subscription.ts);
// - users/groups with delivery "polling": delta queries on an interval (delta-poller.ts), for
//   instances Graph cannot reach;
// - webhook: only the endpoint, for a subscription managed with entra-subscription.
import type { EntraConnection } from '../../lib/connection';
import { EntraError, isCancelled } from '../../lib/errors';
import { nodeText, Substitutions, t, useRuntimeMessages } from '../../lib/i18n';
import { closeGraceMs, withinGrace } from '../../lib/in-flight';
import type { NodeDefBase, NodeMessage, RED, RedNode } from '../../lib/red';
import { activity, TriggerActivity } from '../../lib/activity';
import { PermissionNeeds, registerPermissionTable } from '../../lib/permissions';
import { Lease } from '../../lib/lease';
import { derivedSecret, secureStore, sharedStore } from '../../lib/secure-store';
import { withErrorContext } from '../../lib/graph-errors';
import { shortReason } from '../../lib/status';
import { lifetimeMinutes } from '../../lib/subscription-lifetime';
import { registerWebhookEndpoint, WebhookEndpoint } from '../../lib/webhook-endpoint';
import { endpointUrl } from '../../lib/webhook-url';
import { deltaMessages, notificationMessages, resourcePath, TriggerResource } from './change-messages';
import { deliveryId, NotificationDedupe, notificationKey } from './dedupe';
import { DeltaPoller } from './delta-poller';
import { ManagedSubscription, SubscriptionState } from './managed-subscription';
import { TRIGGER_TEXTS } from './trigger-messages';
import { readTriggerSettings, settingsHash, TriggerSettings } from './trigger-settings';
import { logLine, triggerError, warning } from './trigger-texts';

/** What a trigger's resource needs: reading the changed objects (subscriptions and delta queries alike). */
function triggerNeeds(config: Record<string, unknown>): { operation: string; needs: PermissionNeeds } | undefined {
  const resource = config.resource || 'users';
  // https://learn.microsoft.com/graph/api/subscription-post-subscriptions#permissions
  if (resource === 'users') return { operation: 'users', needs: { application: 'User.Read.All', delegated: 'User.Read.All' } };
  if (resource === 'groups') return { operation: 'groups', needs: { application: 'Group.Read.All', delegated: 'Group.Read.All' } };
  return undefined;
}

/**
 * Notification messages a trigger acknowledged (202) but had not sent when it closed for a
 * redeploy (waiting for their fetchResource GET): its successor, the node of the same id in the
 * new flows, emits them. A 202 is a promise to emit (issue 11 item 14).
 */
const handedOver = new Map<string, { msgs: NodeMessage[]; deploy: boolean }>();

/**
 * The notification (its identity, dedupe.ts) each notification message came from: a repeated
 * delivery of it is dropped while the message waits, also in the successor it is handed over to.
 */
const notificationOf = new WeakMap<NodeMessage, string>();

export = function (RED: RED) {
  // Status texts and error reasons in Node-RED's language, from this module's catalogue.
  useRuntimeMessages(RED, 'entra-trigger');
  /** A status text of the trigger's catalogue, in Node-RED's language. */
  const say = (key: keyof typeof TRIGGER_TEXTS.status, subs?: Substitutions) =>
    nodeText(RED, `entra-trigger.status.${key}`, TRIGGER_TEXTS.status[key], subs);
  registerPermissionTable('entra-trigger', triggerNeeds);

  function EntraTriggerNode(this: RedNode, config: NodeDefBase) {
    RED.nodes.createNode(this, config);
    const node = this;
    const connection = RED.nodes.getNode(config.connection) as (EntraConnection & { credentials?: Record<string, unknown> }) | null;
    // Shared by every copy of the flows when settings.js names a context store (entraStateStore).
    const store = sharedStore(RED, node);
    const subscriptionKey = `entra-trigger:${node.id}:subscription`;
    const deltaKey = `entra-trigger:${node.id}:delta`;
    let endpoint: WebhookEndpoint | undefined;
    let subscription: ManagedSubscription | undefined;
    let poller: DeltaPoller | undefined;
    let settings: TriggerSettings | undefined;
    // Messages leave in order, even when fetchResource makes some of them wait for Graph.
    let sending: Promise<void> = Promise.resolve();
    // From the first moment of a close, notifications are answered 503 (Graph retries them) instead
    // of being acknowledged by a node that will not emit them.
    let closing = false;
    /** Acknowledged notification messages not sent yet (in order): handed over if the node closes. */
    const pendingNotifications = new Set<NodeMessage>();
    // Aborted by the close: queued fetchResource GETs are not sent, nor their messages (issue 11
    // item 13); a GET already on the wire is let finish, and the close waits for it (bounded).
    const stopWork = new AbortController();
    const graceMs = closeGraceMs(RED);
    /** Messages the close kept from being emitted and nobody emits later (one warning with the count). */
    let unsent = 0;

    let shown: TriggerActivity | undefined;
    const red = (text: string) => node.status({ fill: 'red', shape: 'ring', text });
    const fail = (raw: unknown) => {
      // A 403 names the permission the resource needs, in the words of the other nodes.
      const err = withErrorContext(raw, { permission: triggerNeeds(config)?.needs.application ?? undefined });
      red(shortReason(err));
      activity.nodeError(
        { id: node.id, type: 'entra-trigger', name: config.name },
        err instanceof Error ? err : new Error(String(err)),
        settings?.resource,
      );
      node.error(err instanceof Error ? err.message : String(err));
    };

    // Notification messages waiting for their fetchResource GET (issue 11 item 15: bounded, so an
    // endpoint flooded with notifications cannot grow it without end). Past the limit notifications
    // are refused with 503, so that Graph delivers them again later (item 14: nothing acknowledged
    // is dropped): one warning when refusing starts, one with the count when the queue has drained.
    let queued = 0;
    let refusedSinceWarning = 0;
    /** Repeated deliveries of a notification (Graph delivers at least once): dedupe.ts. */
    let dedupe: NotificationDedupe | undefined;

    /**
     * The notifications of one POST that are not repeats of one waiting to be emitted (or, with
     * dedupeSeconds, emitted within that window), and how many were repeats. Called after the
     * clientState check: a rejected notification never gets here.
     */
    function withoutRepeats(notifications: any[]): { fresh: Array<{ n: any; key: string; id?: string }>; repeats: number } {
      const fresh: Array<{ n: any; key: string; id?: string }> = [];
      const seen = new Set<string>();
      let repeats = 0;
      for (const n of notifications) {
        const key = notificationKey(n);
        const id = deliveryId(n);
        if (seen.has(key) || (id !== undefined && (seen.has(id) || dedupe?.wasDelivered(id))) || dedupe?.isDuplicate(key)) repeats += 1;
        else {
          seen.add(key);
          if (id !== undefined) seen.add(id);
          fresh.push({ n, key, id });
        }
      }
      return { fresh, repeats };
    }

    /** The notifications of `fresh` were acknowledged: a delivery of one of their ids again is a repeat. */
    function acknowledged(fresh: Array<{ id?: string }>): void {
      dedupe?.acknowledged(fresh.flatMap((f) => (f.id === undefined ? [] : [f.id])));
    }

    /** The messages of a notification, each marked with the notification's identity. */
    function marked(key: string, msgs: NodeMessage[]): NodeMessage[] {
      for (const msg of msgs) notificationOf.set(msg, key);
      return msgs;
    }

    /** Notification messages taken and waiting: a repeat of their notification is dropped meanwhile. */
    const held = new Set<NodeMessage>();
    function hold(msgs: NodeMessage[]): void {
      for (const msg of msgs) {
        const key = notificationOf.get(msg);
        if (key === undefined || held.has(msg)) continue;
        held.add(msg);
        dedupe?.hold(key);
      }
    }
    /** `msg` no longer waits: it was emitted, or it left (`emitted` false: the close, an error). */
    function letGo(msg: NodeMessage, emitted: boolean): void {
      const key = notificationOf.get(msg);
      if (key === undefined) return;
      if (held.delete(msg)) dedupe?.unhold(key);
      if (emitted) dedupe?.remember(key);
    }
    /**
     * A GET for `msg` is being sent: a later notification may report a change that GET does not
     * see, so from now on none of its notification's messages count as waiting (member msgs too).
     */
    function fetching(msg: NodeMessage): void {
      const key = notificationOf.get(msg);
      if (key === undefined) return;
      for (const m of held) {
        if (notificationOf.get(m) !== key) continue;
        held.delete(m);
        dedupe?.unhold(key);
      }
      dedupe?.remember(key);
    }

    /**
     * Takes notification messages to emit; false (nothing taken) when the fetch queue has no room for
     * them. `inherited`: acknowledged before a redeploy, always taken.
     */
    function emitNotifications(msgs: NodeMessage[], inherited = false): boolean {
      const s = settings!;
      if (!s.fetchResource || !connection?.client) {
        hold(msgs);
        void emit(msgs, undefined, true);
        return true;
      }
      // An empty queue takes any batch, so that one POST larger than the limit still goes through.
      if (!inherited && queued > 0 && queued + msgs.length > s.maxQueuedFetches) {
        if (refusedSinceWarning === 0) node.warn(warning('queueFull', { max: s.maxQueuedFetches }));
        refusedSinceWarning += msgs.length;
        return false;
      }
      queued += msgs.length;
      hold(msgs);
      void emit(
        msgs,
        () => {
          queued -= 1;
          if (queued === 0 && refusedSinceWarning > 0) {
            node.warn(warning('queueDrained', { count: refusedSinceWarning }));
            refusedSinceWarning = 0;
          }
        },
        true,
      );
      return true;
    }

    /** Sends msgs in order; `notifications`: acknowledged ones, handed over when the node closes first. */
    function emit(msgs: NodeMessage[], left: () => void = () => undefined, notifications = false): Promise<void> {
      const s = settings!;
      let done = 0;
      /** msgs[done] has left this node: `sent`, or not (the close, an error). */
      const finish = (sent: boolean) => {
        if (notifications) letGo(msgs[done], sent);
        done += 1;
        left();
      };
      if (notifications) for (const msg of msgs) pendingNotifications.add(msg);
      sending = sending
        .then(async () => {
          const client = connection?.client?.withSignal(stopWork.signal);
          for (const msg of msgs) {
            if (s.fetchResource && client) {
              const path = resourcePath(msg);
              if (path) {
                if (notifications) fetching(msg);
                try {
                  msg.resource = (await client.request({ method: 'GET', url: path })).data;
                } catch (err) {
                  // Gone meanwhile (404) leaves msg.resource as it was; anything else is worth a warning.
                  if (!isCancelled(err) && !(err instanceof EntraError && err.statusCode === 404))
                    node.warn(warning('fetchResource', { path, reason: (err as Error).message }));
                }
              }
            }
            // The node closed: this message and the rest are not emitted here. Acknowledged
            // notifications went to the node's successor (the close handler counts them when the
            // node was removed); the others are counted for the warning.
            if (stopWork.signal.aborted) {
              if (!notifications) {
                unsent += msgs.length - done;
                if (shown) shown.counts.dropped += msgs.length - done;
              }
              while (done < msgs.length) finish(false);
              break;
            }
            if (notifications) pendingNotifications.delete(msg);
            node.send(msg);
            if (shown) shown.counts.emitted += 1;
            finish(true);
          }
          activity.changed();
        })
        .catch((err) => {
          if (shown) shown.counts.dropped += msgs.length - done;
          while (done < msgs.length) finish(false);
          node.warn(warning('couldNotEmit', { reason: (err as Error).message }));
        });
      return sending;
    }

    function showSubscription(state: SubscriptionState): void {
      if (shown) {
        shown.subscription = {
          id: subscription?.subscriptionId,
          resource: `/${settings?.resource}`,
          expirationDateTime: state.kind === 'subscribed' ? state.until : shown.subscription?.expirationDateTime,
          nextRenewal: subscription?.nextRenewal,
          state: state.kind,
        };
        activity.changed();
      }
      if (state.kind === 'creating') node.status({ fill: 'blue', shape: 'dot', text: say('subscribing') });
      else if (state.kind === 'renewing') node.status({ fill: 'blue', shape: 'dot', text: say('renewing') });
      else if (state.kind === 'subscribed')
        node.status({ fill: 'green', shape: 'dot', text: say('subscribedUntil', { until: state.until.replace('T', ' ').slice(0, 16) }) });
      else fail(state.error);
    }

    try {
      settings = readTriggerSettings(config, (key, subs) => nodeText(RED, `entra-trigger.errors.${key}`, TRIGGER_TEXTS.errors[key], subs));
    } catch (err) {
      fail(err);
      return;
    }
    const s = settings;
    dedupe = new NotificationDedupe(s.dedupeSeconds * 1000);
    shown = activity.trigger(node.id, () => ({
      id: node.id,
      resource: s.resource,
      delivery: s.delivery,
      counts: { received: 0, emitted: 0, refused: 0, dropped: 0, duplicates: 0 },
    }));
    Object.assign(shown, {
      name: config.name || undefined,
      connection: config.connection,
      resource: s.resource,
      delivery: s.resource === 'webhook' ? 'webhook' : s.delivery,
    });
    const need = triggerNeeds(config);
    if (need && connection?.requirePermissions) {
      connection.requirePermissions({
        id: node.id,
        type: 'entra-trigger',
        name: config.name,
        ...need,
        status: (st) => node.status(st),
        warn: (t) => node.warn(t),
      });
    }
    /**
     * Counts of one batch of notifications: received, refused (wrong clientState), dropped (no
     * message), duplicates (repeated deliveries dropped: dedupe.ts).
     */
    const count = (accepted: number, rejected: number, messages: number, repeats = 0) => {
      shown!.counts.received += accepted + rejected + repeats;
      shown!.counts.refused += rejected;
      shown!.counts.duplicates += repeats;
      if (accepted > 0 && messages === 0) shown!.counts.dropped += accepted;
      activity.changed();
    };
    if (s.resource !== 'webhook' && (!connection || connection.configError || !connection.client)) {
      // The connection reports its own settings error; here only the status says why nothing happens.
      red(connection ? t('status.connectionSettings') : t('status.noConnection'));
      return;
    }

    if (s.resource === 'webhook') startWebhook();
    else if (s.delivery === 'polling') startPolling(s.resource);
    else startSubscription(s.resource);

    // Acknowledged before a redeploy by this node's predecessor and not emitted by it: emitted once
    // the new flows have started (a msg sent while they start may find no node to go to).
    const inherited = handedOver.get(node.id)?.deploy ? handedOver.get(node.id)!.msgs : undefined;
    let emitInherited: (() => void) | undefined;
    if (inherited) {
      handedOver.delete(node.id);
      // Waiting here from now on: Graph's repeats of them are dropped meanwhile too.
      hold(inherited);
      emitInherited = () => {
        RED.events?.removeListener('flows:started', emitInherited!);
        emitInherited = undefined;
        node.log(warning('handedOver', { count: inherited.length }));
        emitNotifications(inherited, true);
      };
      if (RED.events) RED.events.on('flows:started', emitInherited);
      else setImmediate(() => emitInherited?.());
    }

    /**
     * Keeps `msgs` for the node of this id in the new flows. Only a deploy has one: Node-RED says
     * whether the stop was one once every node has closed (runtime-state "stop", `deploy`); after a
     * plain stop (shutdown, "stop flows") they are not emitted, with one warning with their number.
     */
    function handOver(msgs: NodeMessage[]): void {
      const entry = { msgs: [...(handedOver.get(node.id)?.msgs ?? []), ...msgs], deploy: false };
      handedOver.set(node.id, entry);
      const settle = (e: { id?: string; payload?: { state?: string; deploy?: boolean } }) => {
        if (e?.id !== 'runtime-state' || e.payload?.state !== 'stop') return;
        RED.events?.removeListener('runtime-event', settle);
        if (handedOver.get(node.id) !== entry) return;
        if (e.payload.deploy) entry.deploy = true;
        else {
          handedOver.delete(node.id);
          node.warn(t('cancel.notifications', { count: entry.msgs.length }));
        }
      };
      RED.events!.on('runtime-event', settle);
    }

    node.on('close', (removed: boolean, done: () => void) => {
      closing = true;
      if (emitInherited) {
        // Closed before the flows started: still not emitted, still this node id's to emit.
        RED.events?.removeListener('flows:started', emitInherited);
        emitInherited = undefined;
        for (const msg of inherited!) pendingNotifications.add(msg);
      }
      if (pendingNotifications.size) {
        // Acknowledged, not sent yet (waiting for fetchResource): the next node of this id fetches and
        // emits them. A removed trigger has no successor: they count for the warning below.
        if (removed || !RED.events) {
          unsent += pendingNotifications.size;
          if (shown) shown.counts.dropped += pendingNotifications.size;
        } else handOver([...pendingNotifications]);
        pendingNotifications.clear();
      }
      connection?.releasePermissions?.(node.id);
      activity.forget(node.id, removed);
      const stopping: Promise<unknown>[] = [];
      // Its renewal, create, lifecycle or cleanup requests waiting (a Retry-After, the pacer's
      // queue) end at once (stopWork below); one on the wire may finish, and the delete of a removed
      // node's subscription still goes out: all within graceMs.
      if (subscription)
        stopping.push(
          withinGrace(
            subscription.stop(removed, graceMs).catch((err) => node.warn(warning('couldNotDelete', { reason: (err as Error).message }))),
            graceMs,
          ),
        );
      if (poller) stopping.push(poller.stop(graceMs));
      // Every Graph request of this node but that delete carries stopWork's signal: queued
      // fetchResource GETs are not sent, a renewal or poll waiting out a Retry-After ends; one on
      // the wire may finish (at most graceMs).
      stopWork.abort();
      stopping.push(
        withinGrace(sending, graceMs).then(() => {
          if (unsent > 0) node.warn(t('cancel.notifications', { count: unsent }));
        }),
      );
      Promise.all(stopping)
        .then(async () => {
          // The route goes last: a subscription being created still needs it for Graph's handshake.
          endpoint?.close();
          endpoint = undefined;
          if (removed) await store.delete(deltaKey).catch(() => undefined);
        })
        .finally(() => done());
    });

    function startWebhook(): void {
      const secret =
        typeof node.credentials?.clientState === 'string' && node.credentials.clientState ? node.credentials.clientState : undefined;
      if (s.fetchResource && !secret) {
        // Anyone who finds the endpoint could make the node GET Graph with the app's token.
        fail(
          new EntraError(triggerError('fetchResourceNeedsClientState'), {
            code: 'InvalidInput',
            kind: 'input',
            statusText: say('fetchNeedsClientState'),
          }),
        );
        return;
      }
      endpoint = registerWebhookEndpoint(RED, {
        path: s.path,
        clientStates: () => (secret ? [secret] : undefined),
        ready: () => !closing,
        onNotifications: (accepted, rejected) => {
          if (rejected) node.warn(warning('wrongClientState', { count: rejected }));
          const { fresh, repeats } = withoutRepeats(accepted);
          const msgs: NodeMessage[] = [];
          for (const { n, key } of fresh) {
            // Lifecycle events of a subscription managed elsewhere: the flow decides what to do.
            if (n.lifecycleEvent) msgs.push(...marked(key, [{ topic: n.lifecycleEvent, payload: n }]));
            else msgs.push(...marked(key, notificationMessages(n, s.changeTypes.length ? s.changeTypes : undefined)));
          }
          if (!emitNotifications(msgs)) return false;
          acknowledged(fresh);
          count(fresh.length, rejected, msgs.length, repeats);
          return true;
        },
      });
      node.status({ fill: 'green', shape: 'dot', text: say('listening', { path: endpoint.path }) });
    }

    function startPolling(resource: TriggerResource): void {
      // Cancelled by the close: a round waiting out a Retry-After ends then.
      const client = connection!.client!.withSignal(stopWork.signal);
      const hash = settingsHash({ mode: 'polling', resource }, connection!);
      const every = say('polling', { seconds: s.pollIntervalMs / 1000 });
      shown!.polling = { intervalSeconds: s.pollIntervalMs / 1000 };
      // Several copies: one polls, the others stand by and take over when its lease runs out.
      const lease = store.shared
        ? new Lease({ store, key: `entra-trigger:${node.id}:poll-lease`, durationMs: Math.max(3 * s.pollIntervalMs, 3000) })
        : undefined;
      poller = new DeltaPoller({
        client,
        store,
        key: deltaKey,
        hash,
        resource,
        intervalMs: s.pollIntervalMs,
        fullSync: s.fullSync,
        lease,
        closeGraceMs: graceMs,
        onStandby: (standby) =>
          node.status(standby ? { fill: 'grey', shape: 'ring', text: say('standby') } : { fill: 'green', shape: 'dot', text: every }),
        log: (line) => node.log(line),
        warn: (line) => node.warn(line),
        onError: (err) => fail(err),
        onRound: async ({ items, resync }) => {
          const msgs = items.flatMap((item) => deltaMessages(resource, item, s.changeTypes));
          const now = new Date().toISOString();
          shown!.polling = {
            intervalSeconds: s.pollIntervalMs / 1000,
            lastPoll: now,
            lastChange: items.length ? now : shown!.polling?.lastChange,
          };
          count(items.length, 0, msgs.length);
          if (resync) {
            // Graph answered 410 Gone: the sync started over, so every object is reported again.
            for (const m of msgs) m.resync = true;
            node.warn(warning('deltaExpired', { resource }));
          }
          await emit(msgs);
          node.status({ fill: resync ? 'yellow' : 'green', shape: 'dot', text: resync ? say('resynced', { polling: every }) : every });
        },
      });
      node.status({ fill: 'blue', shape: 'dot', text: every });
      // A subscription this node held in subscription mode is not needed any more.
      ManagedSubscription.deleteStored(client, store, subscriptionKey, (l) => node.log(l))
        .catch((err) => {
          if (!isCancelled(err)) node.warn(warning('couldNotDeleteOld', { reason: (err as Error).message }));
        })
        .then(() => poller?.start())
        .catch(fail);
    }

    function startSubscription(resource: TriggerResource): void {
      const base = connection!.webhookBaseUrl;
      if (!base) {
        // A warning, not an error: the node is fine, it only has nowhere to be reached.
        red(say('noWebhookBaseUrl'));
        node.warn(warning('noWebhookBaseUrl'));
        return;
      }
      if (!/^https:\/\//i.test(base)) {
        fail(new Error(triggerError('webhookBaseUrlHttps', { value: base })));
        return;
      }
      const notificationUrl = endpointUrl(base, RED.settings.httpNodeRoot, s.path);
      const changeType = s.changeTypes.join(',');
      const hash = settingsHash(
        { mode: 'subscription', resource, changeType, notificationUrl, expirationDateTime: s.expirationDateTime },
        connection!,
      );
      // Several copies: one subscription between them, whose clientState every copy knows.
      const shared = store.shared
        ? { clientState: derivedSecret(RED, `entra-trigger:${node.id}:clientState:${hash}`).slice(0, 64) }
        : undefined;
      // Its requests are cancelled by the close (a renewal waiting out a Retry-After ends then),
      // except the delete of a removed node's subscription (bounded by the close's grace instead).
      const client = connection!.client!.withSignal(stopWork.signal);
      const managed = new ManagedSubscription({
        client,
        finalClient: connection!.client!,
        store,
        key: subscriptionKey,
        hash,
        shared,
        resource: `/${resource}`,
        changeType,
        notificationUrl,
        lifetimeMinutes: lifetimeMinutes(s.expirationDateTime, `/${resource}`),
        renewalMarginMs: s.renewalMarginMs,
        retryMs: Math.min(60_000, Math.max(1000, (lifetimeMinutes(s.expirationDateTime, `/${resource}`) * 60_000) / 4)),
        onState: showSubscription,
        onReport: (event, detail) => {
          node.warn(
            warning('recreated', {
              event,
              previous: String(detail.previousSubscriptionId ?? '-'),
              current: String(detail.subscriptionId ?? '-'),
            }),
          );
          void emit([{ topic: event, payload: { lifecycleEvent: event, ...detail } }]);
        },
        log: (line) => node.log(line),
        warn: (line) => node.warn(line),
      });
      subscription = managed;
      endpoint = registerWebhookEndpoint(RED, {
        path: s.path,
        clientStates: () => managed.clientStates(),
        ready: () => !closing && managed.ready,
        onNotifications: (accepted, rejected) => {
          if (rejected) node.warn(warning('wrongClientState', { count: rejected }));
          /** Emits `mine`; false (nothing done) when the node cannot take them now: a 503. */
          const take = (mine: any[]): boolean => {
            // Lifecycle events are handled, not emitted: a repeat only reauthorizes once more.
            const { fresh, repeats } = withoutRepeats(mine.filter((n) => !n.lifecycleEvent));
            const msgs: NodeMessage[] = [];
            for (const { n, key } of fresh) msgs.push(...marked(key, notificationMessages(n, s.changeTypes)));
            if (!emitNotifications(msgs)) return false;
            acknowledged(fresh);
            for (const n of mine) if (n.lifecycleEvent) managed.lifecycle(n.lifecycleEvent, n.subscriptionId).catch(() => undefined);
            count(fresh.length, rejected, msgs.length, repeats);
            return true;
          };
          if (!shared) return take(accepted);
          // Several copies: a duplicate subscription (copies that created at the same moment, until
          // one is kept) reports the same changes again; only the kept one's notifications count.
          // The answer waits for this check: a 202 only once they are taken (503 if the node closed).
          const taken = owning.then(async () => {
            const mine: any[] = [];
            for (const n of accepted) if (await managed.owns(n.subscriptionId)) mine.push(n);
            if (mine.length < accepted.length) node.debug(logLine('duplicateIgnored', { count: accepted.length - mine.length }));
            return !closing && take(mine);
          });
          owning = taken.then(
            () => undefined,
            (err) => node.warn(warning('couldNotCheck', { reason: (err as Error).message })),
          );
          return taken;
        },
      });
      let owning: Promise<void> = Promise.resolve();
      // A subscription this node made before the state was shared (its clientState is not the
      // shared one): deleted, so that no copy adopts it.
      const before = shared
        ? ManagedSubscription.deleteStored(client, secureStore(RED), subscriptionKey, (l) => node.log(l)).catch((err) => {
            if (!isCancelled(err)) node.warn(warning('couldNotDeleteOld', { reason: (err as Error).message }));
          })
        : Promise.resolve();
      void before.then(() => managed.start()).catch(() => undefined); // failures show in the status (onState) and are retried
    }
  }

  RED.nodes.registerType('entra-trigger', EntraTriggerNode, { credentials: { clientState: { type: 'password' } } });
};
