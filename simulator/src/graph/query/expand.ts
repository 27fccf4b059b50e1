// $expand on directory objects [https://learn.microsoft.com/graph/query-parameters#expand-parameter]:
// the relationships the Store models (user: manager, directReports, memberOf; group: members, owners,
// memberOf; application: owners; servicePrincipal: owners, memberOf), each with a nested $select, and
// manager($levels=n|max) for the management chain [https://learn.microsoft.com/graph/api/user-list-manager].
// Documented limits: an expanded collection holds at most 20 items and has no nextLink; a page
// with $expand holds at most 100 objects (known issue 13635); $expand is not supported with advanced
// queries [AQ] except manager with $levels, whose documented example is one.
import { graphError, GraphErrors } from '../../http/errors';
import type { SimRequest } from '../../http/types';
import { ODATA_TYPES, Obj, Store } from '../../state/store';
import { ResourceSchema, schemas as SCHEMAS } from '../schema';

/** Items per expanded collection [query-parameters: "a maximum of 20 items … no @odata.nextLink"]. */
export const EXPAND_ITEM_LIMIT = 20;
/** Objects per page when $expand is used (known issue 13635: "Returns a maximum of 100 objects"). */
export const EXPAND_PAGE_LIMIT = 100;
/** $levels=max: "a number between 1 and 1000" [user-list-manager]. */
const MAX_LEVELS = 1000;

type Nav = { many: false; read: (s: Store, id: string) => Obj | undefined } | { many: true; read: (s: Store, id: string) => Obj[] };

/** Expandable navigation properties per entity type (the others of v1.0 are not modelled). */
const NAVS: Record<string, Record<string, Nav>> = {
  user: {
    manager: { many: false, read: (s, id) => s.managerOf(id) },
    directReports: { many: true, read: (s, id) => s.directReportsOf(id) },
    memberOf: { many: true, read: (s, id) => s.memberOf(id) },
  },
  group: {
    members: { many: true, read: (s, id) => s.membersOf(id) },
    owners: { many: true, read: (s, id) => s.ownersOf(id) },
    memberOf: { many: true, read: (s, id) => s.memberOf(id) },
  },
  application: { owners: { many: true, read: (s, id) => s.ownersOf(id) } },
  servicePrincipal: {
    owners: { many: true, read: (s, id) => s.ownersOf(id) },
    memberOf: { many: true, read: (s, id) => s.memberOf(id) },
  },
};

/** Navigation properties Graph documents as not expandable ("ExpandNotSupported" [query-parameters]). */
const NOT_EXPANDABLE: Record<string, string[]> = { user: ['photo'], group: ['photo'] };

const DIRECTORY = [SCHEMAS.users, SCHEMAS.groups, SCHEMAS.servicePrincipals, SCHEMAS.applications];

export interface ExpandItem {
  nav: string;
  select?: string[];
  levels?: number;
}

export class ExpandError extends Error {
  constructor(readonly response: ReturnType<typeof graphError>) {
    super('expand error');
  }
}

/** Splits on a separator outside parentheses. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0,
    cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

function canonical(schemas: ResourceSchema[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const s of schemas) for (const p of Object.keys(s.props)) if (p.toLowerCase() === lower) return p;
  return undefined;
}

/**
 * Parses $expand for a collection or entity of one type (`schemas` of length 1); a list of mixed
 * directoryObjects has no navigation properties in v1.0. Throws ExpandError with Graph's answer.
 */
export function parseExpand(raw: string | undefined, schemas: ResourceSchema[], advanced: boolean): ExpandItem[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const typeName = schemas.length === 1 ? schemas[0].type : 'directoryObject';
  const navs = schemas.length === 1 ? (NAVS[schemas[0].type] ?? {}) : {};
  const items: ExpandItem[] = [];
  for (const part of splitTop(raw, ',')) {
    const m = /^([A-Za-z0-9_.]+)\s*(?:\((.*)\))?$/s.exec(part);
    if (!m) throw new ExpandError(graphError(400, 'BadRequest', `Invalid $expand clause '${part}'.`)); // Inferred message
    const name = m[1];
    const nav = Object.keys(navs).find((n) => n.toLowerCase() === name.toLowerCase());
    if (!nav) {
      const notExpandable = (NOT_EXPANDABLE[typeName] ?? []).find((n) => n.toLowerCase() === name.toLowerCase());
      // Documented answer for a relationship that can't be expanded [query-parameters, "Error handling"].
      if (notExpandable)
        throw new ExpandError(
          graphError(
            400,
            'ExpandNotSupported',
            `Expand is not allowed for property '${notExpandable.charAt(0).toUpperCase()}${notExpandable.slice(1)}' according to the entity schema.`,
          ),
        );
      const structural = schemas.length === 1 ? canonical(schemas, name) : undefined;
      // OData's answers for a structural property and for an unknown name (the latter as $select's, Observed).
      if (structural)
        throw new ExpandError(
          GraphErrors.badRequest(
            `Property '${structural}' on type 'microsoft.graph.${typeName}' is not a navigation property or complex property. Only navigation properties can be expanded.`,
          ),
        );
      throw new ExpandError(GraphErrors.noSuchProperty(name, typeName));
    }
    const item: ExpandItem = { nav };
    for (const opt of splitTop(m[2] ?? '', ';')) {
      const o = /^\$?(select|levels)\s*=\s*(.*)$/is.exec(opt);
      if (!o) throw new ExpandError(GraphErrors.unsupportedQuery(`Query option '${opt.split('=')[0]}' is not supported inside $expand.`)); // Inferred message
      if (o[1].toLowerCase() === 'select') {
        const targets = nav === 'manager' || nav === 'directReports' ? [SCHEMAS.users] : DIRECTORY;
        const sel: string[] = [];
        for (const p of o[2]
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)) {
          const c = canonical(targets, p);
          if (!c) throw new ExpandError(GraphErrors.noSuchProperty(p, targets.length === 1 ? targets[0].type : 'directoryObject'));
          if (!sel.includes(c)) sel.push(c);
        }
        if (!sel.includes('id')) sel.unshift('id');
        item.select = sel;
      } else {
        const v = o[2].trim().toLowerCase();
        const n = v === 'max' ? MAX_LEVELS : Number(v);
        if (nav !== 'manager' || !Number.isInteger(n) || n < 1 || n > MAX_LEVELS) {
          throw new ExpandError(GraphErrors.badRequest(`Invalid value '${o[2]}' for $levels of '${nav}'.`)); // Inferred message
        }
        item.levels = n;
      }
    }
    items.push(item);
  }
  // Not with advanced queries [AQ], except the documented manager chain (user-list-manager example 2).
  if (advanced && !items.every((i) => i.levels !== undefined)) throw new ExpandError(GraphErrors.unsupportedQuery());
  return items;
}

/** One expanded object: its @odata.type and its default (or nested $select) properties. */
function projectRelated(store: Store, o: Obj, select: string[] | undefined): Record<string, unknown> {
  const r = store.resourceOf(o.id) ?? 'users';
  const schema = SCHEMAS[r];
  const props = select ? select.filter((p) => p in schema.props || p === 'id') : schema.defaults;
  const out: Record<string, unknown> = { '@odata.type': ODATA_TYPES[r] };
  for (const p of props) if (!schema.writeOnly.includes(p)) out[p] = o[p] === undefined ? null : o[p];
  return out;
}

/** Adds the expanded relationships of `obj` to its projection `out`. */
export function applyExpand(
  store: Store,
  schema: ResourceSchema,
  obj: Obj,
  out: Record<string, unknown>,
  items: ExpandItem[] | undefined,
): void {
  if (!items) return;
  for (const item of items) {
    const nav = NAVS[schema.type]?.[item.nav];
    if (!nav) continue;
    if (nav.many) {
      out[item.nav] = nav
        .read(store, obj.id)
        .slice(0, EXPAND_ITEM_LIMIT)
        .map((o) => projectRelated(store, o, item.select));
      continue;
    }
    // Single-valued: left out when there is none; with $levels the chain nests manager in manager.
    const chain =
      item.levels !== undefined ? store.managerChain(obj.id, item.levels) : [nav.read(store, obj.id)].filter((o): o is Obj => !!o);
    let at = out;
    for (const m of chain) {
      const p = projectRelated(store, m, item.select);
      at[item.nav] = p;
      at = p;
    }
  }
}

export function expandParam(req: SimRequest): string | undefined {
  for (const [k, v] of req.query) if (k.replace(/^\$/, '').toLowerCase() === 'expand') return v;
  return undefined;
}
