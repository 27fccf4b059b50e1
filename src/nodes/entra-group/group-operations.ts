// entra-group's operations as a table: what each one reads and which request it makes.
// https://learn.microsoft.com/graph/api/resources/group
import { graphBody, mergeAdditional, type MicrosoftGraph } from '../../lib/body';
import { inputError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import type { InputSpecs } from '../../lib/inputs';
import { listHeaders, listQuery, selectParam } from '../../lib/list-query';
import type { NodeSpec } from '../../lib/operations';
import type { OperationTable } from '../../lib/runner';
import { ADDITIONAL_PROPERTIES, DISPLAY_NAME, LIST_INPUTS, SELECT, UNIQUE_NAME, USE_AS_UPSERT } from '../../lib/shared-inputs';
import { runUpsert } from '../../lib/upsert';
import { fillPath } from '../../lib/url-guard';
import { assignLicenseBody, LICENSE_INPUTS } from '../../lib/licenses';
import { createGroupTypes, groupTypes } from './group-fields';
import { deletedItemsOperations } from '../../lib/deleted-items';
import { addMember, membershipNotFound, removeMember } from './group-members';
import { addOwner, removeOwner } from './group-owners';
import { t } from '../../lib/i18n';
import { GROUP_ERRORS, groupError } from './group-errors';

/** entra-group's inputs, in the dialog's order; each operation takes its own from here. */
const I = {
  groupId: {
    kind: 'string',
    required: true,
    label: 'Group id',
    placeholder: 'object id (GUID)',
    help: 'The object id of the group (a GUID; a name is "Invalid id").',
  },
  uniqueName: UNIQUE_NAME,
  useAsUpsert: USE_AS_UPSERT,
  displayName: { ...DISPLAY_NAME, help: "The group's name, at most 256 characters." },
  description: { kind: 'string', label: 'Description', placeholder: 'Operations team', help: "The group's description." },
  mailNickname: {
    kind: 'string',
    label: 'Mail nickname',
    placeholder: 'ops',
    help: 'The mail alias: at most 64 ASCII characters without @ () \\ [] " ; : <> , or space, unique among Microsoft 365 groups.',
  },
  mailEnabled: { kind: 'boolean', label: 'Mail enabled', help: 'Whether the group has a mailbox (Microsoft 365 groups do).' },
  securityEnabled: { kind: 'boolean', label: 'Security enabled', help: 'Whether the group can be used to grant access.' },
  groupTypes: {
    kind: 'list',
    label: 'Group types',
    placeholder: 'Unified',
    help: 'An array (["Unified"]) or comma-separated text (Unified,DynamicMembership); see Kinds of group.',
  },
  visibility: {
    kind: 'string',
    label: 'Visibility',
    placeholder: 'Private',
    help: 'Public, Private or HiddenMembership (Microsoft 365 groups).',
  },
  additionalProperties: {
    ...ADDITIONAL_PROPERTIES,
    placeholder: '{"description": "Operations"}',
    help: 'Any other group property, as a JSON object merged on top of the inputs.',
  },
  groupMemberOdataId: {
    kind: 'stringOrList',
    label: 'Member(s)',
    placeholder: 'object id, @odata.id, or an array',
    help: 'An @odata.id URL or a bare object id (user, group, device, contact or service principal); an array (of ids, URLs or objects with an id) adds them all, 20 per request.',
  },
  ignoreExisting: {
    kind: 'boolean',
    label: 'Ignore existing',
    help: 'true: adding someone who is already a member is a success, for flows that may run twice.',
  },
  memberId: {
    kind: 'stringOrList',
    label: 'Member id(s)',
    placeholder: 'object id, or an array',
    help: "The member's object id (or an @odata.id); an array removes them all, 20 per $batch.",
  },
  ownerId: {
    kind: 'stringOrList',
    label: 'Owner(s)',
    placeholder: 'object id, or an array',
    help: 'A user or service principal: an object id or @odata.id; an array adds or removes them all, 20 per $batch.',
  },
  select: { ...SELECT, placeholder: 'id,displayName' },
  ...LICENSE_INPUTS,
} satisfies InputSpecs;

const LIST = {
  ...LIST_INPUTS,
  select: I.select,
  filter: { ...LIST_INPUTS.filter, placeholder: "startswith(displayName,'S')" },
  search: { ...LIST_INPUTS.search, placeholder: 'displayName:sales' },
  expand: { ...LIST_INPUTS.expand, placeholder: 'members' },
};
const { orderBy: _orderBy, ...MEMBER_LIST_INPUTS } = LIST;

export const groupOperations: OperationTable = {
  create: {
    label: 'Create group',
    summary: 'Creates a group: a Microsoft 365 group unless the inputs say otherwise (see Kinds of group).',
    method: 'POST',
    path: '/groups',
    permissions: { application: 'Group.ReadWrite.All', delegated: 'Group.ReadWrite.All', note: 'Group.Create is enough to create' },
    docs: 'https://learn.microsoft.com/graph/api/group-post-groups',
    output: 'The created group (201), with its id.',
    inputs: {
      displayName: { ...I.displayName, required: true },
      mailEnabled: { ...I.mailEnabled, default: true },
      mailNickname: { ...I.mailNickname, required: true },
      securityEnabled: { ...I.securityEnabled, default: true },
      groupTypes: I.groupTypes,
      additionalProperties: I.additionalProperties,
    },
    request: (v) => ({
      method: 'POST',
      url: '/groups',
      body: mergeAdditional(
        graphBody<MicrosoftGraph.Group>({
          displayName: v.displayName,
          mailEnabled: v.mailEnabled,
          mailNickname: v.mailNickname,
          securityEnabled: v.securityEnabled,
          groupTypes: createGroupTypes(v),
        }),
        v.additionalProperties,
      ),
    }),
  },
  get: {
    label: 'Get group',
    summary: 'Reads one group.',
    method: 'GET',
    path: '/groups/{id}',
    permissions: { application: 'Group.Read.All', delegated: 'GroupMember.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-get',
    output: 'The group.',
    inputs: { groupId: I.groupId, select: I.select },
    request: (v) => ({ method: 'GET', url: fillPath('/groups/{groupId}', v), query: { $select: selectParam(v.select) } }),
  },
  list: {
    label: 'List groups',
    summary: 'Lists groups, one page or all of them, with OData filter, search, order and select.',
    method: 'GET',
    path: '/groups',
    permissions: { application: 'Group.Read.All', delegated: 'GroupMember.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-list',
    output: 'The array of groups; msg.nextLink when more pages remain; msg.count with Count.',
    inputs: LIST,
    list: true,
    request: (v) => ({ method: 'GET', url: '/groups', query: listQuery(v), headers: listHeaders(v) }),
  },
  update: {
    label: 'Update group',
    summary: 'Changes the given properties of a group; inputs left empty stay unchanged.',
    method: 'PATCH',
    path: '/groups/{id}',
    permissions: { application: 'Group.ReadWrite.All', delegated: 'Group.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-update',
    output: 'Graph answers 204 with no body: { id, …the properties sent }.',
    inputs: {
      groupId: I.groupId,
      displayName: I.displayName,
      description: I.description,
      mailNickname: I.mailNickname,
      visibility: I.visibility,
      additionalProperties: I.additionalProperties,
    },
    validate: (v) => {
      if (Object.keys(updateBody(v)).length === 0) throw inputError('update', t('errors.nothingToUpdate'));
    },
    request: (v) => ({ method: 'PATCH', url: fillPath('/groups/{groupId}', v), body: updateBody(v) }),
    noContent: (v, req) => ({ id: v.groupId, ...(req.body as object) }),
  },
  delete: {
    label: 'Delete group',
    summary: 'Deletes a group: a Microsoft 365 group stays in the deleted items for 30 days, a security group is gone.',
    method: 'DELETE',
    path: '/groups/{id}',
    permissions: { application: 'Group.ReadWrite.All', delegated: 'Group.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-delete',
    output: '{ id, deleted: true }.',
    inputs: { groupId: I.groupId },
    request: (v) => ({ method: 'DELETE', url: fillPath('/groups/{groupId}', v) }),
    noContent: (v) => ({ id: v.groupId, deleted: true }),
  },
  upsert: {
    label: 'Upsert group (by unique name)',
    summary: 'Creates the group with this unique name, or updates it when it exists.',
    method: 'PATCH',
    path: "/groups(uniqueName='…')",
    permissions: { application: 'Group.ReadWrite.All', delegated: 'Group.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-upsert',
    output: 'msg.created true: the new group (201); false: { uniqueName, …the properties sent } (204).',
    details:
      'Sent with `Prefer: create-if-missing` when Use as upsert is true. To create, Graph needs display name, mail nickname, mail enabled and security enabled.',
    inputs: {
      uniqueName: I.uniqueName,
      useAsUpsert: I.useAsUpsert,
      displayName: I.displayName,
      // Booleans left empty are not sent: an update never flips them [CONTRACT Decisions].
      mailEnabled: I.mailEnabled,
      mailNickname: I.mailNickname,
      securityEnabled: I.securityEnabled,
      groupTypes: I.groupTypes,
      additionalProperties: I.additionalProperties,
    },
    notFound: (v) => groupError(v.useAsUpsert ? 'noGroupUnique' : 'noGroupUniqueOff', { name: String(v.uniqueName) }),
    run: (v, ctx) =>
      runUpsert(ctx, { collection: '/groups', uniqueName: v.uniqueName, body: upsertBody(v), createIfMissing: v.useAsUpsert }),
  },
  addMember: {
    label: 'Add member(s)',
    summary: 'Adds one member, or many (20 per request).',
    method: 'POST',
    path: '/groups/{id}/members/$ref',
    permissions: { application: 'GroupMember.ReadWrite.All', delegated: 'GroupMember.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-post-members',
    output:
      'One member: { groupId, memberId, "@odata.id", alreadyMember }; an array: { added, alreadyMembers, failed: [{ id, code, message }] }.',
    details:
      'Many members go 20 per `PATCH /groups/{id}` with `members@odata.bind`; Graph applies each all or nothing, so a failed one is retried member by member. The msg goes to the output when at least one member was added or already a member, to Catch when every member failed.',
    inputs: {
      groupId: I.groupId,
      groupMemberOdataId: { ...I.groupMemberOdataId, required: true },
      ignoreExisting: { ...I.ignoreExisting, default: false },
    },
    notFound: membershipNotFound(() => groupError('noMember')),
    run: addMember,
  },
  removeMember: {
    label: 'Remove member(s)',
    summary: 'Removes one membership, or many (20 per $batch); the member object itself is never deleted.',
    method: 'DELETE',
    path: '/groups/{id}/members/{memberId}/$ref',
    permissions: { application: 'GroupMember.ReadWrite.All', delegated: 'GroupMember.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-delete-members',
    output:
      'One member: { groupId, memberId, removed: true }; an array: { removed, notMembers, failed }, to Catch only when every removal failed.',
    inputs: { groupId: I.groupId, memberId: { ...I.memberId, required: true } },
    notFound: membershipNotFound(() => t('errors.graph.notMember')),
    run: removeMember,
  },
  listMembers: {
    label: 'List members',
    summary: 'Lists the direct members (users, groups, devices, contacts, service principals, each with its @odata.type).',
    method: 'GET',
    path: '/groups/{id}/members',
    permissions: { application: 'GroupMember.Read.All', delegated: 'GroupMember.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-list-members',
    output: 'The array of members; msg.nextLink when more pages remain; msg.count with Count.',
    inputs: { groupId: I.groupId, ...MEMBER_LIST_INPUTS },
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/groups/{groupId}/members', v), query: listQuery(v), headers: listHeaders(v) }),
  },
  // https://learn.microsoft.com/graph/api/group-list-owners
  listOwners: {
    label: 'List owners',
    summary: 'Lists the users and service principals who own the group.',
    method: 'GET',
    path: '/groups/{id}/owners',
    permissions: { application: 'Group.Read.All', delegated: 'Group.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-list-owners',
    output: 'The array of owners (each with its @odata.type); msg.nextLink when more pages remain.',
    inputs: { groupId: I.groupId, ...MEMBER_LIST_INPUTS },
    notFound: (v) => groupError('noGroup', { id: v.groupId }),
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/groups/{groupId}/owners', v), query: listQuery(v), headers: listHeaders(v) }),
  },
  addOwner: {
    label: 'Add owner(s)',
    summary: 'Makes users or service principals owners of the group (a list goes through $batch).',
    method: 'POST',
    path: '/groups/{id}/owners/$ref',
    permissions: { application: 'Group.ReadWrite.All', delegated: 'Group.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-post-owners',
    output: 'One owner: { groupId, ownerId, added: true }; a list: { added, alreadyOwners, failed }.',
    inputs: { groupId: I.groupId, ownerId: { ...I.ownerId, required: true } },
    notFound: membershipNotFound(() => t('errors.notFound.owner')),
    run: addOwner,
  },
  removeOwner: {
    label: 'Remove owner(s)',
    summary: 'Removes ownerships (a list goes through $batch); Graph refuses to remove the last owner of a Microsoft 365 group.',
    method: 'DELETE',
    path: '/groups/{id}/owners/{ownerId}/$ref',
    permissions: { application: 'Group.ReadWrite.All', delegated: 'Group.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-delete-owners',
    output: 'One owner: { groupId, ownerId, removed: true }; a list: { removed, notOwners, failed }.',
    inputs: { groupId: I.groupId, ownerId: { ...I.ownerId, required: true } },
    notFound: membershipNotFound(() => t('errors.graph.notOwner')),
    run: removeOwner,
  },
  // Members of nested groups too; onlyUsers casts to the users among them
  // (https://learn.microsoft.com/graph/api/group-list-transitivemembers).
  listTransitiveMembers: {
    label: 'List members (nested too)',
    summary: 'Lists the members of the group and of the groups nested in it.',
    method: 'GET',
    path: '/groups/{id}/transitiveMembers',
    permissions: { application: 'GroupMember.Read.All', delegated: 'GroupMember.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-list-transitivemembers',
    output: 'The array of members; msg.nextLink when more pages remain; msg.count with Count.',
    inputs: {
      groupId: I.groupId,
      onlyUsers: {
        kind: 'boolean',
        default: false,
        label: 'Only users',
        help: 'true: only the users among the members (/microsoft.graph.user).',
      },
      ...MEMBER_LIST_INPUTS,
    },
    notFound: (v) => groupError('noGroup', { id: v.groupId }),
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
    label: 'List groups it is a member of',
    summary: 'Lists the groups this group is a member of, directly or through nesting.',
    method: 'GET',
    path: '/groups/{id}/memberOf',
    permissions: { application: 'GroupMember.Read.All', delegated: 'GroupMember.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/group-list-memberof',
    output: 'The array of groups; msg.nextLink when more pages remain.',
    inputs: {
      groupId: I.groupId,
      transitive: {
        kind: 'boolean',
        default: false,
        label: 'Transitive',
        help: 'true: also the groups it belongs to through nesting (/transitiveMemberOf).',
      },
      ...MEMBER_LIST_INPUTS,
    },
    notFound: (v) => groupError('noGroup', { id: v.groupId }),
    list: true,
    request: (v) => ({
      method: 'GET',
      url: fillPath(v.transitive ? '/groups/{groupId}/transitiveMemberOf' : '/groups/{groupId}/memberOf', v),
      query: listQuery(v),
      headers: listHeaders(v),
    }),
  },
  // Group-based licensing: the members get the group's licences
  // (https://learn.microsoft.com/graph/api/group-assignlicense).
  assignLicense: {
    label: 'Assign or remove licences',
    summary: "Adds and/or removes the group's licences (group-based licensing): its members get them.",
    method: 'POST',
    path: '/groups/{id}/assignLicense',
    permissions: {
      application: 'LicenseAssignment.ReadWrite.All',
      delegated: 'LicenseAssignment.ReadWrite.All',
      note: 'or Group.ReadWrite.All',
      alsoAllowedBy: ['Group.ReadWrite.All'],
    },
    docs: 'https://learn.microsoft.com/graph/api/group-assignlicense',
    output:
      'The group (Graph answers 202 Accepted: the members are licensed in the background); Get group with select assignedLicenses shows the licences.',
    details:
      'Licences are named by skuId or SKU part number (ENTERPRISEPACK), and disabled plans by id or service plan name, as in entra-user; the names are read once per connection from `GET /subscribedSkus`. A licence applies to the direct user members only, not to members of nested groups. When the tenant has too few units Graph still accepts the assignment and reports the members it could not license.',
    inputs: { groupId: I.groupId, ...LICENSE_INPUTS },
    notFound: (v) => groupError('noGroup', { id: v.groupId }),
    run: async (v, ctx) => {
      const body = await assignLicenseBody(v, ctx.client, ctx.request);
      const res = await ctx.request({ method: 'POST', url: fillPath('/groups/{groupId}/assignLicense', v), body });
      return { payload: res.data, statusCode: res.status, headers: res.headers };
    },
  },
  // Microsoft 365 groups stay restorable for 30 days; security groups are deleted at once (group-delete).
  ...deletedItemsOperations({
    type: 'group',
    plural: 'groups',
    idInput: 'groupId',
    idSpec: I.groupId,
    readPermission: 'Group.Read.All',
    writePermission: 'Group.ReadWrite.All',
  }),
};

export const groupNode: NodeSpec = {
  type: 'entra-group',
  errors: GROUP_ERRORS,
  paletteLabel: 'entra group',
  icon: 'entra-group.svg',
  label: 'group',
  inputs: I,
  summary:
    'Creates, reads, lists, deletes and upserts Microsoft Entra ID groups, adds, removes and lists their members and owners, and assigns their licences, through Microsoft Graph.',
  notes: {
    'Kinds of group':
      'Group types, Mail enabled and Security enabled decide what is created. **Microsoft 365 group**: Group types `Unified`, Mail enabled `true` (what create makes when they are not set). **Security group**: Group types `[]`, Mail enabled `false`, Security enabled `true`. **Dynamic membership**: add `DynamicMembership` and a `membershipRule` in the additional properties. Graph cannot create mail-enabled security groups or distribution lists, nor a Microsoft 365 group that is not mail-enabled: it answers 400.',
  },
  operations: groupOperations,
};

function updateBody(v: Values): Record<string, unknown> {
  return mergeAdditional(
    graphBody<MicrosoftGraph.Group>({
      displayName: v.displayName,
      description: v.description,
      mailNickname: v.mailNickname,
      visibility: v.visibility,
    }),
    v.additionalProperties,
  );
}

function upsertBody(v: Values): Record<string, unknown> {
  return mergeAdditional(
    graphBody<MicrosoftGraph.Group>({
      displayName: v.displayName,
      mailEnabled: v.mailEnabled,
      mailNickname: v.mailNickname,
      securityEnabled: v.securityEnabled,
      groupTypes: v.groupTypes !== undefined ? groupTypes(v.groupTypes) : undefined,
    }),
    v.additionalProperties,
  );
}
