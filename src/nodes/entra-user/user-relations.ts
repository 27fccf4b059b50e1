// entra-user: manager, direct reports and group memberships.
// https://learn.microsoft.com/graph/api/user-list-manager, https://learn.microsoft.com/graph/api/user-post-manager,
// https://learn.microsoft.com/graph/api/user-delete-manager, https://learn.microsoft.com/graph/api/user-list-directreports,
// https://learn.microsoft.com/graph/api/user-list-memberof, https://learn.microsoft.com/graph/api/user-list-transitivememberof,
// https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups
import { chunk } from '../../lib/batch';
import { EntraError, inputError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import { LIST_INPUTS, listHeaders, listQuery } from '../../lib/list-query';
import type { OperationContext, OperationTable } from '../../lib/runner';
import { encodePathSegment, fillPath } from '../../lib/url-guard';

/** Graph's limit of group ids per checkMemberGroups call. */
export const CHECK_MEMBER_GROUPS_LIMIT = 20;

const { orderBy: _orderBy, ...RELATION_LIST_INPUTS } = LIST_INPUTS;

/** Graph answers 404 for a user without manager, naming 'manager' as the missing resource. */
function managerNotFound(v: Values, err: EntraError): string {
  return /'manager'/.test(err.graphMessage ?? '') ? `No manager: user ${v.userId} has no manager` : `Not found: no user ${v.userId}`;
}

/** An id, a user principal name (looked up once) or a user object with an id. */
async function userObjectId(ctx: OperationContext, input: string, value: unknown): Promise<string> {
  const raw = value && typeof value === 'object' ? (value as Record<string, unknown>).id : value;
  if (typeof raw !== 'string' || raw.trim() === '') throw inputError(input, 'must be a user id or user principal name');
  const text = raw.trim();
  if (!text.includes('@')) return text;
  const res = await ctx.request({ method: 'GET', url: fillPath('/users/{id}', { id: text }), query: { $select: 'id' } });
  return String(res.data?.id);
}

export const relationOperations: OperationTable = {
  getManager: {
    permission: 'User.Read.All',
    inputs: { userId: { kind: 'string', required: true } },
    notFound: managerNotFound,
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}/manager', v) }),
  },
  setManager: {
    permission: 'User.ReadWrite.All',
    inputs: { userId: { kind: 'string', required: true }, managerId: { kind: 'any', required: true } },
    notFound: (v) => `Not found: no user ${v.userId}, or no manager ${typeof v.managerId === 'string' ? v.managerId : ''}`.trim(),
    run: async (v, ctx) => {
      const managerId = await userObjectId(ctx, 'managerId', v.managerId);
      const odataId = `${ctx.client.baseUrl}/users/${encodePathSegment('managerId', managerId)}`;
      const res = await ctx.request({ method: 'PUT', url: fillPath('/users/{userId}/manager/$ref', v), body: { '@odata.id': odataId } });
      return { payload: { id: v.userId, managerId }, statusCode: res.status, headers: res.headers };
    },
  },
  removeManager: {
    permission: 'User.ReadWrite.All',
    inputs: { userId: { kind: 'string', required: true } },
    notFound: managerNotFound,
    request: (v) => ({ method: 'DELETE', url: fillPath('/users/{userId}/manager/$ref', v) }),
    noContent: (v) => ({ id: v.userId, managerRemoved: true }),
  },
  listDirectReports: {
    permission: 'User.Read.All',
    inputs: { userId: { kind: 'string', required: true }, ...RELATION_LIST_INPUTS },
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}/directReports', v), query: listQuery(v), headers: listHeaders(v) }),
  },
  listMemberOf: {
    permission: 'GroupMember.Read.All',
    inputs: {
      userId: { kind: 'string', required: true },
      transitive: { kind: 'boolean', default: false },
      onlyGroups: { kind: 'boolean', default: false },
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
    permission: 'GroupMember.Read.All',
    inputs: { userId: { kind: 'string', required: true }, groupIds: { kind: 'list', required: true } },
    validate: (v) => {
      if (v.groupIds.some((g: unknown) => typeof g !== 'string' || g.trim() === '')) throw inputError('groupIds', 'must be a list of group ids');
    },
    // Transitive; at most 20 ids per call: more are checked 20 at a time and the answers merged.
    run: async (v, ctx) => {
      const ids = [...new Set((v.groupIds as string[]).map((g) => g.trim()))];
      const member: string[] = [];
      let last: { status: number; headers: Record<string, string> } | undefined;
      for (const part of chunk(ids, CHECK_MEMBER_GROUPS_LIMIT)) {
        const res = await ctx.request({ method: 'POST', url: fillPath('/users/{userId}/checkMemberGroups', v), body: { groupIds: part }, idempotent: true });
        member.push(...((res.data?.value ?? []) as string[]));
        last = res;
      }
      return { payload: member, statusCode: last?.status, headers: last?.headers };
    },
  },
};
