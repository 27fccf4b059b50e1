'use strict';
// Several Node-RED copies of the same flows, one tenant (README "Running several instances"):
// Debian's redis-server as the shared context store (a minimal store plugin of test/support),
// two real Node-RED processes with the same flows and credentialSecret and `entraStateStore` set,
// Debian's haproxy in front of them (round robin) as the connection's webhookBaseUrl, and the
// simulator delivering notifications to it. Skipped with a notice where redis-server or haproxy is
// missing; failing instead when CI is set.
require('should');
const path = require('path');
const { startNodeRed } = require('../support/node-red-process');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { findRedisServer, startRedis, RedisClient } = require('../support/redis');
const { findHaproxy, startHaproxy } = require('../support/haproxy');
const { freePort } = require('../support/ports');
const { simulatorConnection, simulatorCredentials, graphRequest, emitted } = require('../support/e2e-flows');
const { wait, until } = require('../support/until');

const missing = [!findRedisServer() && 'redis-server', !findHaproxy() && 'haproxy'].filter(Boolean);
const TAB = 'ha-tab';
const CONN = 'ha-conn';
const TRIGGER = 'ha-trigger';
const STORE_PLUGIN = path.join(__dirname, '..', 'support', 'redis-context-store.js');

describe('e2e: several Node-RED instances, one tenant (Redis context store, haproxy)', function () {
  this.timeout(90000);

  if (missing.length) {
    const why = `needs ${missing.join(' and ')} (apt-get install redis-server haproxy)`;
    if (process.env.CI) {
      it(`runs in CI: ${why}`, function () {
        throw new Error(`${missing.join(' and ')} not installed: .ci/run installs them with apt-get`);
      });
    } else {
      before(() => console.log(`    NOTICE: the several-instances tests are skipped: ${why}`));
      it.skip(`several instances (${why})`, () => undefined);
    }
    return;
  }

  let sim;
  let redis;
  let lb;
  let lbPort;
  let token;
  const nrs = [];

  before(async function () {
    this.timeout(240000);
    sim = await startTestSimulator();
    // A delivery that finds a killed copy is retried (through haproxy, to the other one).
    await sim.control.setConfig({ notificationMaxAttempts: 6, notificationRetryDelayMs: 300, deviceCodeIntervalSeconds: 1 });
    redis = await startRedis();
    lbPort = await freePort();
    const options = () => ({
      adminAuth: true,
      env: { ...simulatorEnv(sim), ENTRA_WEBHOOK_BASE: `https://127.0.0.1:${lbPort}` },
      contextStorage: {
        default: { module: 'memory' },
        shared: { module: STORE_PLUGIN, config: { port: redis.port, prefix: 'ha-e2e' } },
      },
      settings: { entraStateStore: 'shared' },
    });
    const [a, b] = await Promise.all([startNodeRed(options()), startNodeRed(options())]);
    nrs.push(a, b);
    lb = await startHaproxy([a.port, b.port], { port: lbPort });
    token = (await sim.control.token()).access_token;
  });

  after(async function () {
    this.timeout(60000);
    for (const nr of nrs) {
      await nr.deploy([]).catch(() => undefined);
      await nr.stop();
    }
    if (lb) await lb.stop();
    if (redis) await redis.stop();
    if (sim) await sim.close();
  });

  afterEach(function () {
    // What each copy logged, when a test failed (the entra lines are the story).
    if (this.currentTest.state !== 'failed') return;
    nrs.forEach((nr, i) => {
      const lines = nr
        .log()
        .split('\n')
        .filter((l) => /entra|error|warn/i.test(l) && !/EMIT/.test(l));
      console.log(`    --- Node-RED ${i} (last lines):\n${lines.slice(-40).join('\n')}`);
    });
  });

  const graph = (method, p, body) => graphRequest(sim, token, method, p, body);
  /** The subscription a copy last said it uses. */
  const usedBy = (nr) => {
    const all = [...nr.log().matchAll(/(?:created|adopting|to|reusing|renewed|keeps) subscription ([0-9a-f-]{36})/g)];
    return all.length ? all[all.length - 1][1] : undefined;
  };
  const mine = (subs) => subs.filter((s) => s.notificationUrl === `https://127.0.0.1:${lbPort}/entra-trigger/${TRIGGER}`);

  /** Resolves once no copy has emitted anything for `ms`. */
  async function quiet(copies, ms = 2000) {
    const marks = copies.map((nr) => nr.logMark());
    const count = () => marks.reduce((n, m) => n + emitted(m.text()).length, 0);
    let last = -1;
    while (last !== count()) {
      last = count();
      await wait(ms);
    }
  }

  function flows(trigger = {}, connection = {}) {
    return [
      { id: TAB, type: 'tab', label: 'HA' },
      simulatorConnection(CONN, {
        webhookBaseUrl: '${ENTRA_WEBHOOK_BASE}',
        maxRetries: 1,
        retryBaseDelayMs: 10,
        credentials: simulatorCredentials(sim),
        ...connection,
      }),
      {
        id: 'ha-emit',
        type: 'function',
        z: TAB,
        name: 'emit',
        outputs: 1,
        wires: [[]],
        func: "node.warn('EMIT ' + JSON.stringify({ topic: msg.topic, id: msg.payload.id, resource: msg.payload.resource, subscriptionId: msg.payload.subscriptionId }));\nreturn null;",
      },
      // Subscriptions live 30 s and are renewed every ~3 s (90% before expiry): renewals show at once.
      {
        id: TRIGGER,
        type: 'entra-trigger',
        z: TAB,
        name: 'users',
        connection: CONN,
        resource: 'users',
        delivery: 'subscription',
        changeType: 'updated,deleted',
        expirationDateTime: '0.5',
        renewalMarginMinutes: 60,
        path: '',
        wires: [['ha-emit']],
        ...trigger,
      },
    ];
  }

  async function removeTriggers() {
    await Promise.all(nrs.map((nr) => nr.deploy([])));
    await until(async () => mine(await sim.control.subscriptions()).length === 0, 15000, 'no subscription left');
  }

  describe('subscription mode', function () {
    it('keeps one subscription: the second copy adopts the one the first created', async function () {
      // The second copy starts later: until then haproxy sends everything to the first.
      await nrs[1].stop();
      await sim.control.clearRequests();
      await nrs[0].deploy(flows());
      const first = await until(async () => mine(await sim.control.subscriptions())[0], 15000, 'a subscription');
      await nrs[1].restart();
      const mark = nrs[1].logMark();
      await nrs[1].deploy(flows());
      // It finds the subscription in the shared store (or, failing that, in Graph's list): no second one.
      await mark.waitFor(new RegExp(`(adopting|reusing) subscription ${first.id}`), 15000);
      mine(await sim.control.subscriptions())
        .map((s) => s.id)
        .should.eql([first.id]);
      (await sim.control.requests()).filter((r) => r.method === 'POST' && /\/subscriptions$/.test(r.path)).length.should.equal(1);
      // The app lists its subscriptions before creating [SLIST].
      (await sim.control.requests()).filter((r) => r.method === 'GET' && /\/subscriptions$/.test(r.path)).length.should.be.above(1);
    });

    it('keeps one subscription when both copies deploy at the same moment, and both use it', async function () {
      await removeTriggers();
      await Promise.all(nrs.map((nr) => nr.deploy(flows())));
      const kept = await until(
        async () => {
          const subs = mine(await sim.control.subscriptions());
          return subs.length === 1 && nrs.every((nr) => usedBy(nr) === subs[0].id) && subs[0];
        },
        20000,
        'one subscription that both copies use',
      );
      // Still one after both have renewed once more (renewals list again and find nothing to delete).
      const renewed = nrs.map((nr) => nr.logMark());
      await Promise.all(renewed.map((m) => m.waitFor(new RegExp(`renewed subscription ${kept.id}`), 15000)));
      mine(await sim.control.subscriptions())
        .map((s) => s.id)
        .should.eql([kept.id]);
    });

    it('500 changes → 500 msgs in total across the copies, none twice, both copies taking a share', async function () {
      const marks = nrs.map((nr) => nr.logMark());
      const users = (await graph('GET', '/users?$select=id&$top=20')).body.value.map((u) => u.id);
      const TOTAL = 500;
      // In batches, so that a loaded machine does not time deliveries out (Graph would retry them).
      for (let i = 0; i < TOTAL; i += 50) {
        for (let j = i; j < Math.min(TOTAL, i + 50); j++) sim.state.update('users', users[j % users.length], { jobTitle: `HA ${j}` });
        await until(() => marks.reduce((n, m) => n + emitted(m.text()).length, 0) >= Math.min(TOTAL, i + 50), 30000, `${i + 50} msgs`);
      }
      const perCopy = marks.map((m) => emitted(m.text()));
      const all = perCopy.flat();
      all.length.should.equal(TOTAL);
      new Set(all.map((m) => m.id)).size.should.equal(TOTAL);
      for (const msgs of perCopy) msgs.length.should.be.above(0);
    }).timeout(240000); // ten rounds of up to 30 s each on a loaded machine

    it('one copy killed: notifications keep flowing through the other, which keeps renewing', async function () {
      const [alive, killed] = nrs;
      // Deliveries of the test before (retries included) end first: only this test's are counted.
      await quiet(nrs);
      const sub = mine(await sim.control.subscriptions())[0];
      await killed.kill();
      const mark = alive.logMark();
      await sim.control.clearRequests();
      const users = (await graph('GET', '/users?$select=id&$top=5')).body.value.map((u) => u.id);
      for (let j = 0; j < 20; j++) sim.state.update('users', users[j % users.length], { jobTitle: `after kill ${j}` });
      await until(() => emitted(mark.text()).length >= 20, 30000, '20 msgs from the copy left');
      emitted(mark.text()).length.should.equal(20);
      const before = sub.expirationDateTime;
      await mark.waitFor(new RegExp(`renewed subscription ${sub.id}`), 15000);
      const after = mine(await sim.control.subscriptions());
      after.map((s) => s.id).should.eql([sub.id]);
      (after[0].expirationDateTime > before).should.be.true();
    });

    it('a copy that stops cleanly keeps the subscription; removing the trigger from the flows deletes it', async function () {
      await nrs[1].restart();
      await nrs[1].deploy(flows());
      const sub = mine(await sim.control.subscriptions())[0];
      await until(() => usedBy(nrs[1]) === sub.id, 15000, 'the restarted copy uses the subscription');
      await nrs[1].stop();
      mine(await sim.control.subscriptions())
        .map((s) => s.id)
        .should.eql([sub.id]);
      await nrs[1].restart();
      await removeTriggers();
    });
  });

  describe('polling mode', function () {
    const polling = { delivery: 'polling', pollIntervalSeconds: 1, changeType: 'updated,deleted' };

    it('one copy polls; when it is killed the other takes over within a lease, without re-emitting old changes', async function () {
      const marks = nrs.map((nr) => nr.logMark());
      const deltaCalls = async () => (await sim.control.requests()).filter((r) => /\/users\/delta/.test(r.path)).length;
      await sim.control.clearRequests();
      await Promise.all(nrs.map((nr) => nr.deploy(flows(polling))));
      await Promise.all(marks.map((m) => m.waitFor(/holds the lease|standby: another instance polls/, 15000)));
      await until(
        () => marks.some((m) => /holds the lease/.test(m.text())) && marks.some((m) => /standby: another instance polls/.test(m.text())),
        15000,
        'one poller and one standby',
      );
      const leader = marks.findIndex((m) => /holds the lease/.test(m.text()));
      const other = 1 - leader;
      /standby: another instance polls/.test(marks[leader].text()).should.be.false();
      /holds the lease/.test(marks[other].text()).should.be.false();

      // The first round starts from now: the change comes after it.
      await until(async () => (await deltaCalls()) >= 2, 15000, 'the first rounds');
      const users = (await graph('GET', '/users?$select=id&$top=3')).body.value.map((u) => u.id);
      sim.state.update('users', users[0], { jobTitle: 'before the takeover' });
      await until(
        () => emitted(marks[leader].text()).some((m) => m.resource === `Users/${users[0]}`),
        15000,
        'the leader emits the change',
      );
      // Two more rounds, so the deltaLink after that change is stored.
      const n = await deltaCalls();
      await until(async () => (await deltaCalls()) >= n + 2, 15000, 'two more rounds');
      const early = emitted(marks[other].text());
      early.length.should.equal(
        0,
        `the standby copy emitted ${JSON.stringify(early.slice(0, 3))}\n${marks[other]
          .text()
          .split('\n')
          .filter((l) => /entra-trigger/.test(l))
          .slice(-10)
          .join('\n')}`,
      );

      const killedAt = Date.now();
      await nrs[leader].kill();
      try {
        const after = nrs[other].logMark();
        sim.state.update('users', users[1], { jobTitle: 'after the takeover' });
        await after.waitFor(/took over polling users from another instance/, 15000);
        // The lease lasts 3 poll intervals (3 s here); its holder renews it every round.
        (Date.now() - killedAt).should.be.below(3000 + 1000 + 3000);
        await until(
          () => emitted(after.text()).some((m) => m.resource === `Users/${users[1]}`),
          15000,
          'the new poller emits the change made after the kill',
        );
        emitted(marks[other].text())
          .filter((m) => m.resource === `Users/${users[0]}`)
          .length.should.equal(0);
      } finally {
        await nrs[leader].restart();
      }
      await Promise.all(nrs.map((nr) => nr.deploy([])));
    });
  });

  describe('delegated sign-in', function () {
    const DEVICE = 'ha-device';
    const deviceFlows = () => [
      { id: TAB, type: 'tab', label: 'HA' },
      simulatorConnection(DEVICE, {
        name: 'device',
        authType: 'deviceCode',
        scopes: 'User.Read.All offline_access',
        maxRetries: 0,
        credentials: { clientId: sim.clientId },
      }),
      { id: 'ha-in', type: 'http in', z: TAB, url: '/ha-users', method: 'get', wires: [['ha-user']] },
      { id: 'ha-user', type: 'entra-user', z: TAB, connection: DEVICE, operation: 'list', top: '2', topType: 'num', wires: [['ha-out']] },
      { id: 'ha-catch', type: 'catch', z: TAB, scope: ['ha-user'], uncaught: false, wires: [['ha-err']] },
      {
        id: 'ha-err',
        type: 'change',
        z: TAB,
        rules: [
          { t: 'set', p: 'payload', pt: 'msg', to: 'error', tot: 'msg' },
          { t: 'set', p: 'statusCode', pt: 'msg', to: '500', tot: 'num' },
        ],
        wires: [['ha-out']],
      },
      { id: 'ha-out', type: 'http response', z: TAB, statusCode: '', headers: {}, wires: [] },
    ];
    const dialog = () => ({
      authType: 'deviceCode',
      tenantId: sim.tenantId,
      cloud: 'custom',
      authorityHost: sim.authorityHost,
      graphBaseUrl: sim.graphBaseUrl,
      scopes: 'User.Read.All offline_access',
      clientId: '',
      clientSecret: '',
    });

    it('a device-code sign-in on one copy works on the other (the token cache is in the shared store)', async function () {
      await Promise.all(nrs.map((nr) => nr.deploy(deviceFlows())));
      (await nrs[1].httpNode('GET', '/ha-users')).status.should.equal(500);
      const r = await nrs[0].request('POST', `/entra-connection/${DEVICE}/auth/device`, dialog());
      r.status.should.equal(200, r.text);
      await sim.control.approveDeviceCode(r.body.code.userCode, 'AdeleV@contoso.onmicrosoft.com');
      await until(
        async () => (await nrs[0].request('GET', `/entra-connection/${DEVICE}/auth/status`)).body.signedIn,
        15000,
        'signed in on the first copy',
      );
      // The other copy never saw the sign-in, yet it knows the account and calls Graph as Adele.
      const s = (await nrs[1].request('GET', `/entra-connection/${DEVICE}/auth/status`)).body;
      s.signedIn.should.be.true();
      s.account.username.should.equal('AdeleV@contoso.onmicrosoft.com');
      const users = await nrs[1].httpNode('GET', '/ha-users');
      users.status.should.equal(200, users.text);
      users.body.length.should.equal(2);
      // Nothing readable in Redis: the cache is sealed with the credential secret.
      const c = new RedisClient(redis.port);
      await c.ready;
      try {
        const dump = JSON.stringify(await c.command('HGETALL', 'ha-e2e:global'));
        dump.should.not.match(/AdeleV|refresh_token|secret/i);
        dump.length.should.be.above(100);
      } finally {
        c.close();
      }
      await Promise.all(nrs.map((nr) => nr.deploy([])));
    });
  });
});
