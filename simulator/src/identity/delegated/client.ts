// Which client redeems a delegated grant: a confidential one proves itself with a secret or a
// certificate; without either the app must allow public client flows, or the identity platform
// answers AADSTS7000218 (the error people see when "Allow public client flows" is off).
import type { SimContext } from '../../context';
import { aadError } from '../../http/errors';
import type { SimRequest, SimResponse } from '../../http/types';
import type { ClientApp } from '../../state/store';
import { authenticateClient, clientCredentialsOf } from '../client-auth';

export type DelegatedClient = { ok: true; app: ClientApp; confidential: boolean } | { ok: false; response: SimResponse };

export function delegatedClient(
  ctx: SimContext,
  req: SimRequest,
  form: Record<string, string>,
  tenant: string,
  opts: { requireConfidential?: boolean } = {},
): DelegatedClient {
  const { clientId, secret } = clientCredentialsOf(req, form);
  if (secret || form.client_assertion || form.client_assertion_type || opts.requireConfidential) {
    const r = authenticateClient(ctx, req, form, tenant);
    return r.ok ? { ok: true, app: r.app, confidential: true } : r;
  }
  if (!clientId)
    return {
      ok: false,
      response: aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.", req),
    };
  const app = ctx.store.clientApps.get(clientId);
  if (!app) {
    return {
      ok: false,
      response: aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${ctx.store.tenant.displayName}'.`,
        req,
      ),
    };
  }
  if (!app.publicClient) {
    return {
      ok: false,
      response: aadError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        req,
      ),
    };
  }
  return { ok: true, app, confidential: false };
}

/** Redirect URIs Microsoft accepts: https://, or http:// on localhost only. */
export function acceptableRedirectUri(app: ClientApp, uri: string): boolean {
  if (app.redirectUris && app.redirectUris.length > 0) return app.redirectUris.includes(uri);
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  if (u.hash) return false;
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
}
