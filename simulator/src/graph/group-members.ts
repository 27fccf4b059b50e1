// Group membership writes [GMADD, GMDEL]:
//   POST   /groups/{id}/members/$ref {"@odata.id"}   → 204; 400 when already a member; 404 unknown object
//   PATCH  /groups/{id} {"members@odata.bind": [≤20]} → all or nothing (validated in full first)
//   DELETE /groups/{id}/members/{m}/$ref             → 204; 404 when not a member
//   DELETE /groups/{id}/members/{m}   (no $ref)      → deletes the member OBJECT itself [GMDEL warning]
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

/** Resolves a reference to a member id, or the error Graph gives for it. */
function resolveRef(ctx: SimContext, url: unknown): string | SimResponse {
  if (typeof url !== 'string' || url === '') return GraphErrors.badRequest("Invalid request body: '@odata.id' is required.");
  const id = idFromODataUrl(url);
  if (!id) return GraphErrors.badRequest(`Invalid object identifier '${url}'.`);
  const invalid = invalidObjectId(id);
  if (invalid) return invalid;
  const resource = ctx.store.resourceOf(id);
  if (!resource) return GraphErrors.notFound(id);
  // Members are users, groups, devices, contacts or service principals: not application objects [GMADD].
  if (resource === 'applications') return GraphErrors.badRequest("Unsupported referenced-object resource identifier for link property 'members'.");
  return id;
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
  const unified = resource === 'groups' && (member.groupTypes as string[] | undefined)?.some((t) => t.toLowerCase() === 'unified');
  // Same rules as deleting the object directly: users and Microsoft 365 groups soft, security groups hard [UDEL, GDEL].
  if (resource === 'groups' && !unified) store.hardDelete(resource, memberId); else store.softDelete(resource, memberId);
  return { status: 204, headers: {} };
}
