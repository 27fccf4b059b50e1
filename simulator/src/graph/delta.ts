// Delta queries for users, groups, applications and service principals [DQO, DQU, DQG, UDELTA, ADELTA
// https://learn.microsoft.com/graph/api/application-delta, SPDELTA
// https://learn.microsoft.com/graph/api/serviceprincipal-delta], read from the store's journal:
// a token is an opaque position in the journal plus the original query ($select, id filter), so
// later requests must not repeat the parameters. A round may span several nextLink pages
// (config.deltaPageSize); a group with many members re-appears on later pages with the next slice
// of members@delta (config.deltaMembersPageSize).
import type { SimContext } from '../context';
import { originOf } from '../context';
import { GraphErrors, graphError } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import type { ChangeEvent, ResourceName } from '../state/journal';
import type { Obj } from '../state/store';
import { apiVersion, canonicalProp, param } from './query/collection';
import { FilterNode, FilterSyntaxError, parseFilter } from './query/filter';
import { ok } from './respond';
import { applicationSchema, groupSchema, ResourceSchema, servicePrincipalSchema, userSchema } from './schema';

type DeltaResource = ResourceName;
const SCHEMAS: Record<DeltaResource, ResourceSchema> = {
  users: userSchema,
  groups: groupSchema,
  applications: applicationSchema,
  servicePrincipals: servicePrincipalSchema,
};
const isDeltaResource = (r: unknown): r is DeltaResource => typeof r === 'string' && r in SCHEMAS;

interface DeltaToken {
  v: 1;
  r: DeltaResource;
  /** store.deltaGeneration when issued: older generations answer 410 Gone. */
  g: number;
  /** Issued at (ms), for deltaTokenTtlSeconds. */
  t: number;
  /** Journal position the client is synced to; -1 = initial full sync. */
  from: number;
  /** End of the round (skip tokens only). */
  to?: number;
  /** Unit offset inside the round (skip tokens only). */
  off?: number;
  sel?: string[];
  ids?: string[];
}

const enc = (t: DeltaToken) => Buffer.from(JSON.stringify(t)).toString('base64url');
function dec(s: string): DeltaToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    return t && t.v === 1 && isDeltaResource(t.r) && typeof t.from === 'number' ? t : undefined;
  } catch {
    return undefined;
  }
}

/** $filter on delta: only "id eq '…'" clauses OR-ed together, max 50 [DQO, UDELTA]; applications and service principals likewise ("limited support", ADELTA, SPDELTA). */
function idsOfFilter(n: FilterNode): string[] | undefined {
  if (n.k === 'or') {
    const l = idsOfFilter(n.l),
      r = idsOfFilter(n.r);
    return l && r ? [...l, ...r] : undefined;
  }
  if (n.k === 'cmp' && n.op === 'eq' && n.prop.toLowerCase() === 'id' && typeof n.value === 'string') return [n.value];
  return undefined;
}

interface Unit {
  id: string;
  kind: 'object' | 'removed';
  reason?: 'changed' | 'deleted';
  changed?: string[] | 'all';
  members?: { id: string; '@odata.type': string; removed?: boolean }[];
}

export function registerDeltaRoutes(ctx: SimContext, router: Router): void {
  for (const resource of Object.keys(SCHEMAS) as DeltaResource[]) {
    router.get(new RegExp(`^/${resource}/(?:microsoft\\.graph\\.)?delta(?:\\(\\))?/?$`), (req) => handleDelta(ctx, req, resource));
  }
}

function linkBase(ctx: SimContext, req: SimRequest, resource: DeltaResource): string {
  return `${originOf(ctx, req)}/${apiVersion(req)}/${resource}/delta`;
}

function contextFor(ctx: SimContext, req: SimRequest, resource: DeltaResource, sel?: string[]): string {
  return `${originOf(ctx, req)}/${apiVersion(req)}/$metadata#${resource}${sel ? `(${sel.join(',')})` : ''}`;
}

function handleDelta(ctx: SimContext, req: SimRequest, resource: DeltaResource): SimResponse {
  const store = ctx.store;
  const schema = SCHEMAS[resource];
  const deltaRaw = param(req, 'deltatoken');
  const skipRaw = param(req, 'skiptoken');
  const now = Date.now();

  let tok: DeltaToken;
  if ((deltaRaw !== undefined && deltaRaw !== '' && deltaRaw.toLowerCase() !== 'latest') || (skipRaw !== undefined && skipRaw !== '')) {
    const t = dec((skipRaw || deltaRaw)!);
    if (!t || t.r !== resource) return GraphErrors.badRequest('Badly formed token.');
    if (t.g < store.deltaGeneration) {
      // The service can no longer answer for this token: 410 Gone + Location to restart [DQO].
      const qs = [
        t.sel ? `$select=${encodeURIComponent(t.sel.join(','))}` : '',
        t.ids ? `$filter=${encodeURIComponent(t.ids.map((i) => `id eq '${i}'`).join(' or '))}` : '',
        '$deltatoken=',
      ]
        .filter(Boolean)
        .join('&');
      return graphError(
        410,
        'resyncRequired',
        'Resync required. The delta token is no longer valid: restart with a full synchronization from the URL in the Location header.',
        { location: `${linkBase(ctx, req, resource)}?${qs}` },
      );
    }
    if (now - t.t > Number(ctx.config.deltaTokenTtlSeconds) * 1000) {
      // Identity delta links live 7 days; after that: syncStateNotFound (devblog 2020-07-03 "Duration of change tracking tokens").
      return graphError(
        400,
        'syncStateNotFound',
        'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
      );
    }
    tok = skipRaw ? t : { ...t, from: t.from, to: undefined, off: 0 };
  } else {
    // First request of a sync: parse $select / $filter; they are carried in the tokens from now on.
    if (param(req, 'orderby') !== undefined || param(req, 'top') !== undefined) return GraphErrors.unsupportedQuery('Unsupported Query.');
    let sel: string[] | undefined;
    const selRaw = param(req, 'select');
    if (selRaw) {
      sel = [];
      for (const p of selRaw
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)) {
        const c = p.toLowerCase() === 'members' && resource === 'groups' ? 'members' : canonicalProp([schema], p);
        if (!c) return GraphErrors.noSuchProperty(p, schema.type);
        if (!sel.includes(c)) sel.push(c);
      }
    }
    let ids: string[] | undefined;
    const filterRaw = param(req, 'filter');
    if (filterRaw) {
      let f: FilterNode;
      try {
        f = parseFilter(filterRaw);
      } catch (e) {
        if (e instanceof FilterSyntaxError) return graphError(400, 'BadRequest', `Invalid filter clause: ${e.message}`);
        throw e;
      }
      ids = idsOfFilter(f);
      if (!ids || ids.length > 50) return GraphErrors.unsupportedQuery('Unsupported Query.');
    }
    tok = { v: 1, r: resource, g: store.deltaGeneration, t: now, from: -1, sel, ids };
    if (deltaRaw !== undefined && deltaRaw.toLowerCase() === 'latest') {
      // "Sync from now": only a deltaLink, no data [DQO].
      const next: DeltaToken = { ...tok, from: store.journal.lastSeq };
      return ok({
        '@odata.context': contextFor(ctx, req, resource, sel),
        '@odata.deltaLink': `${linkBase(ctx, req, resource)}?$deltatoken=${enc(next)}`,
        value: [],
      });
    }
  }

  const to = tok.to ?? store.journal.lastSeq;
  const off = tok.off ?? 0;
  const minimal = /return=minimal/i.test(req.headers.prefer ?? '') && tok.from >= 0;
  const tracked = tok.sel ? tok.sel.filter((p) => p !== 'members') : schema.defaults;
  const membersTracked = resource === 'groups' && (!tok.sel || tok.sel.includes('members') || /members/i.test(param(req, 'expand') ?? ''));
  const units = roundUnits(ctx, resource, tok, to, tracked, membersTracked);

  const pageSize = Math.max(1, Number(ctx.config.deltaPageSize) || 100);
  const page = units.slice(off, off + pageSize);
  const value = page.map((u) => render(ctx, resource, u, tracked, minimal));
  const body: Record<string, unknown> = { '@odata.context': contextFor(ctx, req, resource, tok.sel) };
  const base = linkBase(ctx, req, resource);
  if (off + pageSize < units.length) {
    body['@odata.nextLink'] = `${base}?$skiptoken=${enc({ ...tok, t: tok.t, to, off: off + pageSize })}`;
  } else {
    body['@odata.deltaLink'] = `${base}?$deltatoken=${enc({ v: 1, r: resource, g: tok.g, t: now, from: to, sel: tok.sel, ids: tok.ids })}`;
  }
  body.value = value;
  const headers: Record<string, string> = minimal ? { 'preference-applied': 'return=minimal' } : {};
  return { status: 200, headers, body };
}

/** The items of one round, as cheap descriptors (projected only for the page being served). */
function roundUnits(
  ctx: SimContext,
  resource: DeltaResource,
  tok: DeltaToken,
  to: number,
  tracked: string[],
  membersTracked: boolean,
): Unit[] {
  const store = ctx.store;
  const idOk = (id: string) => !tok.ids || tok.ids.some((x) => x.toLowerCase() === id.toLowerCase());
  const slice = Math.max(1, Number(ctx.config.deltaMembersPageSize) || 100);
  const out: Unit[] = [];
  const pushObject = (u: Unit) => {
    if (!u.members || u.members.length <= slice) {
      out.push(u);
      return;
    }
    // A large group's members@delta is split: the group object re-appears with the next slice [DQG].
    for (let i = 0; i < u.members.length; i += slice) out.push({ ...u, members: u.members.slice(i, i + slice) });
  };

  if (tok.from < 0) {
    // Initial round: every object as it is now (earlier updates summarised) [DQO].
    for (const o of store.collection(resource).values()) {
      if (!idOk(o.id)) continue;
      const members = membersTracked
        ? [...(store.members.get(o.id) ?? [])].map((id) => ({ id, '@odata.type': store.odataTypeOf(id) }))
        : undefined;
      pushObject({ id: o.id, kind: 'object', changed: 'all', members });
    }
    return out;
  }

  const byId = new Map<string, ChangeEvent[]>();
  for (const e of store.journal.between(tok.from, to)) {
    if (e.resource !== resource || !idOk(e.id)) continue;
    const list = byId.get(e.id);
    if (list) list.push(e);
    else byId.set(e.id, [e]);
  }
  for (const [id, events] of byId) {
    const live = store.collection(resource).get(id);
    if (!live) {
      // Soft-deleted (restorable) → "changed"; gone for good → "deleted" [DQU].
      out.push({ id, kind: 'removed', reason: store.deleted.has(id) ? 'changed' : 'deleted' });
      continue;
    }
    let changed: Set<string> | 'all' = new Set();
    const memberState = new Map<string, { id: string; '@odata.type': string; removed?: boolean }>();
    for (const e of events) {
      if (e.type === 'created' || e.type === 'restored') changed = 'all';
      else if (e.type === 'updated' && changed !== 'all') for (const p of e.changed ?? []) changed.add(p);
      else if ((e.type === 'memberAdded' || e.type === 'memberRemoved') && e.member) {
        memberState.set(e.member.id, { ...e.member, removed: e.type === 'memberRemoved' });
      }
    }
    const trackedChanged = changed === 'all' ? 'all' : [...changed].filter((p) => tracked.includes(p));
    const members = membersTracked && memberState.size ? [...memberState.values()] : undefined;
    if (trackedChanged !== 'all' && trackedChanged.length === 0 && !members) continue; // nothing tracked changed
    pushObject({ id, kind: 'object', changed: trackedChanged, members });
  }
  return out;
}

function render(ctx: SimContext, resource: DeltaResource, u: Unit, tracked: string[], minimal: boolean): Record<string, unknown> {
  if (u.kind === 'removed') return { id: u.id, '@removed': { reason: u.reason } };
  const obj: Obj | undefined = ctx.store.collection(resource).get(u.id);
  const out: Record<string, unknown> = { id: u.id };
  if (obj) {
    const props = minimal && u.changed !== 'all' ? (u.changed ?? []) : tracked;
    for (const p of props) {
      if (p === 'id') continue;
      const v = obj[p];
      // Default (non-minimal) answers omit never-set properties; minimal ones include changed-to-null [UDELTA].
      if (v === undefined || (v === null && !(minimal && u.changed !== 'all'))) continue;
      out[p] = v;
    }
  }
  if (u.members) {
    out['members@delta'] = u.members.map((m) =>
      m.removed
        ? { '@odata.type': m['@odata.type'], id: m.id, '@removed': { reason: 'deleted' } }
        : { '@odata.type': m['@odata.type'], id: m.id },
    );
  }
  return out;
}
