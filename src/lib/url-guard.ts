// The bearer token goes to the configured Graph host and nowhere else: every relative path is
// joined to the base URL, and every absolute URL (a nextLink, a deltaLink, a user's URL) must have
// the same origin. Ids become exactly one path segment.
import { EntraError, inputError } from './errors';

export function encodePathSegment(input: string, value: unknown): string {
  if (value === undefined || value === null || value === '') throw inputError(input, 'is required');
  if (typeof value !== 'string' && typeof value !== 'number') throw inputError(input, `must be a string, got ${typeof value}`);
  const text = String(value);
  // "." and ".." survive encodeURIComponent and URL parsers resolve them (even as %2E), so a
  // userId of ".." would address another endpoint.
  if (text === '.' || text === '..') throw inputError(input, `"${text}" is not a valid id`);
  return encodeURIComponent(text);
}

/** Fills `{name}` placeholders of a path template with encoded segments. */
export function fillPath(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => encodePathSegment(name, values[name]));
}

/** `/users` → `<base>/users`; an absolute URL must be on the base URL's origin. */
export function resolveGraphUrl(baseUrl: string, pathOrUrl: string): URL {
  const base = new URL(baseUrl.replace(/\/+$/, ''));
  if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl) || pathOrUrl.startsWith('//')) {
    const target = new URL(pathOrUrl, base);
    assertSameOrigin(base, target);
    return target;
  }
  const path = pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
  const target = new URL(base.href + path);
  assertSameOrigin(base, target);
  return target;
}

export function assertSameOrigin(base: URL, target: URL): void {
  if (target.origin !== base.origin) {
    throw new EntraError(
      `Refused to send the access token to ${target.origin}: only ${base.origin} (the connection's Graph host) is allowed`,
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
