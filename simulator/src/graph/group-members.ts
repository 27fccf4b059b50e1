// Group membership writes [GMADD, GMDEL]:
//   POST   /groups/{id}/members/$ref {"@odata.id"}   → 204; 400 when already a member; 404 unknown object
//   PATCH  /groups/{id} {"members@odata.bind": [≤20]} → all or nothing (validated in full first)
//   DELETE /groups/{id}/members/{m}/$ref             → 204; 404 when not a member
//   DELETE /groups/{id}/members/{m}   (no $ref)      → deletes the member OBJECT itself [GMDEL warning]
//   POST   /groups/{id}/owners/$ref, DELETE /groups/{id}/owners/{o}/$ref (last-owner rule)
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { SimResponse } from '../http/types';
import type { Obj } from '../state/store';
import { invalidObjectId } from './alternate-key';
import { idFromODataUrl } from './writes';

/** Graph's limit of references added in one request [GMADD, GPOST]. */
export const BIND_LIMIT = 20;

/** Observed message for a duplicate add (GRAPH-FACTS §1.2). */
export const ALREADY_MEMBER = "One or more added object references already exist for the following modified properties: 'members'.";

/** Graph's answer to a duplicate reference for a link property (Observed, GRAPH-FACTS §1.2). */
export const alreadyExists = (link: 'members' | 'owners'): string =>
  `One or more added object references already exist for the following modified properties: '${link}'.`;

/** Removing the last owner of a group (Observed message, GRAPH-FACTS §1.2). */
export const LAST_OWNER = 'The group must have at least one owner, hence this owner cannot be removed.';

/**
 * Resolves a reference to an object id, or the error Graph gives for it. Members are users, groups,
 * devices, contacts or service principals [GMADD]; owners users or service principals [group-post-owners].
 */
function resolveRef(ctx: SimContext, url: unknown, link: 'members' | 'owners' = 'members'): string | SimResponse {
  if (typeof url !== 'string' || url === '') return GraphErrors.badRequest("Invalid request body: '@odata.id' is required.");
  const id = idFromODataUrl(url);
  if (!id) return GraphErrors.badRequest(`Invalid object identifier '${url}'.`);
  const invalid = invalidObjectId(id);
  if (invalid) return invalid;
  const resource = ctx.store.resourceOf(id);
  if (!resource) return GraphErrors.notFound(id);
  // Members are users, groups, devices, contacts or service principals: not application objects [GMADD].
  const allowed = link === 'members' ? resource !== 'applications' : resource === 'users' || resource === 'servicePrincipals';
  if (!allowed) return GraphErrors.badRequest(`Unsupported referenced-object resource identifier for link property '${link}'.`);
  return id;
}

/** POST /groups/{id}/owners/$ref: 204; 400 when already an owner; 404 for an unknown object [group-post-owners]. */
export function addOwnerByRef(ctx: SimContext, group: Obj, body: unknown): SimResponse {
  const id = resolveRef(ctx, (body as Record<string, unknown> | undefined)?.['@odata.id'], 'owners');
  if (typeof id !== 'string') return id;
  if (!ctx.store.addOwner(group.id, id)) return GraphErrors.badRequest(alreadyExists('owners'));
  return { status: 204, headers: {} };
}

/**
 * DELETE /groups/{id}/owners/{ownerId}/$ref: 204; 404 when not an owner. "Once owners are assigned to
 * a group, the last owner (a user object) of the group cannot be removed" [group-delete-owners,
 * https://learn.microsoft.com/graph/api/group-delete-owners]: the page says this of Microsoft 365 and
 * security groups alike, so the rule applies to both.
 */
export function removeOwnerByRef(ctx: SimContext, group: Obj, ownerId: string): SimResponse {
  const invalid = invalidObjectId(ownerId);
  if (invalid) return invalid;
  const store = ctx.store;
  const owners = store.owners.get(group.id);
  if (!owners?.has(ownerId)) return GraphErrors.notFound(ownerId);
  const userOwners = [...owners].filter((o) => store.users.has(o));
  if (store.users.has(ownerId) && userOwners.length === 1) return GraphErrors.badRequest(LAST_OWNER);
  store.removeOwner(group.id, ownerId);
  return { status: 204, headers: {} };
}

/**
 * Validates every reference before changing anything (a bind is applied all or nothing [GMADD]):
 * returns the member ids to add, or the first error.
 */
export function checkMemberBinds(ctx: SimContext, group: Obj, urls: string[]): string[] | SimResponse {
  if (urls.length > BIND_LIMIT) return GraphErrors.badRequest(`The number of references added in one request cannot exceed ${BIND_LIMIT}.`); // Inferred message
  const current = ctx.store.members.get(group.id) ?? new Set<string>();
  const ids: string[] = [];
  for (const url of urls) {
    const id = resolveRef(ctx, url);
    if (typeof id !== 'string') return id;
    if (current.has(id) || ids.includes(id)) return GraphErrors.badRequest(ALREADY_MEMBER);
    ids.push(id);
  }
  return ids;
}

export function addMemberByRef(ctx: SimContext, group: Obj, body: unknown): SimResponse {
  const url = (body as Record<string, unknown> | undefined)?.['@odata.id'];
  const id = resolveRef(ctx, url);
  if (typeof id !== 'string') return id;
  if (!ctx.store.addMember(group.id, id)) return GraphErrors.badRequest(ALREADY_MEMBER);
  return { status: 204, headers: {} };
}

export function removeMemberByRef(ctx: SimContext, group: Obj, memberId: string): SimResponse {
  const invalid = invalidObjectId(memberId);
  if (invalid) return invalid;
  // Not a member: 404 naming the member (Observed, GRAPH-FACTS §1.2).
  if (!ctx.store.removeMember(group.id, memberId)) return GraphErrors.notFound(memberId);
  return { status: 204, headers: {} };
}

/** Without /$ref the member object itself is deleted from the directory [GMDEL]. */
export function deleteMemberObject(ctx: SimContext, group: Obj, memberId: string): SimResponse {
  const invalid = invalidObjectId(memberId);
  if (invalid) return invalid;
  const store = ctx.store;
  if (!store.members.get(group.id)?.has(memberId)) return GraphErrors.notFound(memberId);
  const resource = store.resourceOf(memberId);
  const member = resource && store.get(resource, memberId);
  if (!resource || !member) return GraphErrors.notFound(memberId);
  // Same rules as deleting the object directly: users and Microsoft 365 groups soft, security groups hard [UDEL, GDEL].
  store.deleteObject(resource, memberId);
  return { status: 204, headers: {} };
}
