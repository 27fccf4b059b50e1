'use strict';
// JSON $batch [BATCH, THR], fault injection and the control API.
require('should');
const { start, request, sim } = require('./helpers');

describe('simulator: $batch, faults and control API', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const adele = () => sim.seedIds.user('adele');

  it('runs up to 20 inner requests through the same routes, outer status 200 [BATCH]', async () => {
    const r = await s.graph('POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'GET', url: `/users/${adele()}?$select=displayName` },
          {
            id: '2',
            method: 'PATCH',
            url: `/users/${adele()}`,
            body: { jobTitle: 'Batched' },
            headers: { 'Content-Type': 'application/json' },
          },
          { id: '3', method: 'GET', url: 'users/$count', headers: { ConsistencyLevel: 'eventual' } },
          { id: '4', method: 'GET', url: '/users/00000000-0000-4000-8000-000000000000' },
        ],
      },
    });
    r.status.should.equal(200);
    const byId = Object.fromEntries(r.body.responses.map((x) => [x.id, x]));
    byId['1'].status.should.equal(200);
    byId['1'].body.displayName.should.equal('Adele Vance');
    byId['2'].status.should.equal(204);
    byId['2'].should.not.have.property('body');
    byId['3'].status.should.equal(200);
    byId['3'].body.should.equal('11');
    byId['4'].status.should.equal(404);
    byId['4'].body.error.code.should.equal('Request_ResourceNotFound');
  });

  it('rejects more than 20 requests, duplicate ids (case-insensitive) and a body without Content-Type with 400 [BATCH]', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users' }));
    (await s.graph('POST', '/$batch', { body: { requests: many } })).status.should.equal(400);
    (
      await s.graph('POST', '/$batch', {
        body: {
          requests: [
            { id: 'a', method: 'GET', url: '/users' },
            { id: 'A', method: 'GET', url: '/users' },
          ],
        },
      })
    ).status.should.equal(400);
    (
      await s.graph('POST', '/$batch', {
        body: { requests: [{ id: '1', method: 'PATCH', url: `/users/${adele()}`, body: { jobTitle: 'x' } }] },
      })
    ).status.should.equal(400);
  });

  it('dependsOn: a dependent of a failed request gets 424 Failed Dependency [BATCH]', async () => {
    const r = await s.graph('POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/users/00000000-0000-4000-8000-000000000000' },
          { id: '2', method: 'GET', url: '/users', dependsOn: ['1'] },
        ],
      },
    });
    const byId = Object.fromEntries(r.body.responses.map((x) => [x.id, x]));
    byId['1'].status.should.equal(404);
    byId['2'].status.should.equal(424);
  });

  it('applies faults to inner requests: an inner 429 with Retry-After in the inner headers [THR, BATCH]', async () => {
    await s.control.addFault({ method: 'GET', path: '^/v1.0/groups', status: 429, retryAfter: '3' });
    const r = await s.graph('POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/users?$top=1' },
          { id: '2', method: 'GET', url: '/groups?$top=1' },
        ],
      },
    });
    r.status.should.equal(200);
    const g = r.body.responses.find((x) => x.id === '2');
    g.status.should.equal(429);
    g.headers['Retry-After'].should.equal('3');
    g.body.error.code.should.equal('TooManyRequests');
  });

  it("a 429 fault without body gets Graph's TooManyRequests body and Retry-After as sent [THR]", async () => {
    await s.control.addFault({ path: '^/v1.0/users', status: 429, retryAfter: '2.128' });
    const r = await s.graph('GET', '/users');
    r.status.should.equal(429);
    r.headers['retry-after'].should.equal('2.128');
    r.body.error.code.should.equal('TooManyRequests');
    r.body.error.message.should.equal('Please retry again later.');
    r.headers.should.have.property('request-id');
    (await s.graph('GET', '/users')).status.should.equal(200); // count defaults to 1
  });

  it('a 503 fault gets a Graph error body; count: 0 lasts until removed; custom body/headers pass through [ERR]', async () => {
    const { id } = await s.control.addFault({ path: '^/v1.0/groups', status: 503, count: 0 });
    (await s.graph('GET', '/groups')).status.should.equal(503);
    (await s.graph('GET', '/groups')).body.error.code.should.equal('serviceNotAvailable');
    await s.control.removeFault(id);
    (await s.graph('GET', '/groups')).status.should.equal(200);
    await s.control.addFault({ path: '^/v1.0/groups', status: 418, body: { hello: 1 }, headers: { 'x-test': 'yes' } });
    const c = await s.graph('GET', '/groups');
    c.status.should.equal(418);
    c.body.should.eql({ hello: 1 });
    c.headers['x-test'].should.equal('yes');
  });

  it('reset: true destroys the socket (ECONNRESET-like), latencyMs delays', async () => {
    await s.control.addFault({ path: '^/v1.0/users', reset: true });
    let err;
    try {
      await s.graph('GET', '/users');
    } catch (e) {
      err = e;
    }
    should.exist(err);
    err.code.should.match(/ECONNRESET|EPIPE|socket hang up/);
    await s.control.addFault({ path: '^/v1.0/users', latencyMs: 150 });
    const t0 = Date.now();
    (await s.graph('GET', '/users')).status.should.equal(200);
    (Date.now() - t0).should.be.aboveOrEqual(140);
  });

  it('faults apply to the token endpoint too (AAD-shaped body)', async () => {
    await s.control.addFault({ path: '^/[^/]+/oauth2/v2.0/token', status: 503, retryAfter: '1' });
    const r = await request(s, 'POST', `/${s.tenantId}/oauth2/v2.0/token`, {
      form: {
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      },
    });
    r.status.should.equal(503);
    r.headers['retry-after'].should.equal('1');
    r.body.should.have.properties('error', 'error_description', 'error_codes');
  });

  it('records every identity and Graph request in order; DELETE clears them', async () => {
    await s.control.clearRequests();
    await s.graph('GET', '/users?$top=2', { headers: { 'client-request-id': 'rec-1' } });
    await s.graph('PATCH', `/users/${adele()}`, { body: { jobTitle: 'Recorded' } });
    const list = await s.control.requests();
    list.map((x) => `${x.method} ${x.path} ${x.status}`).should.eql([`GET /v1.0/users 200`, `PATCH /v1.0/users/${adele()} 204`]);
    list[0].query.should.eql({ $top: '2' });
    list[0].headers['client-request-id'].should.equal('rec-1');
    list[1].body.should.eql({ jobTitle: 'Recorded' });
    await s.control.clearRequests();
    (await s.control.requests()).should.eql([]);
  });

  it('POST /_sim/reset restores seed, config and clears faults; registers apps with secrets and roles', async () => {
    await s.control.setConfig({ deltaPageSize: 3, tokenLifetimeSeconds: 60 });
    await s.control.addFault({ path: '^/v1.0/users', status: 500, count: 0 });
    await s.control.reset({ seed: 'empty' });
    (await s.control.config()).deltaPageSize.should.equal(100);
    (await s.control.faults()).should.eql([]);
    (await s.graph('GET', '/users')).body.value.should.eql([]);
    const app = await s.control.registerApp({ clientSecret: 'pw', roles: [] });
    const tok = await request(s, 'POST', `/${s.tenantId}/oauth2/v2.0/token`, {
      form: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: 'pw',
        scope: 'https://graph.microsoft.com/.default',
      },
    });
    tok.status.should.equal(200);
    const denied = await request(s, 'GET', '/v1.0/users', { token: tok.body.access_token });
    denied.status.should.equal(403);
    denied.body.error.code.should.equal('Authorization_RequestDenied');
  });

  it('large seed: generates 100,000 users lazily and pages over them quickly', async function () {
    this.timeout(30000);
    const t0 = Date.now();
    await s.control.reset({ seed: 'large' });
    const c = await s.graph('GET', '/users/$count', { headers: { consistencylevel: 'eventual' } });
    c.text.should.equal('100011');
    let link = '/users?$top=999&$select=id,displayName';
    let pages = 0;
    while (link && pages < 20) {
      const p = await s.graph('GET', link);
      p.body.value.length.should.equal(999);
      link = p.body['@odata.nextLink'];
      pages++;
    }
    (Date.now() - t0).should.be.below(15000);
    (await s.graph('GET', `/users/${sim.largeUserId(500)}`)).body.displayName.should.equal('User 000500');
  });

  it('a hang fault never answers until it is removed; then the request is served as usual', async () => {
    const { id } = await s.control.addFault({ method: 'GET', path: '^/v1.0/organization', hang: true });
    let settled = false;
    const pending = s.graph('GET', '/organization').then((r) => {
      settled = true;
      return r;
    });
    // Wait until the simulator holds the request, then check that it has not answered.
    for (let i = 0; i < 200 && !(await s.control.faults()).some((f) => f.id === id && f.hits === 1); i++)
      await new Promise((r) => setImmediate(r));
    (await s.control.faults()).find((f) => f.id === id).hits.should.equal(1);
    settled.should.be.false();
    await s.control.removeFault(id);
    (await pending).status.should.equal(200);
  });

  it('a reset drops the requests a hang fault holds (socket closed, never recorded), and a held request whose client gave up is let go at once (neither served nor recorded)', async () => {
    const untilHeld = async (id, n) => {
      for (let i = 0; i < 500 && !(await s.control.faults()).some((f) => f.id === id && f.held === n); i++)
        await new Promise((r) => setImmediate(r));
      (await s.control.faults()).find((f) => f.id === id).held.should.equal(n);
    };
    // A reset (as between tests): the held request ends with a closed socket, not an answer.
    const first = await s.control.addFault({ method: 'GET', path: '^/v1.0/organization', hang: true, count: 0 });
    const dropped = s.graph('GET', '/organization').then(
      (r) => r.status,
      (err) => err.code,
    );
    await untilHeld(first.id, 1);
    await s.control.reset();
    (await dropped).should.match(/ECONNRESET|socket hang up/);
    (await s.control.requests()).filter((r) => r.path === '/v1.0/organization').should.have.length(0);
    // A client that gives up: removing the fault serves the requests still waiting, not that one.
    const second = await s.control.addFault({ method: 'GET', path: '^/v1.0/organization', hang: true, count: 0 });
    const gaveUp = new AbortController();
    const abandoned = fetch(`${s.graphBaseUrl}/organization`, {
      headers: { authorization: `Bearer ${s.token}` },
      signal: gaveUp.signal,
    }).catch((err) => err.name);
    const waiting = s.graph('GET', '/organization');
    await untilHeld(second.id, 2);
    gaveUp.abort();
    (await abandoned).should.equal('AbortError');
    await untilHeld(second.id, 1);
    await s.control.removeFault(second.id);
    (await waiting).status.should.equal(200);
    (await s.control.requests())
      .filter((r) => r.path === '/v1.0/organization')
      .map((r) => r.status)
      .should.eql([200]);
  });

  it('GET /_sim/connections counts the TLS connections and the sockets that carried Graph requests, and the Graph requests at once', async () => {
    const https = require('https');
    const get = (agent) =>
      new Promise((resolve, reject) => {
        const req = https.request(`${s.graphBaseUrl}/organization`, { agent, headers: { authorization: `Bearer ${s.token}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        });
        req.on('error', reject);
        req.end();
      });
    await s.control.addFault({ method: 'GET', path: '^/v1.0/organization', latencyMs: 30, count: 0 });
    // A new connection per request (no agent): one socket each, all at once.
    await s.control.clearConnections();
    (await Promise.all(Array.from({ length: 6 }, () => get(false)))).should.eql(Array(6).fill(200));
    let c = await s.control.connections();
    c.graphSockets.should.equal(6);
    c.accepted.should.be.aboveOrEqual(6);
    c.graphInFlightMax.should.be.aboveOrEqual(2);
    c.graphInFlight.should.equal(0);
    // A keep-alive agent with at most 2 sockets: 12 requests, 2 sockets, 2 at once.
    await s.control.clearConnections();
    const agent = new https.Agent({ keepAlive: true, maxSockets: 2 });
    (await Promise.all(Array.from({ length: 12 }, () => get(agent)))).should.eql(Array(12).fill(200));
    agent.destroy();
    c = await s.control.connections();
    c.graphSockets.should.equal(2);
    c.graphInFlightMax.should.equal(2);
    c.identitySockets.should.equal(0);
  });

  it('a fault with a query regex applies only to matching requests: a cut-off second page, a 201 without id, an HTML page', async () => {
    await s.control.setConfig({ collectionPageSizeLimit: 3 });
    await s.control.addFault({
      method: 'GET',
      path: '^/v1.0/users$',
      query: 'skiptoken',
      status: 200,
      body: '{"value":[{"id":"1"},{"id":"2"}',
      headers: { 'content-type': 'application/json' },
    });
    const first = await s.graph('GET', '/users');
    first.status.should.equal(200);
    const next = first.body['@odata.nextLink'];
    next.should.match(/skiptoken/);
    const second = await s.graph('GET', next);
    second.status.should.equal(200);
    second.text.should.equal('{"value":[{"id":"1"},{"id":"2"}');
    await s.control.addFault({ method: 'POST', path: '^/v1.0/groups$', status: 201, body: { displayName: 'no id' } });
    const created = await s.graph('POST', '/groups', {
      body: { displayName: 'x', mailEnabled: false, mailNickname: 'x', securityEnabled: true },
    });
    created.status.should.equal(201);
    created.body.should.not.have.property('id');
    await s.control.addFault({
      method: 'GET',
      path: '^/v1.0/organization',
      status: 200,
      body: '<!DOCTYPE html><html><body>Proxy login</body></html>',
      headers: { 'content-type': 'text/html' },
    });
    const html = await s.graph('GET', '/organization');
    html.headers['content-type'].should.match(/text\/html/);
  });
});
const should = require('should');
