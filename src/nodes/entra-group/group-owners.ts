// Group owners: add and remove one owner or many.
// Add:     POST   /groups/{id}/owners/$ref {"@odata.id": …} → 204; 400 when already an owner
//          (https://learn.microsoft.com/graph/api/group-post-owners).
// Remove:  DELETE /groups/{id}/owners/{ownerId}/$ref → 204; 404 when not an owner; 400 for the last
//          user owner: "Once owners are assigned to a group, the last owner (a user object) of the
//          group cannot be removed" (https://learn.microsoft.com/graph/api/group-delete-owners).
// A list goes through $batch, 20 per batch: msg.payload = { added, alreadyOwners, failed } or
// { removed, notOwners, failed }, to Catch only when every owner failed (as members).
import { memberIdOf, memberRef } from '../../lib/directory-refs';
import type { Values } from '../../lib/inputs';
import type { OperationContext, OperationResult } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';
import { addOwnerList, OwnerList, removeOwnerList } from './owner-lists';
import { groupError } from './group-errors';

export async function addOwner(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const base = ctx.client.baseUrl;
  const path = fillPath('/groups/{groupId}/owners/$ref', v);
  if (!Array.isArray(v.ownerId)) {
    const ref = memberRef(base, 'ownerId', v.ownerId);
    const response = await ctx.request({ method: 'POST', url: path, body: { '@odata.id': ref.odataId } });
    return { payload: { groupId: v.groupId, ownerId: ref.id, added: true }, statusCode: response.status, headers: response.headers };
  }
  return addOwnerList(ctx, path, v.ownerId, owners(v));
}

/** The group's side of a list of owners. */
const owners = (v: Values): OwnerList => ({
  parentId: v.groupId,
  parentMissing: () => groupError('noGroup', { id: v.groupId }),
  key: {},
});

export async function removeOwner(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const url = (ownerId: string) => fillPath('/groups/{groupId}/owners/{ownerId}/$ref', { groupId: v.groupId, ownerId });
  if (!Array.isArray(v.ownerId)) {
    const ownerId = memberIdOf('ownerId', v.ownerId);
    // The last user owner is refused with 400; graph-errors tells it as "Cannot remove the last owner".
    const response = await ctx.request({ method: 'DELETE', url: url(ownerId) });
    return { payload: { groupId: v.groupId, ownerId, removed: true }, statusCode: response.status, headers: response.headers };
  }
  return removeOwnerList(ctx, url, v.ownerId, owners(v));
}
