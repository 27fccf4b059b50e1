// entra-user: manager, direct reports and group memberships.
// https://learn.microsoft.com/graph/api/user-list-manager, https://learn.microsoft.com/graph/api/user-post-manager,
// https://learn.microsoft.com/graph/api/user-delete-manager, https://learn.microsoft.com/graph/api/user-list-directreports,
// https://learn.microsoft.com/graph/api/user-list-memberof, https://learn.microsoft.com/graph/api/user-list-transitivememberof,
// https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups
import { USER_ID } from './user-fields';
import { chunk } from '../../lib/batch';
import { EntraError, inputError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import { LIST_INPUTS, listHeaders, listQuery } from '../../lib/list-query';
import type { OperationContext, OperationTable } from '../../lib/runner';
import { encodePathSegment, fillPath } from '../../lib/url-guard';
import { userError } from './user-errors';

/** Graph's limit of group ids per checkMemberGroups call. */
export const CHECK_MEMBER_GROUPS_LIMIT = 20;

const { orderBy: _orderBy, ...RELATION_LIST_INPUTS } = LIST_INPUTS;

/** Graph answers 404 for a user without manager, naming 'manager' as the missing resource. */
function managerNotFound(v: Values, err: EntraError): string {
  return /'manager'/.test(err.graphMessage ?? '') ? userError('noManager', { id: v.userId }) : userError('noUser', { id: v.userId });
}

/** An id, a user principal name (looked up once) or a user object with an id. */
async function userObjectId(ctx: OperationContext, input: string, value: unknown): Promise<string> {
  const o = value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  const raw = o ? (o.id ?? o['@odata.id']) : value;
  if (typeof raw !== 'string' || raw.trim() === '') throw inputError(input, userError('userRef'));
  let text = raw.trim();
  // An @odata.id (https://graph.microsoft.com/v1.0/users/{id}): its last path segment.
  if (/^https:\/\//i.test(text)) text = decodeURIComponent(new URL(text).pathname.split('/').filter(Boolean).pop() ?? '');
  if (!text.includes('@')) return text;
  const res = await ctx.request({ method: 'GET', url: fillPath('/users/{id}', { id: text }), query: { $select: 'id' } });
  return String(res.data?.id);
}

export const relationOperations: OperationTable = {
  getManager: {
    label: 'Get manager',
    summary: "Reads the user's manager.",
    method: 'GET',
    path: '/users/{id}/manager',
    permissions: { application: 'User.Read.All', delegated: 'User.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-list-manager',
    output: 'The manager (a user, with its @odata.type).',
    inputs: { userId: USER_ID },
    notFound: managerNotFound,
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}/manager', v) }),
  },
  setManager: {
    label: 'Set manager',
    summary: "Sets the user's manager.",
    method: 'PUT',
    path: '/users/{id}/manager/$ref',
    permissions: { application: 'User.ReadWrite.All', delegated: 'User.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-post-manager',
    output: '{ id, managerId } (Graph answers 204).',
    inputs: {
      userId: USER_ID,
      managerId: {
        kind: 'any',
        required: true,
        label: 'Manager',
        placeholder: 'object id or userPrincipalName',
        help: 'The manager: an object id, a user principal name (looked up once), an @odata.id URL, or a user object with an id.',
      },
    },
    notFound: (v) =>
      typeof v.managerId === 'string' && v.managerId.trim() !== ''
        ? userError('noUserOrManager', { id: v.userId, managerId: v.managerId })
        : userError('noUserOrManagerAny', { id: v.userId }),
    run: async (v, ctx) => {
      const managerId = await userObjectId(ctx, 'managerId', v.managerId);
      const odataId = `${ctx.client.baseUrl}/users/${encodePathSegment('managerId', managerId)}`;
      const res = await ctx.request({ method: 'PUT', url: fillPath('/users/{userId}/manager/$ref', v), body: { '@odata.id': odataId } });
      return { payload: { id: v.userId, managerId }, statusCode: res.status, headers: res.headers };
    },
  },
  removeManager: {
    label: 'Remove manager',
    summary: "Removes the user's manager.",
    method: 'DELETE',
    path: '/users/{id}/manager/$ref',
    permissions: { application: 'User.ReadWrite.All', delegated: 'User.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-delete-manager',
    output: '{ id, managerRemoved: true } (Graph answers 204).',
    inputs: { userId: USER_ID },
    notFound: managerNotFound,
    request: (v) => ({ method: 'DELETE', url: fillPath('/users/{userId}/manager/$ref', v) }),
    noContent: (v) => ({ id: v.userId, managerRemoved: true }),
  },
  listDirectReports: {
    label: 'List direct reports',
    summary: 'Lists the users (and contacts) who report to the user.',
    method: 'GET',
    path: '/users/{id}/directReports',
    permissions: { application: 'User.Read.All', delegated: 'User.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-list-directreports',
    output: 'The array of direct reports; msg.nextLink when more pages remain.',
    inputs: { userId: USER_ID, ...RELATION_LIST_INPUTS },
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}/directReports', v), query: listQuery(v), headers: listHeaders(v) }),
  },
  listMemberOf: {
    label: 'List groups and roles',
    summary: 'Lists the groups, directory roles and administrative units the user is a member of, directly or through nesting.',
    method: 'GET',
    path: '/users/{id}/memberOf',
    permissions: { application: 'GroupMember.Read.All', delegated: 'GroupMember.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-list-memberof',
    output: 'The array of groups, roles and units, each with its @odata.type; msg.nextLink when more pages remain.',
    inputs: {
      userId: USER_ID,
      transitive: {
        kind: 'boolean',
        default: false,
        label: 'Transitive',
        help: 'true: also what the user belongs to through nested groups (/transitiveMemberOf).',
      },
      onlyGroups: {
        kind: 'boolean',
        default: false,
        label: 'Only groups',
        help: 'true: only the groups (/microsoft.graph.group), without roles and units.',
      },
      ...RELATION_LIST_INPUTS,
    },
    list: true,
    request: (v) => {
      // /microsoft.graph.group casts to groups only (directory roles and administrative units left out).
      const path = `/users/{userId}/${v.transitive ? 'transitiveMemberOf' : 'memberOf'}${v.onlyGroups ? '/microsoft.graph.group' : ''}`;
      return { method: 'GET', url: fillPath(path, v), query: listQuery(v), headers: listHeaders(v) };
    },
  },
  checkMemberGroups: {
    label: 'Check group memberships',
    summary: 'Tells which of the given groups the user is a member of, directly or through nesting (20 ids per request).',
    method: 'POST',
    path: '/users/{id}/checkMemberGroups',
    permissions: { application: 'GroupMember.Read.All', delegated: 'GroupMember.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups',
    output: 'The array of the given group ids the user is a member of.',
    inputs: {
      userId: USER_ID,
      groupIds: {
        kind: 'list',
        required: true,
        label: 'Group ids',
        placeholder: 'id1,id2 or an array',
        help: 'The object ids of the groups to check.',
      },
    },
    validate: (v) => {
      if (v.groupIds.some((g: unknown) => typeof g !== 'string' || g.trim() === '')) throw inputError('groupIds', userError('groupIds'));
    },
    // Transitive; at most 20 ids per call: more are checked 20 at a time and the answers merged.
    run: async (v, ctx) => {
      const ids = [...new Set((v.groupIds as string[]).map((g) => g.trim()))];
      const member: string[] = [];
      let last: { status: number; headers: Record<string, string> } | undefined;
      for (const part of chunk(ids, CHECK_MEMBER_GROUPS_LIMIT)) {
        const res = await ctx.request({
          method: 'POST',
          url: fillPath('/users/{userId}/checkMemberGroups', v),
          body: { groupIds: part },
          idempotent: true,
        });
        member.push(...((res.data?.value ?? []) as string[]));
        last = res;
      }
      return { payload: member, statusCode: last?.status, headers: last?.headers };
    },
  },
};
