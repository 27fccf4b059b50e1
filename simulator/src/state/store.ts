// The in-memory directory: tenant, users, groups (+ memberships), applications, service principals, soft-deleted items,
// and the client apps allowed to get tokens. Every mutation goes through the methods below so that
// it lands in the journal (the change feed read by delta and change notifications).
import { Journal, ResourceName } from './journal';
import { graphTime, newGuid, seededGuid } from '../util/ids';

export type Obj = Record<string, unknown> & { id: string };

export interface Domain {
  id: string;
  isInitial: boolean;
  isDefault: boolean;
  isVerified: boolean;
}

export interface Tenant {
  id: string;
  displayName: string;
  domains: Domain[];
}

export interface ClientCertificate {
  pem: string;
  publicKeyPem: string;
  x5t: string;
  x5tS256: string;
}

export interface ClientApp {
  clientId: string;
  displayName: string;
  secrets: string[];
  certificates: ClientCertificate[];
  /** Application permissions put in the token's roles claim. */
  roles: string[];
  /** Web redirect URIs registered for the authorization code flow; none = any https:// or http://localhost URI. */
  redirectUris?: string[];
  /** "Allow public client flows": device code (and code redemption) without a client secret. */
  publicClient?: boolean;
}

export interface DeletedEntry {
  resource: ResourceName;
  obj: Obj;
  members?: string[];
  owners?: string[];
  /** A deleted user's manager and direct reports, relinked on restore when still there (Inferred). */
  manager?: string;
  directReports?: string[];
}

/** Why setManager refused: the user itself, or an object that is not a live user. */
export type ManagerProblem = 'self' | 'notUser';

export const ODATA_TYPES: Record<ResourceName, string> = {
  users: '#microsoft.graph.user',
  groups: '#microsoft.graph.group',
  applications: '#microsoft.graph.application',
  servicePrincipals: '#microsoft.graph.servicePrincipal',
};

/** The collections whose objects carry an appId alternate key (application and its service principal). */
export type AppIdResource = Extract<ResourceName, 'applications' | 'servicePrincipals'>;
/** A Microsoft 365 group (groupTypes contains "Unified"), as opposed to a security group. */
export const isUnified = (g: Obj): boolean =>
  Array.isArray(g.groupTypes) && g.groupTypes.some((t) => String(t).toLowerCase() === 'unified');

const hasAppId = (r: ResourceName): r is AppIdResource => r === 'applications' || r === 'servicePrincipals';

export class Store {
  readonly journal = new Journal();
  tenant: Tenant = { id: '', displayName: '', domains: [] };
  readonly users = new Map<string, Obj>();
  private readonly upnIndex = new Map<string, string>();
  readonly groups = new Map<string, Obj>();
  readonly members = new Map<string, Set<string>>();
  readonly owners = new Map<string, Set<string>>();
  /** The manager link: user id → manager's user id (directReports is its inverse). */
  readonly managers = new Map<string, string>();
  readonly applications = new Map<string, Obj>();
  readonly servicePrincipals = new Map<string, Obj>();
  /** appId (lower case) → object id, per collection: live objects only. */
  private readonly appIdIndex: Record<AppIdResource, Map<string, string>> = { applications: new Map(), servicePrincipals: new Map() };
  readonly deleted = new Map<string, DeletedEntry>();
  /** Federated identity credentials per application object id [FIC]. */
  readonly federatedCredentials = new Map<string, Obj[]>();
  /** App role assignments by id: who (principalId) holds which role (appRoleId) of which resource service principal (resourceId) [ARA]. */
  readonly appRoleAssignments = new Map<string, Obj>();
  readonly clientApps = new Map<string, ClientApp>();
  /** Bumped by POST /_sim/delta/expire-tokens and reset: older delta tokens answer 410. */
  deltaGeneration = 1;
  /** Lazily generated users (large seed): materialised on first access. */
  private lazyUsers?: { count: number; make: (i: number) => Obj };

  clear(): void {
    this.users.clear();
    this.upnIndex.clear();
    this.groups.clear();
    this.members.clear();
    this.owners.clear();
    this.managers.clear();
    this.applications.clear();
    this.servicePrincipals.clear();
    this.appIdIndex.applications.clear();
    this.appIdIndex.servicePrincipals.clear();
    this.deleted.clear();
    this.clientApps.clear();
    this.federatedCredentials.clear();
    this.appRoleAssignments.clear();
    this.journal.clear();
    this.lazyUsers = undefined;
    this.deltaGeneration += 1;
  }

  // ---- tenant ------------------------------------------------------------------------------------

  isVerifiedDomain(name: string): boolean {
    return this.tenant.domains.some((d) => d.isVerified && d.id.toLowerCase() === name.toLowerCase());
  }

  /** The tenant as addressed in an authority URL: its id or one of its verified domains. */
  matchesTenant(idOrDomain: string): boolean {
    return idOrDomain.toLowerCase() === this.tenant.id.toLowerCase() || this.isVerifiedDomain(idOrDomain);
  }

  // ---- lazy large seed ---------------------------------------------------------------------------

  setLazyUsers(count: number, make: (i: number) => Obj): void {
    this.lazyUsers = { count, make };
  }

  /** Materialises lazily seeded users (fast: ~100k objects/100 ms). */
  materialize(): void {
    const lazy = this.lazyUsers;
    if (!lazy) return;
    this.lazyUsers = undefined;
    for (let i = 0; i < lazy.count; i++) this.seedObject('users', lazy.make(i));
  }

  // ---- reads -------------------------------------------------------------------------------------

  collection(resource: ResourceName): Map<string, Obj> {
    if (resource === 'users') {
      this.materialize();
      return this.users;
    }
    return resource === 'groups' ? this.groups : resource === 'applications' ? this.applications : this.servicePrincipals;
  }

  getUser(idOrUpn: string): Obj | undefined {
    this.materialize();
    const byId = this.users.get(idOrUpn);
    if (byId) return byId;
    const id = this.upnIndex.get(idOrUpn.toLowerCase());
    return id ? this.users.get(id) : undefined;
  }

  /** The live application, or service principal, with this appId (alternate key [APOST, SPPOST]). */
  getByAppId(resource: AppIdResource, appId: string): Obj | undefined {
    const id = this.appIdIndex[resource].get(appId.toLowerCase());
    return id ? this.collection(resource).get(id) : undefined;
  }

  /**
   * The object id of an app's service principal in this tenant: what an app-only token carries as
   * `oid`/`sub` and a subscription as `creatorId` (access-token claims reference: "oid … the object ID
   * of the service principal"). A client registered through /_sim/apps without an application gets a
   * stable stand-in id (never its appId).
   */
  servicePrincipalIdOf(appId: string): string {
    return this.getByAppId('servicePrincipals', appId)?.id ?? seededGuid(`servicePrincipal-of:${appId.toLowerCase()}`);
  }

  get(resource: ResourceName, id: string): Obj | undefined {
    if (resource === 'users') return this.getUser(id);
    return this.collection(resource).get(id);
  }

  /** Which collection holds a live object with this id. */
  resourceOf(id: string): ResourceName | undefined {
    this.materialize();
    if (this.users.has(id)) return 'users';
    if (this.groups.has(id)) return 'groups';
    if (this.applications.has(id)) return 'applications';
    if (this.servicePrincipals.has(id)) return 'servicePrincipals';
    return undefined;
  }

  odataTypeOf(id: string): string {
    const r = this.resourceOf(id);
    return r ? ODATA_TYPES[r] : '#microsoft.graph.directoryObject';
  }

  upnTaken(upn: string, exceptId?: string): boolean {
    this.materialize();
    const id = this.upnIndex.get(upn.toLowerCase());
    return id !== undefined && id !== exceptId;
  }

  // ---- writes (journaled) ------------------------------------------------------------------------

  /** Adds an object without journaling (seed data exists "before" any delta round). */
  seedObject(resource: ResourceName, obj: Obj): void {
    this.put(resource, obj);
    if (resource === 'groups') {
      this.members.set(obj.id, new Set());
      this.owners.set(obj.id, new Set());
    }
  }

  private put(resource: ResourceName, obj: Obj): void {
    this.collection(resource).set(obj.id, obj);
    if (resource === 'users' && typeof obj.userPrincipalName === 'string') this.upnIndex.set(obj.userPrincipalName.toLowerCase(), obj.id);
    if (hasAppId(resource) && typeof obj.appId === 'string') this.appIdIndex[resource].set(obj.appId.toLowerCase(), obj.id);
  }

  private unput(resource: ResourceName, obj: Obj): void {
    this.collection(resource).delete(obj.id);
    if (resource === 'users' && typeof obj.userPrincipalName === 'string') this.upnIndex.delete(obj.userPrincipalName.toLowerCase());
    if (hasAppId(resource) && typeof obj.appId === 'string') this.appIdIndex[resource].delete(obj.appId.toLowerCase());
  }

  create(resource: ResourceName, props: Record<string, unknown>): Obj {
    // v1.0 service principals have no createdDateTime (resources/serviceprincipal).
    const obj: Obj = { id: newGuid(), ...props, ...(resource === 'servicePrincipals' ? {} : { createdDateTime: graphTime() }) } as Obj;
    if (resource === 'groups') {
      this.members.set(obj.id, new Set());
      this.owners.set(obj.id, new Set());
    }
    this.put(resource, obj);
    this.journal.append({ resource, id: obj.id, type: 'created' });
    return obj;
  }

  /** Applies a patch; returns the names of properties whose value changed. */
  update(resource: ResourceName, id: string, patch: Record<string, unknown>): string[] {
    const obj = this.collection(resource).get(id);
    if (!obj) return [];
    const changed: string[] = [];
    for (const [k, v] of Object.entries(patch)) {
      if (JSON.stringify(obj[k]) === JSON.stringify(v)) continue;
      changed.push(k);
    }
    if (!changed.length) return changed;
    this.unput(resource, obj);
    for (const k of changed) {
      obj[k] = patch[k];
    }
    this.put(resource, obj);
    this.journal.append({ resource, id, type: 'updated', changed });
    return changed;
  }

  /** Soft delete: restorable from deletedItems (users, M365 groups, applications [UDEL, GDEL, ADEL]). */
  softDelete(resource: ResourceName, id: string): void {
    const obj = this.collection(resource).get(id);
    if (!obj) return;
    this.removeFromAllGroups(id);
    const links = this.unlinkManager(id);
    this.unput(resource, obj);
    obj.deletedDateTime = graphTime();
    const entry: DeletedEntry = { resource, obj, ...links };
    if (resource === 'groups') {
      entry.members = [...(this.members.get(id) ?? [])];
      this.members.delete(id);
    }
    // Owners come back with a restored group or application.
    if (this.owners.has(id)) {
      entry.owners = [...(this.owners.get(id) ?? [])];
      this.owners.delete(id);
    }
    this.deleted.set(id, entry);
    this.journal.append({ resource, id, type: 'softDeleted' });
  }

  /** Permanent delete of a live object (security groups [GDEL]). */
  hardDelete(resource: ResourceName, id: string): void {
    const obj = this.collection(resource).get(id);
    if (!obj) return;
    this.removeFromAllGroups(id);
    this.unlinkManager(id);
    this.unput(resource, obj);
    this.members.delete(id);
    this.owners.delete(id);
    this.forgetRelations(id);
    this.journal.append({ resource, id, type: 'deleted' });
  }

  /** Permanent delete from deletedItems. */
  purge(id: string): DeletedEntry | undefined {
    const entry = this.deleted.get(id);
    if (!entry) return undefined;
    this.deleted.delete(id);
    this.forgetRelations(id);
    this.journal.append({ resource: entry.resource, id, type: 'deleted' });
    return entry;
  }

  restore(id: string): DeletedEntry | undefined {
    const entry = this.deleted.get(id);
    if (!entry) return undefined;
    this.deleted.delete(id);
    delete entry.obj.deletedDateTime;
    this.put(entry.resource, entry.obj);
    if (entry.resource === 'groups') this.members.set(id, new Set(entry.members ?? []));
    // Owners come back with a restored group or application.
    if (entry.resource === 'groups' || entry.owners) this.owners.set(id, new Set(entry.owners ?? []));
    if (entry.manager && this.users.has(entry.manager)) this.managers.set(id, entry.manager);
    for (const r of entry.directReports ?? []) if (this.users.has(r) && !this.managers.has(r)) this.managers.set(r, id);
    this.journal.append({ resource: entry.resource, id, type: 'restored' });
    return entry;
  }

  /** Returns false when already a member. */
  addMember(groupId: string, memberId: string): boolean {
    const set = this.members.get(groupId);
    if (!set || set.has(memberId)) return false;
    set.add(memberId);
    this.journal.append({
      resource: 'groups',
      id: groupId,
      type: 'memberAdded',
      member: { id: memberId, '@odata.type': this.odataTypeOf(memberId) },
    });
    return true;
  }

  /** Returns false when not a member. */
  removeMember(groupId: string, memberId: string, odataType?: string): boolean {
    const set = this.members.get(groupId);
    if (!set || !set.has(memberId)) return false;
    set.delete(memberId);
    this.journal.append({
      resource: 'groups',
      id: groupId,
      type: 'memberRemoved',
      member: { id: memberId, '@odata.type': odataType ?? this.odataTypeOf(memberId) },
    });
    return true;
  }

  /** A permanently deleted object takes its federated credentials and app role assignments with it. */
  private forgetRelations(id: string): void {
    this.federatedCredentials.delete(id);
    for (const [aid, a] of this.appRoleAssignments) if (a.principalId === id || a.resourceId === id) this.appRoleAssignments.delete(aid);
  }

  /**
   * DELETE of a directory object as Graph does it: users, Microsoft 365 groups, applications and
   * service principals go to deletedItems; security groups are deleted permanently [UDEL, GDEL, ADEL, SPDEL].
   */
  deleteObject(resource: ResourceName, id: string): void {
    const obj = this.collection(resource).get(id);
    if (!obj) return;
    if (resource === 'groups' && !isUnified(obj)) this.hardDelete(resource, id);
    else this.softDelete(resource, id);
  }

  // ---- relationships -----------------------------------------------------------------------------
  // The directory's links between objects, read by the relationship routes (graph/relationships.ts)
  // and by $expand. Reads return live objects only. Manager and owner changes are not journaled:
  // delta and change notifications report membership only.

  /** Live objects for ids, in order, skipping any that no longer exist. */
  objects(ids: Iterable<string>): Obj[] {
    const out: Obj[] = [];
    for (const id of ids) {
      const r = this.resourceOf(id);
      const o = r && this.get(r, id);
      if (o) out.push(o);
    }
    return out;
  }

  /** Sets (or replaces) a user's manager. A user can't manage itself; a manager is a live user [UMGR]. */
  setManager(userId: string, managerId: string): ManagerProblem | undefined {
    if (userId === managerId) return 'self';
    if (!this.users.has(managerId)) return 'notUser';
    this.managers.set(userId, managerId);
    return undefined;
  }

  /** Returns false when the user had no manager. */
  removeManager(userId: string): boolean {
    return this.managers.delete(userId);
  }

  managerOf(userId: string): Obj | undefined {
    const id = this.managers.get(userId);
    return id ? this.users.get(id) : undefined;
  }

  /** The manager chain upwards, at most `levels` deep, stopping at a loop. */
  managerChain(userId: string, levels: number): Obj[] {
    const out: Obj[] = [];
    const seen = new Set([userId]);
    let cur = this.managerOf(userId);
    while (cur && out.length < levels && !seen.has(cur.id)) {
      out.push(cur);
      seen.add(cur.id);
      cur = this.managerOf(cur.id);
    }
    return out;
  }

  directReportsOf(userId: string): Obj[] {
    const ids: string[] = [];
    for (const [report, manager] of this.managers) if (manager === userId) ids.push(report);
    return this.objects(ids);
  }

  /** Returns false when already an owner or the group does not exist. */
  addOwner(groupId: string, ownerId: string): boolean {
    const set = this.owners.get(groupId);
    if (!set || set.has(ownerId)) return false;
    set.add(ownerId);
    return true;
  }

  /** Returns false when not an owner. (The last-owner rule is the route's: group-owners.ts.) */
  removeOwner(groupId: string, ownerId: string): boolean {
    return this.owners.get(groupId)?.delete(ownerId) ?? false;
  }

  ownersOf(groupId: string): Obj[] {
    return this.objects(this.owners.get(groupId) ?? []);
  }

  membersOf(groupId: string): Obj[] {
    return this.objects(this.members.get(groupId) ?? []);
  }

  /** Groups the object is a direct member of. */
  memberOf(id: string): Obj[] {
    const ids: string[] = [];
    for (const [gid, set] of this.members) if (set.has(id)) ids.push(gid);
    return this.objects(ids);
  }

  /** Every group the object is in, directly or through nested groups (each once, loops allowed). */
  transitiveMemberOf(id: string): Obj[] {
    const seen = new Set<string>();
    const queue = [id];
    while (queue.length) {
      const cur = queue.shift()!;
      for (const [gid, set] of this.members)
        if (set.has(cur) && !seen.has(gid) && gid !== id) {
          seen.add(gid);
          queue.push(gid);
        }
    }
    return this.objects(seen);
  }

  /** Every member of the group and of its nested groups, the nested groups included (each once). */
  transitiveMembers(groupId: string): Obj[] {
    const seen = new Set<string>();
    const queue = [groupId];
    while (queue.length) {
      const cur = queue.shift()!;
      for (const m of this.members.get(cur) ?? []) {
        if (seen.has(m) || m === groupId) continue;
        seen.add(m);
        if (this.members.has(m)) queue.push(m);
      }
    }
    return this.objects(seen);
  }

  /** Drops a user's manager links both ways; returns them for a later restore. */
  private unlinkManager(id: string): { manager?: string; directReports?: string[] } {
    const manager = this.managers.get(id);
    const directReports: string[] = [];
    for (const [report, m] of this.managers) if (m === id) directReports.push(report);
    this.managers.delete(id);
    for (const r of directReports) this.managers.delete(r);
    return { ...(manager ? { manager } : {}), ...(directReports.length ? { directReports } : {}) };
  }

  /** A deleted object leaves every group it was a member of (journaled as member removals). */
  private removeFromAllGroups(memberId: string): void {
    const type = this.odataTypeOf(memberId);
    for (const [gid, set] of this.members) if (set.has(memberId)) this.removeMember(gid, memberId, type);
    for (const set of this.owners.values()) set.delete(memberId);
  }
}
