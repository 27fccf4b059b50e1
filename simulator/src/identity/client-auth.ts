// Confidential-client authentication at the token endpoint [CC]: client_secret (form or HTTP Basic)
// or a JWT client assertion signed with a registered certificate.
import { createHash, X509Certificate } from 'crypto';
import type { SimContext } from '../context';
import { aadError } from '../http/errors';
import type { SimRequest, SimResponse } from '../http/types';
import type { ClientApp, ClientCertificate } from '../state/store';
import type { FederationService } from './federation';
import { decodeJwt, verifySignature } from './jwt';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export function certificateFromPem(pem: string): ClientCertificate {
  const cert = new X509Certificate(pem);
  return {
    pem,
    publicKeyPem: cert.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    x5t: createHash('sha1').update(cert.raw).digest('base64url'),
    x5tS256: createHash('sha256').update(cert.raw).digest('base64url'),
  };
}

/** Reads client_id/client_secret from the form or an HTTP Basic header (both allowed [CC]). */
export function clientCredentialsOf(req: SimRequest, form: Record<string, string>): { clientId?: string; secret?: string } {
  const auth = req.headers.authorization;
  if (auth && /^basic /i.test(auth)) {
    const raw = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const i = raw.indexOf(':');
    if (i > 0) return { clientId: decodeURIComponent(raw.slice(0, i)), secret: decodeURIComponent(raw.slice(i + 1)) };
  }
  return { clientId: form.client_id, secret: form.client_secret };
}

export type ClientAuthResult = { ok: true; app: ClientApp } | { ok: false; response: SimResponse };

export function authenticateClient(ctx: SimContext, req: SimRequest, form: Record<string, string>, tenant: string): ClientAuthResult {
  const { clientId, secret } = clientCredentialsOf(req, form);
  const fail = (status: number, error: string, code: number, text: string): ClientAuthResult => ({
    ok: false,
    response: aadError(status, error, code, text, req),
  });
  if (!clientId) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  const app = ctx.store.clientApps.get(clientId);
  if (!app) {
    return fail(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${ctx.store.tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  if (form.client_assertion || form.client_assertion_type) {
    if (form.client_assertion_type !== ASSERTION_TYPE) {
      return fail(
        400,
        'invalid_request',
        700025,
        `Client is public so neither 'client_assertion' nor 'client_secret' should be presented.`,
      );
    }
    // A token of another issuer (workload identity federation) rather than one the app signed itself.
    const jwt = decodeJwt(form.client_assertion ?? '');
    const federation = ctx.extensions.federation as FederationService | undefined;
    if (jwt && federation && jwt.payload.iss !== app.clientId && !jwt.header.x5t && !jwt.header['x5t#S256']) {
      const refused = federation.check(app, jwt);
      if (refused) return fail(refused.status, refused.error, refused.code, refused.text);
      return { ok: true, app };
    }
    const problem = checkAssertion(ctx, app, form.client_assertion ?? '', tenant);
    if (problem) return fail(401, 'invalid_client', problem.code, problem.text);
    return { ok: true, app };
  }
  if (secret === undefined || secret === '') {
    return fail(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  if (!app.secrets.includes(secret)) {
    return fail(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  return { ok: true, app };
}

function checkAssertion(ctx: SimContext, app: ClientApp, assertion: string, tenant: string): { code: number; text: string } | undefined {
  const jwt = decodeJwt(assertion);
  if (!jwt)
    return {
      code: 700027,
      text: 'Client assertion failed signature validation. [Reason - The provided client assertion is not a valid JWT.]',
    };
  const { header, payload } = jwt;
  const x5t = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const x5t1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  const cert = app.certificates.find((c) => (x5t && c.x5tS256 === x5t) || (x5t1 && c.x5t === x5t1));
  if (!cert) {
    return {
      code: 700027,
      text: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${x5t ?? x5t1 ?? ''}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.]`,
    };
  }
  if (!verifySignature(jwt, cert.publicKeyPem)) {
    return { code: 700027, text: 'Client assertion failed signature validation.' };
  }
  if (payload.iss !== app.clientId || payload.sub !== app.clientId) {
    return {
      code: 700021,
      text: `Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    };
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp !== 'number' || payload.exp <= now || (typeof payload.nbf === 'number' && payload.nbf > now + 300)) {
    return { code: 700024, text: 'Client assertion is not within its valid time range.' };
  }
  const aud = String(payload.aud ?? '');
  const validAud = tokenEndpointAudiences(ctx, tenant);
  if (!validAud.includes(aud)) {
    return {
      code: 700027,
      text: `Client assertion contains an invalid audience claim. [Reason - The audience '${aud}' is not a valid token endpoint.]`,
    };
  }
  return undefined;
}

function tokenEndpointAudiences(ctx: SimContext, tenant: string): string[] {
  const tenants = new Set([tenant, ctx.store.tenant.id, ...ctx.store.tenant.domains.map((d) => d.id)]);
  const hosts = [`localhost:${ctx.port}`, `127.0.0.1:${ctx.port}`, `[::1]:${ctx.port}`, 'login.microsoftonline.com'];
  const out: string[] = [];
  for (const h of hosts) {
    for (const t of tenants) out.push(`https://${h}/${t}/oauth2/v2.0/token`);
    out.push(`https://${h}/`);
  }
  return out;
}
