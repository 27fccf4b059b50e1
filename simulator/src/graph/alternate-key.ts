// Alternate keys: /groups(uniqueName='…') and /applications(uniqueName='…') [GUPS, AUPS].
// The key is an OData string literal: quoted, with a quote inside written twice.
import { graphError, GraphErrors } from '../http/errors';
import type { SimResponse } from '../http/types';
import type { Obj } from '../state/store';
import { isGuid } from '../util/ids';

/** Route pattern (on the raw path) for `/<set>(uniqueName=…)`; the router decodes `key`. */
export function uniqueNameRoute(set: string): RegExp {
  return new RegExp(String.raw`^\/${set}\(uniqueName=(?<key>.*)\)$`);
}

/** The unquoted value of an OData string literal, or an error response for a malformed one. */
export function parseStringLiteral(literal: string): string | SimResponse {
  const m = /^'((?:[^']|'')*)'$/.exec(literal);
  // An unescaped quote inside the value ends the literal early: Graph's OData parser refuses it (Inferred message).
  if (!m) return graphError(400, 'BadRequest', `Syntax error at position ${literal.length} in 'uniqueName=${literal}'.`);
  return m[1].replace(/''/g, "'");
}

export function findByUniqueName(items: Iterable<Obj>, uniqueName: string): Obj | undefined {
  for (const o of items) if (typeof o.uniqueName === 'string' && o.uniqueName === uniqueName) return o;
  return undefined;
}

/**
 * uniqueName is immutable once set and unique in its collection (resources group / application:
 * "used as an alternate key. Immutable."). Returns an error response, or undefined when fine.
 */
export function uniqueNameProblem(items: Iterable<Obj>, props: Record<string, unknown>, current?: Obj): SimResponse | undefined {
  if (props.uniqueName === undefined) return undefined;
  const next = props.uniqueName;
  if (current && typeof current.uniqueName === 'string' && current.uniqueName !== next) {
    return GraphErrors.badRequest("Property 'uniqueName' is immutable once set and cannot be changed.");
  }
  if (typeof next === 'string') {
    const other = findByUniqueName(items, next);
    if (other && other.id !== current?.id)
      return GraphErrors.badRequest('Another object with the same value for property uniqueName already exists.');
  }
  return undefined;
}

/** Group and application object ids are GUIDs: anything else is refused before any lookup (Observed). */
export function invalidObjectId(id: string): SimResponse | undefined {
  return isGuid(id) ? undefined : GraphErrors.badRequest(`Invalid object identifier '${id}'.`);
}

/** Prefer: create-if-missing, among possibly several preferences [GUPS, AUPS]. */
export function wantsCreate(prefer: string | undefined): boolean {
  return (prefer ?? '').split(',').some((p) => p.trim().toLowerCase() === 'create-if-missing');
}
