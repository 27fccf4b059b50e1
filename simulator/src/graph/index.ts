// Graph front door: strips /v1.0 or /beta (same data), checks the bearer token the way Graph does,
// and routes to the per-resource route files (users.ts, groups.ts, applications.ts, service-principals.ts, directory.ts,
// delta.ts, batch.ts, subscriptions.ts, echo.ts). To add a resource: create graph/<resource>.ts exporting register(ctx, router)
// and call it from registerGraphRoutes below.
import type { SimContext } from '../context';
import { graphError } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { registerApplicationCredentialRoutes } from './app-credentials';
import { registerApplicationOwnerRoutes } from './app-owners';
import { registerAppRoleAssignmentRoutes } from './app-role-assignments';
import { registerApplicationRoutes } from './applications';
import { registerBatchRoutes } from './batch';
import { registerDeltaRoutes } from './delta';
import { registerDirectoryRoutes } from './directory';
import { registerRelationshipRoutes } from './relationships';
import { registerEchoRoutes } from './echo';
import { registerGroupRoutes } from './groups';
import { registerServicePrincipalRoutes } from './service-principals';
import { registerSubscriptionRoutes } from './subscriptions';
import { registerUserRoutes } from './users';
import { registerAuthenticationRoutes } from './authentication';
import { registerInvitationRoutes } from './invitations';
import { registerLicenseRoutes } from './licenses';
import { registerUserRelationRoutes } from './user-relations';

export function registerGraphRoutes(ctx: SimContext, router: Router): void {
  // delta first: /users/delta must not be read as /users/{id}
  registerDeltaRoutes(ctx, router);
  registerBatchRoutes(ctx, router);
  registerUserRoutes(ctx, router);
  registerLicenseRoutes(ctx, router);
  registerUserRelationRoutes(ctx, router);
  registerAuthenticationRoutes(ctx, router);
  registerInvitationRoutes(ctx, router);
  registerGroupRoutes(ctx, router);
  registerRelationshipRoutes(ctx, router);
  registerApplicationRoutes(ctx, router);
  registerServicePrincipalRoutes(ctx, router);
  // An application's owners, secrets and federated credentials; service principals' app role assignments.
  registerApplicationOwnerRoutes(ctx, router);
  registerApplicationCredentialRoutes(ctx, router);
  registerAppRoleAssignmentRoutes(ctx, router);
  registerDirectoryRoutes(ctx, router);
  registerSubscriptionRoutes(ctx, router);
  // Test route /_sim/echo (not Graph) and the application logo stream.
  registerEchoRoutes(ctx, router);
}

/**
 * Graph's OData parser names the first segment it cannot resolve ("Resource not found for the segment
 * 'foo'."): the segment after the longest prefix of the path that is itself a route (for any method).
 */
export function unknownSegment(router: Router, sub: string): SimResponse {
  const segs = sub.split('/').filter(Boolean);
  let known = 0;
  for (let k = segs.length - 1; k >= 1; k--) {
    if (router.match('GET', `/${segs.slice(0, k).join('/')}`) !== undefined) {
      known = k;
      break;
    }
  }
  const seg = segs[known] ?? '';
  let name = seg;
  try {
    name = decodeURIComponent(seg);
  } catch {
    /* keep it as sent */
  }
  return graphError(400, 'BadRequest', `Resource not found for the segment '${name}'.`);
}

/** 401 InvalidAuthenticationToken with the messages Graph uses (Observed, GRAPH-FACTS §5). */
function unauthorized(message: string): SimResponse {
  return graphError(401, 'InvalidAuthenticationToken', message, {
    'www-authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}

const AUTH_MESSAGES: Record<string, string> = {
  empty: 'Access token is empty.',
  malformed: 'CompactToken parsing failed with error code: 80049217',
  signature: 'Access token validation failure. Invalid audience.',
  audience: 'Access token validation failure. Invalid audience.',
  tenant: 'Access token validation failure. Invalid audience.',
  expired: 'Access token has expired or is not yet valid.',
  revoked: 'Access token has expired or is not yet valid.',
};

export function makeGraphHandler(ctx: SimContext) {
  return async function handleGraph(req: SimRequest): Promise<SimResponse> {
    const m = /^\/(v1\.0|beta)(\/.*)?$/.exec(req.path);
    const sub = m?.[2] ?? '/';
    const auth = req.headers.authorization ?? '';
    const bearer = /^bearer\s+(.*)$/i.exec(auth.trim());
    const check = ctx.tokens.verify(bearer?.[1]?.trim() || undefined, ctx.store.tenant.id);
    if (!check.ok) return unauthorized(AUTH_MESSAGES[check.reason]);
    req.auth = check.claims;
    // App-only tokens need application permissions (roles), delegated ones delegated permissions (scp).
    const delegated = typeof check.claims.scp === 'string' && check.claims.scp.trim() !== '';
    if (!delegated && (!Array.isArray(check.claims.roles) || check.claims.roles.length === 0)) {
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    // /me and /me/… are /users/{signed-in user}… for every method; app-only tokens have no user [UGET].
    const meSub = /^\/me(\/.*)?$/.exec(sub);
    let path = sub;
    if (meSub) {
      if (!delegated) return graphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      path = `/users/${encodeURIComponent(String(check.claims.oid ?? ''))}${meSub[1] ?? ''}`;
    }
    // Identity-service quotas (off unless config.throttling): a 429 before the route runs.
    const admitted = ctx.throttle?.admit(req, path);
    if (admitted?.throttled) return admitted.throttled;
    const res = await route(req, path);
    return admitted ? { ...res, headers: { ...res.headers, ...admitted.headers } } : res;
  };

  async function route(req: SimRequest, path: string): Promise<SimResponse> {
    const r = ctx.graphRouter.match(req.method, path);
    if (r === 'method') return graphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    if (r === undefined) return unknownSegment(ctx.graphRouter, path);
    return r.handler(req, r.params);
  }
}
