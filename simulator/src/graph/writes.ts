// Validation of POST/PATCH bodies against a resource schema, with Graph's messages.
import { GraphErrors } from '../http/errors';
import type { SimRequest, SimResponse } from '../http/types';
import type { ResourceSchema } from './schema';

export type BodyCheck =
  { ok: true; props: Record<string, unknown>; binds: Record<string, string[]> } | { ok: false; response: SimResponse };

/**
 * Splits a JSON body into writable properties and "x@odata.bind" references. Unknown properties and
 * read-only ones are rejected (Request_BadRequest); other "@odata." annotations are ignored.
 */
export function checkBody(req: SimRequest, schema: ResourceSchema, allowedBinds: string[] = []): BodyCheck {
  const body = req.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    if (body === undefined && req.rawBody === '')
      return { ok: false, response: GraphErrors.badRequest('Empty Payload. JSON content expected.') };
    return { ok: false, response: GraphErrors.badRequest('Invalid request body: a JSON object is expected.') };
  }
  const props: Record<string, unknown> = {};
  const binds: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const bind = /^(.+)@odata\.bind$/.exec(k);
    if (bind) {
      if (!allowedBinds.includes(bind[1]))
        return {
          ok: false,
          response: GraphErrors.badRequest(`Property '${bind[1]}' does not exist as a declared property or extension property.`),
        };
      binds[bind[1]] = Array.isArray(v) ? v.map(String) : [String(v)];
      continue;
    }
    if (k.startsWith('@odata.')) continue;
    const canon = Object.keys(schema.props).find((p) => p.toLowerCase() === k.toLowerCase());
    if (!canon)
      return {
        ok: false,
        response: GraphErrors.badRequest(`Property '${k}' does not exist as a declared property or extension property.`),
      };
    if (schema.readOnly.includes(canon))
      return { ok: false, response: GraphErrors.badRequest(`Property '${canon}' is read-only and cannot be set.`) };
    const type = schema.props[canon];
    if (v !== null && !typeMatches(type, v)) {
      return {
        ok: false,
        response: GraphErrors.badRequest(`Invalid value specified for property '${canon}' of resource '${cap(schema.type)}'.`),
      };
    }
    props[canon] = v;
  }
  return { ok: true, props, binds };
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'string':
    case 'datetime':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'number':
      return typeof v === 'number';
    case 'stringArray':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'collection':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && !Array.isArray(v);
    default:
      return true;
  }
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function requiredMissing(props: Record<string, unknown>, required: string[], type: string): SimResponse | undefined {
  for (const r of required) {
    if (props[r] === undefined || props[r] === null || props[r] === '') {
      return GraphErrors.badRequest(`Invalid value specified for property '${r}' of resource '${cap(type)}'.`);
    }
  }
  return undefined;
}

/**
 * passwordCredentials can't be set on create: secrets come from addPassword [APOST, SPPOST]
 * ("Adding passwordCredential when creating servicePrincipals is not supported"). Inferred message.
 */
export function passwordCredentialsOnCreate(props: Record<string, unknown>, type: string): SimResponse | undefined {
  if (!Array.isArray(props.passwordCredentials) || props.passwordCredentials.length === 0) return undefined;
  return GraphErrors.badRequest(
    `Property 'passwordCredentials' cannot be set when creating ${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type}; use addPassword.`,
  );
}

/** Object id from an @odata.id / @odata.bind URL (…/directoryObjects/{id}, …/users/{id}) or a bare id. */
export function idFromODataUrl(url: string): string | undefined {
  const m = /\/(?:directoryObjects|users|groups|servicePrincipals|devices|contacts|applications)\/([^/?#]+)\/?(?:[?#].*)?$/i.exec(url);
  if (m) {
    try {
      return decodeURIComponent(m[1]);
    } catch {
      return m[1];
    }
  }
  if (/^[0-9a-f-]{36}$/i.test(url)) return url;
  return undefined;
}
