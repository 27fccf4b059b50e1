'use strict';
// The pieces of delegated sign-in that do not need a server: msal's persistent cache plugin on the
// encrypted store (real msal-node apps on a real SecureStore), the single-use sign-in state, the
// redirect URI rule, scopes per cloud, and how device code outcomes read.
const fs = require('fs');
const os = require('os');
const path = require('path');
const should = require('should');
const msal = require('@azure/msal-node');
const { SecureStore } = require('../../dist/lib/secure-store');
const { PersistentTokenCache, readCachedAccounts, tokenCacheKey } = require('../../dist/lib/auth/token-cache');
const { SignInStates } = require('../../dist/lib/auth/sign-in-state');
const { redirectUriProblem } = require('../../dist/lib/auth/redirect-uri');
const { delegatedScopes, needsNewSignIn } = require('../../dist/lib/auth/delegated');
const { deviceCodeOutcome } = require('../../dist/lib/auth/device-code-session');
const { resolveEndpoints } = require('../../dist/lib/clouds');

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = '8c3a1d5e-6f70-4b2a-9c4d-1e2f3a4b5c6d';

/** A cache as msal-node serializes it after a user signed in (account + refresh token). */
function signedInCache(oid, username, secret) {
  const home = `${oid}.${TENANT}`;
  return JSON.stringify({
    Account: {
      [`${home}-login.microsoftonline.com-${TENANT}`]: {
        home_account_id: home,
        environment: 'login.microsoftonline.com',
        realm: TENANT,
        local_account_id: oid,
        username,
        name: username.split('@')[0],
        authority_type: 'MSSTS',
      },
    },
    IdToken: {},
    AccessToken: {},
    RefreshToken: {
      [`${home}-login.microsoftonline.com-refreshtoken-${CLIENT_ID}--`]: {
        home_account_id: home,
        environment: 'login.microsoftonline.com',
        credential_type: 'RefreshToken',
        client_id: CLIENT_ID,
        secret,
      },
    },
    AppMetadata: {},
  });
}

function app(cachePlugin) {
  return new msal.PublicClientApplication({
    auth: { clientId: CLIENT_ID, authority: `https://login.microsoftonline.com/${TENANT}` },
    cache: { cachePlugin },
  });
}

describe('delegated auth: persistent token cache', function () {
  let dir;
  let store;
  const key = tokenCacheKey('conn-1');
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-cache-'));
    store = new SecureStore(dir, Buffer.alloc(32, 9));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives msal the stored account (as after a restart) and keeps it encrypted on disk', async function () {
    await store.set(key, signedInCache('oid-adele', 'AdeleV@contoso.com', 'rt-secret-1'));
    for (const f of fs.readdirSync(dir)) fs.readFileSync(path.join(dir, f), 'utf8').should.not.match(/rt-secret-1|AdeleV/);
    const plugin = new PersistentTokenCache(store, key);
    const accounts = await app(plugin).getTokenCache().getAllAccounts();
    accounts.map((a) => a.homeAccountId).should.eql([`oid-adele.${TENANT}`]);
    (await plugin.accounts()).map((a) => a.username).should.eql(['AdeleV@contoso.com']);
    plugin.close();
  });

  it('persists every change msal makes, and another instance on the same key reloads it before its next access', async function () {
    await store.set(key, signedInCache('oid-adele', 'AdeleV@contoso.com', 'rt-1'));
    const a = new PersistentTokenCache(store, key);
    const b = new PersistentTokenCache(store, key);
    const appA = app(a);
    const appB = app(b);
    (await appA.getTokenCache().getAllAccounts()).length.should.equal(1);
    const [account] = await appB.getTokenCache().getAllAccounts();
    let changed = 0;
    a.onChanged(() => changed++);
    await appB.getTokenCache().removeAccount(account);
    changed.should.equal(1);
    (await readCachedAccounts(store, key)).should.eql([]);
    (await a.accounts()).should.eql([]);
    a.close();
    b.close();
  });

  it('clear() (sign out) deletes the stored cache and what every instance remembers', async function () {
    await store.set(key, signedInCache('oid-adele', 'AdeleV@contoso.com', 'rt-1'));
    const running = new PersistentTokenCache(store, key);
    (await running.accounts()).length.should.equal(1);
    const signOut = new PersistentTokenCache(store, key);
    await signOut.clear();
    should(await store.get(key)).be.undefined();
    (await running.accounts()).should.eql([]);
    running.close();
    signOut.close();
  });

  it('reads a cache written with another credential secret as signed out', async function () {
    await store.set(key, signedInCache('oid-adele', 'AdeleV@contoso.com', 'rt-1'));
    const other = new PersistentTokenCache(new SecureStore(dir, Buffer.alloc(32, 1)), key);
    (await other.accounts()).should.eql([]);
    (await app(other).getTokenCache().getAllAccounts()).should.eql([]);
    other.close();
  });

  it('keys the cache by connection id', function () {
    tokenCacheKey('a').should.not.equal(tokenCacheKey('b'));
  });
});

describe('delegated auth: single-use sign-in state', function () {
  let now;
  const states = () =>
    new SignInStates(
      () => 120000,
      () => now,
    );
  beforeEach(() => {
    now = 1000000;
  });

  it('hands the entry out once for a long random state; a second time reads "used"', function () {
    const s = states();
    const { state, expiresAt } = s.create({ id: 'x' });
    state.length.should.be.above(40);
    expiresAt.should.equal(now + 120000);
    s.take(state).should.eql({ ok: true, entry: { id: 'x' } });
    s.take(state).should.eql({ ok: false, reason: 'used' });
  });

  it('refuses an unknown or missing state', function () {
    const s = states();
    s.create({ id: 'x' });
    s.take('nope').should.eql({ ok: false, reason: 'unknown' });
    s.take(undefined).should.eql({ ok: false, reason: 'unknown' });
  });

  it('refuses an expired state (and it stays refused), forgetting it after an hour', function () {
    const s = states();
    const { state } = s.create({ id: 'x' });
    now += 120001;
    s.take(state).should.eql({ ok: false, reason: 'expired' });
    s.take(state).should.eql({ ok: false, reason: 'used' });
    const second = s.create({ id: 'y' }).state;
    now += 2 * 3600 * 1000;
    s.take(second).should.eql({ ok: false, reason: 'unknown' });
    s.size.should.equal(0);
  });

  it('releases entries that will never be taken (expired, discarded)', function () {
    const released = [];
    const s = new SignInStates(
      () => 1000,
      () => now,
      (e) => released.push(e.id),
    );
    const a = s.create({ id: 'a' }).state;
    s.create({ id: 'b' });
    s.create({ id: 'c', nodeId: 'x' });
    s.discard((e) => e.nodeId === 'x');
    released.should.eql(['c']);
    now += 1001;
    s.take(a).should.eql({ ok: false, reason: 'expired' });
    released.sort().should.eql(['a', 'b', 'c']);
  });

  it('discard() drops the pending sign-ins of one connection', function () {
    const s = states();
    const a = s.create({ nodeId: 'a' }).state;
    const b = s.create({ nodeId: 'b' }).state;
    s.discard((e) => e.nodeId === 'a');
    s.take(a).ok.should.be.false();
    s.take(b).ok.should.be.true();
  });
});

describe('delegated auth: redirect URI, scopes, errors', function () {
  it('accepts https:// and http://localhost redirect URIs ending in the callback path, and nothing else', function () {
    should(redirectUriProblem('https://nodered.example.com/admin/entra-connection/auth/callback')).be.undefined();
    should(redirectUriProblem('http://localhost:1880/entra-connection/auth/callback')).be.undefined();
    should(redirectUriProblem('http://127.0.0.1:1880/entra-connection/auth/callback')).be.undefined();
    redirectUriProblem('http://192.168.1.20:1880/entra-connection/auth/callback').should.match(/https:\/\/.*device code/);
    redirectUriProblem('https://nodered.example.com/elsewhere').should.match(/must end in/);
    redirectUriProblem('https://x.example/entra-connection/auth/callback?x=1').should.match(/must end in/);
    redirectUriProblem('not a url').should.match(/not a valid URL/);
  });

  it('sends bare Graph scopes to the global cloud and the simulator, prefixed ones to national clouds', function () {
    const base = { scopes: ['User.Read', 'offline_access'] };
    delegatedScopes({ ...base, endpoints: resolveEndpoints('global') }).should.eql(['User.Read', 'offline_access']);
    delegatedScopes({ ...base, endpoints: resolveEndpoints('custom', 'https://localhost:8443', 'https://localhost:8443/v1.0') }).should.eql(
      ['User.Read', 'offline_access'],
    );
    delegatedScopes({ ...base, endpoints: resolveEndpoints('usGov') }).should.eql([
      'https://graph.microsoft.us/User.Read',
      'offline_access',
    ]);
    delegatedScopes({ scopes: [], endpoints: resolveEndpoints('global') }).should.eql(['User.Read']);
  });

  it('knows which msal errors need a new sign-in', function () {
    needsNewSignIn(new msal.InteractionRequiredAuthError('no_tokens_found')).should.be.true();
    needsNewSignIn(new msal.ServerError('invalid_grant', undefined, 'AADSTS50173: revoked')).should.be.true();
    needsNewSignIn(new msal.ServerError('temporarily_unavailable', undefined, 'busy')).should.be.false();
  });

  it('turns device code outcomes into plain messages [DC]', function () {
    deviceCodeOutcome(new msal.AuthError('post_request_failed', undefined, 'authorization_declined')).should.match({
      status: 'declined',
      message: /declined/,
    });
    deviceCodeOutcome(new msal.AuthError('post_request_failed', undefined, 'expired_token')).should.match({
      status: 'expired',
      message: /expired/,
    });
    deviceCodeOutcome(new msal.ClientAuthError('device_code_expired')).status.should.equal('expired');
    deviceCodeOutcome(new msal.ClientAuthError('device_code_polling_cancelled')).status.should.equal('cancelled');
    deviceCodeOutcome(
      new msal.ServerError('invalid_client', undefined, 'AADSTS7000218: The request body must contain client_secret'),
    ).should.match({ status: 'failed', message: /AADSTS7000218/ });
  });
});
