// Tokens issued on behalf of a user (authorization code, refresh token, device code grants) [AC]:
// an access token with the delegated permissions in `scp` and the user's `oid` (no `roles`), an
// id_token when `openid` was asked for, client_info for msal's account, and a refresh token when
// `offline_access` was asked for.
import type { SimContext } from '../../context';
import { aadError } from '../../http/errors';
import type { SimRequest, SimResponse } from '../../http/types';
import type { Obj } from '../../state/store';
import { b64url } from '../../util/ids';
import { invalidScope, tokenResponse } from '../grants/client-credentials';
import { delegatedState, Grant, opaqueToken } from './state';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** Delegated permissions granted for `.default` (what an admin consented to for the app). */
const DEFAULT_DELEGATED = ['User.Read'];

/**
 * Splits a scope parameter into Graph permissions (bare names; `https://graph.microsoft.com/X` and
 * `<simulator>/X` are the same) and OpenID scopes. Scopes of another resource are refused
 * (AADSTS70011): all resource scopes of one request must be for one resource [AC].
 */
export function parseScopes(ctx: SimContext, raw: string | undefined): { scopes: string[]; oidcScopes: string[] } | undefined {
  const scopes: string[] = [];
  const oidcScopes: string[] = [];
  const roots = [
    'https://graph.microsoft.com',
    ctx.baseUrl,
    `https://127.0.0.1:${ctx.port}`,
    `https://[::1]:${ctx.port}`,
    '00000003-0000-0000-c000-000000000000',
  ];
  for (const s of (raw ?? '').split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.includes(s.toLowerCase())) {
      oidcScopes.push(s.toLowerCase());
      continue;
    }
    let name = s;
    const root = roots.find((r) => s.toLowerCase().startsWith(`${r.toLowerCase()}/`));
    if (root) name = s.slice(root.length + 1);
    else if (/^[a-z]+:\/\//i.test(s)) return undefined;
    if (!/^[A-Za-z][\w.]*$/.test(name) && name !== '.default') return undefined;
    if (name === '.default') scopes.push(...DEFAULT_DELEGATED);
    else if (!scopes.includes(name)) scopes.push(name);
  }
  if (scopes.length === 0) scopes.push(...DEFAULT_DELEGATED);
  return { scopes, oidcScopes };
}

export function userByKey(ctx: SimContext, key: string | undefined): Obj | undefined {
  if (!key) return undefined;
  return ctx.store.getUser(key);
}

/** AADSTS50057 for a disabled account; undefined when the user may sign in. */
export function signInBlocked(user: Obj, req?: SimRequest): SimResponse | undefined {
  if (user.accountEnabled === false) {
    return aadError(400, 'invalid_grant', 50057, 'The user account is disabled. The account has been disabled by an administrator.', req);
  }
  return undefined;
}

export function issueUserTokens(ctx: SimContext, origin: string, grant: Grant, user: Obj, opts: { nonce?: string } = {}): SimResponse {
  const tid = ctx.store.tenant.id;
  const upn = String(user.userPrincipalName ?? '');
  const lifetime = ctx.config.tokenLifetimeSeconds;
  const { token } = ctx.tokens.issue({
    tenantId: tid,
    appId: grant.clientId,
    roles: [],
    lifetimeSeconds: lifetime,
    extra: {
      idtyp: 'user',
      oid: user.id,
      sub: b64url(`${user.id}:${grant.clientId}`).slice(0, 43),
      scp: grant.scopes.join(' '),
      upn,
      unique_name: upn,
      name: user.displayName,
      ver: '1.0',
    },
  });
  const extra: Record<string, unknown> = {
    scope: [...grant.scopes, ...grant.oidcScopes.filter((s) => s !== 'offline_access')].join(' '),
    client_info: b64url(JSON.stringify({ uid: user.id, utid: tid })),
  };
  if (grant.oidcScopes.includes('openid')) {
    const now = Math.floor(Date.now() / 1000);
    extra.id_token = ctx.tokens.sign({
      aud: grant.clientId,
      iss: `${origin}/${tid}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: user.displayName,
      oid: user.id,
      preferred_username: upn,
      sub: b64url(`${user.id}:${grant.clientId}`).slice(0, 43),
      tid,
      ver: '2.0',
      ...(opts.nonce ? { nonce: opts.nonce } : {}),
    });
  }
  if (grant.oidcScopes.includes('offline_access')) {
    const rt = opaqueToken('sim-rt', 48);
    delegatedState(ctx).refreshTokens.set(rt, { ...grant, issuedAt: Date.now() });
    extra.refresh_token = rt;
  }
  return tokenResponse(ctx, token, extra);
}

export { invalidScope };
