'use strict';
// Graph delivers change notifications at least once: a notification answered late is delivered
// again. The trigger drops a repeat of one still waiting to be emitted (always), and with
// dedupeSeconds > 0 a repeat of one emitted within that window. A notification refused for its
// clientState never enters that memory. Webhook mode against the simulator (the fetchResource GETs).
require('should');
const { until: untilHolds, wait } = require('../support/until');
const supertest = require('supertest');
const { helper, useSimulator, connection, packageNodes } = require('../support/helper');
const { loadWebhookTrigger, postNotifications } = require('../support/webhook-trigger');
const { loadSimulator } = require('../support/certs');
const { activity } = require('../../dist/lib/activity');
const { readTriggerSettings } = require('../../dist/nodes/entra-trigger/trigger-settings');
const { DELIVERY_MEMORY_MS, NotificationDedupe, deliveryId, notificationKey } = require('../../dist/nodes/entra-trigger/dedupe');

describe('entra-trigger: repeated deliveries of a notification', function () {
  this.timeout(20000);
  let sim;
  const { seedIds } = loadSimulator();
  const USERS = ['adele', 'alex', 'megan'].map((u) => seedIds.user(u));

  useSimulator((s) => {
    sim = s;
  });

  /** `check` every 20 ms until it holds (at most `ms`). */
  const until = (check, what, ms = 8000) => untilHolds(check, ms, what, 20);
  const userGets = async () => (await sim.control.requests()).filter((r) => r.method === 'GET' && /^\/v1\.0\/[Uu]sers\//.test(r.path));

  /** A webhook trigger with fetchResource; `post(batch)` delivers a notification batch as Graph does. */
  async function webhook(props = {}) {
    const path = '/wh-dedupe';
    const t = await loadWebhookTrigger(sim, {
      path,
      clientState: 'dedupe-state',
      trigger: { fetchResource: true, ...props },
      conn: { id: 'dd-conn' },
    });
    const received = [];
    helper.getNode('out').on('input', (m) => received.push(m));
    return {
      received,
      post: (value) => postNotifications(t.httpNode, path, value),
      flow: t.flow,
      credentials: t.credentials,
      counts: () => activity.triggers.get('trigger').counts,
    };
  }

  /**
   * Graph's notifications of an update of each of `ids`. `change` names the change: the same
   * change delivered again has the same notification ids, another change of the same users other ids.
   */
  const batch = (ids, clientState = 'dedupe-state', change = 'a') =>
    ids.map((id) => ({
      id: `n-${change}-${id}`,
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
    // Another change of the same users (acknowledged). USERS[1] and USERS[2] still wait for their
    // GET: dropped, the msgs emitted later read both. USERS[0]'s GET is on the wire: it may not see
    // this change, so the notification is kept (queued, GET later).
    (await t.post(batch(USERS, undefined, 'b'))).status.should.equal(202);
    // A repeat inside one POST, and a third change of USERS[0] while its second one is queued.
    (await t.post([...batch([USERS[0]], undefined, 'c'), ...batch([USERS[0]], undefined, 'c')])).status.should.equal(202);
    t.received.should.have.length(0, 'still waiting for the first GET');
    await until(() => t.received.length >= 4, 'the four msgs');
    await wait(1500);
    t.received.map((m) => m.payload.resourceData.id).should.eql([...USERS, USERS[0]]);
    t.received.every((m) => m.resource && m.resource.id === m.payload.resourceData.id).should.be.true();
    (await userGets()).should.have.length(4);
    t.counts().should.match({ received: 8, emitted: 4, duplicates: 4, dropped: 0, refused: 0 });
  });

  it('dedupeSeconds 0: another change of the same users after the first was emitted is emitted again (two msgs each)', async function () {
    const t = await webhook();
    (await t.post(batch(USERS))).status.should.equal(202);
    await until(() => t.received.length >= 3, 'the first three msgs');
    (await t.post(batch(USERS, undefined, 'b'))).status.should.equal(202);
    await until(() => t.received.length >= 6, 'the second three msgs');
    await wait(300);
    t.received.map((m) => m.payload.resourceData.id).should.eql([...USERS, ...USERS]);
    t.counts().should.match({ received: 6, emitted: 6, duplicates: 0 });
  });

  it('always: the same notification (its id) delivered again after it was emitted is dropped; without an id it is emitted again (dedupeSeconds 0)', async function () {
    const t = await webhook({ fetchResource: false });
    (await t.post(batch(USERS))).status.should.equal(202);
    await until(() => t.received.length >= 3, 'the first three msgs');
    // Graph delivers them again (the first answer came too late): the same ids.
    (await t.post(batch(USERS))).status.should.equal(202);
    // Refused for its clientState first: an id is remembered only once acknowledged.
    (await t.post(batch([USERS[0]], 'forged', 'd'))).status.should.equal(202);
    (await t.post(batch([USERS[0]], undefined, 'd'))).status.should.equal(202);
    // Without an id nothing says it is the same notification.
    const anonymous = batch([USERS[1]]).map(({ id, ...n }) => n);
    (await t.post(anonymous)).status.should.equal(202);
    (await t.post(anonymous)).status.should.equal(202);
    await until(() => t.received.length >= 6, 'the msgs of the other notifications');
    await wait(300);
    t.received.map((m) => m.payload.resourceData.id).should.eql([...USERS, USERS[0], USERS[1], USERS[1]]);
    t.counts().should.match({ received: 10, refused: 1, emitted: 6, duplicates: 3 });
  });

  it('dedupeSeconds 30: a batch delivered again after it was emitted is dropped; a notification refused for its clientState is never remembered', async function () {
    const t = await webhook({ dedupeSeconds: 30 });
    // Refused first (a wrong clientState): it must not keep the real one out.
    (await t.post(batch([USERS[2]], 'forged'))).status.should.equal(202);
    (await t.post(batch(USERS))).status.should.equal(202);
    await until(() => t.received.length >= 3, 'the first three msgs');
    // Other changes of the same users (other ids): dropped by the window.
    (await t.post(batch(USERS, undefined, 'b'))).status.should.equal(202);
    (await t.post(batch([USERS[1]], undefined, 'c'))).status.should.equal(202);
    await wait(800);
    t.received.map((m) => m.payload.resourceData.id).should.eql(USERS);
    (await userGets()).should.have.length(3);
    // Another change type of the same object is another notification.
    (await t.post(batch([USERS[0]], undefined, 'e').map((n) => ({ ...n, changeType: 'deleted' })))).status.should.equal(202);
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
    await until(() => helper.getNode('out'), 'the new flows', 5000);
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
    // Ids of acknowledged notifications: 4 hours (Graph's retries), the same bound.
    deliveryId({ ...n, id: 'x' }).should.equal(deliveryId({ ...n, id: 'x', changeType: 'deleted' }));
    deliveryId({ ...n, id: 'x' }).should.not.equal(deliveryId({ ...n, id: 'x', subscriptionId: 'other' }));
    (deliveryId(n) === undefined).should.be.true();
    now = 0;
    const ids = new NotificationDedupe(0, 2, () => now);
    ids.wasDelivered('i1').should.be.false();
    ids.acknowledged(['i1']);
    ids.wasDelivered('i1').should.be.true();
    now = DELIVERY_MEMORY_MS;
    ids.acknowledged(['i2', 'i3']);
    ids.wasDelivered('i1').should.be.false('beyond the bound');
    ids.wasDelivered('i2').should.be.true();
    now = 2 * DELIVERY_MEMORY_MS + 1;
    ids.wasDelivered('i3').should.be.false('after 4 hours');
  });
});
