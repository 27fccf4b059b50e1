'use strict';
// The identity service's documented quotas (https://learn.microsoft.com/graph/throttling-limits,
// "Identity and access service limits"): costs per request, budgets per app+tenant by tenant size,
// the write quota, the headers, and 429 + Retry-After once a budget is spent.
require('should');
const { start, sim } = require('./helpers');

const { requestCost } = require('../../simulator/dist/graph/throttling');

describe('simulator: identity throttling limits', function () {
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
  const q = (text) => new URLSearchParams(text);

  it("costs requests as Microsoft's table does, with $select −1, $expand +1, $top under 20 −1, never below 1", () => {
    requestCost('GET', '/users', q('')).should.eql({ resourceUnits: 2, writes: 0 });
    requestCost('GET', '/users', q('$select=id')).should.eql({ resourceUnits: 1, writes: 0 });
    requestCost('GET', `/users/${adele()}`, q('$select=id')).should.eql({ resourceUnits: 1, writes: 0 });
    requestCost('GET', '/applications', q('$expand=owners')).should.eql({ resourceUnits: 3, writes: 0 });
    requestCost('GET', '/groups/g1/members', q('$top=10')).should.eql({ resourceUnits: 2, writes: 0 });
    requestCost('GET', '/groups/g1/transitiveMembers/microsoft.graph.user', q('')).should.eql({ resourceUnits: 5, writes: 0 });
    requestCost('POST', '/users', q('')).should.eql({ resourceUnits: 1, writes: 1 });
    requestCost('POST', '/users/u1/checkMemberGroups', q('')).should.eql({ resourceUnits: 4, writes: 0 });
    requestCost('DELETE', '/groups/g1/members/u1/$ref', q('')).should.eql({ resourceUnits: 1, writes: 1 });
    (requestCost('GET', '/subscriptions', q('')) === undefined).should.be.true();
  });

  it('is off by default: no resource-unit header, no 429', async () => {
    const r = await s.graph('GET', '/users');
    r.status.should.equal(200);
    r.headers.should.not.have.property('x-ms-resource-unit');
  });

  it('puts x-ms-resource-unit on every answer, errors included', async () => {
    await s.control.setConfig({ throttling: true });
    (await s.graph('GET', '/users')).headers['x-ms-resource-unit'].should.equal('2');
    (await s.graph('GET', `/users/${adele()}?$select=id`)).headers['x-ms-resource-unit'].should.equal('1');
    const missing = await s.graph('GET', '/users/00000000-0000-4000-8000-000000000000');
    missing.status.should.equal(404);
    missing.headers['x-ms-resource-unit'].should.equal('1');
  });

  it('answers 429 with Retry-After, x-ms-throttle-scope and -information once the resource units of the window are spent, and warns above 80%', async () => {
    // S tenant, budget scaled to 35 resource units per 10 s (3.5 refilled per second).
    await s.control.setConfig({ throttling: true, throttleBudgetScale: 0.01 });
    const ok = [];
    let t;
    for (let i = 0; i < 30 && !t; i++) {
      const r = await s.graph('GET', '/users');
      if (r.status === 200) ok.push(r);
      else t = r;
    }
    ok.length.should.be.within(17, 19); // 17 × 2 = 34 of 35, plus what refilled meanwhile
    ok.some((r) => Number(r.headers['x-ms-throttle-limit-percentage']) > 0.8).should.be.true();
    ok[0].headers.should.not.have.property('x-ms-throttle-limit-percentage');
    t.status.should.equal(429);
    t.body.error.code.should.equal('TooManyRequests');
    Number(t.headers['retry-after']).should.be.above(0).and.belowOrEqual(1);
    t.headers['x-ms-throttle-scope'].should.equal(`Tenant_Application/ReadWrite/${sim.CLIENT_ID}/${sim.TENANT_ID}`);
    t.headers['x-ms-throttle-information'].should.equal('ResourceUnitLimitExceeded');
    // After the Retry-After, the request fits again.
    await new Promise((r) => setTimeout(r, Number(t.headers['retry-after']) * 1000 + 20));
    (await s.graph('GET', '/users')).status.should.equal(200);
    (await s.control.throttling()).throttled.should.be.above(0);
  });

  it('sizes the resource-unit budget by tenant size (S 3,500, M 5,000, L 8,000 per 10 s)', async () => {
    async function okCount(size) {
      await s.control.reset();
      await s.control.setConfig({ throttling: true, throttleTenantSize: size, throttleTimeScale: 100, throttleBudgetScale: 0.01 });
      let n = 0;
      while ((await s.graph('GET', `/users/${adele()}`)).status === 200) n++;
      return n;
    }
    (await okCount('S')).should.equal(35);
    (await okCount('M')).should.equal(50);
    (await okCount('L')).should.equal(80);
  });

  it('has a write quota (3,000 per 2 min 30 s per app and tenant) that reads do not spend', async () => {
    // 30 writes per window, 3,500 resource units: the write quota runs out first.
    await s.control.setConfig({ throttling: true, throttleTimeScale: 100, throttleBudgetScale: 0.01 });
    let ok = 0;
    let last;
    for (let i = 0; i < 40; i++) {
      last = await s.graph('PATCH', `/users/${adele()}`, { body: { jobTitle: `t${i}` } });
      if (last.status !== 204) break;
      ok++;
    }
    ok.should.equal(30);
    last.status.should.equal(429);
    last.headers['x-ms-throttle-scope'].should.equal(`Tenant_Application/Write/${sim.CLIENT_ID}/${sim.TENANT_ID}`);
    last.headers['x-ms-throttle-information'].should.equal('WriteLimitExceeded');
    (await s.graph('GET', `/users/${adele()}`)).status.should.equal(200);
  });

  it('counts $batch items individually: an inner 429 with its own Retry-After', async () => {
    await s.control.setConfig({ throttling: true, throttleTimeScale: 100, throttleBudgetScale: 0.01 });
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/users' }));
    const r = await s.graph('POST', '/$batch', { body: { requests } });
    r.status.should.equal(200);
    const statuses = r.body.responses.map((x) => x.status);
    statuses.filter((st) => st === 200).length.should.equal(17);
    statuses.filter((st) => st === 429).length.should.equal(3);
    const inner = r.body.responses.find((x) => x.status === 429);
    inner.headers.should.have.property('Retry-After');
    r.body.responses.find((x) => x.status === 200).headers['x-ms-resource-unit'].should.equal('2');
  });
});
