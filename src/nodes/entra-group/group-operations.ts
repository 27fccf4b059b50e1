// entra-group's operations as a table: what each one reads and which request it makes.
// https://learn.microsoft.com/graph/api/resources/group
import { mergeAdditional } from '../../lib/body';
import type { Values } from '../../lib/inputs';
import { LIST_INPUTS, listHeaders, listQuery, selectParam } from '../../lib/list-query';
import type { OperationTable } from '../../lib/runner';
import { runUpsert } from '../../lib/upsert';
import { fillPath } from '../../lib/url-guard';
import { createGroupTypes, groupTypes } from './group-fields';
import { deletedItemsOperations } from '../../lib/deleted-items';
import { addMember, membershipNotFound, removeMember } from './group-members';
import { addOwner, removeOwner } from './group-owners';

const { orderBy: _orderBy, ...MEMBER_LIST_INPUTS } = LIST_INPUTS;

export const groupOperations: OperationTable = {
  create: {
    permission: 'Group.ReadWrite.All',
    inputs: {
      displayName: { kind: 'string', required: true },
      mailEnabled: { kind: 'boolean', default: true },
      mailNickname: { kind: 'string', required: true },
      securityEnabled: { kind: 'boolean', default: true },
      groupTypes: { kind: 'list' },
      additionalProperties: { kind: 'object' },
    },
    request: (v) => ({
      method: 'POST',
      url: '/groups',
      body: mergeAdditional(
        { displayName: v.displayName, mailEnabled: v.mailEnabled, mailNickname: v.mailNickname, securityEnabled: v.securityEnabled, groupTypes: createGroupTypes(v) },
        v.additionalProperties,
      ),
    }),
  },
  get: {
    permission: 'Group.Read.All',
    inputs: { groupId: { kind: 'string', required: true }, select: { kind: 'stringOrList' } },
    request: (v) => ({ method: 'GET', url: fillPath('/groups/{groupId}', v), query: { $select: selectParam(v.select) } }),
  },
  list: {
    permission: 'Group.Read.All',
    inputs: LIST_INPUTS,
    list: true,
    request: (v) => ({ method: 'GET', url: '/groups', query: listQuery(v), headers: listHeaders(v) }),
  },
  delete: {
    permission: 'Group.ReadWrite.All',
    inputs: { groupId: { kind: 'string', required: true } },
    request: (v) => ({ method: 'DELETE', url: fillPath('/groups/{groupId}', v) }),
    noContent: (v) => ({ id: v.groupId, deleted: true }),
  },
  upsert: {
    permission: 'Group.ReadWrite.All',
    inputs: {
      uniqueName: { kind: 'string', required: true },
      useAsUpsert: { kind: 'boolean', default: true },
      displayName: { kind: 'string' },
      // Booleans left empty are not sent: an update never flips them [CONTRACT Decisions].
      mailEnabled: { kind: 'boolean' },
      mailNickname: { kind: 'string' },
      securityEnabled: { kind: 'boolean' },
      groupTypes: { kind: 'list' },
      additionalProperties: { kind: 'object' },
    },
    notFound: (v) => `Not found: no group with uniqueName '${v.uniqueName}'${v.useAsUpsert ? '' : ' (Use as upsert is off, so none was created)'}`,
    run: (v, ctx) => runUpsert(ctx, { collection: '/groups', uniqueName: v.uniqueName, body: upsertBody(v), createIfMissing: v.useAsUpsert }),
  },
  addMember: {
    permission: 'GroupMember.ReadWrite.All',
    inputs: {
      groupId: { kind: 'string', required: true },
      groupMemberOdataId: { kind: 'stringOrList', required: true },
      ignoreExisting: { kind: 'boolean', default: false },
    },
    notFound: membershipNotFound('Not found: the member does not exist (no directory object with that id)'),
    run: addMember,
  },
  removeMember: {
    permission: 'GroupMember.ReadWrite.All',
    inputs: { groupId: { kind: 'string', required: true }, memberId: { kind: 'stringOrList', required: true } },
    notFound: membershipNotFound('Not a member'),
    run: removeMember,
  },
  listMembers: {
    permission: 'GroupMember.Read.All',
    inputs: { groupId: { kind: 'string', required: true }, ...MEMBER_LIST_INPUTS },
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/groups/{groupId}/members', v), query: listQuery(v), headers: listHeaders(v) }),
  },
  // https://learn.microsoft.com/graph/api/group-list-owners
  listOwners: {
    permission: 'Group.Read.All',
    inputs: { groupId: { kind: 'string', required: true }, ...MEMBER_LIST_INPUTS },
    notFound: (v) => `Not found: no group with id ${v.groupId}`,
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/groups/{groupId}/owners', v), query: listQuery(v), headers: listHeaders(v) }),
  },
  addOwner: {
    permission: 'Group.ReadWrite.All',
    inputs: { groupId: { kind: 'string', required: true }, ownerId: { kind: 'stringOrList', required: true } },
    notFound: membershipNotFound('Not found: the owner does not exist (no user or service principal with that id)'),
    run: addOwner,
  },
  removeOwner: {
    permission: 'Group.ReadWrite.All',
    inputs: { groupId: { kind: 'string', required: true }, ownerId: { kind: 'stringOrList', required: true } },
    notFound: membershipNotFound('Not an owner'),
    run: removeOwner,
  },
  // Members of nested groups too; onlyUsers casts to the users among them
  // (https://learn.microsoft.com/graph/api/group-list-transitivemembers).
  listTransitiveMembers: {
    permission: 'GroupMember.Read.All',
    inputs: { groupId: { kind: 'string', required: true }, onlyUsers: { kind: 'boolean', default: false }, ...MEMBER_LIST_INPUTS },
    notFound: (v) => `Not found: no group with id ${v.groupId}`,
    list: true,
    request: (v) => ({
      method: 'GET',
      url: fillPath(v.onlyUsers ? '/groups/{groupId}/transitiveMembers/microsoft.graph.user' : '/groups/{groupId}/transitiveMembers', v),
      query: listQuery(v),
      headers: listHeaders(v),
    }),
  },
  // The groups this group is a member of, directly or (transitive) through nesting
  // (https://learn.microsoft.com/graph/api/group-list-memberof, https://learn.microsoft.com/graph/api/group-list-transitivememberof).
  listMemberOf: {
    permission: 'GroupMember.Read.All',
    inputs: { groupId: { kind: 'string', required: true }, transitive: { kind: 'boolean', default: false }, ...MEMBER_LIST_INPUTS },
    notFound: (v) => `Not found: no group with id ${v.groupId}`,
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath(v.transitive ? '/groups/{groupId}/transitiveMemberOf' : '/groups/{groupId}/memberOf', v), query: listQuery(v), headers: listHeaders(v) }),
  },
  // Microsoft 365 groups stay restorable for 30 days; security groups are deleted at once (group-delete).
  ...deletedItemsOperations({ type: 'group', idInput: 'groupId', readPermission: 'Group.Read.All', writePermission: 'Group.ReadWrite.All' }),
};

function upsertBody(v: Values): Record<string, unknown> {
  return mergeAdditional(
    {
      displayName: v.displayName,
      mailEnabled: v.mailEnabled,
      mailNickname: v.mailNickname,
      securityEnabled: v.securityEnabled,
      groupTypes: v.groupTypes !== undefined ? groupTypes(v.groupTypes) : undefined,
    },
    v.additionalProperties,
  );
}
