'use strict';
// Subscriptions and change notifications [SPOST, SLIST, SUPD, SRES, VAL, WH, LIFE, SUPP, LIFETIME]:
// the simulator performs the real handshake against an HTTPS endpoint and delivers notifications.
require('should');
const { start } = require('./helpers');
const { startServer } = require('../support/https-server');

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await wait(20);
  }
}

describe('simulator: subscriptions and change notifications', function () {
  this.timeout(20000);
  let s;
  let endpoint;
  // How the test endpoint answers: a function (record) → answer, switchable per test.
  let behaviour;
  const echo = (rec) => {
    const token = new URL(rec.url, 'https://x').searchParams.get('validationToken');
    if (token !== null) return { status: 200, headers: { 'content-type': 'text/plain' }, body: token };
    return { status: 202, body: '' };
  };

  before(async () => {
    s = await start();
    endpoint = await startServer((rec) => behaviour(rec));
  });
  after(async () => {
    await endpoint.close();
    await s.close();
  });
  beforeEach(async () => {
    await s.control.reset();
    endpoint.requests.length = 0;
    behaviour = echo;
  });

  const inMinutes = (m) => new Date(Date.now() + m * 60000).toISOString();
  const body = (over = {}) => ({
    changeType: 'updated,deleted',
    notificationUrl: `${endpoint.url}/hook?x=1`,
    resource: '/users',
    expirationDateTime: inMinutes(60),
    clientState: 'secret-state',
    ...over,
  });
  const newUser = (nick) => ({
    accountEnabled: true,
    displayName: nick,
    mailNickname: nick,
    userPrincipalName: `${nick}@contoso.com`,
    passwordProfile: { password: 'Aa1!aaaaaa' },
  });
  const notifications = () => endpoint.requests.filter((r) => r.method === 'POST' && !/validationToken=/.test(r.url));

  it('validates the notificationUrl with a POST ?validationToken= (text/plain) and creates the subscription: 201 with clientState [VAL, SPOST]', async () => {
    const r = await s.graph('POST', '/subscriptions', { body: body() });
    r.status.should.equal(201, r.text);
    r.body.should.containEql({
      resource: '/users',
      changeType: 'updated,deleted',
      clientState: 'secret-state',
      notificationUrl: `${endpoint.url}/hook?x=1`,
    });
    r.body.id.should.be.a.String();
    r.body['@odata.context'].should.match(/\$metadata#subscriptions\/\$entity$/);
    const [v] = endpoint.requests;
    v.method.should.equal('POST');
    v.headers['content-type'].should.equal('text/plain; charset=utf-8');
    // query parameters of notificationUrl are kept [WH]; the token is URL-encoded opaque text
    const u = new URL(v.url, 'https://x');
    u.searchParams.get('x').should.equal('1');
    u.searchParams.get('validationToken').should.match(/^Validation: .+ /);
  });

  it('validates lifecycleNotificationUrl too: two handshakes when both are set [VAL, LIFE]', async () => {
    const r = await s.graph('POST', '/subscriptions', { body: body({ lifecycleNotificationUrl: `${endpoint.url}/life` }) });
    r.status.should.equal(201);
    endpoint.requests.map((x) => x.url.split('?')[0]).should.eql(['/hook', '/life']);
  });

  it('fails the create with 400 when the endpoint echoes the encoded token [VAL]', async () => {
    behaviour = (rec) => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: /validationToken=([^&]*)/.exec(rec.url)[1] });
    const r = await s.graph('POST', '/subscriptions', { body: body() });
    r.status.should.equal(400);
    r.body.error.should.containEql({
      code: 'ValidationError',
      message: 'Subscription validation request failed. Response must exactly match validationToken query parameter.',
    });
    (await s.control.subscriptions()).should.eql([]);
  });

  it('fails the create when the endpoint does not answer 200 [SPOST, VAL]', async () => {
    behaviour = () => ({ status: 404, body: 'nope' });
    const r = await s.graph('POST', '/subscriptions', { body: body() });
    r.status.should.equal(400);
    r.body.error.message.should.equal(
      'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
    );
  });

  it('fails the create when the endpoint answers later than the validation timeout (10 s at Graph) [VAL]', async () => {
    await s.control.setConfig({ subscriptionValidationTimeoutMs: 200 });
    behaviour = async (rec) => {
      await wait(600);
      return echo(rec);
    };
    const r = await s.graph('POST', '/subscriptions', { body: body() });
    r.status.should.equal(400);
    r.body.error.should.containEql({ code: 'InvalidRequest', message: 'Subscription validation request timed out.' });
  });

  it('refuses an http:// notificationUrl without calling it [SRES]', async () => {
    const r = await s.graph('POST', '/subscriptions', { body: body({ notificationUrl: 'http://localhost:1/hook' }) });
    r.status.should.equal(400);
    r.body.error.should.containEql({ code: 'InvalidRequest', message: "NotificationUrl scheme='http' is not supported." });
    endpoint.requests.length.should.equal(0);
  });

  it('refuses changeType created for users and groups [SUPP]', async () => {
    const r = await s.graph('POST', '/subscriptions', { body: body({ changeType: 'created,updated', resource: '/groups' }) });
    r.status.should.equal(400);
    r.body.error.message.should.equal("Invalid 'changeType' attribute: 'created'.");
  });

  it('refuses an expiration beyond 41,760 minutes for users and groups (configurable) [LIFETIME]', async () => {
    (await s.graph('POST', '/subscriptions', { body: body({ expirationDateTime: inMinutes(41760 + 5) }) })).status.should.equal(400);
    const ok = await s.graph('POST', '/subscriptions', { body: body({ expirationDateTime: inMinutes(41759) }) });
    ok.status.should.equal(201);
    await s.control.setConfig({ subscriptionMaxExpirationMinutes: 10 });
    const r = await s.graph('POST', '/subscriptions', { body: body({ expirationDateTime: inMinutes(11) }) });
    r.status.should.equal(400);
    r.body.error.message.should.equal('Subscription expiration can only be 10 minutes in the future.');
  });

  it('gets, lists (no clientState for app-only callers, paged), renews with PATCH (200 + body) and deletes (204) [SLIST, SUPD, WH]', async () => {
    await s.control.setConfig({ subscriptionPageSize: 2 });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await s.graph('POST', '/subscriptions', { body: body() })).body.id);
    const got = await s.graph('GET', `/subscriptions/${ids[0]}`);
    got.status.should.equal(200);
    (got.body.clientState === null).should.be.true();
    const page1 = await s.graph('GET', '/subscriptions');
    page1.body.value.length.should.equal(2);
    page1.body.value.every((x) => x.clientState === null).should.be.true();
    const page2 = await s.graph('GET', page1.body['@odata.nextLink']);
    page2.body.value.length.should.equal(1);
    const until = inMinutes(120);
    const patched = await s.graph('PATCH', `/subscriptions/${ids[0]}`, { body: { expirationDateTime: until } });
    patched.status.should.equal(200);
    patched.body.expirationDateTime.should.equal(until);
    (await s.graph('PATCH', `/subscriptions/${ids[0]}`, { body: {} })).status.should.equal(400);
    (await s.graph('POST', `/subscriptions/${ids[0]}/reauthorize`)).status.should.equal(204);
    (await s.graph('DELETE', `/subscriptions/${ids[0]}`)).status.should.equal(204);
    const gone = await s.graph('GET', `/subscriptions/${ids[0]}`);
    gone.status.should.equal(404);
    gone.body.error.code.should.equal('ResourceNotFound');
    (await s.graph('PATCH', `/subscriptions/${ids[0]}`, { body: { expirationDateTime: until } })).status.should.equal(404);
  });

  it('expires subscriptions: gone from get, list and delivery after expirationDateTime [LIFETIME]', async () => {
    const sub = (await s.graph('POST', '/subscriptions', { body: body({ expirationDateTime: new Date(Date.now() + 400).toISOString() }) }))
      .body;
    await wait(500);
    (await s.graph('GET', `/subscriptions/${sub.id}`)).status.should.equal(404);
    (await s.graph('GET', '/subscriptions')).body.value.should.eql([]);
    await s.graph('POST', '/users', { body: newUser('late') });
    await wait(200);
    notifications().length.should.equal(0);
  });

  it('delivers creation, update and soft deletion as "updated", permanent deletion as "deleted", with clientState and resourceData [SUPP, WH, CNRES]', async () => {
    const sub = (await s.graph('POST', '/subscriptions', { body: body() })).body;
    const u = (await s.graph('POST', '/users', { body: newUser('note') })).body;
    await s.graph('PATCH', `/users/${u.id}`, { body: { jobTitle: 'Engineer' } });
    await s.graph('DELETE', `/users/${u.id}`);
    await s.graph('DELETE', `/directory/deletedItems/${u.id}`);
    await until(() => notifications().length >= 4);
    const got = notifications().map((r) => r.body.value[0]);
    got.map((n) => n.changeType).should.eql(['updated', 'updated', 'updated', 'deleted']);
    for (const n of got) {
      n.should.containEql({ subscriptionId: sub.id, clientState: 'secret-state', resource: `Users/${u.id}`, tenantId: s.tenantId });
      n.resourceData.should.containEql({ '@odata.type': '#Microsoft.Graph.User', '@odata.id': `Users/${u.id}`, id: u.id });
    }
    notifications()[0].url.should.equal('/hook?x=1');
  });

  it('delivers only to matching subscriptions: /users/{id}, /groups/{id}/members with members@delta, and the changeType asked for [SUPP, DQG]', async () => {
    const adele = (await s.graph('GET', '/users/AdeleV@contoso.onmicrosoft.com')).body;
    const group = (await s.graph('GET', "/groups?$filter=displayName eq 'IT Admins'")).body.value[0];
    const one = (await s.graph('POST', '/subscriptions', { body: body({ resource: `/users/${adele.id}`, clientState: 'one' }) })).body;
    const members = (
      await s.graph('POST', '/subscriptions', { body: body({ resource: `/groups/${group.id}/members`, clientState: 'members' }) })
    ).body;
    await s.graph('POST', '/subscriptions', { body: body({ resource: '/groups', changeType: 'deleted', clientState: 'deleted-only' }) });
    await s.graph('PATCH', '/users/AlexW@contoso.onmicrosoft.com', { body: { jobTitle: 'other user' } });
    await s.graph('PATCH', `/users/${adele.id}`, { body: { jobTitle: 'CEO' } });
    // Membership through the store (journaled like the $ref routes) [GMADD, GMDEL].
    s.state.addMember(group.id, adele.id).should.be.true();
    s.state.removeMember(group.id, adele.id).should.be.true();
    await until(() => notifications().length >= 3);
    await wait(100);
    const got = notifications().map((r) => r.body.value[0]);
    got.length.should.equal(3);
    // Each change is its own concurrent delivery: they may arrive in any order (as Graph's [DQO]).
    const ofUser = got.filter((n) => n.subscriptionId === one.id);
    ofUser.should.have.length(1);
    ofUser[0].should.containEql({ resource: `Users/${adele.id}` });
    const ofMembers = got.filter((n) => n.subscriptionId === members.id);
    ofMembers.should.have.length(2);
    for (const n of ofMembers) n.should.containEql({ changeType: 'updated', resource: `Groups/${group.id}` });
    const deltas = ofMembers.map((n) => n.resourceData['members@delta']);
    deltas.should.containDeep([[{ '@odata.type': '#microsoft.graph.user', id: adele.id }]]);
    deltas.should.containDeep([[{ '@odata.type': '#microsoft.graph.user', id: adele.id, '@removed': { reason: 'deleted' } }]]);
    deltas.filter((d) => d[0]['@removed']).should.have.length(1);
  });

  it('retries a notification the endpoint does not acknowledge with 2xx in time (configurable) [WH]', async () => {
    await s.graph('POST', '/subscriptions', { body: body() });
    await s.control.setConfig({ notificationTimeoutMs: 150, notificationRetryDelayMs: 50, notificationMaxAttempts: 3 });
    let calls = 0;
    behaviour = async (rec) => {
      calls++;
      if (calls === 1) return { status: 500, body: 'boom' };
      if (calls === 2) {
        await wait(400);
        return { status: 202, body: '' };
      }
      return echo(rec);
    };
    await s.graph('POST', '/users', { body: newUser('retry') });
    const deliveries = await until(async () => {
      const d = (await s.control.deliveries()).filter((x) => x.kind === 'notification');
      return d.length >= 3 && d;
    });
    deliveries.map((d) => d.attempt).should.eql([1, 2, 3]);
    deliveries[0].status.should.equal(500);
    deliveries[1].failure.should.match(/^timeout/);
    deliveries[2].status.should.equal(202);
  });

  it('fires lifecycle events to lifecycleNotificationUrl; subscriptionRemoved deletes the subscription [LIFE]', async () => {
    const sub = (await s.graph('POST', '/subscriptions', { body: body({ lifecycleNotificationUrl: `${endpoint.url}/life` }) })).body;
    const d = await s.control.fireLifecycle(sub.id, 'reauthorizationRequired');
    d.status.should.equal(202);
    d.body.value[0].should.containEql({
      subscriptionId: sub.id,
      clientState: 'secret-state',
      lifecycleEvent: 'reauthorizationRequired',
      tenantId: s.tenantId,
    });
    endpoint.requests[endpoint.requests.length - 1].url.should.equal('/life');
    await s.control.fireLifecycle(sub.id, 'subscriptionRemoved');
    (await s.graph('GET', `/subscriptions/${sub.id}`)).status.should.equal(404);
  });
});
