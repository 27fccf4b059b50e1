// The generic read side of directory relationships: every navigation property that lists
// directoryObjects (members, owners, memberOf, transitiveMemberOf, transitiveMembers, directReports),
// with an optional OData type cast segment and /$count, all through the one query engine, and the
// single-valued manager. The links themselves live in the Store (`store.managerOf`, `ownersOf`,
// `memberOf`, `transitiveMembers`, …).
//   GET /groups/{id}/members | owners | memberOf | transitiveMemberOf | transitiveMembers [GMLIST,
//       https://learn.microsoft.com/graph/api/group-list-transitivemembers,
//       https://learn.microsoft.com/graph/api/group-list-memberof, https://learn.microsoft.com/graph/api/group-list-owners]
//   GET /users/{id}/memberOf | transitiveMemberOf | directReports | manager
//       [https://learn.microsoft.com/graph/api/user-list-memberof, …/user-list-transitivememberof,
//       …/user-list-directreports, …/user-list-manager]
//   …each list also as /{rel}/$count, /{rel}/microsoft.graph.{type} and /{rel}/microsoft.graph.{type}/$count.
import type { SimContext } from '../context';
import { graphError, GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { ODATA_TYPES, Obj, Store } from '../state/store';
import type { ResourceName } from '../state/journal';
import { invalidObjectId } from './alternate-key';
import { getEntity, listCollection } from './query/collection';
import { applicationSchema, groupSchema, ResourceSchema, servicePrincipalSchema, userSchema } from './schema';
import { USER_KEY, userKey } from './users';

export const SCHEMA_OF: Record<ResourceName, ResourceSchema> = {
  users: userSchema,
  groups: groupSchema,
  applications: applicationSchema,
  servicePrincipals: servicePrincipalSchema,
};
const DIRECTORY_SCHEMAS = [userSchema, groupSchema, servicePrincipalSchema, applicationSchema];

/** Directory types a cast segment may name: modelled ones map to a collection, the others list nothing. */
const CASTS: Record<string, ResourceName | { set: string }> = {
  'microsoft.graph.user': 'users',
  'microsoft.graph.group': 'groups',
  'microsoft.graph.servicePrincipal': 'servicePrincipals',
  'microsoft.graph.application': 'applications',
  'microsoft.graph.device': { set: 'devices' },
  'microsoft.graph.orgContact': { set: 'contacts' },
  'microsoft.graph.directoryRole': { set: 'directoryRoles' },
  'microsoft.graph.administrativeUnit': { set: 'administrativeUnits' },
};

/** Lookups answer the object or Graph's error; an object always has an id, an answer never does. */
export const isObj = (x: Obj | SimResponse): x is Obj => 'id' in x;

export function schemaOfObject(store: Store, o: Obj): ResourceSchema {
  return SCHEMA_OF[store.resourceOf(o.id) ?? 'users'];
}

/** Regex source for `/{rel}` with an optional cast segment (group `cast`) and `/$count` (group `count`). */
export function relationPattern(base: string, rel: string): RegExp {
  return new RegExp(`^${base}/${rel}(?:/(?<cast>microsoft\\.graph\\.[A-Za-z]+))?(?<count>/\\$count)?/?$`, 'i');
}

/**
 * Answers a list of directory objects: without a cast every item carries its @odata.type and the
 * context is directoryObjects; with a cast only objects of that type, the context being their
 * entity set (e.g. `$metadata#users`, as in group-list-transitivemembers' examples).
 */
export function listDirectoryObjects(ctx: SimContext, req: SimRequest, items: () => Obj[], p: Record<string, string>): SimResponse {
  const store = ctx.store;
  const countOnly = p.count !== undefined;
  if (p.cast === undefined) {
    return listCollection(ctx, req, {
      schemas: DIRECTORY_SCHEMAS,
      schemaOf: (o) => schemaOfObject(store, o),
      odataTypeOf: (o) => store.odataTypeOf(o.id),
      items,
      contextFragment: 'directoryObjects',
      countOnly,
      resourceLabel: 'DirectoryObject',
    });
  }
  const castKey = Object.keys(CASTS).find((k) => k.toLowerCase() === p.cast.toLowerCase());
  // An unknown type name is an unknown segment to Graph's OData parser.
  if (!castKey) return graphError(400, 'BadRequest', `Resource not found for the segment '${p.cast}'.`);
  const target = CASTS[castKey];
  if (typeof target !== 'string') {
    return listCollection(ctx, req, {
      schemas: DIRECTORY_SCHEMAS,
      schemaOf: () => userSchema,
      items: () => [],
      contextFragment: target.set,
      countOnly,
      resourceLabel: 'DirectoryObject',
    });
  }
  const schema = SCHEMA_OF[target];
  return listCollection(ctx, req, {
    schemas: [schema],
    schemaOf: () => schema,
    items: () => items().filter((o) => store.resourceOf(o.id) === target),
    contextFragment: schema.set,
    countOnly,
    resourceLabel: schema.type.charAt(0).toUpperCase() + schema.type.slice(1),
  });
}

/** The single object of a navigation property (manager) with its @odata.type, $select and $expand. */
export function getDirectoryObject(ctx: SimContext, req: SimRequest, obj: Obj): SimResponse {
  const r = ctx.store.resourceOf(obj.id) ?? 'users';
  const res = getEntity(ctx, req, obj, SCHEMA_OF[r], 'directoryObjects');
  if (res.status === 200 && res.body && typeof res.body === 'object') {
    const b = res.body as Record<string, unknown>;
    res.body = { '@odata.context': b['@odata.context'], '@odata.type': ODATA_TYPES[r], ...b };
  }
  return res;
}

export function registerRelationshipRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;

  // ---- groups ------------------------------------------------------------------------------------
  const G = String.raw`\/groups\/(?<id>[^/()]+)`;
  const group = (p: Record<string, string>): Obj | SimResponse =>
    invalidObjectId(p.id) ?? store.groups.get(p.id) ?? GraphErrors.notFound(p.id);
  const groupLists: Record<string, (g: Obj) => Obj[]> = {
    members: (g) => store.membersOf(g.id),
    owners: (g) => store.ownersOf(g.id),
    memberOf: (g) => store.memberOf(g.id),
    transitiveMemberOf: (g) => store.transitiveMemberOf(g.id),
    transitiveMembers: (g) => store.transitiveMembers(g.id),
  };
  for (const [rel, list] of Object.entries(groupLists)) {
    router.get(relationPattern(G, rel), (req, p) => {
      const g = group(p);
      return isObj(g) ? listDirectoryObjects(ctx, req, () => list(g), p) : g;
    });
  }

  // ---- users -------------------------------------------------------------------------------------
  const user = (p: Record<string, string>): Obj | SimResponse => store.getUser(userKey(p)) ?? GraphErrors.notFound(userKey(p));
  const userLists: Record<string, (u: Obj) => Obj[]> = {
    memberOf: (u) => store.memberOf(u.id),
    transitiveMemberOf: (u) => store.transitiveMemberOf(u.id),
    directReports: (u) => store.directReportsOf(u.id),
  };
  for (const [rel, list] of Object.entries(userLists)) {
    router.get(relationPattern(USER_KEY, rel), (req, p) => {
      const u = user(p);
      return isObj(u) ? listDirectoryObjects(ctx, req, () => list(u), p) : u;
    });
  }

  // GET /users/{id}/manager: the manager, or 404 when none [user-list-manager].
  // PUT and DELETE /users/{id}/manager/$ref are in user-relations.ts.
  router.get(new RegExp(`^${USER_KEY}/manager/?$`), (req, p) => {
    const u = user(p);
    if (!isObj(u)) return u;
    const m = store.managerOf(u.id);
    // Inferred message: Graph's usual 404, naming the navigation property.
    return m ? getDirectoryObject(ctx, req, m) : GraphErrors.notFound('manager');
  });
}
