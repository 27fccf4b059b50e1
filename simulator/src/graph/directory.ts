// /directory/deletedItems (list per type, get, restore, permanent delete) [UDEL, ADEL, SPDEL], /directoryObjects/{id} (GET, DELETE),
// /organization and /domains.
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { ResourceName } from '../state/journal';
import { ODATA_TYPES } from '../state/store';
import { contextUrl, defaultProjection, getEntity, listCollection } from './query/collection';
import { noContent, ok } from './respond';
import { applicationSchema, groupSchema, ResourceSchema, servicePrincipalSchema, userSchema } from './schema';
import { servicePrincipalNameInUse } from './service-principals';
import { upnProblem } from './users';
import type { SimResponse } from '../http/types';
import type { Obj } from '../state/store';

const smtp = (a: unknown) =>
  String(a)
    .replace(/^smtp:/i, '')
    .toLowerCase();

/**
 * A deleted user comes back under its user principal name and proxy addresses unless another
 * live object took them: the body may give `newUserPrincipalName`, and `autoReconcileProxyConflict`
 * drops the conflicting proxy addresses (https://learn.microsoft.com/graph/api/directory-deleteditems-restore).
 * Otherwise 400 with the duplicate-value message Graph uses for these properties (Observed).
 */
function prepareUserRestore(ctx: SimContext, obj: Obj, body: unknown): SimResponse | undefined {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (k !== 'newUserPrincipalName' && k !== 'autoReconcileProxyConflict')
      return GraphErrors.badRequest(`Property '${k}' does not exist as a declared property or extension property.`);
  }
  if (b.autoReconcileProxyConflict !== undefined && typeof b.autoReconcileProxyConflict !== 'boolean')
    return GraphErrors.badRequest("Invalid value specified for property 'autoReconcileProxyConflict'.");
  const upn = b.newUserPrincipalName ?? obj.userPrincipalName;
  const problem = upnProblem(ctx, upn, obj.id);
  if (problem) return problem;
  const taken = new Set<string>();
  for (const u of ctx.store.collection('users').values())
    for (const a of (u.proxyAddresses as unknown[] | undefined) ?? []) taken.add(smtp(a));
  const own = ((obj.proxyAddresses as unknown[] | undefined) ?? []).map(String);
  const clashes = own.filter((a) => taken.has(smtp(a)));
  if (clashes.length && b.autoReconcileProxyConflict !== true)
    return GraphErrors.badRequest('Another object with the same value for property proxyAddresses already exists.');
  obj.userPrincipalName = upn;
  if (clashes.length) obj.proxyAddresses = own.filter((a) => !clashes.includes(a));
  return undefined;
}
import { invalidObjectId } from './alternate-key';

// Deleted items also show when they were deleted.
const withDeleted = (sc: ResourceSchema): ResourceSchema =>
  sc.defaults.includes('deletedDateTime') ? sc : { ...sc, defaults: [...sc.defaults, 'deletedDateTime'] };
const SCHEMA: Record<ResourceName, ResourceSchema> = {
  users: withDeleted(userSchema),
  groups: withDeleted(groupSchema),
  applications: withDeleted(applicationSchema),
  servicePrincipals: withDeleted(servicePrincipalSchema),
};
const CAST: Record<string, ResourceName> = {
  'microsoft.graph.user': 'users',
  'microsoft.graph.group': 'groups',
  'microsoft.graph.application': 'applications',
  'microsoft.graph.servicePrincipal': 'servicePrincipals',
};

export function registerDirectoryRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;

  router.get(
    /^\/directory\/deletedItems\/(?<cast>microsoft\.graph\.(?:user|group|application|servicePrincipal))(?<count>\/\$count)?\/?$/,
    (req, p) => {
      const resource = CAST[p.cast];
      const schema = SCHEMA[resource];
      return listCollection(ctx, req, {
        schemas: [schema],
        schemaOf: () => schema,
        resourceLabel: schema.type,
        items: () => [...store.deleted.values()].filter((e) => e.resource === resource).map((e) => e.obj),
        contextFragment: `directory/deletedItems/${p.cast}`,
        countOnly: !!p.count,
      });
    },
  );

  router.get(/^\/directory\/deletedItems\/(?<id>[0-9a-fA-F-]{36})$/, (req, p) => {
    const e = store.deleted.get(p.id);
    if (!e) return GraphErrors.notFound(p.id);
    const r = getEntity(ctx, req, e.obj, SCHEMA[e.resource], 'directory/deletedItems');
    if (r.status === 200 && r.body && typeof r.body === 'object')
      (r.body as Record<string, unknown>)['@odata.type'] = ODATA_TYPES[e.resource];
    return r;
  });

  router.post(/^\/directory\/deletedItems\/(?<id>[^/]+)\/restore$/, (req, p) => {
    // A deleted service principal can't come back while another one holds its appId (409).
    const pending = store.deleted.get(p.id);
    const appId = pending?.resource === 'servicePrincipals' ? String(pending.obj.appId) : undefined;
    if (appId !== undefined && store.getByAppId('servicePrincipals', appId)) return servicePrincipalNameInUse(appId);
    if (pending?.resource === 'users') {
      const conflict = prepareUserRestore(ctx, pending.obj, req.body);
      if (conflict) return conflict;
    }
    const e = store.restore(p.id);
    if (!e) return GraphErrors.notFound(p.id);
    // Restore answers 200 with the restored object.
    return ok({
      '@odata.context': `${contextUrl(ctx, req, 'directoryObjects')}/$entity`,
      '@odata.type': ODATA_TYPES[e.resource],
      ...defaultProjection(e.obj, SCHEMA[e.resource], undefined),
    });
  });

  router.delete(/^\/directory\/deletedItems\/(?<id>[^/]+)$/, (_req, p) => {
    if (!store.purge(p.id)) return GraphErrors.notFound(p.id);
    return noContent();
  });

  router.get(/^\/directoryObjects\/(?<id>[^/]+)$/, (req, p) => {
    const r = store.resourceOf(p.id);
    const obj = r && store.get(r, p.id);
    if (!r || !obj) return GraphErrors.notFound(p.id);
    const res = getEntity(ctx, req, obj, SCHEMA[r], 'directoryObjects');
    if (res.status === 200 && res.body && typeof res.body === 'object')
      (res.body as Record<string, unknown>)['@odata.type'] = ODATA_TYPES[r];
    return res;
  });

  // DELETE /directoryObjects/{id}: the object is deleted as its own DELETE would (soft, or hard for a
  // security group) [https://learn.microsoft.com/graph/api/directoryobject-delete].
  router.delete(/^\/directoryObjects\/(?<id>[^/]+)$/, (_req, p) => {
    const invalid = invalidObjectId(p.id);
    if (invalid) return invalid;
    const r = store.resourceOf(p.id);
    if (!r) return GraphErrors.notFound(p.id);
    store.deleteObject(r, p.id);
    return noContent();
  });

  router.get(/^\/domains\/?$/, (req) =>
    ok({
      '@odata.context': contextUrl(ctx, req, 'domains'),
      value: store.tenant.domains.map((d) => ({
        id: d.id,
        authenticationType: 'Managed',
        isAdminManaged: true,
        isDefault: d.isDefault,
        isInitial: d.isInitial,
        isRoot: true,
        isVerified: d.isVerified,
        supportedServices: ['Email', 'OfficeCommunicationsOnline'],
      })),
    }),
  );

  router.get(/^\/organization\/?$/, (req) =>
    ok({
      '@odata.context': contextUrl(ctx, req, 'organization'),
      value: [
        {
          id: store.tenant.id,
          displayName: store.tenant.displayName,
          verifiedDomains: store.tenant.domains.map((d) => ({
            name: d.id,
            isDefault: d.isDefault,
            isInitial: d.isInitial,
            type: 'Managed',
            capabilities: 'Email, OfficeCommunicationsOnline',
          })),
        },
      ],
    }),
  );
}
