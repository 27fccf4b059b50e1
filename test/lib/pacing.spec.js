'use strict';
// One pacing budget per connection (src/lib/pacing.ts), against the simulator's documented
// identity quotas scaled down (1 s windows, small budgets) and against a scripted server.
const should = require('should');
const path = require('path');
const { GraphClient } = require('../../dist/lib/graph-client');
const { Pacer } = require('../../dist/lib/pacing');
const { requestCost } = require('../../dist/lib/request-cost');
const { startServer, countingTokens } = require('../support/https-server');
const { startSimulator, seedIds } = require(path.join(__dirname, '..', '..', 'simulator', 'dist'));

// S tenant: 3,500 resource units per 10 s → 70 per 1 s; 3,000 writes per 150 s → 60 per 15 s.
const SCALE = { timeScale: 0.1, budgetScale: 0.02 };

describe('pacing: one budget per connection', function () {
  this.timeout(60000);

  describe("against the simulator's identity quotas", function () {
    let sim;
    let token;
    before(async () => {
      sim = await startSimulator({ port: 0, seed: 'small' });
      token = (await sim.control.token()).access_token;
    });
    after(async () => {
      if (sim) await sim.close();
    });
    beforeEach(async () => {
      await sim.control.reset();
      await sim.control.setConfig({ throttling: true, throttleTimeScale: SCALE.timeScale, throttleBudgetScale: SCALE.budgetScale });
    });

    const client = (pacing = {}, opts = {}) =>
      new GraphClient({
        baseUrl: sim.graphBaseUrl,
        tokens: { getAccessToken: async () => token },
        maxRetries: 5,
        retryBaseDelayMs: 50,
        pacing: { ...SCALE, ...pacing },
        ...opts,
      });
    const adele = seedIds.user('adele');

    it('finishes a burst of 300 concurrent gets without one 429, waiting for the budget', async function () {
      const c = client();
      const started = Date.now();
      await Promise.all(Array.from({ length: 300 }, () => c.request({ method: 'GET', url: `/users/${adele}`, query: { $select: 'id' } })));
      const seconds = (Date.now() - started) / 1000;
      (await sim.control.throttling()).throttled.should.equal(0);
      c.pacer.stats.throttled.should.equal(0);
      // 70 resource units per second, 63 of them at once: about (300 − 63) / 66.5 ≈ 3.6 s.
      seconds.should.be.above(2.5);
      c.close();
    });

    it('without pacing a burst is answered 429 (the baseline reacts to throttling only)', async function () {
      // A budget of 7 units per second, so that even a slow machine outruns it.
      await sim.control.setConfig({ throttleBudgetScale: 0.002 });
      const c = client({ enabled: false, budgetScale: 0.002 }, { maxRetries: 0 });
      await Promise.all(
        Array.from({ length: 60 }, () =>
          c.request({ method: 'GET', url: `/users/${adele}`, query: { $select: 'id' } }).catch(() => undefined),
        ),
      );
      (await sim.control.throttling()).throttled.should.be.above(0);
      c.close();
    });

    it('counts $batch items individually: 10 batches of 20 gets wait for the budget instead of inner 429s', async function () {
      const c = client();
      const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i), method: 'GET', url: `/users/${adele}?$select=id` }));
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => c.request({ method: 'POST', url: '/$batch', body: { requests } })),
      );
      answers
        .flatMap((a) => a.data.responses.map((r) => r.status))
        .every((st) => st === 200)
        .should.be.true();
      (await sim.control.throttling()).throttled.should.equal(0);
      ((Date.now() - started) / 1000).should.be.above(1.5); // 200 units at 70 per second, 63 at once
      c.close();
    });

    it('paces writes to the write quota: 80 updates, no 429', async function () {
      // 60 writes per 15 s (scaled): 80 writes need about 5 s more than the first 54.
      await sim.control.setConfig({ throttleTimeScale: 0.02 }); // 60 writes per 3 s, 70 units per 0.2 s
      const c = client({ timeScale: 0.02 });
      await Promise.all(
        Array.from({ length: 80 }, (_, i) => c.request({ method: 'PATCH', url: `/users/${adele}`, body: { jobTitle: `t${i}` } })),
      );
      (await sim.control.throttling()).throttled.should.equal(0);
      c.close();
    });
  });

  describe('against a scripted Graph', function () {
    let server;
    afterEach(async () => {
      if (server) await server.close();
      server = undefined;
    });
    const client = (pacing = {}) =>
      new GraphClient({
        baseUrl: `${server.url}/v1.0`,
        tokens: countingTokens(),
        maxRetries: 3,
        retryBaseDelayMs: 20,
        pacing: { ...SCALE, ...pacing },
      });

    it('on a 429 every request of the connection waits for the Retry-After, not only the one that got it', async function () {
      server = await startServer((r, n) =>
        n === 1
          ? {
              status: 429,
              headers: { 'retry-after': '0.6' },
              body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
            }
          : { status: 200, body: { ok: true } },
      );
      const c = client();
      const first = c.request({ method: 'GET', url: '/users/a' });
      await new Promise((r) => setTimeout(r, 150));
      await Promise.all([first, c.request({ method: 'GET', url: '/users/b' }), c.request({ method: 'GET', url: '/users/c' })]);
      const [throttled, ...rest] = server.requests;
      rest.should.have.length(3);
      for (const r of rest) (r.time - throttled.time).should.be.aboveOrEqual(550);
      c.close();
    });

    it("charges each answer's x-ms-resource-unit: an answer that cost more than estimated holds the next request", async function () {
      // Budget 70 units per second (63 at once); Graph says the first request cost 100.
      server = await startServer((r, n) => ({
        status: 200,
        headers: n === 1 ? { 'x-ms-resource-unit': '100' } : { 'x-ms-resource-unit': '1' },
        body: {},
      }));
      const c = client();
      await c.request({ method: 'GET', url: '/users/a' });
      await c.request({ method: 'GET', url: '/users/b' });
      (server.requests[1].time - server.requests[0].time).should.be.above(400);
      c.close();
    });

    it('slows down to what x-ms-throttle-limit-percentage reports, and not while it is absent', async function () {
      server = await startServer((r, n) => ({
        status: 200,
        headers: n === 2 ? { 'x-ms-throttle-limit-percentage': '1.50' } : {},
        body: {},
      }));
      const c = client();
      await c.request({ method: 'GET', url: '/users/a' });
      await c.request({ method: 'GET', url: '/users/b' });
      await c.request({ method: 'GET', url: '/users/c' });
      (server.requests[1].time - server.requests[0].time).should.be.below(300);
      // 150% used: 35 units over the budget of 70 must refill first (about half a second).
      (server.requests[2].time - server.requests[1].time).should.be.above(400);
      c.close();
    });

    it('caps the requests in flight and the sockets: 200 concurrent gets use at most maxConcurrent keep-alive connections', async function () {
      server = await startServer(async () => {
        await new Promise((r) => setTimeout(r, 20));
        return { status: 200, body: {} };
      });
      const c = new GraphClient({ baseUrl: `${server.url}/v1.0`, tokens: countingTokens(), pacing: { enabled: false, maxConcurrent: 5 } });
      await Promise.all(Array.from({ length: 200 }, (_, i) => c.request({ method: 'GET', url: `/users/u${i}` })));
      server.requests.should.have.length(200);
      server.stats.maxInFlight.should.be.belowOrEqual(5);
      server.stats.connections.should.be.belowOrEqual(5);
      c.close();
    });
  });

  it("estimates costs from Microsoft's table", function () {
    requestCost('GET', 'https://graph.microsoft.com/v1.0/users?$top=999').should.eql({ resourceUnits: 2, writes: 0 });
    requestCost('GET', 'https://graph.microsoft.com/v1.0/users?$select=id').should.eql({ resourceUnits: 1, writes: 0 });
    requestCost('GET', '/groups/g/transitiveMembers').should.eql({ resourceUnits: 5, writes: 0 });
    requestCost('PATCH', '/groups/g').should.eql({ resourceUnits: 1, writes: 1 });
    requestCost('POST', '/users/u/checkMemberGroups').should.eql({ resourceUnits: 4, writes: 0 });
    should(new Pacer({ maxConcurrent: 0 }).maxConcurrent).equal(16);
  });
});
