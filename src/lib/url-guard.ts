// The bearer token goes to the configured Graph host and nowhere else: every relative path is
// joined to the base URL, and every absolute URL (a nextLink, a deltaLink, a user's URL) must have
// the same origin. Ids become exactly one path segment.
import { EntraError, inputError } from './errors';
import { t } from './i18n';

export function encodePathSegment(input: string, value: unknown): string {
  if (value === undefined || value === null || value === '') throw inputError(input, t('errors.required'));
  if (typeof value !== 'string' && typeof value !== 'number') throw inputError(input, t('errors.mustBeString', { type: typeof value }));
  const text = String(value);
  // "." and ".." survive encodeURIComponent and URL parsers resolve them (even as %2E), so a
  // userId of ".." would address another endpoint.
  if (text === '.' || text === '..') throw inputError(input, t('errors.dotId', { id: text }));
  const reserved = reservedSegment(text);
  if (reserved) throw inputError(input, t('errors.reservedId', { id: shortId(text), what: reserved }));
  return encodeURIComponent(text);
}

// Names Graph binds to a collection without their namespace (`GET /users/delta`, `POST
// /directoryObjects/getByIds`): an id of that name would call the function instead of reading one object.
// https://learn.microsoft.com/graph/api/user-delta, https://learn.microsoft.com/graph/api/directoryobject-getbyids,
// https://learn.microsoft.com/graph/api/directoryobject-validateproperties,
// https://learn.microsoft.com/graph/api/directoryobject-getavailableextensionproperties
const BOUND_FUNCTIONS = new Set(['delta', 'getbyids', 'validateproperties', 'getavailableextensionproperties', 'getuserownedobjects']);

/**
 * What Graph (OData) would make of a path segment that is not an id: a function call (`delta`,
 * `delta()`, anything with parentheses), a type cast (`microsoft.graph.user`) or a reserved segment
 * (`$count`, `$ref`, `$value`, `$batch`, …). Object ids (GUIDs), user principal names and the other
 * ids the package takes never look like these. undefined when the text is an ordinary id.
 */
export function reservedSegment(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (text.includes('(') || text.includes(')')) return t('errors.reserved.parentheses');
  if (text.startsWith('$')) return t('errors.reserved.dollar');
  if (lower.startsWith('microsoft.graph.') || lower === 'microsoft.graph') return t('errors.reserved.cast');
  if (BOUND_FUNCTIONS.has(lower)) return t('errors.reserved.bound', { name: text });
  return undefined;
}

const shortId = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** Fills `{name}` placeholders of a path template with encoded segments. */
export function fillPath(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => encodePathSegment(name, values[name]));
}

/** `/users` → `<base>/users`; an absolute URL must be on the base URL's origin and Graph root. */
export function resolveGraphUrl(baseUrl: string, pathOrUrl: string): URL {
  const base = new URL(baseUrl.replace(/\/+$/, ''));
  if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl) || pathOrUrl.startsWith('//')) {
    const target = new URL(pathOrUrl, base);
    assertOnGraph(base, target);
    return target;
  }
  const path = pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
  const target = new URL(base.href + path);
  assertOnGraph(base, target);
  return target;
}

export function assertSameOrigin(base: URL, target: URL): void {
  if (target.origin !== base.origin) {
    throw new EntraError(t('errors.tokenRefused', { target: target.origin, allowed: base.origin }), {
      code: 'HostNotAllowed',
      kind: 'security',
    });
  }
}

/**
 * The path under which every Graph version lives: the base path without its version segment
 * (`https://gw.example/graph/v1.0` → `/graph/`; Microsoft's hosts → `/`).
 */
export function graphRootPath(base: URL): string {
  const path = base.pathname.replace(/\/+$/, '').replace(/\/(v1\.0|beta)$/, '');
  return `${path}/`;
}

/** Same origin and under the Graph root: a custom Graph URL behind a shared gateway keeps the token to itself. */
export function isOnGraph(base: URL, target: URL): boolean {
  return target.origin === base.origin && target.pathname.startsWith(graphRootPath(base));
}

/**
 * Refuses a URL the token must not go to. Dot segments (also `%2e%2e` and `\..`, which URL
 * parsers resolve) can climb out of the base path, so the resolved path is what is checked.
 */
export function assertOnGraph(base: URL, target: URL): void {
  assertSameOrigin(base, target);
  if (!isOnGraph(base, target)) {
    throw new EntraError(
      t('errors.tokenRefusedPath', { target: `${target.origin}${target.pathname}`, allowed: `${base.origin}${graphRootPath(base)}` }),
      { code: 'HostNotAllowed', kind: 'security' },
    );
  }
}

/** Replaces the version segment (v1.0 / beta) of a Graph base URL. */
export function withApiVersion(baseUrl: string, version: string | undefined): string {
  if (!version) return baseUrl;
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (/\/(v1\.0|beta)$/.test(trimmed)) return trimmed.replace(/\/(v1\.0|beta)$/, `/${version}`);
  return `${trimmed}/${version}`;
}
