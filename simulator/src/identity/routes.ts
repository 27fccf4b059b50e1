// The Microsoft identity platform endpoints msal-node calls: OpenID metadata, instance discovery,
// keys, and the token endpoint (dispatching on grant_type through the GrantRegistry).
// authorize / devicecode and the sign-in pages are in delegated/routes.ts.
import type { SimContext } from '../context';
import { originOf } from '../context';
import { aadError } from '../http/errors';
import { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { registerDelegatedRoutes } from './delegated/routes';
import { authorizationCodeGrant } from './grants/authorization-code';
import { clientCredentialsGrant } from './grants/client-credentials';
import { DEVICE_CODE_GRANT, deviceCodeGrant } from './grants/device-code';
import { refreshTokenGrant } from './grants/refresh-token';
import type { GrantRegistry } from './grants/registry';

const json = (body: unknown, status = 200): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'max-age=86400, private' },
  body,
});

export function registerDefaultGrants(grants: GrantRegistry): void {
  grants.register('client_credentials', clientCredentialsGrant);
  grants.register('authorization_code', authorizationCodeGrant);
  grants.register('refresh_token', refreshTokenGrant);
  grants.register(DEVICE_CODE_GRANT, deviceCodeGrant);
  // msal sends the short form (msal-common GrantType.DEVICE_CODE_GRANT = "device_code"), which the
  // identity platform accepts beside the RFC 8628 URN of the docs [DC].
  grants.register('device_code', deviceCodeGrant);
}

/** AADSTS90002: the tenant segment is neither our tenant id nor one of its verified domains. */
function unknownTenant(req: SimRequest, tenant: string): SimResponse {
  return aadError(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    req,
  );
}

/** Tenant segments msal or users may use: ours by id/domain, plus the multi-tenant aliases. */
function knownTenant(ctx: SimContext, tenant: string): boolean {
  return ctx.store.matchesTenant(tenant) || ['common', 'organizations', 'consumers'].includes(tenant.toLowerCase());
}

export function openIdConfiguration(ctx: SimContext, origin: string, tenant: string): Record<string, unknown> {
  const t = ctx.store.tenant.id;
  const base = `${origin}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${origin}/${t}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: origin.replace(/^https:\/\//, ''),
    rbac_url: 'https://pas.windows.net',
  };
}

export function buildIdentityRoutes(ctx: SimContext, router: Router): void {
  // MSAL's instance discovery (msal-common Constants: /common/discovery/instance). Answered with this
  // host as the only alias even though our client sets knownAuthorities and should not call it.
  router.get(/^\/common\/discovery\/instance$/, (req) => {
    const host = originOf(ctx, req).replace(/^https:\/\//, '');
    const endpoint = req.query.get('authorization_endpoint') ?? `https://${host}/common/oauth2/v2.0/authorize`;
    return json({
      tenant_discovery_endpoint: endpoint.replace(/\/oauth2\/v2\.0\/authorize$/, '/v2.0/.well-known/openid-configuration'),
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });

  router.get(/^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, (req, p) => {
    if (!knownTenant(ctx, p.tenant)) return unknownTenant(req, p.tenant);
    return json(openIdConfiguration(ctx, originOf(ctx, req), p.tenant));
  });

  router.get(/^\/(?<tenant>[^/]+)\/discovery\/v2\.0\/keys$/, (req, p) => {
    if (!knownTenant(ctx, p.tenant)) return unknownTenant(req, p.tenant);
    return json(ctx.tokens.jwks());
  });

  router.post(/^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/, async (req, p) => {
    // common/organizations serve only user (delegated) grants, never app-only tokens; unknown tenants → AADSTS90002.
    const alias = ['common', 'organizations'].includes(p.tenant.toLowerCase());
    const formGrant = req.body && typeof req.body === 'object' ? (req.body as Record<string, string>).grant_type : undefined;
    if (!ctx.store.matchesTenant(p.tenant) && !(alias && formGrant && formGrant !== 'client_credentials')) {
      return unknownTenant(req, p.tenant);
    }
    const ct = req.headers['content-type'] ?? '';
    if (!/application\/x-www-form-urlencoded/i.test(ct) || typeof req.body !== 'object' || req.body === null) {
      return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.", req);
    }
    const form = req.body as Record<string, string>;
    const grantType = form.grant_type;
    if (!grantType)
      return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.", req);
    const handler = ctx.grants.get(grantType);
    if (!handler) return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`, req);
    return handler({ ctx, req, form, tenant: p.tenant });
  });

  registerDelegatedRoutes(ctx, router);
}
