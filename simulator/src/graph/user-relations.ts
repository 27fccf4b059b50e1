// The write side of a user's manager and the membership check, on the Store's relationship model:
//   PUT    /users/{id}/manager/$ref {"@odata.id": ".../users/{managerId}"} → 204 [user-post-manager]
//   DELETE /users/{id}/manager/$ref                                      → 204, 404 when none [user-delete-manager]
//   POST   /users/{id}/checkMemberGroups {"groupIds": [≤20]}             → 200, the ids of groups the user is
//          a member of, directly or through nested groups [user-checkmembergroups]
// https://learn.microsoft.com/graph/api/user-post-manager, https://learn.microsoft.com/graph/api/user-delete-manager,
// https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest } from '../http/types';
import { invalidObjectId } from './alternate-key';
import { contextUrl } from './query/collection';
import { noContent, ok } from './respond';
import { USER_KEY, userKey } from './users';
import { idFromODataUrl } from './writes';

/** Graph's limit of group ids per checkMemberGroups call. */
export const CHECK_MEMBER_GROUPS_LIMIT = 20;

export function registerUserRelationRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;

  router.put(new RegExp(`^${USER_KEY}/manager/\\$ref$`), (req: SimRequest, p) => {
    const u = store.getUser(userKey(p));
    if (!u) return GraphErrors.notFound(userKey(p));
    const url = (req.body as Record<string, unknown> | undefined)?.['@odata.id'];
    if (typeof url !== 'string' || url === '') return GraphErrors.badRequest("Invalid request body: '@odata.id' is required.");
    const id = idFromODataUrl(url);
    if (!id) return GraphErrors.badRequest(`Invalid object identifier '${url}'.`);
    const invalid = invalidObjectId(id);
    if (invalid) return invalid;
    if (!store.resourceOf(id)) return GraphErrors.notFound(id);
    const problem = store.setManager(u.id, id);
    // Inferred messages: a user can't manage itself, and a manager is a user.
    if (problem === 'self') return GraphErrors.badRequest('A user cannot be assigned as their own manager.');
    if (problem === 'notUser')
      return GraphErrors.badRequest("Unsupported referenced-object resource identifier for link property 'manager'.");
    return noContent();
  });

  router.delete(new RegExp(`^${USER_KEY}/manager/\\$ref$`), (_req, p) => {
    const u = store.getUser(userKey(p));
    if (!u) return GraphErrors.notFound(userKey(p));
    if (!store.removeManager(u.id)) return GraphErrors.notFound('manager');
    return noContent();
  });

  router.post(new RegExp(`^${USER_KEY}/checkMemberGroups$`), (req, p) => {
    const u = store.getUser(userKey(p));
    if (!u) return GraphErrors.notFound(userKey(p));
    const ids = (req.body as Record<string, unknown> | undefined)?.groupIds;
    if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string'))
      return GraphErrors.badRequest("Invalid value specified for property 'groupIds'.");
    if (ids.length > CHECK_MEMBER_GROUPS_LIMIT)
      return GraphErrors.badRequest(`The number of groupIds cannot exceed ${CHECK_MEMBER_GROUPS_LIMIT}.`); // Inferred message
    for (const id of ids as string[]) {
      const invalid = invalidObjectId(id);
      if (invalid) return invalid;
    }
    const mine = new Set(store.transitiveMemberOf(u.id).map((g) => g.id.toLowerCase()));
    return ok({
      '@odata.context': contextUrl(ctx, req, 'Collection(Edm.String)'),
      value: (ids as string[]).filter((id) => mine.has(id.toLowerCase())),
    });
  });
}
