// References to directory objects as Graph's $ref requests and @odata.bind lists expect them
// (members and owners of groups, owners of applications).
import { inputError } from './errors';
import { t } from './i18n';
import { encodePathSegment } from './url-guard';

export interface MemberRef {
  /** The member's object id. */
  id: string;
  /** The reference Graph expects: https://graph.microsoft.com/v1.0/directoryObjects/{id}. */
  odataId: string;
}

/**
 * A member given as an @odata.id URL, a bare object id (expanded to
 * `<graphBaseUrl>/directoryObjects/<id>`), or an object with `@odata.id` or `id` (a user from a
 * list), as https://learn.microsoft.com/graph/api/group-post-members expects.
 */
export function memberRef(graphBaseUrl: string, input: string, value: unknown): MemberRef {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    value = o['@odata.id'] ?? o.id;
  }
  if (typeof value !== 'string' || value.trim() === '')
    throw inputError(input, t('errors.refEntry', { value: String(JSON.stringify(value)?.slice(0, 60)) }));
  const text = value.trim();
  if (/^https:\/\//i.test(text)) {
    const segment = new URL(text).pathname.split('/').filter(Boolean).pop() ?? '';
    return { id: decodeURIComponent(segment), odataId: text };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) throw inputError(input, t('errors.odataIdHttps', { value: text.slice(0, 60) }));
  return { id: text, odataId: `${graphBaseUrl.replace(/\/+$/, '')}/directoryObjects/${encodePathSegment(input, text)}` };
}

/** The members of a bulk input, each once (Graph refuses a chunk that names a member twice). */
export function memberRefs(graphBaseUrl: string, input: string, values: unknown[]): MemberRef[] {
  const seen = new Set<string>();
  const out: MemberRef[] = [];
  for (const value of values) {
    const ref = memberRef(graphBaseUrl, input, value);
    if (seen.has(ref.id.toLowerCase())) continue;
    seen.add(ref.id.toLowerCase());
    out.push(ref);
  }
  return out;
}

/** A member id to remove: a bare id, or the last segment of an @odata.id URL, or an object's id. */
export function memberIdOf(input: string, value: unknown): string {
  return memberRef('https://graph.invalid', input, value).id;
}
