'use strict';
// Delegated sign-in end to end: a real Node-RED process (HTTPS, adminAuth) with the packed package,
// against the simulator. Authorization code through the admin endpoints (PKCE, single-use state),
// a node acting as the user, refresh after expiry with the rotated refresh token persisted, a real
// restart without signing in again, a revoked refresh token → SignInRequired and a yellow status;
// device code from start to approval, decline and expiry, and started at runtime.
const fs = require('fs');
const path = require('path');
const should = require('should');
const { startNodeRed, httpRequest } = require('../support/node-red-process');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');

const ADELE_UPN = 'AdeleV@contoso.onmicrosoft.com';
const TAB = 'ds-tab';
const AUTH = 'ds-conn-auth';
const DEVICE = 'ds-conn-device';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// msal renews an access token 300 s before it expires: 303 s gives 3 to 4 s of validity (msal
// counts whole seconds from when it read the answer).
const TOKEN_LIFETIME = 303;
const VALID_MS = 4600;

function connection(id, authType) {
  return {
    id,
    type: 'entra-connection',
    name: authType,
    authType,
    tenantId: '${ENTRA_TENANT_ID}',
    cloud: 'custom',
    authorityHost: '${ENTRA_AUTHORITY_HOST}',
    graphBaseUrl: '${ENTRA_GRAPH_BASE_URL}',
    scopes: 'User.Read.All offline_access',
    maxRetries: 0,
  };
}

/** http in GET /<route> → entra-user list → http response; errors via Catch → 500 with msg.error. */
function usersRoute(prefix, conn, route) {
  return [
    { id: `${prefix}-in`, type: 'http in', z: TAB, url: `/${route}`, method: 'get', wires: [[`${prefix}-user`]] },
    {
      id: `${prefix}-user`,
      type: 'entra-user',
      z: TAB,
      name: `${prefix} users`,
      connection: conn,
      operation: 'list',
      top: '2',
      topType: 'num',
      wires: [[`${prefix}-out`]],
    },
    { id: `${prefix}-catch`, type: 'catch', z: TAB, scope: [`${prefix}-user`], uncaught: false, wires: [[`${prefix}-err`]] },
    {
      id: `${prefix}-err`,
      type: 'change',
      z: TAB,
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: 'error', tot: 'msg' },
        { t: 'set', p: 'statusCode', pt: 'msg', to: '500', tot: 'num' },
      ],
      wires: [[`${prefix}-out`]],
    },
    { id: `${prefix}-out`, type: 'http response', z: TAB, statusCode: '', headers: {}, wires: [] },
    // The node's status, written to the log: "[<prefix>-status] sign in again".
    { id: `${prefix}-status`, type: 'status', z: TAB, scope: [`${prefix}-user`], wires: [[`${prefix}-status-log`]] },
    {
      id: `${prefix}-status-log`,
      type: 'debug',
      z: TAB,
      name: `${prefix}-status`,
      active: true,
      console: true,
      tosidebar: false,
      complete: 'status.text',
      targetType: 'msg',
      wires: [],
    },
  ];
}

const flows = () => [
  { id: TAB, type: 'tab', label: 'Delegated sign-in' },
  connection(AUTH, 'authorizationCode'),
  connection(DEVICE, 'deviceCode'),
  ...usersRoute('auth', AUTH, 'auth-users'),
  ...usersRoute('device', DEVICE, 'device-users'),
];

function claimsOf(authorization) {
  return JSON.parse(
    Buffer.from(
      String(authorization)
        .replace(/^Bearer /i, '')
        .split('.')[1],
      'base64url',
    ).toString(),
  );
}

describe('e2e: delegated sign-in (authorization code, device code) in a real Node-RED', function () {
  this.timeout(60000);
  let sim;
  let nr;

  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    await sim.control.setConfig({ tokenLifetimeSeconds: TOKEN_LIFETIME, deviceCodeIntervalSeconds: 1 });
    nr = await startNodeRed({
      adminAuth: true,
      env: simulatorEnv(sim),
      flows: flows(),
      credentials: {
        [AUTH]: { clientId: '${ENTRA_CLIENT_ID}', clientSecret: '${ENTRA_CLIENT_SECRET}' },
        [DEVICE]: { clientId: '${ENTRA_CLIENT_ID}' },
      },
      // Authenticate links expire after 3 s here (minutes by default).
      settings: { entraConnectionSignInTimeout: 3 },
    });
  });

  after(async function () {
    this.timeout(30000);
    if (nr) await nr.stop();
    if (sim) await sim.close();
  });

  const redirectUri = () => `${nr.url}/entra-connection/auth/callback`;
  const dialog = (authType, extra = {}) =>
    Object.assign(
      {
        authType,
        tenantId: sim.tenantId,
        cloud: 'custom',
        authorityHost: sim.authorityHost,
        graphBaseUrl: sim.graphBaseUrl,
        scopes: 'User.Read.All offline_access',
        clientId: '',
        clientSecret: '__PWRD__',
        redirectUri: redirectUri(),
      },
      extra,
    );
  const start = (opts) => nr.request('POST', `/entra-connection/${AUTH}/auth/start`, dialog('authorizationCode'), opts);
  const callback = (location, headers = {}) => httpRequest(location, { ca: nr.ca, headers });
  const status = (id) => nr.request('GET', `/entra-connection/${id}/auth/status`, undefined, { user: 'reader' });
  const refreshGrants = async () => (await sim.control.requests()).filter((r) => r.body && r.body.grant_type === 'refresh_token');

  async function signInAsAdele(headers) {
    const r = await start();
    r.status.should.equal(200, r.text);
    const { location } = await sim.control.authorize(r.body.url, ADELE_UPN);
    return { start: r, location, page: await callback(location, headers) };
  }

  describe('authorization code', function () {
    let firstRefreshToken;

    it('refuses to start a sign-in or sign out without admin permission (the reader may read the status)', async function () {
      // Node-RED answers 401 for a missing permission as for a missing token.
      (await start({ user: 'reader' })).status.should.be.oneOf(401, 403);
      (await start({ auth: false })).status.should.equal(401);
      (await nr.request('POST', `/entra-connection/${AUTH}/auth/signout`, {}, { user: 'reader' })).status.should.be.oneOf(401, 403);
      (await status(AUTH)).status.should.equal(200);
    });

    it('refuses a plain-http redirect URI off localhost, pointing to device code', async function () {
      const r = await nr.request(
        'POST',
        `/entra-connection/${AUTH}/auth/start`,
        dialog('authorizationCode', { redirectUri: 'http://nodered.example.com/entra-connection/auth/callback' }),
      );
      r.status.should.equal(400);
      r.body.message.should.match(/https:\/\/.*device code/);
      // The dialog shows it in the editor's language: the message key and its substitutions.
      r.body.messageKey.should.equal('entra-connection.signIn.redirectInsecure');
      r.body.messageArgs.should.eql({ origin: 'http://nodered.example.com' });
    });

    it('before sign-in, a node fails with SignInRequired and the node shows "not signed in"', async function () {
      const r = await nr.httpNode('GET', '/auth-users');
      r.status.should.equal(500);
      r.body.code.should.equal('SignInRequired');
      r.body.message.should.match(/Sign-in required: nobody has signed in: open the connection and click Authenticate/);
    });

    it('Authenticate returns the authorize URL with PKCE (S256) and a state; the callback signs in and says who', async function () {
      const mark = nr.logMark();
      const { start: r, page } = await signInAsAdele();
      const url = new URL(r.body.url);
      `${url.origin}${url.pathname}`.should.equal(`${sim.url}/${sim.tenantId}/oauth2/v2.0/authorize`);
      url.searchParams.get('code_challenge_method').should.equal('S256');
      url.searchParams.get('code_challenge').should.match(/^[\w-]{43}$/);
      url.searchParams.get('state').length.should.be.above(30);
      url.searchParams.get('redirect_uri').should.equal(redirectUri());
      url.searchParams
        .get('scope')
        .should.match(/User\.Read\.All/)
        .and.match(/offline_access/);
      page.status.should.equal(200, page.text);
      page.headers['content-type'].should.match(/text\/html/);
      page.text.should.containEql(`Signed in as ${ADELE_UPN} — you can close this window.`);
      await mark.waitFor(/signed in as AdeleV/, 5000);
      const s = await status(AUTH);
      s.status.should.equal(200);
      s.body.signedIn.should.be.true();
      s.body.account.username.should.equal(ADELE_UPN);
    });

    it('keeps the tokens encrypted in the userDir store only (not in flows, credentials or context)', async function () {
      const { flows: deployed } = await nr.getFlows();
      JSON.stringify(deployed).should.not.match(/sim-rt\.|refresh/i);
      const files = [];
      const walk = (d) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.name === 'node_modules') continue;
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else files.push(p);
        }
      };
      walk(nr.userDir);
      files.some((f) => f.includes(`${path.sep}.entra-id${path.sep}`)).should.be.true();
      for (const f of files)
        fs.readFileSync(f, 'utf8').should.not.match(/sim-rt\.|AdeleV/, `${f} holds a token or the account in plain text`);
    });

    it('refuses a callback whose state was already used', async function () {
      const { location } = await signInAsAdele();
      const again = await callback(location);
      again.status.should.equal(400);
      again.text.should.match(/already used/);
    });

    it('refuses a callback with an unknown state, and escapes what it echoes', async function () {
      const r = await callback(`${redirectUri()}?code=x&state=${encodeURIComponent('<script>x</script>')}`);
      r.status.should.equal(400);
      r.text.should.match(/not known/);
      r.text.should.not.containEql('<script>');
    });

    it("shows the callback page in the browser's language (Accept-Language), whatever the runtime's", async function () {
      const ja = { 'Accept-Language': 'ja,en-US;q=0.8,en;q=0.6' };
      const { page } = await signInAsAdele(ja);
      page.status.should.equal(200, page.text);
      page.text.should.containEql('<html lang="ja">');
      page.text.should.containEql('<title>サインインしました</title>');
      page.text.should.containEql(`${ADELE_UPN} としてサインインしました。このウィンドウは閉じてかまいません。`);
      const refused = await callback(`${redirectUri()}?code=x&state=unknown`, ja);
      refused.status.should.equal(400);
      refused.text.should.containEql('サインインが拒否されました');
      refused.text.should.containEql('このサインインリンクは不明です');
      // English first, or no Japanese at all: English.
      for (const lang of ['en-GB,ja;q=0.5', 'fr-FR', undefined]) {
        const r = await callback(`${redirectUri()}?code=x&state=unknown`, lang ? { 'Accept-Language': lang } : {});
        r.text.should.containEql('<title>Sign-in refused</title>', String(lang));
        r.text.should.match(/not known/);
      }
    });

    it('refuses a callback whose state has expired (entraConnectionSignInTimeout)', async function () {
      const r = await start();
      await sleep(3300);
      const { location } = await sim.control.authorize(r.body.url, ADELE_UPN);
      const page = await callback(location);
      page.status.should.equal(400);
      page.text.should.match(/expired/);
    });

    it("shows the identity platform's error when the user cancels", async function () {
      const r = await start();
      const { location } = await sim.control.authorize(r.body.url, ADELE_UPN, { decline: true });
      const page = await callback(location);
      page.status.should.equal(400);
      page.text.should.match(/AADSTS65004/);
    });

    it("a node acts as the signed-in user (delegated token: scp, Adele's oid)", async function () {
      await sim.control.clearRequests();
      const r = await nr.httpNode('GET', '/auth-users');
      r.status.should.equal(200, r.text);
      r.body.should.be.an.Array();
      const graph = (await sim.control.requests()).filter((q) => q.path.startsWith('/v1.0/users'));
      graph.length.should.be.above(0);
      const claims = claimsOf(graph[0].headers.authorization);
      claims.oid.should.equal(sim.state.getUser(ADELE_UPN).id);
      claims.scp.should.containEql('User.Read.All');
      claims.should.not.have.property('roles');
    });

    it('refreshes the access token after it expires (refresh_token grant) and reuses the new one', async function () {
      await sleep(VALID_MS);
      await sim.control.clearRequests();
      (await nr.httpNode('GET', '/auth-users')).status.should.equal(200);
      const grants = await refreshGrants();
      grants.length.should.equal(1);
      firstRefreshToken = grants[0].body.refresh_token;
      (await nr.httpNode('GET', '/auth-users')).status.should.equal(200);
      (await refreshGrants()).length.should.equal(1);
    });

    it('keeps working after a restart of Node-RED, refreshing with the rotated (persisted) refresh token', async function () {
      this.timeout(120000);
      await nr.restart();
      await sleep(VALID_MS);
      await sim.control.clearRequests();
      const r = await nr.httpNode('GET', '/auth-users');
      r.status.should.equal(200, r.text);
      const grants = await refreshGrants();
      grants.length.should.equal(1);
      // Not the refresh token of the sign-in that was used before: the one that refresh returned.
      grants[0].body.refresh_token.should.not.equal(firstRefreshToken);
      nr.log().should.not.match(/\[error\].*entra/i);
    });

    it('when the refresh token is revoked: a clear SignInRequired error and a yellow "sign in again" status', async function () {
      await sim.control.revokeRefreshTokens(ADELE_UPN);
      await sleep(VALID_MS);
      const mark = nr.logMark();
      await sim.control.clearRequests();
      const r = await nr.httpNode('GET', '/auth-users');
      r.status.should.equal(500);
      r.body.code.should.equal('SignInRequired');
      r.body.message.should.match(/Sign-in required: AdeleV@contoso\.onmicrosoft\.com must sign in again/);
      r.body.message.should.match(/AADSTS50173/);
      await mark.waitFor(/auth-status[^\n]*sign in again/, 5000);
      const s = await status(AUTH);
      s.body.problem.should.match(/must sign in again/);
    });

    it('signing in again clears it; Sign out forgets the account', async function () {
      const mark = nr.logMark();
      const { page } = await signInAsAdele();
      page.status.should.equal(200);
      (await nr.httpNode('GET', '/auth-users')).status.should.equal(200);
      const out = await nr.request('POST', `/entra-connection/${AUTH}/auth/signout`, {});
      out.status.should.equal(200);
      (await status(AUTH)).body.signedIn.should.be.false();
      await mark.waitFor(/auth-status[^\n]*not signed in/, 5000);
      const r = await nr.httpNode('GET', '/auth-users');
      r.body.code.should.equal('SignInRequired');
    });
  });

  describe('device code', function () {
    const device = (opts) =>
      nr.request('POST', `/entra-connection/${DEVICE}/auth/device`, dialog('deviceCode', { clientSecret: '' }), opts);
    async function waitForDeviceStatus(wanted, ms = 10000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const s = (await status(DEVICE)).body;
        if (s.deviceCode && s.deviceCode.status === wanted) return s;
        if (Date.now() > deadline) throw new Error(`device code status is ${JSON.stringify(s.deviceCode)}, not ${wanted}`);
        await sleep(200);
      }
    }

    it('Sign in needs admin permission', async function () {
      (await device({ user: 'reader' })).status.should.be.oneOf(401, 403);
    });

    it('shows the user code and verification URL (also in the log), then signs in when the user approves', async function () {
      const mark = nr.logMark();
      const r = await device();
      r.status.should.equal(200, r.text);
      r.body.status.should.equal('pending');
      r.body.code.userCode.should.match(/^[A-Z0-9]{9}$/);
      r.body.code.verificationUri.should.equal(`${sim.url}/devicelogin`);
      r.body.message.should.containEql(r.body.code.userCode);
      r.body.messageKey.should.equal('entra-connection.signIn.enterCode');
      r.body.messageArgs.should.eql({ uri: r.body.code.verificationUri, code: r.body.code.userCode });
      await mark.waitFor(new RegExp(`enter the code ${r.body.code.userCode}`), 5000);
      (await waitForDeviceStatus('pending')).deviceCode.code.userCode.should.equal(r.body.code.userCode);
      await sim.control.approveDeviceCode(r.body.code.userCode, ADELE_UPN);
      const s = await waitForDeviceStatus('signedIn');
      s.signedIn.should.be.true();
      s.account.username.should.equal(ADELE_UPN);
      const users = await nr.httpNode('GET', '/device-users');
      users.status.should.equal(200, users.text);
    });

    it('reports a declined sign-in clearly', async function () {
      const r = await device();
      await sim.control.declineDeviceCode(r.body.code.userCode);
      const s = await waitForDeviceStatus('declined');
      s.deviceCode.message.should.match(/declined/);
      s.deviceCode.messageKey.should.equal('entra-connection.signIn.declined');
    });

    it('reports an expired code clearly', async function () {
      await sim.control.setConfig({ deviceCodeLifetimeSeconds: 2 });
      try {
        await device();
        const s = await waitForDeviceStatus('expired', 8000);
        s.deviceCode.message.should.match(/expired/);
      } finally {
        await sim.control.setConfig({ deviceCodeLifetimeSeconds: 900 });
      }
    });

    it('without a signed-in user, the first node needing a token starts a sign-in: code in the error, the log and the status', async function () {
      (await nr.request('POST', `/entra-connection/${DEVICE}/auth/signout`, {})).status.should.equal(200);
      const mark = nr.logMark();
      const r = await nr.httpNode('GET', '/device-users');
      r.status.should.equal(500);
      r.body.code.should.equal('SignInRequired');
      const m = /open (\S+) and enter the code ([A-Z0-9]{9})/.exec(r.body.message);
      should.exist(m, r.body.message);
      m[1].should.equal(`${sim.url}/devicelogin`);
      await mark.waitFor(new RegExp(`To sign in, open \\S+ and enter the code ${m[2]}`), 5000);
      await mark.waitFor(new RegExp(`device-status[^\\n]*sign in: ${m[2]}`), 5000);
      // A second request while the sign-in is pending reuses the same code.
      (await nr.httpNode('GET', '/device-users')).body.message.should.containEql(m[2]);
      await sim.control.approveDeviceCode(m[2], ADELE_UPN);
      await waitForDeviceStatus('signedIn');
      (await nr.httpNode('GET', '/device-users')).status.should.equal(200);
    });
  });
});
