// Application owners, by object id or (appId='…') [AOWN]:
//   GET    /applications/{id}/owners                → directoryObjects (users, service principals)
//   POST   /applications/{id}/owners/$ref {"@odata.id"} → 204; 400 when already an owner; 404 unknown object
//   DELETE /applications/{id}/owners/{ownerId}/$ref → 204; 404 when not an owner
// [AOWN] https://learn.microsoft.com/graph/api/application-list-owners,
// https://learn.microsoft.com/graph/api/application-post-owners, https://learn.microsoft.com/graph/api/application-delete-owners
// An application may have no owner at all (unlike a Microsoft 365 group, whose last owner stays).
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import type { Obj } from '../state/store';
import { invalidObjectId } from './alternate-key';
import { appKeyPattern, findByKey } from './app-objects';
import { listCollection } from './query/collection';
import { noContent } from './respond';
import { servicePrincipalSchema, userSchema } from './schema';
import { idFromODataUrl } from './writes';

/** Observed wording of a duplicate reference (GRAPH-FACTS §1.2), for the owners link. */
export const ALREADY_OWNER = "One or more added object references already exist for the following modified properties: 'owners'.";

/** The application of an /applications/{id}… or /applications(appId='…')… route, or Graph's answer. */
export function findApplication(ctx: SimContext, p: Record<string, string>): Obj | SimResponse {
  if (p.id !== undefined) {
    const bad = invalidObjectId(p.id);
    if (bad) return bad;
  }
  return findByKey(ctx.store, 'applications', p) ?? GraphErrors.notFound(p.appId ?? p.id);
}

export const isResponse = (x: Obj | SimResponse): x is SimResponse => !('id' in x);

export function registerApplicationOwnerRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;
  const A = appKeyPattern('applications');

  router.get(new RegExp(`^${A}/owners/?$`), (req: SimRequest, p) => {
    const app = findApplication(ctx, p);
    if (isResponse(app)) return app;
    const items = () =>
      [...(store.owners.get(app.id) ?? [])]
        .map((id) => {
          const r = store.resourceOf(id);
          return r && store.get(r, id);
        })
        .filter((o): o is Obj => !!o);
    return listCollection(ctx, req, {
      schemas: [userSchema, servicePrincipalSchema],
      schemaOf: (o) => (store.resourceOf(o.id) === 'servicePrincipals' ? servicePrincipalSchema : userSchema),
      odataTypeOf: (o) => store.odataTypeOf(o.id),
      items,
      contextFragment: 'directoryObjects',
      resourceLabel: 'DirectoryObject',
    });
  });

  router.post(new RegExp(`^${A}/owners/\\$ref$`), (req, p) => {
    const app = findApplication(ctx, p);
    if (isResponse(app)) return app;
    const url = (req.body as Record<string, unknown> | undefined)?.['@odata.id'];
    if (typeof url !== 'string' || url === '') return GraphErrors.badRequest("Invalid request body: '@odata.id' is required.");
    const id = idFromODataUrl(url);
    if (!id) return GraphErrors.badRequest(`Invalid object identifier '${url}'.`);
    const invalid = invalidObjectId(id);
    if (invalid) return invalid;
    const resource = store.resourceOf(id);
    if (!resource) return GraphErrors.notFound(id);
    // Owners of an application are users or service principals [AOWN] (Inferred message for others).
    if (resource !== 'users' && resource !== 'servicePrincipals')
      return GraphErrors.badRequest("Unsupported referenced-object resource identifier for link property 'owners'.");
    const set = store.owners.get(app.id) ?? new Set<string>();
    if (set.has(id)) return GraphErrors.badRequest(ALREADY_OWNER);
    set.add(id);
    store.owners.set(app.id, set);
    return noContent();
  });

  router.delete(new RegExp(`^${A}/owners/(?<owner>[^/]+)/\\$ref$`), (_req, p) => {
    const app = findApplication(ctx, p);
    if (isResponse(app)) return app;
    const invalid = invalidObjectId(p.owner);
    if (invalid) return invalid;
    // Not an owner: 404 naming the object, as for members (GRAPH-FACTS §1.2).
    if (!store.owners.get(app.id)?.delete(p.owner)) return GraphErrors.notFound(p.owner);
    return noContent();
  });
}
