// grant_type=client_credentials [CC]: scope must be "<resource>/.default" for Graph; the answer
// never carries a refresh token.
import type { SimContext } from '../../context';
import { aadError } from '../../http/errors';
import type { SimRequest, SimResponse } from '../../http/types';
import { authenticateClient } from '../client-auth';
import type { GrantHandler } from './registry';

/** Graph roots accepted in a ".default" scope: Microsoft's and the simulator's own origin. */
export function graphResourceOf(ctx: SimContext, scope: string): string | undefined {
  const m = /^(.+?)\/?\.default$/.exec(scope.trim());
  if (!m) return undefined;
  const resource = m[1].replace(/\/$/, '');
  const local = [`https://localhost:${ctx.port}`, `https://127.0.0.1:${ctx.port}`, `https://[::1]:${ctx.port}`];
  if (resource === 'https://graph.microsoft.com' || resource === '00000003-0000-0000-c000-000000000000')
    return 'https://graph.microsoft.com';
  if (local.includes(resource)) return resource;
  return undefined;
}

export function invalidScope(req: SimRequest, scope: string | undefined): SimResponse {
  if (!scope) return aadError(400, 'invalid_scope', 70011, "The provided request must include a 'scope' input parameter.", req);
  return aadError(
    400,
    'invalid_scope',
    70011,
    `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    req,
  );
}

export function tokenResponse(ctx: SimContext, token: string, extra: Record<string, unknown> = {}): SimResponse {
  const lifetime = ctx.config.tokenLifetimeSeconds;
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
    body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token, ...extra },
  };
}

export const clientCredentialsGrant: GrantHandler = ({ ctx, req, form, tenant }) => {
  const client = authenticateClient(ctx, req, form, tenant);
  if (!client.ok) return client.response;
  // All scopes of a client-credentials request must be one resource's ".default" [CC].
  const scopes = (form.scope ?? '').split(/\s+/).filter(Boolean);
  if (scopes.length !== 1) return invalidScope(req, form.scope);
  const resource = graphResourceOf(ctx, scopes[0]);
  if (!resource) return invalidScope(req, form.scope);
  const { token } = ctx.tokens.issue({
    tenantId: ctx.store.tenant.id,
    appId: client.app.clientId,
    principalId: ctx.store.servicePrincipalIdOf(client.app.clientId),
    roles: client.app.roles,
    lifetimeSeconds: ctx.config.tokenLifetimeSeconds,
    audience: resource,
  });
  return tokenResponse(ctx, token);
};
