'use strict';
// Issue 11, state and lifecycle: bad answers are never persisted, an id is an id, in-flight work
// ends with its node, an acknowledged notification is emitted, fetchResource cannot be driven by
// strangers.
const should = require('should');
const { helper, useSimulator, loadNodes, connection, nodeFlow, recordStatus } = require('../support/helper');
const { secureStore } = require('../../dist/lib/secure-store');
const { until } = require('../support/until');
const { holdRequests } = require('../support/held-requests');
const { loadWebhookTrigger, userIds, userNotifications, postNotifications } = require('../support/webhook-trigger');
const logged = (id, level) =>
  helper
    .log()
    .args.filter((a) => a[0].id === id && (level === undefined || a[0].level === level))
    .map((a) => String(a[0].msg));

describe('hardening: state and lifecycle', function () {
  this.timeout(20000);
  let sim;
  useSimulator((s) => {
    sim = s;
  });
  const graphRequests = async (pathRe) => (await sim.control.requests()).filter((r) => pathRe.test(r.path));

  describe('an id is an id', function () {
    const cases = [
      ['entra-user', 'get', 'userId'],
      ['entra-user', 'delete', 'userId'],
      ['entra-group', 'get', 'groupId'],
      ['entra-group', 'listMembers', 'groupId'],
    ];
    for (const [type, operation, input] of cases) {
      it(`${type} ${operation} refuses ${input} delta, delta(), microsoft.graph.delta(), $count, $ref, $value with an input error and sends no request`, async function () {
        const n = await nodeFlow(sim, type, { operation, [input]: `payload`, [`${input}Type`]: 'msg' });
        await sim.control.clearRequests();
        for (const id of ['delta', 'delta()', 'microsoft.graph.delta()', 'microsoft.graph.user', '$count', '$ref', '$value', "x(id='1')"]) {
          const { kind, msg } = await n.run({ payload: id });
          kind.should.equal('error', id);
          msg.error.message.should.match(new RegExp(`${input}: .* is not a valid id`), id);
        }
        (await graphRequests(/^\/v1\.0\//)).should.have.length(0);
      });
    }

    it("still addresses an application by appId with Id type's (appId='…') key", async function () {
      const n = await nodeFlow(sim, 'entra-app', { operation: 'get', applicationObjectId: sim.clientId, idType: 'appId' });
      const { kind, msg } = await n.run({});
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.appId.should.equal(sim.clientId);
      const n2 = await (async () => {
        await helper.unload();
        return nodeFlow(sim, 'entra-app', { operation: 'get', applicationObjectId: 'delta()', idType: 'objectId' });
      })();
      (await n2.run({})).kind.should.equal('error');
    });
  });

  describe('bad answers are never persisted', function () {
    // The store the runtime uses (the helper's settings: no credentialSecret → the fixed key).
    const store = () => secureStore({ settings: helper._settings });
    const subscriptionKey = (id) => `entra-trigger:${id}:subscription`;
    const deltaKey = (id) => `entra-trigger:${id}:delta`;
    const future = () => new Date(Date.now() + 3600_000).toISOString();

    async function trigger(props, conn = {}) {
      const c = connection(sim, { id: 'trig-conn', ...conn });
      await loadNodes(
        [
          { id: 'f1', type: 'tab' },
          c.node,
          { id: 'trigger', z: 'f1', type: 'entra-trigger', connection: c.node.id, wires: [['out']], ...props },
          { id: 'out', z: 'f1', type: 'helper' },
        ],
        c.credentials,
      );
      const received = [];
      helper.getNode('out').on('input', (m) => received.push(m));
      return { node: helper.getNode('trigger'), received };
    }
    const subscriptionTrigger = () =>
      trigger({ resource: 'users', delivery: 'subscription', changeType: 'updated' }, { webhookBaseUrl: 'https://nodered.example.com' });
    const posts = async () => (await sim.control.requests()).filter((r) => r.method === 'POST' && r.path === '/v1.0/subscriptions');

    it('a subscription create answered 201 without an id is an error and is not saved; the next start creates one again', async function () {
      await sim.control.addFault({
        method: 'POST',
        path: '^/v1.0/subscriptions$',
        status: 201,
        count: 0,
        body: { resource: '/users', changeType: 'updated', expirationDateTime: future() },
      });
      const t = await subscriptionTrigger();
      const statuses = recordStatus(t.node);
      await until(
        () => logged('trigger', 20).some((m) => /subscription create with 201 but no valid id/.test(m)),
        8000,
        'the create error',
      );
      should(await store().get(subscriptionKey('trigger'))).be.undefined();
      await until(() => statuses.some((st) => st.fill === 'red'), 8000, 'a red status');
      statuses.some((st) => /subscribed until/.test(st.text || '')).should.be.false();
      // Redeploy: nothing was saved, so the node creates again instead of reusing a broken state.
      await helper.unload();
      await sim.control.clearRequests();
      await subscriptionTrigger();
      await until(async () => (await posts()).length >= 1, 8000, 'a new create');
      (await sim.control.requests()).filter((r) => /^\/v1\.0\/subscriptions\/./.test(r.path)).should.have.length(0);
    });

    it('a subscription create answered without a valid expirationDateTime is an error and is not saved', async function () {
      await sim.control.addFault({
        method: 'POST',
        path: '^/v1.0/subscriptions$',
        status: 201,
        count: 0,
        body: { id: 'a8f0e6a2-7d3e-4c54-8a55-1b1f6a0b9c11', resource: '/users', changeType: 'updated', expirationDateTime: 'next tuesday' },
      });
      await subscriptionTrigger();
      await until(() => logged('trigger', 20).some((m) => /no valid expirationDateTime/.test(m)), 8000, 'the create error');
      should(await store().get(subscriptionKey('trigger'))).be.undefined();
    });

    it('discards a saved subscription state without a valid id at start, with a warning, and subscribes again', async function () {
      const id = 'b1c2d3e4-0000-4000-8000-000000000001';
      await sim.control.addFault({
        method: 'POST',
        path: '^/v1.0/subscriptions$',
        status: 201,
        count: 0,
        body: { id, resource: '/users', changeType: 'updated', expirationDateTime: future() },
      });
      await subscriptionTrigger();
      const saved = await until(() => store().get(subscriptionKey('trigger')), 8000, 'a saved subscription');
      saved.id.should.equal(id);
      await helper.unload();
      // What an older version saved from a bad answer: the same settings, no id.
      await store().set(subscriptionKey('trigger'), { ...saved, id: undefined });
      await sim.control.clearRequests();
      await subscriptionTrigger();
      await until(
        () => logged('trigger', 30).some((m) => /discarded the saved subscription state \(no valid id\)/.test(m)),
        8000,
        'the warning',
      );
      await until(async () => (await posts()).length >= 1, 8000, 'a new create');
      (await until(() => store().get(subscriptionKey('trigger')))).id.should.equal(id);
    });

    it('discards a saved non-string deltaLink of the polling trigger at start, with a warning, and the sync starts over', async function () {
      await trigger({ resource: 'users', delivery: 'polling', pollIntervalSeconds: 0.1 });
      const saved = await until(() => store().get(deltaKey('trigger')), 8000, 'a saved deltaLink');
      saved.deltaLink.should.be.a.String();
      await helper.unload();
      await store().set(deltaKey('trigger'), { ...saved, deltaLink: { href: saved.deltaLink } });
      await sim.control.clearRequests();
      const t = await trigger({ resource: 'users', delivery: 'polling', pollIntervalSeconds: 0.1 });
      await until(
        () => logged('trigger', 30).some((m) => /discarded the saved users delta state \(the deltaLink is object, not a string\)/.test(m)),
        8000,
        'the warning',
      );
      // Started over from now, and saved a good deltaLink again; no error meanwhile.
      await until(
        async () => (await sim.control.requests()).some((r) => r.path === '/v1.0/users/delta' && r.query.$deltatoken === 'latest'),
        8000,
        'a fresh start',
      );
      (
        await until(async () => {
          const st = await store().get(deltaKey('trigger'));
          return st && typeof st.deltaLink === 'string' && st;
        })
      ).deltaLink.should.be.a.String();
      logged(t.node.id, 20).should.eql([]);
    });

    it('a delta answer whose deltaLink is not a string is an error and is not remembered', async function () {
      await sim.control.addFault({ method: 'GET', path: '^/v1.0/users/delta', status: 200, body: { value: [], '@odata.deltaLink': 42 } });
      const n = await nodeFlow(sim, 'entra-delta', { url: '/users/delta', rememberDeltaLink: true, rememberDeltaLinkType: 'bool' });
      const bad = await n.run({});
      bad.kind.should.equal('error');
      bad.msg.error.code.should.equal('InvalidResponse');
      bad.msg.error.message.should.match(/unusable @odata.deltaLink/);
      const good = await n.run({});
      good.kind.should.equal('output', JSON.stringify(good.msg.error));
      good.msg.deltaLink.should.be.a.String();
      should(good.msg.resync).be.undefined();
    });

    it('entra-delta discards a saved deltaLink that is not a string, with a warning, and starts over', async function () {
      const n = await nodeFlow(sim, 'entra-delta', { url: '/users/delta', rememberDeltaLink: true, rememberDeltaLinkType: 'bool' });
      await new Promise((resolve, reject) =>
        n.node
          .context()
          .set('entraDeltaLinks', { '/users/delta': { link: 42, inRound: false } }, undefined, (e) => (e ? reject(e) : resolve())),
      );
      const r = await n.run({});
      r.kind.should.equal('output', JSON.stringify(r.msg.error));
      r.msg.payload.length.should.equal(11);
      logged('node', 30)
        .some((m) => /discarded the saved delta state of \/users\/delta \(the deltaLink is number, not a link\)/.test(m))
        .should.be.true();
    });
  });

  describe('fetchResource cannot be driven by strangers', function () {
    const { resourcePath } = require('../../dist/nodes/entra-trigger/change-messages');
    const webhookNote = (resource) => ({ topic: 'updated', payload: { changeType: 'updated', resource } });

    it('refuses fetchResource without a clientState in webhook mode at deploy: node error, red status, no endpoint', async function () {
      const c = connection(sim, { id: 'wh-conn' });
      await loadNodes(
        [
          { id: 'f1', type: 'tab' },
          c.node,
          {
            id: 'trigger',
            z: 'f1',
            type: 'entra-trigger',
            connection: c.node.id,
            resource: 'webhook',
            fetchResource: true,
            path: '/wh-open',
            wires: [[]],
          },
        ],
        c.credentials,
      );
      logged('trigger', 20)
        .some((m) => /fetchResource needs a Client state in webhook mode/.test(m))
        .should.be.true();
      // Refused before anything else: no "listening on" status was set after the error.
      helper.getNode('trigger').should.be.ok();
    });

    it('decodes a notification resource before checking it: users/%2e%2e/%2e%2e/beta/organization is not fetched', function () {
      for (const r of [
        'users/%2e%2e/%2e%2e/beta/organization',
        'users/%252e%252e/%252e%252e/beta/organization',
        'users/..%2f..%2fbeta/organization',
        'users%5c..%5c..%5cbeta',
        'https%3a%2f%2fevil.example/x',
        'users/%zz',
      ]) {
        should(resourcePath(webhookNote(r))).equal(undefined, r);
      }
      resourcePath(webhookNote('Users/0a6f2c1e-4b8d-4e2a-9f3c-7d5e6b4a3c21')).should.equal('/Users/0a6f2c1e-4b8d-4e2a-9f3c-7d5e6b4a3c21');
    });

    it('bounds the fetch queue: past maxQueuedFetches notifications are answered 503 (Graph delivers them again), never acknowledged and dropped; one warning, a count when it drains', async function () {
      const { activity } = require('../../dist/lib/activity');
      const { httpNode } = await loadWebhookTrigger(sim, {
        path: '/wh-bounded',
        clientState: 'bounded-state',
        trigger: { fetchResource: true, maxQueuedFetches: 3 },
      });
      const received = [];
      helper.getNode('out').on('input', (m) => received.push(m));
      // Graph holds every GET of a user until the fault is removed: the queue cannot drain.
      const hold = await holdRequests(sim, { method: 'GET', path: '^/v1.0/[Uu]sers/', count: 0 });
      const post = (n, from) =>
        postNotifications(httpNode, '/wh-bounded', userNotifications(userIds(n, from), 'bounded-state', sim.tenantId));
      (await post(3, 0)).status.should.equal(202);
      await hold.reached(1, 'the first GET');
      // No room: refused, not acknowledged.
      for (const [n, from] of [
        [2, 3],
        [1, 5],
      ]) {
        const r = await post(n, from);
        r.status.should.equal(503);
        r.headers['retry-after'].should.equal('5');
      }
      const full = () => logged('trigger', 30).filter((m) => /fetch queue full \(3 waiting for fetchResource\): answering 503/.test(m));
      const drained = () =>
        logged('trigger', 30).filter((m) => /fetch queue drained: (\d+) notification message\(s\) were answered 503/.test(m));
      full().should.have.length(1);
      drained().should.have.length(0);
      activity.triggers.get('trigger').counts.should.match({ received: 3, dropped: 0, emitted: 0 });
      received.should.have.length(0);

      await hold.release();
      await until(() => received.length === 3 && drained().length === 1, 8000, 'queue drained');
      drained()[0].should.match(/drained: 3 notification/);
      // Graph's next delivery of the refused ones finds room.
      (await post(3, 3)).status.should.equal(202);
      await until(() => received.length === 6, 8000, 'the refused ones emitted');
      received.map((m) => m.payload.resourceData.id.slice(-2)).should.eql(['00', '01', '02', '03', '04', '05']);
      full().should.have.length(1);
      activity.triggers.get('trigger').counts.should.match({ received: 6, dropped: 0, emitted: 6 });
      // One POST larger than the limit is taken when the queue is empty (else it could never pass).
      (await post(5, 6)).status.should.equal(202);
      await until(() => received.length === 11, 8000, 'a large batch emitted');
    });

    it('emits after a full redeploy what it acknowledged before and had not sent (waiting for fetchResource): the node of the same id takes over', async function () {
      const { httpNode, flow, credentials } = await loadWebhookTrigger(sim, {
        path: '/wh-handover',
        clientState: 'handover-state',
        trigger: { fetchResource: true },
      });
      const before = [];
      helper.getNode('out').on('input', (m) => before.push(m));
      const ids = [...sim.state.users.keys()].slice(0, 3);
      // Graph holds every GET of a user: the notifications wait in the node's queue.
      const hold = await holdRequests(sim, { method: 'GET', path: '^/v1.0/[Uu]sers/', count: 0 });
      const r = await postNotifications(httpNode, '/wh-handover', userNotifications(ids, 'handover-state', sim.tenantId));
      r.status.should.equal(202);
      await hold.reached(1, 'the first GET');

      // A full redeploy of the same flows while they wait.
      await helper._redNodes.setFlows(flow, credentials, 'full');
      const after = [];
      await until(() => helper.getNode('out'), 5000, 'the new flows');
      helper.getNode('out').on('input', (m) => after.push(m));
      await hold.release();
      await until(() => after.length === 3, 8000, 'the acknowledged notifications emitted by the new node');
      before.should.have.length(0);
      after.map((m) => m.payload.resourceData.id).should.eql(ids);
      after.map((m) => m.resource && m.resource.id).should.eql(ids);
      logged('trigger', 40).should.containEql('emitting 3 notification message(s) acknowledged before the redeploy');
    });

    it('reads a trigger saved without maxQueuedFetches as 300 and refuses a limit that is not a whole number above 0', function () {
      const { readTriggerSettings } = require('../../dist/nodes/entra-trigger/trigger-settings');
      readTriggerSettings({ id: 't', resource: 'webhook' }).maxQueuedFetches.should.equal(300);
      readTriggerSettings({ id: 't', resource: 'webhook', maxQueuedFetches: '' }).maxQueuedFetches.should.equal(300);
      readTriggerSettings({ id: 't', resource: 'webhook', maxQueuedFetches: '25' }).maxQueuedFetches.should.equal(25);
      for (const bad of ['0', '-1', '2.5', 'many'])
        (() => readTriggerSettings({ id: 't', resource: 'webhook', maxQueuedFetches: bad })).should.throw(
          /maxQueuedFetches.*whole number above 0/,
        );
    });
  });
});
