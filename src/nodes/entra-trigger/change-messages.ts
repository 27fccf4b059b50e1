// What entra-trigger emits: one msg per change notification (msg.payload the notification, msg.topic
// its changeType), plus memberAdded / memberRemoved msgs for group membership changes. Polling
// builds the same shape from delta items, so a flow does not care how the change arrived.
import type { NodeMessage } from '../../lib/red';
import { fillPath } from '../../lib/url-guard';

export type TriggerResource = 'users' | 'groups';

const ENTITY: Record<TriggerResource, string> = { users: 'Users', groups: 'Groups' };
const ODATA_TYPE: Record<TriggerResource, string> = { users: '#Microsoft.Graph.User', groups: '#Microsoft.Graph.Group' };

export function parseChangeTypes(value: unknown): string[] {
  return String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** members@delta entries → memberAdded / memberRemoved msgs (an entry with @removed left the group). */
function memberMessages(groupId: string, members: unknown, extra: Record<string, unknown>): NodeMessage[] {
  if (!Array.isArray(members)) return [];
  return members
    .filter((m) => m && typeof m === 'object' && typeof m.id === 'string')
    .map((m) => {
      const topic = m['@removed'] ? 'memberRemoved' : 'memberAdded';
      return {
        topic,
        payload: {
          changeType: topic,
          groupId,
          member: { id: m.id, '@odata.type': m['@odata.type'] },
          resource: `Groups/${groupId}`,
          ...extra,
        },
      };
    });
}

/** A notification Graph POSTed: its own msg (when its changeType is wanted) and member msgs. */
export function notificationMessages(n: any, wanted: string[] | undefined): NodeMessage[] {
  const out: NodeMessage[] = [];
  if (!wanted || wanted.includes(n.changeType)) out.push({ topic: n.changeType, payload: n });
  const data = n.resourceData;
  if (data && typeof data === 'object' && typeof data.id === 'string' && Array.isArray(data['members@delta'])) {
    const extra: Record<string, unknown> = {};
    if (n.subscriptionId) extra.subscriptionId = n.subscriptionId;
    if (n.tenantId) extra.tenantId = n.tenantId;
    out.push(...memberMessages(data.id, data['members@delta'], extra));
  }
  return out;
}

/**
 * A delta item as a notification would have reported it: a soft delete (`@removed` reason
 * `changed`) is `updated`, as Graph's webhooks report it; a permanent one `deleted`. A group whose
 * only change is its membership produces member msgs only.
 */
export function deltaMessages(resource: TriggerResource, item: any, wanted: string[]): NodeMessage[] {
  if (!item || typeof item.id !== 'string') return [];
  const id: string = item.id;
  const removed = item['@removed'];
  const changeType = removed && removed.reason === 'deleted' ? 'deleted' : 'updated';
  const members = resource === 'groups' ? item['members@delta'] : undefined;
  const otherKeys = Object.keys(item).filter((k) => k !== 'id' && k !== 'members@delta' && k !== '@odata.type');
  const membershipOnly = Array.isArray(members) && otherKeys.length === 0;
  const out: NodeMessage[] = [];
  if (!membershipOnly && wanted.includes(changeType)) {
    out.push({
      topic: changeType,
      payload: {
        changeType,
        resource: `${ENTITY[resource]}/${id}`,
        resourceData: { '@odata.type': ODATA_TYPE[resource], '@odata.id': `${ENTITY[resource]}/${id}`, id },
      },
      resource: item,
    });
  }
  out.push(...memberMessages(id, members, {}));
  return out;
}

/** The Graph path of the object a msg is about, for fetchResource (undefined: nothing to fetch). */
export function resourcePath(msg: NodeMessage): string | undefined {
  const p = msg.payload;
  if (!p || typeof p !== 'object' || p.changeType === 'deleted') return undefined;
  if (msg.topic === 'memberAdded') {
    // The member that joined.
    const type = String(p.member?.['@odata.type'] ?? '').toLowerCase();
    const collection = type.endsWith('.group') ? 'groups' : type.endsWith('.user') ? 'users' : 'directoryObjects';
    return objectPath(collection, p.member.id);
  }
  if (msg.topic === 'memberRemoved') return undefined;
  const type = String(p.resourceData?.['@odata.type'] ?? '').toLowerCase();
  const id = p.resourceData?.id;
  if (typeof id === 'string' && type.endsWith('.user')) return objectPath('users', id);
  if (typeof id === 'string' && type.endsWith('.group')) return objectPath('groups', id);
  // Other resources (webhook mode): Graph writes `resource` relative to the version root.
  if (typeof p.resource === 'string' && p.resource && safeResourcePath(p.resource)) return `/${p.resource.replace(/^\/+/, '')}`;
  return undefined;
}

/**
 * A notification's `resource` is fetched only when, decoded (repeatedly: `%252e` too), it is a plain
 * path: no scheme, no dot segments (`users/%2e%2e/%2e%2e/beta/organization` would climb to
 * `/beta/organization`), no backslash, query or fragment.
 */
export function safeResourcePath(resource: string): boolean {
  let text = resource;
  for (let i = 0; i < 5; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      return false;
    }
    if (decoded === text) break;
    text = decoded;
    if (i === 4) return false;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//')) return false;
  if (/[\\?#\p{Cc}]/u.test(text)) return false;
  return !text.split('/').some((seg) => seg === '.' || seg === '..');
}

/** `/users/{id}` with the id as exactly one segment; undefined when it cannot be one ("..", not text). */
function objectPath(collection: string, id: unknown): string | undefined {
  try {
    return fillPath(`/${collection}/{id}`, { id });
  } catch {
    return undefined;
  }
}
