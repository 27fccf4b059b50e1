// App role assignments of service principals, by object id or (appId='…') [ARA
// https://learn.microsoft.com/graph/api/resources/approleassignment]:
//   GET/POST   /servicePrincipals/{resource}/appRoleAssignedTo        who holds the resource's roles [ARAPOST
//              https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto]
//   GET/POST   /servicePrincipals/{principal}/appRoleAssignments      the roles a client holds [ARALIST
//              https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignments]
//   DELETE     …/appRoleAssignedTo/{id}, …/appRoleAssignments/{id}    204 [ARADEL
//              https://learn.microsoft.com/graph/api/serviceprincipal-delete-approleassignments]
// A POST names principalId, resourceId and appRoleId; the role must be one of the resource's
// appRoles that the principal's kind may hold (Application for service principals, User for users
// and groups), or the default role 00000000-0000-0000-0000-000000000000 of a resource without roles.
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import type { Obj } from '../state/store';
import { appRoleAssignmentId, graphTime, isGuid } from '../util/ids';
import { invalidObjectId } from './alternate-key';
import { appKeyPattern, findByKey } from './app-objects';
import { contextUrl, listCollection } from './query/collection';
import { created, noContent } from './respond';
import type { ResourceSchema } from './schema';

const DEFAULT_ROLE = '00000000-0000-0000-0000-000000000000';

export const appRoleAssignmentSchema: ResourceSchema = {
  type: 'appRoleAssignment',
  set: 'appRoleAssignments',
  props: {
    id: 'string',
    appRoleId: 'string',
    createdDateTime: 'datetime',
    deletedDateTime: 'datetime',
    principalDisplayName: 'string',
    principalId: 'string',
    principalType: 'string',
    resourceDisplayName: 'string',
    resourceId: 'string',
  },
  defaults: [
    'id',
    'deletedDateTime',
    'appRoleId',
    'createdDateTime',
    'principalDisplayName',
    'principalId',
    'principalType',
    'resourceDisplayName',
    'resourceId',
  ],
  readOnly: ['id', 'createdDateTime', 'deletedDateTime', 'principalDisplayName', 'principalType', 'resourceDisplayName'],
  writeOnly: [],
  tokenizedSearch: [],
  orderBy: [],
  orderByAdvanced: [],
};

const PRINCIPAL_TYPES: Record<string, string> = { users: 'User', groups: 'Group', servicePrincipals: 'ServicePrincipal' };

export function registerAppRoleAssignmentRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;
  const SP = appKeyPattern('servicePrincipals');

  const findSp = (p: Record<string, string>): Obj | SimResponse => {
    if (p.id !== undefined) {
      const bad = invalidObjectId(p.id);
      if (bad) return bad;
    }
    return findByKey(store, 'servicePrincipals', p) ?? GraphErrors.notFound(p.appId ?? p.id);
  };
  const isResponse = (x: Obj | SimResponse): x is SimResponse => !('id' in x);
  // Assignments whose principal and resource are both live (a soft-deleted one is hidden until restored).
  const live = (a: Obj) => !!store.resourceOf(String(a.principalId)) && !!store.resourceOf(String(a.resourceId));

  for (const side of ['appRoleAssignedTo', 'appRoleAssignments'] as const) {
    const field = side === 'appRoleAssignedTo' ? 'resourceId' : 'principalId';
    router.get(new RegExp(`^${SP}/${side}/?$`), (req: SimRequest, p) => {
      const sp = findSp(p);
      if (isResponse(sp)) return sp;
      return listCollection(ctx, req, {
        schemas: [appRoleAssignmentSchema],
        schemaOf: () => appRoleAssignmentSchema,
        resourceLabel: 'AppRoleAssignment',
        items: () => [...store.appRoleAssignments.values()].filter((a) => a[field] === sp.id && live(a)),
        contextFragment: `servicePrincipals('${sp.id}')/${side}`,
      });
    });

    router.post(new RegExp(`^${SP}/${side}/?$`), (req, p) => {
      const sp = findSp(p);
      if (isResponse(sp)) return sp;
      const body = (req.body ?? {}) as Record<string, unknown>;
      for (const prop of ['principalId', 'resourceId', 'appRoleId']) {
        if (typeof body[prop] !== 'string' || !isGuid(String(body[prop])))
          return GraphErrors.badRequest(`Invalid value specified for property '${prop}' of resource 'AppRoleAssignment'.`);
      }
      // The addressed service principal is the resource (…/appRoleAssignedTo) or the principal (…/appRoleAssignments).
      if (body[field] !== sp.id)
        return GraphErrors.badRequest(`The ${field} in the request body must be the id of the service principal in the URL.`); // Inferred wording
      return assign(req, String(body.principalId), String(body.resourceId), String(body.appRoleId), side, sp.id);
    });

    router.delete(new RegExp(`^${SP}/${side}/(?<assignment>[^/]+)$`), (_req, p) => {
      const sp = findSp(p);
      if (isResponse(sp)) return sp;
      const a = store.appRoleAssignments.get(p.assignment);
      if (!a || a[field] !== sp.id) return GraphErrors.notFound(p.assignment);
      store.appRoleAssignments.delete(p.assignment);
      return noContent();
    });
  }

  function assign(
    req: SimRequest,
    principalId: string,
    resourceId: string,
    appRoleId: string,
    side: string,
    addressed: string,
  ): SimResponse {
    const resource = store.servicePrincipals.get(resourceId);
    if (!resource) return GraphErrors.notFound(resourceId);
    const kind = store.resourceOf(principalId);
    const principal = kind && store.get(kind, principalId);
    if (!kind || !principal || !PRINCIPAL_TYPES[kind]) return GraphErrors.notFound(principalId);
    const roles = (resource.appRoles as Array<Record<string, unknown>> | undefined) ?? [];
    const memberType = kind === 'servicePrincipals' ? 'Application' : 'User';
    const role = roles.find((r) => String(r.id).toLowerCase() === appRoleId.toLowerCase());
    const allowed = role
      ? role.isEnabled !== false && (role.allowedMemberTypes as string[] | undefined)?.includes(memberType)
      : appRoleId === DEFAULT_ROLE && roles.length === 0;
    // Observed wording (public scripts matching Graph's answers to appRoleAssignedTo POSTs).
    if (!allowed) return GraphErrors.badRequest(`Permission being assigned was not found on application '${resource.appId}'.`);
    const duplicate = [...store.appRoleAssignments.values()].some(
      (a) => a.principalId === principalId && a.resourceId === resourceId && String(a.appRoleId).toLowerCase() === appRoleId.toLowerCase(),
    );
    if (duplicate) return GraphErrors.badRequest('Permission being assigned already exists on the object.');
    const a: Obj = {
      id: appRoleAssignmentId(principalId),
      appRoleId,
      createdDateTime: graphTime(),
      deletedDateTime: null,
      principalDisplayName: principal.displayName ?? null,
      principalId,
      principalType: PRINCIPAL_TYPES[kind],
      resourceDisplayName: resource.displayName ?? null,
      resourceId,
    };
    store.appRoleAssignments.set(a.id, a);
    const body = { '@odata.context': `${contextUrl(ctx, req, `servicePrincipals('${addressed}')/${side}`)}/$entity`, ...a };
    return created(body, `${ctx.baseUrl}/v1.0/servicePrincipals/${addressed}/${side}/${a.id}`);
  }
}
