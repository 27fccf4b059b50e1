'use strict';
// Delegated flows of the identity platform: authorize + authorization_code with PKCE [AC], refresh
// tokens that rotate without revoking the old one and answer AADSTS50173 / 700082 when revoked or
// inactive [RT = https://learn.microsoft.com/entra/identity-platform/refresh-tokens], the device
// code flow with its documented polling errors [DC], delegated tokens on Graph (/me, scp), and
// msal-node against all of it (GRAPH-FACTS §6).
const crypto = require('crypto');
require('should');
const msal = require('@azure/msal-node');
const { start, request, sim } = require('./helpers');

const REDIRECT = 'https://localhost:1880/entra-connection/auth/callback';
const adele = () => sim.seedIds.user('adele');

function pkce() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

describe('simulator: delegated sign-in', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const tokenUrl = () => `/${s.tenantId}/oauth2/v2.0/token`;
  const authorizeUrl = (extra = {}) => {
    const u = new URL(`${s.url}/${s.tenantId}/oauth2/v2.0/authorize`);
    const q = Object.assign(
      {
        client_id: s.clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'User.Read offline_access openid profile',
        state: 'st-1',
      },
      extra,
    );
    for (const [k, v] of Object.entries(q)) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  };
  async function codeFor(extra = {}, user = adele()) {
    const r = await s.control.authorize(authorizeUrl(extra), user);
    const loc = new URL(r.location);
    return { code: loc.searchParams.get('code'), state: loc.searchParams.get('state'), location: r.location };
  }
  const clean = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const redeem = (code, extra = {}) =>
    request(s, 'POST', tokenUrl(), {
      form: clean(
        Object.assign(
          {
            grant_type: 'authorization_code',
            client_id: s.clientId,
            client_secret: s.clientSecret,
            code,
            redirect_uri: REDIRECT,
            scope: 'User.Read offline_access openid profile',
          },
          extra,
        ),
      ),
    });
  const refresh = (rt, extra = {}) =>
    request(s, 'POST', tokenUrl(), {
      form: clean(
        Object.assign({ grant_type: 'refresh_token', client_id: s.clientId, client_secret: s.clientSecret, refresh_token: rt }, extra),
      ),
    });

  describe('authorize endpoint', () => {
    it("shows a sign-in page listing the tenant's users, with every value HTML-escaped", async () => {
      const r = await request(s, 'GET', authorizeUrl({ scope: 'User.Read <script>' }).replace(s.url, ''));
      r.status.should.equal(302); // an invalid scope goes back to the app with error=invalid_scope [AC]
      new URL(r.headers.location).searchParams.get('error').should.equal('invalid_scope');
      const ok = await request(s, 'GET', authorizeUrl().replace(s.url, ''));
      ok.status.should.equal(200);
      ok.headers['content-type'].should.match(/text\/html/);
      ok.text.should.containEql('AdeleV@contoso.onmicrosoft.com');
      ok.text.should.match(/name="request" value="[^"]+"/);
    });

    it('signing in on the page redirects back with a code and the state [AC]', async () => {
      const pageRes = await request(s, 'GET', authorizeUrl().replace(s.url, ''));
      const requestId = /name="request" value="([^"]+)"/.exec(pageRes.text)[1];
      const r = await request(s, 'POST', `/${s.tenantId}/oauth2/v2.0/authorize`, { form: { request: requestId, user: adele() } });
      r.status.should.equal(302);
      const loc = new URL(r.headers.location);
      `${loc.origin}${loc.pathname}`.should.equal(REDIRECT);
      loc.searchParams.get('state').should.equal('st-1');
      loc.searchParams.get('code').should.be.a.String();
      // The same page answer cannot be used twice.
      (
        await request(s, 'POST', `/${s.tenantId}/oauth2/v2.0/authorize`, { form: { request: requestId, user: adele() } })
      ).status.should.equal(400);
    });

    it('Cancel redirects back with error=access_denied (AADSTS65004) and the state', async () => {
      const r = await s.control.authorize(authorizeUrl(), adele(), { decline: true });
      const loc = new URL(r.location);
      loc.searchParams.get('error').should.equal('access_denied');
      loc.searchParams.get('error_description').should.match(/^AADSTS65004/);
      loc.searchParams.get('state').should.equal('st-1');
    });

    it('never redirects to an unregistered redirect URI or a plain-http one off localhost (AADSTS50011 page)', async () => {
      const r = await request(s, 'GET', authorizeUrl({ redirect_uri: 'http://nodered.example.com/cb' }).replace(s.url, ''));
      r.status.should.equal(400);
      r.text.should.containEql('AADSTS50011');
      should(r.headers.location).be.undefined();
      (await request(s, 'GET', authorizeUrl({ redirect_uri: 'http://localhost:1880/cb' }).replace(s.url, ''))).status.should.equal(200);
      await s.control.registerApp({ clientId: s.clientId, redirectUris: ['https://registered.example/cb'] });
      const r2 = await request(s, 'GET', authorizeUrl().replace(s.url, ''));
      r2.status.should.equal(400);
      r2.text.should.containEql('AADSTS50011');
    });

    it('refuses a disabled user (AADSTS50057) and an unknown client (AADSTS700016)', async () => {
      await s.control.authorize(authorizeUrl(), sim.seedIds.user('pradeep')).should.be.rejectedWith(/AADSTS50057/);
      const r = await request(s, 'GET', authorizeUrl({ client_id: '99999999-9999-4999-8999-999999999999' }).replace(s.url, ''));
      r.status.should.equal(400);
      r.text.should.containEql('AADSTS700016');
    });
  });

  describe('authorization_code grant', () => {
    it("redeems a code for an access token (scp, the user's oid, no roles), an id_token, client_info and a refresh token [AC]", async () => {
      const { code } = await codeFor();
      const r = await redeem(code);
      r.status.should.equal(200, r.text);
      r.body.should.have.properties('access_token', 'refresh_token', 'id_token', 'client_info', 'scope', 'expires_in');
      r.body.token_type.should.equal('Bearer');
      const claims = JSON.parse(Buffer.from(r.body.access_token.split('.')[1], 'base64url').toString());
      claims.scp.should.equal('User.Read');
      claims.oid.should.equal(adele());
      claims.idtyp.should.equal('user');
      claims.should.not.have.property('roles');
      const id = JSON.parse(Buffer.from(r.body.id_token.split('.')[1], 'base64url').toString());
      id.aud.should.equal(s.clientId);
      id.preferred_username.should.equal('AdeleV@contoso.onmicrosoft.com');
      JSON.parse(Buffer.from(r.body.client_info, 'base64url').toString()).should.eql({ uid: adele(), utid: s.tenantId });
    });

    it('returns no refresh token without offline_access and no id_token without openid [AC]', async () => {
      const { code } = await codeFor({ scope: 'User.Read' });
      const r = await redeem(code, { scope: 'User.Read' });
      r.status.should.equal(200);
      r.body.should.not.have.property('refresh_token');
      r.body.should.not.have.property('id_token');
    });

    it('redeems a code once: the second time answers invalid_grant AADSTS54005', async () => {
      const { code } = await codeFor();
      (await redeem(code)).status.should.equal(200);
      const again = await redeem(code);
      again.status.should.equal(400);
      again.body.error.should.equal('invalid_grant');
      again.body.error_codes.should.eql([54005]);
    });

    it('refuses an expired code (AADSTS70008, authCodeLifetimeSeconds) and a different redirect_uri', async () => {
      await s.control.setConfig({ authCodeLifetimeSeconds: 0 });
      const { code } = await codeFor();
      await new Promise((r) => setTimeout(r, 20));
      const r = await redeem(code);
      r.status.should.equal(400);
      r.body.error_codes.should.eql([70008]);
      await s.control.setConfig({ authCodeLifetimeSeconds: 600 });
      const c2 = await codeFor();
      const r2 = await redeem(c2.code, { redirect_uri: 'https://localhost:1880/other' });
      r2.status.should.equal(400);
      r2.body.error.should.equal('invalid_grant');
    });

    it('honours PKCE S256: the right code_verifier works, a wrong or missing one answers AADSTS50148', async () => {
      const p = pkce();
      const a = await codeFor({ code_challenge: p.challenge, code_challenge_method: 'S256' });
      const wrong = await redeem(a.code, { code_verifier: pkce().verifier });
      wrong.status.should.equal(400);
      wrong.body.error_codes.should.eql([50148]);
      const b = await codeFor({ code_challenge: p.challenge, code_challenge_method: 'S256' });
      (await redeem(b.code)).body.error_codes.should.eql([50148]);
      const c = await codeFor({ code_challenge: p.challenge, code_challenge_method: 'S256' });
      (await redeem(c.code, { code_verifier: p.verifier })).status.should.equal(200);
    });

    it('checks the client secret when one is sent (AADSTS7000215) [CC]', async () => {
      const { code } = await codeFor();
      const r = await redeem(code, { client_secret: 'wrong' });
      r.status.should.equal(401);
      r.body.error_codes.should.eql([7000215]);
    });
  });

  describe('refresh_token grant', () => {
    async function signedIn() {
      const { code } = await codeFor();
      return (await redeem(code)).body;
    }

    it('returns a new access token and a new refresh token; the old refresh token is not revoked [RT]', async () => {
      const first = await signedIn();
      const r = await refresh(first.refresh_token);
      r.status.should.equal(200, r.text);
      r.body.refresh_token.should.not.equal(first.refresh_token);
      r.body.access_token.should.not.equal(first.access_token);
      (await refresh(first.refresh_token)).status.should.equal(200);
    });

    it('a refresh token of a confidential client needs the client secret (AADSTS7000218)', async () => {
      const first = await signedIn();
      const r = await refresh(first.refresh_token, { client_secret: undefined });
      r.status.should.equal(401);
      r.body.error_codes.should.eql([7000218]);
    });

    it("after the user's sessions are revoked answers invalid_grant AADSTS50173 (control route and Graph revokeSignInSessions) [RT]", async () => {
      const first = await signedIn();
      const res = await s.control.revokeRefreshTokens('AdeleV@contoso.onmicrosoft.com');
      res.userId.should.equal(adele());
      const r = await refresh(first.refresh_token);
      r.status.should.equal(400);
      r.body.error.should.equal('invalid_grant');
      r.body.error_codes.should.eql([50173]);
      r.body.error_description.should.match(/revoked/);
      // A new sign-in works again; Graph's revokeSignInSessions revokes it too.
      const second = await signedIn();
      (await refresh(second.refresh_token)).status.should.equal(200);
      const g = await s.graph('POST', `/users/${adele()}/revokeSignInSessions`);
      g.status.should.equal(200);
      g.body.value.should.be.true();
      (await refresh(second.refresh_token)).body.error_codes.should.eql([50173]);
    });

    it('a refresh token unused for longer than refreshTokenLifetimeSeconds answers AADSTS700082 [RT]', async () => {
      const first = await signedIn();
      await s.control.setConfig({ refreshTokenLifetimeSeconds: 0 });
      await new Promise((r) => setTimeout(r, 20));
      const r = await refresh(first.refresh_token);
      r.status.should.equal(400);
      r.body.error_codes.should.eql([700082]);
      r.body.error_description.should.match(/expired due to inactivity/);
    });

    it('an unknown refresh token answers invalid_grant', async () => {
      const r = await refresh('nope');
      r.status.should.equal(400);
      r.body.error.should.equal('invalid_grant');
    });
  });

  describe('device code', () => {
    const start = (extra = {}) =>
      request(s, 'POST', `/${s.tenantId}/oauth2/v2.0/devicecode`, {
        form: Object.assign({ client_id: s.clientId, scope: 'User.Read offline_access openid profile' }, extra),
      });
    const poll = (deviceCode) =>
      request(s, 'POST', tokenUrl(), {
        form: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: s.clientId, device_code: deviceCode },
      });

    it('answers user_code, device_code, verification_uri on the simulator, expires_in and interval from config, and a message [DC]', async () => {
      await s.control.setConfig({ deviceCodeLifetimeSeconds: 120, deviceCodeIntervalSeconds: 1 });
      const r = await start();
      r.status.should.equal(200);
      r.body.should.have.properties('user_code', 'device_code', 'verification_uri', 'message');
      r.body.verification_uri.should.equal(`${s.url}/devicelogin`);
      r.body.expires_in.should.equal(120);
      r.body.interval.should.equal(1);
      r.body.message.should.containEql(r.body.user_code);
      r.body.should.not.have.property('verification_uri_complete');
    });

    it('polls authorization_pending (AADSTS70016, no Retry-After) until approved, then issues tokens once [DC]', async () => {
      const d = (await start()).body;
      const pending = await poll(d.device_code);
      pending.status.should.equal(400);
      pending.body.error.should.equal('authorization_pending');
      pending.body.error_codes.should.eql([70016]);
      should(pending.headers['retry-after']).be.undefined();
      (await s.control.deviceCodes())[0].state.should.equal('pending');
      await s.control.approveDeviceCode(d.user_code, 'AdeleV@contoso.onmicrosoft.com');
      const ok = await poll(d.device_code);
      ok.status.should.equal(200, ok.text);
      ok.body.should.have.properties('access_token', 'refresh_token', 'id_token');
      (await poll(d.device_code)).body.error.should.equal('bad_verification_code');
      // A device-code refresh token is a public client's: it refreshes without a secret.
      (await refresh(ok.body.refresh_token, { client_secret: undefined })).status.should.equal(200);
    });

    it('answers authorization_declined after the user declines and expired_token after expires_in [DC]', async () => {
      const d = (await start()).body;
      await s.control.declineDeviceCode(d.user_code);
      (await poll(d.device_code)).body.error.should.equal('authorization_declined');
      await s.control.setConfig({ deviceCodeLifetimeSeconds: 0 });
      const e = (await start()).body;
      await new Promise((r) => setTimeout(r, 20));
      const r = await poll(e.device_code);
      r.body.error.should.equal('expired_token');
      (await s.control.deviceCodes()).find((x) => x.userCode === e.user_code).state.should.equal('expired');
    });

    it('enters the code on the /devicelogin page', async () => {
      const d = (await start()).body;
      const pageRes = await request(s, 'GET', '/devicelogin');
      pageRes.status.should.equal(200);
      pageRes.text.should.containEql('name="user_code"');
      const r = await request(s, 'POST', '/devicelogin', {
        form: { user_code: d.user_code.toLowerCase(), user: 'AdeleV@contoso.onmicrosoft.com', action: 'approve' },
      });
      r.status.should.equal(200);
      r.text.should.containEql('Signed in as AdeleV@contoso.onmicrosoft.com');
      (await poll(d.device_code)).status.should.equal(200);
    });

    it('needs "Allow public client flows" without a client secret (AADSTS7000218)', async () => {
      const app = await s.control.registerApp({ publicClient: false });
      const d = (await start({ client_id: app.clientId })).body;
      const r = await request(s, 'POST', tokenUrl(), {
        form: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: app.clientId, device_code: d.device_code },
      });
      r.status.should.equal(401);
      r.body.error_codes.should.eql([7000218]);
    });
  });

  describe('delegated tokens on Graph', () => {
    it('/me is the signed-in user with a delegated token; an app-only token gets 400 BadRequest [UGET]', async () => {
      const { code } = await codeFor();
      const t = (await redeem(code)).body.access_token;
      const me = await request(s, 'GET', '/v1.0/me', { token: t });
      me.status.should.equal(200, me.text);
      me.body.id.should.equal(adele());
      me.body.userPrincipalName.should.equal('AdeleV@contoso.onmicrosoft.com');
      (await request(s, 'GET', '/v1.0/users?$top=2', { token: t })).status.should.equal(200);
      const app = await s.graph('GET', '/me');
      app.status.should.equal(400);
      app.body.error.code.should.equal('BadRequest');
      app.body.error.message.should.equal('/me request is only valid with delegated authentication flow.');
    });
  });

  describe('msal-node against the delegated flows [MSAL]', () => {
    before(function () {
      if (!process.env.NODE_EXTRA_CA_CERTS) this.skip();
    });
    const auth = () => ({ clientId: s.clientId, authority: `${s.url}/${s.tenantId}`, knownAuthorities: [`localhost:${s.port}`] });

    it('auth code with PKCE, then acquireTokenSilent from the cache and by refresh token after expiry', async () => {
      await s.control.setConfig({ tokenLifetimeSeconds: 301 }); // msal renews 300 s before expiry
      const app = new msal.ConfidentialClientApplication({ auth: Object.assign(auth(), { clientSecret: s.clientSecret }) });
      const { verifier, challenge } = await new msal.CryptoProvider().generatePkceCodes();
      const url = await app.getAuthCodeUrl({
        scopes: ['User.Read'],
        redirectUri: REDIRECT,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        state: 'abc',
      });
      const loc = new URL((await s.control.authorize(url, adele())).location);
      loc.searchParams.get('state').should.equal('abc');
      const r = await app.acquireTokenByCode({
        code: loc.searchParams.get('code'),
        redirectUri: REDIRECT,
        scopes: ['User.Read'],
        codeVerifier: verifier,
      });
      r.account.username.should.equal('AdeleV@contoso.onmicrosoft.com');
      const [account] = await app.getTokenCache().getAllAccounts();
      await s.control.clearRequests();
      const cached = await app.acquireTokenSilent({ account, scopes: ['User.Read'] });
      cached.accessToken.should.equal(r.accessToken);
      (await s.control.requests()).length.should.equal(0);
      await new Promise((res) => setTimeout(res, 2100));
      const renewed = await app.acquireTokenSilent({ account, scopes: ['User.Read'] });
      renewed.accessToken.should.not.equal(r.accessToken);
      (await s.control.requests()).map((q) => q.body && q.body.grant_type).should.containEql('refresh_token');
      await s.control.revokeRefreshTokens(adele());
      await new Promise((res) => setTimeout(res, 2100));
      const err = await app.acquireTokenSilent({ account, scopes: ['User.Read'] }).then(
        () => null,
        (e) => e,
      );
      // msal reports invalid_grant as a ServerError (not InteractionRequiredAuthError): callers must map it.
      err.errorCode.should.equal('invalid_grant');
      err.errorMessage.should.match(/AADSTS50173/);
    });

    it('device code with a PublicClientApplication', async () => {
      await s.control.setConfig({ deviceCodeIntervalSeconds: 1 });
      const app = new msal.PublicClientApplication({ auth: auth() });
      const result = await app.acquireTokenByDeviceCode({
        scopes: ['User.Read'],
        deviceCodeCallback: (d) => {
          setTimeout(() => s.control.approveDeviceCode(d.userCode, adele()), 50);
        },
      });
      result.account.username.should.equal('AdeleV@contoso.onmicrosoft.com');
    });
  });
});
