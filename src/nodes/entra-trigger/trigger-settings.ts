// entra-trigger's settings, read and checked once at deploy: a wrong setting is a clear error
// before any route or subscription exists.
import { createHash } from 'crypto';
import type { EntraConnection } from '../../lib/connection';
import { inputError } from '../../lib/errors';
import type { NodeDefBase } from '../../lib/red';
import { fill, Substitutions } from '../../lib/i18n';
import { lifetimeMinutes } from '../../lib/subscription-lifetime';
import { parseChangeTypes, TriggerResource } from './change-messages';
import { TRIGGER_TEXTS } from './trigger-messages';

/** An error reason of the trigger's catalogue (entra-trigger.errors.…); English when none is given. */
export type TriggerErrorText = (key: keyof typeof TRIGGER_TEXTS.errors, subs?: Substitutions) => string;
const english: TriggerErrorText = (key, subs) => fill(TRIGGER_TEXTS.errors[key], subs);

export interface TriggerSettings {
  resource: TriggerResource | 'webhook';
  delivery: 'subscription' | 'polling';
  changeTypes: string[];
  expirationDateTime: string;
  path: string;
  pollIntervalMs: number;
  fetchResource: boolean;
  /** With fetchResource: the most notification messages waiting for their GET; more are dropped. */
  maxQueuedFetches: number;
  /**
   * Notifications: a repeat of one emitted within this many seconds is dropped (0: off; a repeat of
   * one still waiting to be emitted is always dropped). dedupe.ts.
   */
  dedupeSeconds: number;
  fullSync: boolean;
  renewalMarginMs: number;
}

/** A trigger saved before the setting existed reads as this. */
export const DEFAULT_MAX_QUEUED_FETCHES = 300;

const truthy = (v: unknown) => v === true || v === 'true';

export function readTriggerSettings(config: NodeDefBase, text: TriggerErrorText = english): TriggerSettings {
  const resource = config.resource || 'users';
  if (!['users', 'groups', 'webhook'].includes(resource)) throw inputError('resource', text('resource', { value: resource }));
  const delivery = config.delivery || 'subscription';
  if (!['subscription', 'polling'].includes(delivery)) throw inputError('delivery', text('delivery', { value: delivery }));
  const changeTypes = parseChangeTypes(config.changeType === undefined || config.changeType === '' ? 'updated,deleted' : config.changeType);
  for (const t of changeTypes)
    if (!['created', 'updated', 'deleted'].includes(t)) throw inputError('changeType', text('changeType', { value: t }));
  if (resource !== 'webhook' && changeTypes.includes('created')) {
    // https://learn.microsoft.com/graph/api/resources/subscription: "Use updated to receive
    // notifications when user or group is created, updated, or soft deleted."
    throw inputError('changeType', text('created'));
  }
  if (resource !== 'webhook' && changeTypes.length === 0) throw inputError('changeType', text('noChangeType'));
  const poll = config.pollIntervalSeconds === undefined || config.pollIntervalSeconds === '' ? 60 : Number(config.pollIntervalSeconds);
  if (!Number.isFinite(poll) || poll <= 0)
    throw inputError('pollIntervalSeconds', text('pollInterval', { value: String(config.pollIntervalSeconds) }));
  const margin = config.renewalMarginMinutes === undefined || config.renewalMarginMinutes === '' ? 60 : Number(config.renewalMarginMinutes);
  if (!Number.isFinite(margin) || margin < 0)
    throw inputError('renewalMarginMinutes', text('renewalMargin', { value: String(config.renewalMarginMinutes) }));
  // Issue 11 item 15: anyone who can POST to the endpoint must not grow the fetch queue without end.
  const maxQueued =
    config.maxQueuedFetches === undefined || config.maxQueuedFetches === '' ? DEFAULT_MAX_QUEUED_FETCHES : Number(config.maxQueuedFetches);
  if (!Number.isInteger(maxQueued) || maxQueued < 1)
    throw inputError('maxQueuedFetches', text('maxQueuedFetches', { value: String(config.maxQueuedFetches) }));
  // Off unless set: two real changes of one object within the window would give one msg.
  const dedupe = config.dedupeSeconds === undefined || config.dedupeSeconds === '' ? 0 : Number(config.dedupeSeconds);
  if (!Number.isFinite(dedupe) || dedupe < 0)
    throw inputError('dedupeSeconds', text('dedupeSeconds', { value: String(config.dedupeSeconds) }));
  const expirationDateTime = String(config.expirationDateTime ?? '').trim();
  if (resource !== 'webhook' && delivery === 'subscription') {
    // An input error of expirationDateTime when the setting is not a lifetime.
    lifetimeMinutes(expirationDateTime, `/${resource}`);
  }
  let path = String(config.path ?? '').trim() || `/entra-trigger/${config.id}`;
  if (!path.startsWith('/')) path = `/${path}`;
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path) || path.includes('/../')) throw inputError('path', text('path', { value: path }));
  return {
    resource,
    delivery,
    changeTypes,
    expirationDateTime,
    path,
    pollIntervalMs: poll * 1000,
    fetchResource: truthy(config.fetchResource),
    maxQueuedFetches: maxQueued,
    dedupeSeconds: dedupe,
    fullSync: truthy(config.fullSync),
    renewalMarginMs: margin * 60_000,
  };
}

/** Everything a stored subscription or deltaLink depends on: a change means starting over. */
export function settingsHash(
  parts: Record<string, unknown>,
  connection: EntraConnection & { credentials?: Record<string, unknown> },
): string {
  const identity = { graphBaseUrl: connection.graphBaseUrl, tenantId: connection.tenantId, clientId: connection.credentials?.clientId };
  return createHash('sha256')
    .update(JSON.stringify({ ...parts, identity }))
    .digest('hex');
}
