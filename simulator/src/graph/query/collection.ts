// The one collection/query engine every Graph collection uses: $select, $filter, $search, $orderby,
// $top, $count, $skiptoken paging, and the advanced-query rules (ConsistencyLevel: eventual) [AQ, QP, PAGING].
import type { SimContext } from '../../context';
import { originOf } from '../../context';
import { GraphErrors, graphError } from '../../http/errors';
import type { SimRequest, SimResponse } from '../../http/types';
import type { Obj } from '../../state/store';
import { ok, text } from '../respond';
import type { ResourceSchema } from '../schema';
import { advancedOperators, evaluate, FilterNode, FilterSyntaxError, filterProperties, parseFilter } from './filter';
import { matchSearch, parseSearch, SearchNode, SearchSyntaxError, searchProperties } from './search';
import { applyExpand, EXPAND_PAGE_LIMIT, ExpandError, ExpandItem, expandParam, parseExpand } from './expand';

export const MAX_PAGE = 999; // [LISTPG]
export const DEFAULT_PAGE = 100; // [LISTPG]

/** Query parameters are matched case-insensitively, with or without the '$' prefix. */
export function param(req: SimRequest, name: string): string | undefined {
  const want = name.replace(/^\$/, '').toLowerCase();
  for (const [k, v] of req.query) if (k.replace(/^\$/, '').toLowerCase() === want) return v;
  return undefined;
}

export function hasEventual(req: SimRequest): boolean {
  return (req.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
}

/** Advanced query = ConsistencyLevel: eventual AND $count=true [AQ]. */
export function isAdvanced(req: SimRequest): boolean {
  return hasEventual(req) && (param(req, 'count') ?? '').toLowerCase() === 'true';
}

export function apiVersion(req: SimRequest): string {
  return req.path.startsWith('/beta') ? 'beta' : 'v1.0';
}

/** Canonical property name (case-insensitive lookup), or undefined when the type has no such property. */
export function canonicalProp(schemas: ResourceSchema[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const s of schemas) for (const p of Object.keys(s.props)) if (p.toLowerCase() === lower) return p;
  return undefined;
}

export class QueryError extends Error {
  constructor(readonly response: SimResponse) {
    super('query error');
  }
}

/** Parses $select; unknown names → 400 [Observed message]; id always included. */
export function parseSelect(req: SimRequest, schemas: ResourceSchema[]): string[] | undefined {
  const raw = param(req, 'select');
  if (raw === undefined || raw.trim() === '') return undefined;
  const out: string[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (part === '*') {
      for (const s of schemas) out.push(...Object.keys(s.props));
      continue;
    }
    const c = canonicalProp(schemas, part);
    if (!c) throw new QueryError(GraphErrors.noSuchProperty(part, schemas[0].type));
    if (!out.includes(c)) out.push(c);
  }
  if (!out.includes('id')) out.unshift('id');
  return out;
}

export function project(obj: Obj, props: string[], odataType?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (odataType) out['@odata.type'] = odataType;
  for (const p of props) out[p] = obj[p] === undefined ? null : obj[p];
  return out;
}

/** Properties returned for an object when no $select is given (its schema's default set minus write-only). */
export function defaultProjection(
  obj: Obj,
  schema: ResourceSchema,
  select: string[] | undefined,
  odataType?: string,
): Record<string, unknown> {
  const props = select ? select.filter((p) => p in schema.props || p === 'id') : schema.defaults;
  const out = project(
    obj,
    props.filter((p) => !schema.writeOnly.includes(p) || select?.includes(p)),
    odataType,
  );
  for (const p of schema.writeOnly) if (p in out) out[p] = null;
  return out;
}

export function contextUrl(ctx: SimContext, req: SimRequest, fragment: string, select?: string[]): string {
  const sel = select && param(req, 'select') ? `(${select.join(',')})` : '';
  return `${originOf(ctx, req)}/${apiVersion(req)}/$metadata#${fragment}${sel}`;
}

/** The current URL with $skiptoken replaced: full URL carrying every original parameter [PAGING]. */
export function linkWith(ctx: SimContext, req: SimRequest, name: string, value: string, drop: string[] = []): string {
  const dropSet = new Set([name, ...drop].map((n) => n.replace(/^\$/, '').toLowerCase()));
  const kept = req.rawQuery.split('&').filter((pair) => {
    if (!pair) return false;
    const k = decodeURIComponent(pair.split('=')[0].replace(/\+/g, ' ')).replace(/^\$/, '').toLowerCase();
    return !dropSet.has(k);
  });
  kept.push(`${name}=${encodeURIComponent(value)}`);
  return `${originOf(ctx, req)}${req.path}?${kept.join('&')}`;
}

function encodeSkip(offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, o: offset, n: Math.floor(Math.random() * 1e9) })).toString('base64url');
}

function decodeSkip(tok: string): number | undefined {
  try {
    const j = JSON.parse(Buffer.from(tok, 'base64url').toString('utf8'));
    return typeof j.o === 'number' && j.o >= 0 ? j.o : undefined;
  } catch {
    return undefined;
  }
}

export interface CollectionSpec {
  /** Schemas used to validate property names (directoryObjects use several). */
  schemas: ResourceSchema[];
  /** Schema of a given item (for default properties and search tokenisation). */
  schemaOf: (obj: Obj) => ResourceSchema;
  /** @odata.type to put on each item (directoryObjects collections), if any. */
  odataTypeOf?: (obj: Obj) => string;
  items: () => Obj[];
  /** e.g. "users", "directoryObjects", "directory/deletedItems/microsoft.graph.user" */
  contextFragment: string;
  /** The /$count segment was used. */
  countOnly?: boolean;
  /** Name used in "unsupported filter" messages, e.g. 'User'. */
  resourceLabel: string;
}

interface ParsedQuery {
  select?: string[];
  filter?: FilterNode;
  search?: SearchNode;
  orderBy?: { prop: string; desc: boolean };
  top: number;
  offset: number;
  count: boolean;
  expand?: ExpandItem[];
}

export function parseQuery(req: SimRequest, spec: CollectionSpec): ParsedQuery {
  const fail = (r: SimResponse): never => {
    throw new QueryError(r);
  };
  const schemas = spec.schemas;
  const advanced = isAdvanced(req) || (!!spec.countOnly && hasEventual(req));
  // $skip is not supported for directory objects [ULIST, LISTPG].
  if (param(req, 'skip') !== undefined) fail(GraphErrors.badRequest("'$skip' is not supported by the service."));
  let top = DEFAULT_PAGE;
  const topRaw = param(req, 'top');
  if (topRaw !== undefined) {
    const n = Number(topRaw);
    if (!/^\d+$/.test(topRaw.trim()) || n < 1 || n > MAX_PAGE) {
      fail(GraphErrors.badRequest(`Invalid page size specified: '${topRaw}'. Must be between 1 and ${MAX_PAGE} inclusive.`));
    }
    top = n;
  }
  const select = parseSelect(req, schemas);
  const expand = parseExpand(expandParam(req), schemas, advanced);
  // A page with $expand holds at most 100 objects (known issue 13635).
  if (expand) top = Math.min(top, EXPAND_PAGE_LIMIT);

  let filter: FilterNode | undefined;
  const filterRaw = param(req, 'filter');
  if (filterRaw !== undefined && filterRaw.trim() !== '') {
    try {
      filter = parseFilter(filterRaw);
    } catch (e) {
      if (e instanceof FilterSyntaxError) fail(graphError(400, 'BadRequest', `Invalid filter clause: ${e.message}`));
      throw e;
    }
    const props = filterProperties(filter);
    const canon = new Map<string, string>();
    for (const p of props) {
      const c = canonicalProp(schemas, p);
      if (!c) fail(GraphErrors.noSuchProperty(p, schemas[0].type));
      canon.set(p, c!);
    }
    filter = renameProps(filter, canon);
    const adv = advancedOperators(filter);
    if (adv.length && !advanced) {
      // ne / not / endsWith only as advanced queries [AQ].
      fail(
        GraphErrors.unsupportedQuery(
          `Unsupported or invalid query filter clause specified for property '${props[0]}' of resource '${spec.resourceLabel}'.`,
        ),
      );
    }
  }

  let search: SearchNode | undefined;
  const searchRaw = param(req, 'search');
  if (searchRaw !== undefined) {
    if (!hasEventual(req)) {
      // [AQ] exact message; $search needs only the header (not $count=true).
      fail(
        GraphErrors.unsupportedQuery(
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
        ),
      );
    }
    try {
      search = parseSearch(searchRaw);
    } catch (e) {
      if (e instanceof SearchSyntaxError) fail(graphError(400, 'Request_UnsupportedQuery', e.message));
      throw e;
    }
    for (const p of searchProperties(search)) {
      const c = canonicalProp(schemas, p);
      if (!c) fail(GraphErrors.noSuchProperty(p, schemas[0].type));
    }
    search = renameSearch(search, schemas);
  }

  let orderBy: ParsedQuery['orderBy'];
  const orderRaw = param(req, 'orderby');
  if (orderRaw !== undefined && orderRaw.trim() !== '') {
    const m = /^\s*([A-Za-z0-9_]+)(?:\s+(asc|desc))?\s*$/i.exec(orderRaw);
    if (!m) fail(GraphErrors.badRequest(`Invalid $orderby clause '${orderRaw}'.`));
    const prop = canonicalProp(schemas, m![1]);
    if (!prop) fail(GraphErrors.noSuchProperty(m![1], schemas[0].type));
    const plain = schemas[0].orderBy.includes(prop!);
    const adv = schemas[0].orderByAdvanced.includes(prop!);
    // Sorting beyond the default properties, and $filter+$orderby together, need advanced query [AQ].
    if ((!plain && !adv) || (!plain && !advanced) || (filter && !advanced) || (search && !advanced && !plain)) {
      fail(GraphErrors.unsupportedQuery('Sorting not supported for current query.'));
    }
    orderBy = { prop: prop!, desc: (m![2] ?? '').toLowerCase() === 'desc' };
  }

  let offset = 0;
  const skipRaw = param(req, 'skiptoken');
  if (skipRaw !== undefined) {
    const o = decodeSkip(skipRaw);
    if (o === undefined) fail(GraphErrors.badRequest('Invalid skip token.'));
    offset = o!;
  }
  // $count=true without the header is silently ignored [AQ, PAGING].
  const count = (param(req, 'count') ?? '').toLowerCase() === 'true' && hasEventual(req);
  return { select, filter, search, orderBy, top, offset, count, expand };
}

function renameProps(n: FilterNode, canon: Map<string, string>): FilterNode {
  switch (n.k) {
    case 'and':
    case 'or':
      return { ...n, l: renameProps(n.l, canon), r: renameProps(n.r, canon) };
    case 'not':
      return { ...n, e: renameProps(n.e, canon) };
    case 'any':
      return { ...n, prop: canon.get(n.prop) ?? n.prop, body: n.body ? renameProps(n.body, canon) : null };
    default:
      return { ...n, prop: canon.get(n.prop) ?? n.prop };
  }
}

function renameSearch(n: SearchNode, schemas: ResourceSchema[]): SearchNode {
  if (n.k === 'clause') return { ...n, prop: canonicalProp(schemas, n.prop) ?? n.prop };
  return { ...n, l: renameSearch(n.l, schemas), r: renameSearch(n.r, schemas) };
}

/** Applies filter/search/order to the items (no paging). */
export function applyQuery(q: ParsedQuery, spec: CollectionSpec, items: Obj[]): Obj[] {
  let out = items;
  if (q.filter) {
    const f = q.filter;
    out = out.filter((o) => evaluate(f, (p) => o[p]));
  }
  if (q.search) {
    const s = q.search;
    out = out.filter((o) => matchSearch(s, (p) => o[p], spec.schemaOf(o).tokenizedSearch));
  }
  if (q.orderBy) {
    const { prop, desc } = q.orderBy;
    out = out.slice().sort((a, b) => {
      const x = a[prop],
        y = b[prop];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const c = String(x).localeCompare(String(y), 'en', { sensitivity: 'base' });
      return desc ? -c : c;
    });
  }
  return out;
}

/** Answers a GET on a collection (or its /$count segment). */
export function listCollection(ctx: SimContext, req: SimRequest, spec: CollectionSpec): SimResponse {
  try {
    if (spec.countOnly) {
      // /$count needs ConsistencyLevel: eventual [AQ].
      if (!hasEventual(req)) return GraphErrors.badRequest('$count is not currently supported.');
      const q = parseQuery(req, spec);
      return text(200, String(applyQuery(q, spec, spec.items()).length));
    }
    const q = parseQuery(req, spec);
    // Server-driven paging: Graph may answer fewer items than $top asks for [PAGING].
    q.top = Math.min(q.top, Number(ctx.config.collectionPageSizeLimit) || q.top);
    const all = applyQuery(q, spec, spec.items());
    const page = all.slice(q.offset, q.offset + q.top);
    const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx, req, spec.contextFragment, q.select) };
    // @odata.count on the first page only [PAGING].
    if (q.count && q.offset === 0) body['@odata.count'] = all.length;
    if (q.offset + q.top < all.length) body['@odata.nextLink'] = linkWith(ctx, req, '$skiptoken', encodeSkip(q.offset + q.top));
    body.value = page.map((o) => {
      const out = defaultProjection(o, spec.schemaOf(o), q.select, spec.odataTypeOf?.(o));
      applyExpand(ctx.store, spec.schemaOf(o), o, out, q.expand);
      return out;
    });
    // Graph puts nextLink after value; keep that order for readers of raw JSON.
    if (body['@odata.nextLink']) {
      const l = body['@odata.nextLink'];
      delete body['@odata.nextLink'];
      body['@odata.nextLink'] = l;
    }
    return ok(body);
  } catch (e) {
    if (e instanceof QueryError || e instanceof ExpandError) return e.response;
    throw e;
  }
}

/** GET of a single entity with $select and $expand. */
export function getEntity(ctx: SimContext, req: SimRequest, obj: Obj, schema: ResourceSchema, fragment: string): SimResponse {
  try {
    const select = parseSelect(req, [schema]);
    const expand = parseExpand(expandParam(req), [schema], isAdvanced(req));
    const body = { '@odata.context': `${contextUrl(ctx, req, fragment, select)}/$entity`, ...defaultProjection(obj, schema, select) };
    applyExpand(ctx.store, schema, obj, body, expand);
    return ok(body);
  } catch (e) {
    if (e instanceof QueryError || e instanceof ExpandError) return e.response;
    throw e;
  }
}
