// The tenant's subscriptions (subscribedSkus) with real SKU part numbers, skuIds and service plan
// ids from Microsoft's "Product names and service plan identifiers for licensing" list
// (https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference).
// Consumed units are not stored: they are counted from the users' assignedLicenses.
import type { Obj, Store } from './store';

export interface ServicePlan {
  servicePlanId: string;
  servicePlanName: string;
  appliesTo: 'User' | 'Company';
}

export interface Sku {
  skuId: string;
  skuPartNumber: string;
  enabled: number;
  servicePlans: ServicePlan[];
}

const plan = (servicePlanId: string, servicePlanName: string): ServicePlan => ({ servicePlanId, servicePlanName, appliesTo: 'User' });

export const SKUS: Sku[] = [
  {
    skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
    skuPartNumber: 'ENTERPRISEPACK',
    enabled: 25, // Office 365 E3
    servicePlans: [
      plan('efb87545-963c-4e0d-99df-69c6916d9eb0', 'EXCHANGE_S_ENTERPRISE'),
      plan('5dbe027f-2339-4123-9542-606e4d348a72', 'SHAREPOINTENTERPRISE'),
      plan('0feaeb32-d00e-4d66-bd5a-43b5b83db82c', 'MCOSTANDARD'),
      plan('57ff2da0-773e-42df-b2af-ffb7a2317929', 'TEAMS1'),
      plan('43de0ff5-c92c-492b-9116-175376d08c38', 'OFFICESUBSCRIPTION'),
    ],
  },
  {
    skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
    skuPartNumber: 'SPE_E5',
    enabled: 5, // Microsoft 365 E5
    servicePlans: [
      plan('efb87545-963c-4e0d-99df-69c6916d9eb0', 'EXCHANGE_S_ENTERPRISE'),
      plan('57ff2da0-773e-42df-b2af-ffb7a2317929', 'TEAMS1'),
      plan('41781fb2-bc02-4b7c-bd55-b576c07bb09d', 'AAD_PREMIUM'),
      plan('eec0eb4f-6444-4f95-aba0-50c24d67f998', 'AAD_PREMIUM_P2'),
    ],
  },
  {
    skuId: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
    skuPartNumber: 'EMS',
    enabled: 10, // Enterprise Mobility + Security E3
    servicePlans: [plan('41781fb2-bc02-4b7c-bd55-b576c07bb09d', 'AAD_PREMIUM'), plan('c1ec4a95-1f05-45b3-a911-aa3fa01094f5', 'INTUNE_A')],
  },
  {
    skuId: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4',
    skuPartNumber: 'AAD_PREMIUM',
    enabled: 3, // Microsoft Entra ID P1
    servicePlans: [plan('41781fb2-bc02-4b7c-bd55-b576c07bb09d', 'AAD_PREMIUM')],
  },
];

/** Licences the seed gives: user key → SKU part numbers. */
export const SEEDED_LICENSES: Record<string, string[]> = {
  adele: ['ENTERPRISEPACK'],
  alex: ['ENTERPRISEPACK'],
  diego: ['ENTERPRISEPACK', 'AAD_PREMIUM'],
  megan: ['ENTERPRISEPACK', 'EMS'],
  nestor: ['SPE_E5'],
  lee: ['SPE_E5', 'AAD_PREMIUM'],
  johanna: ['ENTERPRISEPACK'],
};

export function skuByPartNumber(part: string): Sku {
  const sku = SKUS.find((s) => s.skuPartNumber === part);
  if (!sku) throw new Error(`unknown SKU ${part}`);
  return sku;
}

export function skuById(id: string): Sku | undefined {
  return SKUS.find((s) => s.skuId.toLowerCase() === id.toLowerCase());
}

export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

export function assignedLicenses(obj: Obj): AssignedLicense[] {
  return Array.isArray(obj.assignedLicenses) ? (obj.assignedLicenses as AssignedLicense[]) : [];
}

const sameSku = (l: AssignedLicense, skuId: string) => l.skuId.toLowerCase() === skuId.toLowerCase();

/**
 * Whether a user holds a SKU through group-based licensing: a licence of a group applies to the
 * group's direct user members only, not to members of nested groups
 * (https://learn.microsoft.com/entra/identity/users/licensing-group-advanced#limitations-and-known-issues).
 */
export function heldViaGroup(store: Store, userId: string, skuId: string): boolean {
  for (const g of store.groups.values()) {
    if (assignedLicenses(g).some((l) => sameSku(l, skuId)) && store.members.get(g.id)?.has(userId)) return true;
  }
  return false;
}

/**
 * Units of a SKU held by live users, directly or through a licensed group; a user who holds it both
 * ways uses one unit (deleted users free theirs). Members a group cannot license for want of units
 * use none: Graph leaves them in an error state instead
 * (https://learn.microsoft.com/entra/identity/users/licensing-groups-resolve-problems#not-enough-licenses).
 */
export function consumedUnits(store: Store, skuId: string): number {
  const direct = new Set<string>();
  const viaGroup = new Set<string>();
  const users = store.collection('users');
  for (const u of users.values()) if (assignedLicenses(u).some((l) => sameSku(l, skuId))) direct.add(u.id);
  for (const g of store.groups.values()) {
    if (!assignedLicenses(g).some((l) => sameSku(l, skuId))) continue;
    for (const m of store.members.get(g.id) ?? []) if (users.has(m) && !direct.has(m)) viaGroup.add(m);
  }
  const enabled = skuById(skuId)?.enabled ?? 0;
  return direct.size + Math.min(viaGroup.size, Math.max(0, enabled - direct.size));
}

/** A licence a user holds through a group: the group's id with it. */
export interface InheritedLicense extends AssignedLicense {
  groupId: string;
}

/** user id → the licences of the licensed groups the user is a direct member of (group-based licensing). */
export function inheritedLicenses(store: Store): Map<string, InheritedLicense[]> {
  const out = new Map<string, InheritedLicense[]>();
  for (const g of store.groups.values()) {
    const licences = assignedLicenses(g).map((l) => ({ ...l, groupId: g.id }));
    if (!licences.length) continue;
    for (const m of store.members.get(g.id) ?? []) out.set(m, [...(out.get(m) ?? []), ...licences]);
  }
  return out;
}

/** One entry per SKU; a plan stays disabled only when every assignment of the SKU disables it. */
export function mergeLicenses(list: AssignedLicense[]): AssignedLicense[] {
  const bySku = new Map<string, AssignedLicense>();
  for (const l of list) {
    const key = l.skuId.toLowerCase();
    const prev = bySku.get(key);
    bySku.set(
      key,
      prev
        ? {
            skuId: prev.skuId,
            disabledPlans: prev.disabledPlans.filter((p) => l.disabledPlans.some((d) => d.toLowerCase() === p.toLowerCase())),
          }
        : { skuId: l.skuId, disabledPlans: [...l.disabledPlans] },
    );
  }
  return [...bySku.values()];
}

/**
 * A user as Graph shows it: assignedLicenses "including inherited (group-based) licenses", without
 * telling them apart, and licenseAssignmentStates, which does: `assignedByGroup` null for a direct
 * licence, the group's id for an inherited one
 * (https://learn.microsoft.com/graph/api/resources/user#properties,
 * https://learn.microsoft.com/graph/api/resources/licenseassignmentstate). The stored user keeps its
 * direct licences only; `inherited` comes from inheritedLicenses(). Every state is Active (members a
 * group cannot license are not modelled) and lastUpdatedDateTime is not tracked (null).
 */
export function withInheritedLicenses(user: Obj, inherited: Map<string, InheritedLicense[]>): Obj {
  const direct = assignedLicenses(user);
  const extra = inherited.get(user.id) ?? [];
  const state = (l: AssignedLicense, assignedByGroup: string | null) => ({
    assignedByGroup,
    disabledPlans: l.disabledPlans,
    error: 'None',
    lastUpdatedDateTime: null,
    skuId: l.skuId,
    state: 'Active',
  });
  const licenseAssignmentStates = [...direct.map((l) => state(l, null)), ...extra.map((l) => state(l, l.groupId))];
  const merged = extra.length ? mergeLicenses([...direct, ...extra.map(({ skuId, disabledPlans }) => ({ skuId, disabledPlans }))]) : direct;
  return { ...user, assignedLicenses: merged, licenseAssignmentStates };
}
