// Licences: GET /subscribedSkus, POST /users/{id}/assignLicense, GET /users/{id}/licenseDetails,
// POST /groups/{id}/assignLicense (https://learn.microsoft.com/graph/api/group-assignlicense).
// https://learn.microsoft.com/graph/api/subscribedsku-list, https://learn.microsoft.com/graph/api/user-assignlicense,
// https://learn.microsoft.com/graph/api/user-list-licensedetails
// assignLicense needs a usageLocation and a free unit of the SKU; both lists are required (empty
// arrays allowed). `assignLicenses` is exported for group-based licensing (POST /groups/{id}/assignLicense).
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import {
  AssignedLicense,
  assignedLicenses,
  consumedUnits,
  heldViaGroup,
  inheritedLicenses,
  Sku,
  skuById,
  SKUS,
  withInheritedLicenses,
} from '../state/licensing';
import type { Obj } from '../state/store';
import { graphTime, isGuid } from '../util/ids';
import { contextUrl, defaultProjection, param, parseSelect, project, QueryError } from './query/collection';
import { ok } from './respond';
import { invalidObjectId } from './alternate-key';
import { groupSchema, ResourceSchema, userSchema } from './schema';
import { USER_KEY, userKey } from './users';

const SKU_PROPS = [
  'accountId',
  'accountName',
  'appliesTo',
  'capabilityStatus',
  'consumedUnits',
  'id',
  'prepaidUnits',
  'servicePlans',
  'skuId',
  'skuPartNumber',
  'subscriptionIds',
];
const skuSchema: ResourceSchema = {
  type: 'subscribedSku',
  set: 'subscribedSkus',
  props: Object.fromEntries(SKU_PROPS.map((p) => [p, 'string'])) as ResourceSchema['props'],
  defaults: SKU_PROPS,
  readOnly: SKU_PROPS,
  writeOnly: [],
  tokenizedSearch: [],
  orderBy: [],
  orderByAdvanced: [],
};

function subscribedSku(ctx: SimContext, sku: Sku): Obj {
  const tenant = ctx.store.tenant;
  return {
    accountName: tenant.displayName,
    accountId: tenant.id,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: consumedUnits(ctx.store, sku.skuId),
    id: `${tenant.id}_${sku.skuId}`,
    prepaidUnits: { enabled: sku.enabled, lockedOut: 0, suspended: 0, warning: 0 },
    servicePlans: sku.servicePlans.map((p) => ({ ...p, provisioningStatus: 'Success' })),
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    subscriptionIds: [`${sku.skuId.slice(0, 8)}-0000-4000-8000-${tenant.id.slice(-12)}`],
  };
}

/**
 * Applies an assignLicense body to a user or group: validates everything first (all or nothing),
 * then writes assignedLicenses. Returns an error response or undefined.
 */
export function assignLicenses(ctx: SimContext, resource: 'users' | 'groups', obj: Obj, body: unknown): SimResponse | undefined {
  const b = (body ?? {}) as Record<string, unknown>;
  const label = resource === 'users' ? 'User' : 'Group';
  if (!Array.isArray(b.addLicenses))
    return GraphErrors.badRequest(`Invalid value specified for property 'addLicenses' of resource '${label}'.`);
  if (!Array.isArray(b.removeLicenses))
    return GraphErrors.badRequest(`Invalid value specified for property 'removeLicenses' of resource '${label}'.`);
  const current = assignedLicenses(obj).map((l) => ({ ...l }));
  const add: AssignedLicense[] = [];
  for (const raw of b.addLicenses as unknown[]) {
    const a = (raw ?? {}) as Record<string, unknown>;
    const skuId = typeof a.skuId === 'string' ? a.skuId : '';
    const sku = isGuid(skuId) ? skuById(skuId) : undefined;
    // Observed message (MSOnline / Graph PowerShell output); not in Microsoft's Graph pages.
    if (!sku) return GraphErrors.badRequest(`License ${skuId} does not correspond to a valid company License.`);
    const disabled = Array.isArray(a.disabledPlans) ? a.disabledPlans.map(String) : [];
    const unknown = disabled.find((p) => !sku.servicePlans.some((sp) => sp.servicePlanId.toLowerCase() === p.toLowerCase()));
    if (unknown)
      return GraphErrors.badRequest(`Invalid value specified for property 'disabledPlans' of resource 'AssignedLicense': ${unknown}.`); // Inferred
    add.push({ skuId: sku.skuId, disabledPlans: disabled });
  }
  const remove = (b.removeLicenses as unknown[]).map(String);
  for (const id of remove) {
    if (!current.some((l) => l.skuId.toLowerCase() === id.toLowerCase())) {
      // A licence a user holds only through a group is removed from the group (Observed message).
      if (resource === 'users' && heldViaGroup(ctx.store, obj.id, id)) {
        return GraphErrors.badRequest('User license is inherited from a group membership and it cannot be removed directly from the user.');
      }
      // Observed for users (Graph PowerShell output); the same wording for groups is Inferred.
      return GraphErrors.badRequest(`${label} does not have a corresponding license.`);
    }
  }
  if (add.length && resource === 'users' && !obj.usageLocation) {
    return GraphErrors.badRequest('License assignment cannot be done for user with invalid usage location.'); // GRAPH-FACTS, Licences
  }
  for (const a of add) {
    const held = current.some((l) => l.skuId.toLowerCase() === a.skuId.toLowerCase());
    const sku = skuById(a.skuId)!;
    // Re-adding a held licence only changes its disabled plans; a new one needs a free unit, unless
    // the user already uses one through a licensed group. A group's assignment never fails for want of
    // units: Graph accepts it and reports the members it could not license
    // (https://learn.microsoft.com/entra/identity/users/licensing-groups-resolve-problems).
    if (
      !held &&
      resource === 'users' &&
      !heldViaGroup(ctx.store, obj.id, sku.skuId) &&
      consumedUnits(ctx.store, sku.skuId) >= sku.enabled
    ) {
      return GraphErrors.badRequest(`Subscription with SKU ${sku.skuId} does not have any available licenses.`); // Observed
    }
  }
  let next = current.filter((l) => !remove.some((r) => r.toLowerCase() === l.skuId.toLowerCase()));
  for (const a of add) next = [...next.filter((l) => l.skuId.toLowerCase() !== a.skuId.toLowerCase()), a];
  const plans = next.flatMap((l) =>
    skuById(l.skuId)!
      .servicePlans.filter((p) => !l.disabledPlans.some((d) => d.toLowerCase() === p.servicePlanId.toLowerCase()))
      .map((p) => ({
        assignedDateTime: graphTime(),
        capabilityStatus: 'Enabled',
        service: p.servicePlanName,
        servicePlanId: p.servicePlanId,
      })),
  );
  ctx.store.update(resource, obj.id, { assignedLicenses: next, assignedPlans: plans });
  return undefined;
}

export function registerLicenseRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;

  // Supports $select only, not $filter [subscribedsku-list].
  router.get(/^\/subscribedSkus\/?$/, (req) => {
    if (param(req, 'filter') !== undefined) return GraphErrors.unsupportedQuery();
    try {
      const select = parseSelect(req, [skuSchema]);
      const value = SKUS.map((s) => subscribedSku(ctx, s)).map((o) => (select ? project(o, select) : o));
      return ok({ '@odata.context': contextUrl(ctx, req, 'subscribedSkus', select), value });
    } catch (e) {
      if (e instanceof QueryError) return e.response;
      throw e;
    }
  });

  router.get(/^\/subscribedSkus\/(?<id>[^/]+)$/, (req, p) => {
    const sku = SKUS.find((s) => `${store.tenant.id}_${s.skuId}`.toLowerCase() === p.id.toLowerCase());
    if (!sku) return GraphErrors.notFound(p.id);
    return ok({ '@odata.context': `${contextUrl(ctx, req, 'subscribedSkus')}/$entity`, ...subscribedSku(ctx, sku) });
  });

  // 200 with the user [user-assignlicense].
  router.post(new RegExp(`^${USER_KEY}\\/assignLicense$`), (req: SimRequest, p) => {
    const u = store.getUser(userKey(p));
    if (!u) return GraphErrors.notFound(userKey(p));
    const err = assignLicenses(ctx, 'users', u, req.body);
    if (err) return err;
    const body = defaultProjection(u, userSchema, undefined);
    const shown = withInheritedLicenses(store.getUser(u.id)!, inheritedLicenses(store));
    return ok({ '@odata.context': `${contextUrl(ctx, req, 'users')}/$entity`, ...body, assignedLicenses: shown.assignedLicenses });
  });

  // Group-based licensing [group-assignlicense]: 202 Accepted with the group (its default properties:
  // assignedLicenses only with $select) and a Location naming the directory object. The members'
  // licences follow from the group; consumedUnits counts them.
  router.post(/^\/groups\/(?<id>[^/()]+)\/assignLicense$/, (req: SimRequest, p) => {
    const bad = invalidObjectId(p.id);
    if (bad) return bad;
    const g = store.groups.get(p.id);
    if (!g) return GraphErrors.notFound(p.id);
    const err = assignLicenses(ctx, 'groups', g, req.body);
    if (err) return err;
    const body = {
      '@odata.context': `${contextUrl(ctx, req, 'groups')}/$entity`,
      ...defaultProjection(store.groups.get(g.id)!, groupSchema, undefined),
    };
    const location = `${ctx.baseUrl}/v2/${store.tenant.id}/directoryObjects/${g.id}/Microsoft.DirectoryServices.Group`;
    return { status: 202, headers: { location }, body };
  });

  router.get(new RegExp(`^${USER_KEY}\\/licenseDetails\\/?$`), (req, p) => {
    const u = store.getUser(userKey(p));
    if (!u) return GraphErrors.notFound(userKey(p));
    // Direct and group-based licences alike [user-list-licensedetails].
    const value = assignedLicenses(withInheritedLicenses(u, inheritedLicenses(store))).map((l) => {
      const sku = skuById(l.skuId)!;
      return {
        id: Buffer.from(`${u.id}:${sku.skuId}`).toString('base64url'),
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        servicePlans: sku.servicePlans.map((sp) => ({
          ...sp,
          provisioningStatus: l.disabledPlans.some((d) => d.toLowerCase() === sp.servicePlanId.toLowerCase()) ? 'Disabled' : 'Success',
        })),
      };
    });
    return ok({ '@odata.context': contextUrl(ctx, req, `users('${u.id}')/licenseDetails`), value });
  });
}
