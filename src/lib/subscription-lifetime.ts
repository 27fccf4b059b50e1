// How long a Graph subscription may live, and the expirationDateTime to ask for.
// https://learn.microsoft.com/graph/api/resources/subscription#subscription-lifetime
import { inputError } from './errors';
import { t } from './i18n';

/** Users, groups and other directory resources: 41,760 minutes (under 29 days). */
export const DIRECTORY_MAX_MINUTES = 41_760;
/** Outlook resources (messages, events, contacts): 10,080 minutes (7 days). */
const OUTLOOK_MAX_MINUTES = 10_080;
/** Anything else: the shortest documented lifetime, 60 minutes, is always accepted. */
const FALLBACK_MAX_MINUTES = 60;

export function maxExpirationMinutes(resource: string): number {
  const first = resource.replace(/^\/+/, '').split(/[/(?]/)[0].toLowerCase();
  if (['users', 'groups', 'directory', 'serviceprincipals', 'applications', 'devices'].includes(first)) return DIRECTORY_MAX_MINUTES;
  if (first === 'me' || /\/(messages|events|contacts|mailfolders)/i.test(resource)) return OUTLOOK_MAX_MINUTES;
  return FALLBACK_MAX_MINUTES;
}

/**
 * The lifetime a setting asks for, in minutes: empty = the longest allowed for the resource; a
 * number = minutes from now (fractions allowed); an ISO date-time = until then.
 */
export function lifetimeMinutes(setting: unknown, resource: string, now = Date.now()): number {
  const max = maxExpirationMinutes(resource);
  if (setting === undefined || setting === null || String(setting).trim() === '') return max;
  const text = String(setting).trim();
  const n = Number(text);
  if (Number.isFinite(n)) {
    if (n <= 0) throw inputError('expirationDateTime', t('errors.lifetime.notFuture', { value: text }));
    return Math.min(n, max);
  }
  const time = Date.parse(text);
  if (!Number.isFinite(time)) throw inputError('expirationDateTime', t('errors.lifetime.invalid', { value: text }));
  if (time <= now) throw inputError('expirationDateTime', t('errors.lifetime.past', { value: text }));
  return Math.min((time - now) / 60_000, max);
}

export function expirationIso(minutes: number, now = Date.now()): string {
  return new Date(now + minutes * 60_000).toISOString();
}
