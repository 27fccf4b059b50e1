// The user-facing side of delegated sign-in: /authorize with a small sign-in page (pick a user of
// the tenant) that redirects back with a code [AC], /devicecode and the /devicelogin page where a
// user enters the code [DC], and control routes that do the same without a browser.
import type { SimContext } from '../../context';
import { originOf } from '../../context';
import { aadError } from '../../http/errors';
import type { Router } from '../../http/router';
import type { SimRequest, SimResponse } from '../../http/types';
import type { Obj } from '../../state/store';
import { acceptableRedirectUri } from './client';
import { AuthorizeRequest, delegatedState, DeviceCode, opaqueToken, userCode } from './state';
import { parseScopes, userByKey } from './user-tokens';

const json = (body: unknown, status = 200): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body,
});
const html = (body: string, status = 200): SimResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body,
});

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:32em;margin:3em auto}button{display:block;width:100%;margin:.3em 0;padding:.5em;text-align:left}.err{color:#a00}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function errorPage(code: number, text: string): SimResponse {
  return html(page('Sign in', `<p class="err">AADSTS${code}: ${escapeHtml(text)}</p>`), 400);
}

type Validated =
  | { ok: true; request: Omit<AuthorizeRequest, 'id' | 'createdAt'> }
  | { ok: false; status: number; code: number; text: string; redirect?: string };

/**
 * Checks an authorize request the way the identity platform does: an unknown client or a redirect
 * URI that is not registered is shown as an error page (never redirected to); other problems are
 * redirected back with error=… [AC].
 */
function validateAuthorize(ctx: SimContext, tenant: string, q: URLSearchParams): Validated {
  if (!ctx.store.matchesTenant(tenant) && !['common', 'organizations'].includes(tenant.toLowerCase())) {
    return { ok: false, status: 400, code: 90002, text: `Tenant '${tenant}' not found.` };
  }
  const clientId = q.get('client_id') ?? '';
  const app = ctx.store.clientApps.get(clientId);
  if (!app)
    return {
      ok: false,
      status: 400,
      code: 700016,
      text: `Application with identifier '${clientId}' was not found in the directory '${ctx.store.tenant.displayName}'.`,
    };
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!acceptableRedirectUri(app, redirectUri)) {
    return {
      ok: false,
      status: 400,
      code: 50011,
      text: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
    };
  }
  const back = (error: string, code: number, text: string): Validated => {
    const u = new URL(redirectUri);
    u.searchParams.set('error', error);
    u.searchParams.set('error_description', `AADSTS${code}: ${text}`);
    if (q.get('state') !== null) u.searchParams.set('state', q.get('state')!);
    return { ok: false, status: 302, code, text, redirect: u.toString() };
  };
  if (q.get('response_type') !== 'code')
    return back(
      'unsupported_response_type',
      900144,
      "The provided value for the input parameter 'response_type' is not allowed for this request. Expected value: 'code'.",
    );
  const scopes = parseScopes(ctx, q.get('scope') ?? '');
  if (!scopes || !q.get('scope')) return back('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid.`);
  const challenge = q.get('code_challenge') ?? undefined;
  const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
  if (method && !['plain', 'S256'].includes(method)) return back('invalid_request', 501491, `Invalid code_challenge_method '${method}'.`);
  return {
    ok: true,
    request: {
      clientId,
      redirectUri,
      scopes: scopes.scopes,
      oidcScopes: scopes.oidcScopes,
      state: q.get('state') ?? undefined,
      nonce: q.get('nonce') ?? undefined,
      codeChallenge: challenge,
      codeChallengeMethod: method,
      responseMode: q.get('response_mode') ?? 'query',
    },
  };
}

/** The user's answer: a redirect back to the app with a code, or with error=access_denied. */
function decide(
  ctx: SimContext,
  request: Omit<AuthorizeRequest, 'id' | 'createdAt'>,
  user: Obj | undefined,
  decline: boolean,
): { location?: string; code?: string; error?: { status: number; code: number; text: string } } {
  const u = new URL(request.redirectUri);
  if (decline) {
    u.searchParams.set('error', 'access_denied');
    u.searchParams.set('error_description', 'AADSTS65004: User declined to consent to access the app.');
  } else {
    if (!user) return { error: { status: 400, code: 50034, text: 'The user account does not exist in the directory.' } };
    if (user.accountEnabled === false) return { error: { status: 400, code: 50057, text: 'The user account is disabled.' } };
    const code = opaqueToken('sim-code', 32);
    delegatedState(ctx).codes.set(code, {
      userId: user.id,
      clientId: request.clientId,
      scopes: request.scopes,
      oidcScopes: request.oidcScopes,
      confidential: false,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
      nonce: request.nonce,
      expiresAt: Date.now() + Number(ctx.config.authCodeLifetimeSeconds) * 1000,
      redeemed: false,
    });
    u.searchParams.set('code', code);
  }
  if (request.state !== undefined) u.searchParams.set('state', request.state);
  return { location: u.toString(), code: u.searchParams.get('code') ?? undefined };
}

function signInPage(ctx: SimContext, tenant: string, id: string, request: Omit<AuthorizeRequest, 'id' | 'createdAt'>): string {
  const app = ctx.store.clientApps.get(request.clientId);
  const users = [...ctx.store.users.values()].slice(0, 50);
  const buttons = users
    .map(
      (u) =>
        `<button name="user" value="${escapeHtml(u.id)}">${escapeHtml(u.displayName)} &lt;${escapeHtml(u.userPrincipalName)}&gt;${u.accountEnabled === false ? ' (disabled)' : ''}</button>`,
    )
    .join('');
  return page(
    'Sign in',
    `<p><b>${escapeHtml(app?.displayName)}</b> asks for: ${escapeHtml(request.scopes.join(', '))}</p>
<form method="post" action="/${escapeHtml(encodeURIComponent(tenant))}/oauth2/v2.0/authorize"><input type="hidden" name="request" value="${escapeHtml(id)}">${buttons}
<button name="cancel" value="1">Cancel</button></form>`,
  );
}

function deviceLoginPage(message = '', userCodeValue = ''): string {
  return page(
    'Enter code',
    `${message}<form method="post" action="/devicelogin">
<p><label>Code <input name="user_code" value="${escapeHtml(userCodeValue)}" autocomplete="off"></label></p>
<p><label>User (id or user principal name) <input name="user"></label></p>
<button name="action" value="approve">Sign in</button><button name="action" value="decline">Decline</button></form>`,
  );
}

function answerDeviceCode(
  ctx: SimContext,
  entry: DeviceCode | undefined,
  userKey: string | undefined,
  decline: boolean,
): { status: number; text: string } {
  if (!entry || entry.redeemed) return { status: 404, text: 'That code was not recognised.' };
  if (Date.now() > entry.expiresAt) return { status: 400, text: 'That code has expired. Go back to your device and start again.' };
  if (entry.state !== 'pending') return { status: 409, text: `That code was already ${entry.state}.` };
  if (decline) {
    entry.state = 'declined';
    return { status: 200, text: 'You declined the sign-in. You can close this window.' };
  }
  const user = userByKey(ctx, userKey);
  if (!user) return { status: 404, text: `No user '${userKey ?? ''}' in the directory.` };
  if (user.accountEnabled === false) return { status: 400, text: 'AADSTS50057: The user account is disabled.' };
  entry.state = 'approved';
  entry.userId = user.id;
  return { status: 200, text: `Signed in as ${String(user.userPrincipalName)}. You can close this window.` };
}

export function registerDelegatedRoutes(ctx: SimContext, router: Router): void {
  const state = delegatedState(ctx);

  router.get(/^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/authorize$/, (req, p) => {
    const v = validateAuthorize(ctx, p.tenant, req.query);
    if (!v.ok) return v.redirect ? { status: 302, headers: { location: v.redirect }, body: undefined } : errorPage(v.code, v.text);
    const id = opaqueToken('req', 12);
    state.authorizeRequests.set(id, { ...v.request, id, createdAt: Date.now() });
    return html(signInPage(ctx, p.tenant, id, v.request));
  });

  router.post(/^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/authorize$/, (req) => {
    const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    const request = state.authorizeRequests.get(form.request ?? '');
    if (!request) return errorPage(90014, 'The sign-in request was not found or was already answered.');
    state.authorizeRequests.delete(request.id);
    const d = decide(ctx, request, userByKey(ctx, form.user), form.cancel === '1');
    if (d.error) return errorPage(d.error.code, d.error.text);
    return { status: 302, headers: { location: d.location! } };
  });

  router.post(/^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/devicecode$/, (req, p) => {
    if (!ctx.store.matchesTenant(p.tenant) && !['common', 'organizations'].includes(p.tenant.toLowerCase())) {
      return aadError(400, 'invalid_request', 90002, `Tenant '${p.tenant}' not found.`, req);
    }
    const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    if (!form.client_id)
      return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.", req);
    const app = ctx.store.clientApps.get(form.client_id);
    if (!app)
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.client_id}' was not found in the directory '${ctx.store.tenant.displayName}'.`,
        req,
      );
    const scopes = parseScopes(ctx, form.scope);
    if (!scopes || !form.scope)
      return aadError(400, 'invalid_scope', 70011, "The provided value for the input parameter 'scope' is not valid.", req);
    const expiresIn = Number(ctx.config.deviceCodeLifetimeSeconds);
    const interval = Number(ctx.config.deviceCodeIntervalSeconds);
    const entry: DeviceCode = {
      deviceCode: opaqueToken('sim-device', 48),
      userCode: userCode(),
      clientId: app.clientId,
      scopes: scopes.scopes,
      oidcScopes: scopes.oidcScopes,
      expiresAt: Date.now() + expiresIn * 1000,
      interval,
      state: 'pending',
      redeemed: false,
    };
    state.deviceCodes.set(entry.deviceCode, entry);
    const verificationUri = `${originOf(ctx, req)}/devicelogin`;
    return json({
      user_code: entry.userCode,
      device_code: entry.deviceCode,
      verification_uri: verificationUri,
      expires_in: expiresIn,
      interval,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${entry.userCode} to authenticate.`,
    });
  });

  router.get(/^\/devicelogin$/, (req) => html(deviceLoginPage('', req.query.get('user_code') ?? '')));
  router.post(/^\/devicelogin$/, (req) => {
    const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    const r = answerDeviceCode(ctx, state.findDeviceCodeByUserCode(form.user_code ?? ''), form.user, form.action === 'decline');
    return html(
      r.status === 200
        ? page('Done', `<p>${escapeHtml(r.text)}</p>`)
        : deviceLoginPage(`<p class="err">${escapeHtml(r.text)}</p>`, form.user_code),
      r.status,
    );
  });
}

const obj = (req: SimRequest): Record<string, unknown> =>
  req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};

export function registerDelegatedControlRoutes(ctx: SimContext, router: Router): void {
  const state = delegatedState(ctx);

  // The sign-in page without a browser: { url (the authorize URL), user (id or UPN), decline? } →
  // { location } = where the browser would be redirected (with code and state).
  router.post(/^\/_sim\/authorize$/, (req) => {
    const b = obj(req);
    let url: URL;
    try {
      url = new URL(String(b.url ?? ''));
    } catch {
      return json({ error: "'url' must be the full authorize URL." }, 400);
    }
    const m = /^\/([^/]+)\/oauth2\/v2\.0\/authorize$/.exec(url.pathname);
    if (!m) return json({ error: `Not an authorize URL: ${url.pathname}` }, 400);
    const v = validateAuthorize(ctx, decodeURIComponent(m[1]), url.searchParams);
    if (!v.ok) return v.redirect ? json({ location: v.redirect }) : json({ error: `AADSTS${v.code}: ${v.text}` }, v.status);
    const d = decide(ctx, v.request, userByKey(ctx, typeof b.user === 'string' ? b.user : undefined), b.decline === true);
    if (d.error) return json({ error: `AADSTS${d.error.code}: ${d.error.text}` }, d.error.status);
    return json({ location: d.location, code: d.code });
  });

  router.get(/^\/_sim\/devicecodes$/, () =>
    json(
      [...state.deviceCodes.values()].map((d) => ({
        userCode: d.userCode,
        clientId: d.clientId,
        scopes: d.scopes,
        state: Date.now() > d.expiresAt && d.state === 'pending' ? 'expired' : d.state,
        expiresAt: new Date(d.expiresAt).toISOString(),
        redeemed: d.redeemed,
      })),
    ),
  );

  const answer = (decline: boolean) => (req: SimRequest) => {
    const b = obj(req);
    const r = answerDeviceCode(
      ctx,
      state.findDeviceCodeByUserCode(String(b.userCode ?? '')),
      typeof b.user === 'string' ? b.user : undefined,
      decline,
    );
    return r.status === 200 ? json({ ok: true, message: r.text }) : json({ error: r.text }, r.status);
  };
  router.post(/^\/_sim\/devicecode\/approve$/, answer(false));
  router.post(/^\/_sim\/devicecode\/decline$/, answer(true));

  // Revokes every refresh token of a user (as revokeSignInSessions): the next refresh answers AADSTS50173.
  router.post(/^\/_sim\/refresh-tokens\/revoke$/, (req) => {
    const b = obj(req);
    const user = userByKey(ctx, typeof b.user === 'string' ? b.user : undefined);
    if (!user) return json({ error: `Unknown user '${String(b.user ?? '')}'.` }, 404);
    return json({ ok: true, userId: user.id, refreshTokens: state.revokeUser(user.id) });
  });
}
