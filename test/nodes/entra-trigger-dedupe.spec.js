'use strict';
// Graph delivers change notifications at least once: a notification answered late is delivered
// again. The trigger drops a repeat of one still waiting to be emitted (always), and with
// dedupeSeconds > 0 a repeat of one emitted within that window. A notification refused for its
// clientState never enters that memory. Webhook mode against the simulator (the fetchResource GETs).
require('should');
const supertest = require('supertest');
const { helper, useSimulator, connection, packageNodes } = require('../support/helper');
const { loadSimulator } = require('../support/certs');
const { activity } = require('../../dist/lib/activity');
const { readTriggerSettings } = require('../../dist/nodes/entra-trigger/trigger-settings');
const { NotificationDedupe, notificationKey } = require('../../dist/nodes/entra-trigger/dedupe');

describe('entra-trigger: repeated deliveries of a notification', function () {
  this.timeout(20000);
  let sim;
  const { seedIds } = loadSimulator();
  const USERS = ['adele', 'alex', 'megan'].map((u) => seedIds.user(u));

  useSimulator((s) => {
    sim = s;
  });

  /** Polls `check` every 20 ms until it returns something truthy (at most `ms`). */
  async function until(check, what, ms = 8000) {
    const end = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const userGets = async () => (await sim.control.requests()).filter((r) => r.method === 'GET' && /^\/v1\.0\/[Uu]sers\//.test(r.path));

  /** A webhook trigger with fetchResource; `post(batch)` delivers a notification batch as Graph does. */
  async function webhook(props = {}) {
    let httpNode;
    const grab = (RED) => {
      httpNode = RED.httpNode;
    };
    const c = connection(sim, { id: 'dd-conn' });
    const flow = [
      { id: 'f1', type: 'tab' },
      c.node,
      {
        id: 'trigger',
        z: 'f1',
        x: 100,
        y: 100,
        type: 'entra-trigger',
        connection: c.node.id,
        resource: 'webhook',
        fetchResource: true,
        path: '/wh-dedupe',
        wires: [['out']],
        ...props,
      },
      { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' },
    ];
    await new Promise((resolve) =>
      helper.load(packageNodes().concat(grab), flow, { ...c.credentials, trigger: { clientState: 'dedupe-state' } }, resolve),
    );
    const received = [];
    helper.getNode('out').on('input', (m) => received.push(m));
    const post = (value) => supertest(httpNode).post('/wh-dedupe').send({ value });
    return {
      received,
      post,
      flow,
      credentials: { ...c.credentials, trigger: { clientState: 'dedupe-state' } },
      counts: () => activity.triggers.get('trigger').counts,
    };
  }

  /** Graph's notifications of an update of each of `ids`. */
  const batch = (ids, clientState = 'dedupe-state') =>
    ids.map((id) => ({
      id: `n-${id}`,
      subscriptionId: 'sub-dd',
      subscriptionExpirationDateTime: '2030-01-01T00:00:00Z',
      clientState,
      changeType: 'updated',
      resource: `Users/${id}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.User', '@odata.id': `Users/${id}`, id },
      tenantId: sim.tenantId,
    }));

  it('a batch delivered again while the first is still queued for its fetchResource GETs is emitted once; one whose GET was already sent is kept (dedupeSeconds 0)', async function () {
    const t = await webhook();
    // Each GET of a user takes 600 ms: the first batch is still waiting when Graph delivers it again.
    const slow = await sim.control.addFault({ method: 'GET', path: '^/v1.0/[Uu]sers/', latencyMs: 600, count: 0 });
    (await t.post(batch(USERS))).status.should.equal(202);
    await until(async () => (await sim.control.faults()).some((f) => f.id === slow.id && f.hits === 1), 'the first GET');
    // The redelivery (acknowledged). USERS[1] and USERS[2] still wait for their GET: dropped, the
    // msgs emitted later say the same. USERS[0]'s GET is on the wire: it may not see what the
    // repeat reports, so the repeat is kept (queued, GET later).
    (await t.post(batch(USERS))).status.should.equal(202);
    // A repeat inside one POST, and of USERS[0]'s queued one.
    (await t.post([...batch([USERS[0]]), ...batch([USERS[0]])])).status.should.equal(202);
    t.received.should.have.length(0, 'still waiting for the first GET');
    await until(() => t.received.length >= 4, 'the four msgs');
    await wait(1500);
    t.received.map((m) => m.payload.resourceData.id).should.eql([...USERS, USERS[0]]);
    t.received.every((m) => m.resource && m.resource.id === m.payload.resourceData.id).should.be.true();
    (await userGets()).should.have.length(4);
    t.counts().should.match({ received: 8, emitted: 4, duplicates: 4, dropped: 0, refused: 0 });
  });

  it('dedupeSeconds 0: a batch delivered again after it was emitted is emitted again (two msgs each)', async function () {
    const t = await webhook();
    (await t.post(batch(USERS))).status.should.equal(202);
    await until(() => t.received.length >= 3, 'the first three msgs');
    (await t.post(batch(USERS))).status.should.equal(202);
    await until(() => t.received.length >= 6, 'the second three msgs');
    await wait(300);
    t.received.map((m) => m.payload.resourceData.id).should.eql([...USERS, ...USERS]);
    t.counts().should.match({ received: 6, emitted: 6, duplicates: 0 });
  });

  it('dedupeSeconds 30: a batch delivered again after it was emitted is dropped; a notification refused for its clientState is never remembered', async function () {
    const t = await webhook({ dedupeSeconds: 30 });
    // Refused first (a wrong clientState): it must not keep the real one out.
    (await t.post(batch([USERS[2]], 'forged'))).status.should.equal(202);
    (await t.post(batch(USERS))).status.should.equal(202);
    await until(() => t.received.length >= 3, 'the first three msgs');
    (await t.post(batch(USERS))).status.should.equal(202);
    (await t.post(batch([USERS[1]]))).status.should.equal(202);
    await wait(800);
    t.received.map((m) => m.payload.resourceData.id).should.eql(USERS);
    (await userGets()).should.have.length(3);
    // Another change type of the same object is another notification.
    (await t.post(batch([USERS[0]]).map((n) => ({ ...n, changeType: 'deleted' })))).status.should.equal(202);
    await until(() => t.received.length >= 4, 'the deleted msg');
    t.received[3].payload.changeType.should.equal('deleted');
    t.counts().should.match({ received: 9, refused: 1, emitted: 4, duplicates: 4 });
  });

  it('across a full redeploy: a repeat of a notification handed over to the new trigger (still waiting for its GET) is dropped there', async function () {
    const t = await webhook();
    await sim.control.addFault({ method: 'GET', path: '^/v1.0/[Uu]sers/', latencyMs: 1200, count: 0 });
    (await t.post(batch(USERS))).status.should.equal(202);
    // The flows are redeployed in full while the first GET is on the wire: the new trigger emits the three.
    await helper._redNodes.setFlows(t.flow, t.credentials, 'full');
    await until(() => helper.getNode('out'), 5000, 'the new flows');
    const after = [];
    helper.getNode('out').on('input', (m) => after.push(m));
    // Graph delivers two of them again (the first answer was late): the new trigger has them
    // queued behind the first one's GET.
    (await t.post(batch(USERS.slice(1)))).status.should.equal(202);
    await until(() => after.length >= 3, 'the handed-over msgs');
    await wait(1500);
    t.received.should.have.length(0);
    after.map((m) => m.payload.resourceData.id).should.eql(USERS);
    t.counts().should.match({ received: 2, duplicates: 2, emitted: 3 });
  });

  it('subscription mode (users): a repeat of a notification still queued for its GET is dropped, as in webhook mode', async function () {
    let httpNode;
    const grab = (RED) => {
      httpNode = RED.httpNode;
    };
    const SUB = '7f1d2c3b-0000-4000-8000-0000000000dd';
    // The create answered as Graph would (the simulator cannot reach this Node-RED to validate).
    await sim.control.addFault({
      method: 'POST',
      path: '^/v1.0/subscriptions$',
      status: 201,
      body: { id: SUB, resource: '/users', changeType: 'updated', expirationDateTime: new Date(Date.now() + 20 * 86400_000).toISOString() },
    });
    const c = connection(sim, { id: 'dd-sub-conn', webhookBaseUrl: 'https://nodered.example.com' });
    const flow = [
      { id: 'f1', type: 'tab' },
      c.node,
      {
        id: 'trigger',
        z: 'f1',
        x: 100,
        y: 100,
        type: 'entra-trigger',
        connection: c.node.id,
        resource: 'users',
        delivery: 'subscription',
        changeType: 'updated',
        fetchResource: true,
        path: '/sub-dedupe',
        wires: [['out']],
      },
      { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' },
    ];
    await new Promise((resolve) => helper.load(packageNodes().concat(grab), flow, c.credentials, resolve));
    const received = [];
    helper.getNode('out').on('input', (m) => received.push(m));
    const create = await until(
      async () => (await sim.control.requests()).find((r) => r.method === 'POST' && r.path === '/v1.0/subscriptions'),
      'the subscription create',
    );
    const clientState = create.body.clientState;
    await until(() => activity.triggers.get('trigger').subscription?.state === 'subscribed', 'subscribed');
    const notes = (ids) => batch(ids, clientState).map((n) => ({ ...n, subscriptionId: SUB }));
    const post = (value) => supertest(httpNode).post('/sub-dedupe').send({ value });
    const slow = await sim.control.addFault({ method: 'GET', path: '^/v1.0/[Uu]sers/', latencyMs: 600, count: 0 });
    (await post(notes(USERS))).status.should.equal(202);
    await until(async () => (await sim.control.faults()).some((f) => f.id === slow.id && f.hits === 1), 'the first GET');
    (await post(notes(USERS.slice(1)))).status.should.equal(202);
    // Refused (a wrong clientState): counted as refused, not as a repeat.
    (await post(batch([USERS[1]], 'forged').map((n) => ({ ...n, subscriptionId: SUB })))).status.should.equal(202);
    await until(() => received.length >= 3, 'the three msgs');
    await wait(1000);
    received.map((m) => m.payload.resourceData.id).should.eql(USERS);
    activity.triggers.get('trigger').counts.should.match({ received: 6, refused: 1, emitted: 3, duplicates: 2 });
  });

  it('dedupeSeconds: read as 0 when not set, refused when not a number of seconds of 0 or more', function () {
    readTriggerSettings({ id: 't', resource: 'webhook' }).dedupeSeconds.should.equal(0);
    readTriggerSettings({ id: 't', resource: 'webhook', dedupeSeconds: '' }).dedupeSeconds.should.equal(0);
    readTriggerSettings({ id: 't', resource: 'webhook', dedupeSeconds: '2.5' }).dedupeSeconds.should.equal(2.5);
    for (const bad of ['-1', 'soon']) {
      (() => readTriggerSettings({ id: 't', resource: 'webhook', dedupeSeconds: bad })).should.throw(/dedupeSeconds.*0 or more/);
    }
  });

  it('the memory: identity without clientState; the window and the 10,000 bound forget the oldest first', function () {
    const n = {
      subscriptionId: 's',
      changeType: 'updated',
      resource: 'Users/1',
      resourceData: { id: '1', '@odata.id': 'Users/1' },
      tenantId: 't',
    };
    notificationKey({ ...n, clientState: 'a', id: 'x' }).should.equal(notificationKey({ ...n, clientState: 'b', id: 'y' }));
    notificationKey(n).should.not.equal(notificationKey({ ...n, tenantId: 'u' }));
    notificationKey(n).should.not.equal(notificationKey({ ...n, lifecycleEvent: 'missed' }));
    // Two membership changes of one group are two notifications (each has its own member msgs).
    const g = { ...n, resource: 'Groups/1', resourceData: { id: '1', 'members@delta': [{ id: 'a' }] } };
    notificationKey(g).should.not.equal(notificationKey({ ...g, resourceData: { id: '1', 'members@delta': [{ id: 'b' }] } }));
    let now = 0;
    const d = new NotificationDedupe(30_000, 3, () => now);
    d.isDuplicate('a').should.be.false();
    d.hold('a');
    d.hold('a');
    d.isDuplicate('a').should.be.true();
    d.unhold('a');
    d.isDuplicate('a').should.be.true('one message of it still waits');
    d.unhold('a');
    d.remember('a');
    d.isDuplicate('a').should.be.true('emitted within the window');
    now = 30_001;
    d.isDuplicate('a').should.be.false('the window is over');
    for (const k of ['b', 'c', 'd', 'e']) {
      d.hold(k);
      d.unhold(k);
      d.remember(k);
    }
    d.size.remembered.should.equal(3);
    d.isDuplicate('b').should.be.false('the oldest was forgotten');
    d.isDuplicate('e').should.be.true();
    // Off: only waiting ones are repeats.
    const off = new NotificationDedupe(0);
    off.hold('x');
    off.isDuplicate('x').should.be.true();
    off.unhold('x');
    off.remember('x');
    off.isDuplicate('x').should.be.false();
    // A message that left without being emitted is not remembered.
    d.hold('z');
    d.unhold('z');
    d.isDuplicate('z').should.be.false();
  });
});
