// The list options shared by every collection (users, groups, applications, members): OData query
// parameters plus the ConsistencyLevel header that advanced queries need
// (https://learn.microsoft.com/graph/aad-advanced-queries).
import type { Values } from './inputs';

// The inputs themselves (labels, help) are shared-inputs.ts's LIST_INPUTS.
export { LIST_INPUTS } from './shared-inputs';

/** Graph's maximum page size for directory collections: the fewest round trips for getAll. */
export const MAX_PAGE_SIZE = 999;

export function selectParam(select: unknown): string | undefined {
  if (select === undefined) return undefined;
  const list = Array.isArray(select) ? select : String(select).split(',');
  const text = list
    .map((s) => String(s).trim())
    .filter(Boolean)
    .join(',');
  return text || undefined;
}

/** `$search` clauses must be in double quotes: `displayName:john` is sent as `"displayName:john"`. */
export function searchParam(search: string | undefined): string | undefined {
  if (!search) return undefined;
  return search.includes('"') ? search : `"${search}"`;
}

export function listQuery(v: Values): Record<string, string | undefined> {
  const top = v.top !== undefined ? v.top : v.getAll ? MAX_PAGE_SIZE : undefined;
  return {
    $count: v.count ? 'true' : undefined,
    $expand: v.expand,
    $filter: v.filter,
    $orderby: v.orderBy,
    $search: searchParam(v.search),
    $select: selectParam(v.select),
    $top: top !== undefined ? String(top) : undefined,
  };
}

/** `$count` and `$search` only work as advanced queries: the header is added for them. */
export function listHeaders(v: Values): Record<string, string | undefined> {
  const level = v.consistencyLevel === true || v.count || v.search ? 'eventual' : undefined;
  return { ConsistencyLevel: level };
}
