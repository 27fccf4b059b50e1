// /groups: create, get, list, update, delete, members listing [GPOST, GDEL, GMLIST], upsert by
// uniqueName [GUPS]. Membership writes ($ref, members@odata.bind) are in group-members.ts.
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { INITIAL_DOMAIN, newGroupDefaults } from '../state/seed';
import type { Obj } from '../state/store';
import { contextUrl, defaultProjection, getEntity, listCollection } from './query/collection';
import { findByUniqueName, invalidObjectId, parseStringLiteral, uniqueNameProblem, uniqueNameRoute, wantsCreate } from './alternate-key';
import { addMemberByRef, addOwnerByRef, checkMemberBinds, deleteMemberObject, removeMemberByRef, removeOwnerByRef } from './group-members';
import { created, noContent } from './respond';
import { groupSchema } from './schema';
import { BodyCheck, checkBody, idFromODataUrl, requiredMissing } from './writes';

/** Validation of a new group's properties [GPOST]; returns an error response or undefined. */
function groupProblem(props: Record<string, unknown>) {
  const missing = requiredMissing(props, ['displayName', 'mailEnabled', 'mailNickname', 'securityEnabled'], 'group');
  if (missing) return missing;
  if (String(props.displayName).length > 256)
    return GraphErrors.badRequest("Invalid value specified for property 'displayName' of resource 'Group'.");
  const nick = String(props.mailNickname);
  // mailNickname: ≤64 ASCII characters, none of @()\[]";:.<>, or space [GPOST, GRAPH-FACTS §1.2]
  if (nick.length > 64 || /[^\p{ASCII}]|[@()\\[\]";:.<>,\s]/u.test(nick)) {
    return GraphErrors.badRequest("Invalid value specified for property 'mailNickname' of resource 'Group'.");
  }
  const unified = Array.isArray(props.groupTypes) && props.groupTypes.some((t) => String(t).toLowerCase() === 'unified');
  if (!unified && props.mailEnabled === true) {
    // Mail-enabled security groups and distribution groups cannot be created through Graph [GPOST]
    // (Observed message of the directory service).
    return GraphErrors.badRequest(
      'The service does not currently support writes of mail-enabled groups. Please ensure that the mail-enablement property is unset or is set to false.',
    );
  }
  if (unified && props.mailEnabled !== true) {
    // Microsoft 365 groups are always mail-enabled [GPOST examples: mailEnabled true with "Unified"] (Inferred message).
    return GraphErrors.badRequest("Invalid value specified for property 'mailEnabled' of resource 'Group'.");
  }
  return undefined;
}

export function registerGroupRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;
  const spec = (countOnly = false) => ({
    schemas: [groupSchema],
    schemaOf: () => groupSchema,
    items: () => [...store.groups.values()],
    contextFragment: 'groups',
    countOnly,
    resourceLabel: 'Group',
  });
  router.get(/^\/groups\/?$/, (req) => listCollection(ctx, req, spec()));
  router.get(/^\/groups\/\$count$/, (req) => listCollection(ctx, req, spec(true)));

  /** Creates a group from a checked body [GPOST] (also the create half of an upsert [GUPS]). */
  const createGroup = (req: SimRequest, b: Extract<BodyCheck, { ok: true }>, uniqueName?: string) => {
    const problem =
      groupProblem(b.props) ??
      uniqueNameProblem(store.groups.values(), { ...b.props, ...(uniqueName !== undefined ? { uniqueName } : {}) });
    if (problem) return problem;
    // members@odata.bind / owners@odata.bind at creation: max 20 relationships [GPOST].
    const refs = [...(b.binds.members ?? []), ...(b.binds.owners ?? [])];
    if (refs.length > 20) return GraphErrors.badRequest('The number of relationships added at creation cannot exceed 20.');
    const resolved: Record<'members' | 'owners', string[]> = { members: [], owners: [] };
    for (const kind of ['members', 'owners'] as const) {
      for (const url of b.binds[kind] ?? []) {
        const id = idFromODataUrl(url);
        if (!id || !store.resourceOf(id)) return GraphErrors.notFound(id ?? url);
        resolved[kind].push(id);
      }
    }
    const unified = (b.props.groupTypes as string[] | undefined)?.some((t) => t.toLowerCase() === 'unified') ?? false;
    const nick = String(b.props.mailNickname);
    const g = store.create('groups', {
      ...newGroupDefaults(),
      groupTypes: [],
      visibility: unified ? 'Public' : null,
      ...b.props,
      ...(uniqueName !== undefined ? { uniqueName } : {}),
      mail: unified ? `${nick}@${INITIAL_DOMAIN}` : null,
      proxyAddresses: unified ? [`SMTP:${nick}@${INITIAL_DOMAIN}`] : [],
      renewedDateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      securityIdentifier: `S-1-12-1-${Math.floor(Math.random() * 1e9)}-${Math.floor(Math.random() * 1e9)}`,
    });
    for (const id of resolved.members) store.addMember(g.id, id);
    for (const id of resolved.owners) store.owners.get(g.id)?.add(id);
    const body = { '@odata.context': `${contextUrl(ctx, req, 'groups')}/$entity`, ...defaultProjection(g, groupSchema, undefined) };
    return created(body, `${ctx.baseUrl}/v1.0/groups/${g.id}`);
  };

  /** PATCH of an existing group: properties and members@odata.bind, all or nothing [GMADD]. */
  const updateGroup = (g: Obj, b: Extract<BodyCheck, { ok: true }>) => {
    const next = { ...g, ...b.props };
    if (b.props.mailNickname !== undefined || b.props.mailEnabled !== undefined || b.props.groupTypes !== undefined) {
      const problem = groupProblem(next);
      if (problem) return problem;
    }
    const unique = uniqueNameProblem(store.groups.values(), b.props, g);
    if (unique) return unique;
    const members = checkMemberBinds(ctx, g, b.binds.members ?? []);
    if (!Array.isArray(members)) return members;
    const owners: string[] = [];
    for (const url of b.binds.owners ?? []) {
      const id = idFromODataUrl(url);
      if (!id || !store.resourceOf(id)) return GraphErrors.notFound(id ?? url);
      owners.push(id);
    }
    store.update('groups', g.id, b.props);
    for (const id of members) store.addMember(g.id, id);
    for (const id of owners) store.owners.get(g.id)?.add(id);
    return noContent(); // 204, empty
  };

  router.post(/^\/groups\/?$/, (req) => {
    const b = checkBody(req, groupSchema, ['members', 'owners']);
    if (!b.ok) return b.response;
    return createGroup(req, b);
  });

  // Upsert [GUPS]: 201 + the group when created (Prefer: create-if-missing), 204 when updated,
  // 404 when missing without the Prefer header.
  router.patch(uniqueNameRoute('groups'), (req, p) => {
    const uniqueName = parseStringLiteral(p.key);
    if (typeof uniqueName !== 'string') return uniqueName;
    const b = checkBody(req, groupSchema, ['members', 'owners']);
    if (!b.ok) return b.response;
    const g = findByUniqueName(store.groups.values(), uniqueName);
    if (g) return updateGroup(g, b);
    if (!wantsCreate(req.headers.prefer)) return GraphErrors.notFound(uniqueName);
    return createGroup(req, b, uniqueName);
  });
  router.get(uniqueNameRoute('groups'), (req, p) => {
    const uniqueName = parseStringLiteral(p.key);
    if (typeof uniqueName !== 'string') return uniqueName;
    const g = findByUniqueName(store.groups.values(), uniqueName);
    return g ? getEntity(ctx, req, g, groupSchema, 'groups') : GraphErrors.notFound(uniqueName);
  });

  const G = String.raw`\/groups\/(?<id>[^/()]+)`;
  /** The group of a /groups/{id}… route, or Graph's answer: 400 for a non-GUID id, else 404. */
  const findGroup = (p: Record<string, string>): Obj | SimResponse =>
    invalidObjectId(p.id) ?? store.groups.get(p.id) ?? GraphErrors.notFound(p.id);
  // A group always has an id; an answer never does.
  const isResponse = (x: Obj | SimResponse): x is SimResponse => !('id' in x);

  router.get(new RegExp(`^${G}$`), (req, p) => {
    const g = findGroup(p);
    return isResponse(g) ? g : getEntity(ctx, req, g, groupSchema, 'groups');
  });

  router.patch(new RegExp(`^${G}$`), (req, p) => {
    const g = findGroup(p);
    if (isResponse(g)) return g;
    const b = checkBody(req, groupSchema, ['members', 'owners']);
    if (!b.ok) return b.response;
    return updateGroup(g, b);
  });

  router.delete(new RegExp(`^${G}$`), (_req, p) => {
    const g = findGroup(p);
    if (isResponse(g)) return g;
    // Microsoft 365 groups go to deletedItems for 30 days; security groups are deleted permanently [GDEL].
    store.deleteObject('groups', g.id);
    return noContent();
  });

  // Membership by reference [GMADD, GMDEL].
  router.post(new RegExp(`^${G}/members/\\$ref$`), (req, p) => {
    const g = findGroup(p);
    return isResponse(g) ? g : addMemberByRef(ctx, g, req.body);
  });
  router.delete(new RegExp(`^${G}/members/(?<member>[^/]+)/\\$ref$`), (_req, p) => {
    const g = findGroup(p);
    return isResponse(g) ? g : removeMemberByRef(ctx, g, p.member);
  });
  router.delete(new RegExp(`^${G}/members/(?<member>[^/$]+)$`), (_req, p) => {
    const g = findGroup(p);
    return isResponse(g) ? g : deleteMemberObject(ctx, g, p.member);
  });

  // Owners by reference [group-post-owners, group-delete-owners].
  router.post(new RegExp(`^${G}/owners/\\$ref$`), (req, p) => {
    const g = findGroup(p);
    return isResponse(g) ? g : addOwnerByRef(ctx, g, req.body);
  });
  router.delete(new RegExp(`^${G}/owners/(?<owner>[^/]+)/\\$ref$`), (_req, p) => {
    const g = findGroup(p);
    return isResponse(g) ? g : removeOwnerByRef(ctx, g, p.owner);
  });
  // Listing members, owners, memberOf, transitive… (with casts and /$count): relationships.ts.
}
