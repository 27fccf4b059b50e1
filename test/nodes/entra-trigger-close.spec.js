'use strict';
// The trigger's close does not wait on its own Graph requests: a subscription create or renewal,
// or a delta poll, waiting out a 429's Retry-After ends when the flows are redeployed or stopped,
// nothing more is sent after the close, and the node shows no error and writes no warning for it.
// The delete of a removed trigger's subscription is still sent, bounded by the close's grace
// (nodeCloseTimeout − 2 s, at most 10 s): a 429 with a long Retry-After ends it.
require('should');
const { until: untilHolds, wait } = require('../support/until');
const { helper, useSimulator, connection, loadNodes, nodeSettings } = require('../support/helper');

describe('entra-trigger: the close does not wait on its own Graph requests', function () {
  this.timeout(30000);
  let sim;

  useSimulator((s) => {
    sim = s;
  });

  /** `check` every 20 ms until it holds (at most `ms`). */
  const until = (check, what, ms = 8000) => untilHolds(check, ms, what, 20);
  const graphRequests = async () => (await sim.control.requests()).filter((r) => r.path.startsWith('/v1.0/'));

  /**
   * A trigger on a connection that would wait out a 60 s Retry-After (timeout 120 s); what it
   * shows (status, warnings, errors) is recorded with the time of the close.
   */
  async function trigger(props) {
    const c = connection(sim, { id: 'close-conn', timeoutSeconds: 120, maxRetries: 3, webhookBaseUrl: 'https://nodered.example.com' });
    const flow = [
      { id: 'f1', type: 'tab' },
      c.node,
      { id: 'trigger', z: 'f1', type: 'entra-trigger', connection: c.node.id, wires: [['out']], ...props },
      { id: 'out', z: 'f1', type: 'helper' },
    ];
    await loadNodes(flow, c.credentials);
    const node = helper.getNode('trigger');
    const shown = [];
    const record = (kind) => {
      const orig = node[kind].bind(node);
      node[kind] = (x, ...rest) => {
        shown.push({ kind, value: x, at: Date.now() });
        return orig(x, ...rest);
      };
    };
    record('status');
    record('warn');
    record('error');
    return { node, shown, flow, credentials: c.credentials, pacer: helper.getNode('close-conn').client.pacer };
  }

  /** The trigger's connection holds its requests: a 429's Retry-After is being waited out. */
  const throttled = (pacer) => () => pacer.state().state === 'throttled';

  /** Closes every node as a stop or full redeploy does; resolves with how long it took and when it ended. */
  async function closeAll() {
    const start = Date.now();
    await helper.unload();
    return { took: Date.now() - start, at: Date.now() };
  }

  /** What the node showed after `at`: nothing but a cleared status would be fine. */
  const after = (shown, at) => shown.filter((s) => s.at >= at && !(s.kind === 'status' && (!s.value || !s.value.text)));

  /**
   * Closes the flows while `t`'s `method` request waits out its Retry-After: the close takes under
   * 3 s, no request goes out after it, that request was answered only the one 429, and the node
   * shows nothing after the close.
   */
  async function closesAtOnce(t, method) {
    const sent = (await graphRequests()).length;
    const closing = Date.now();
    const { took } = await closeAll();
    took.should.be.below(3000);
    await wait(1000);
    (await graphRequests()).length.should.equal(sent, 'no request after the close');
    (await graphRequests())
      .filter((r) => r.method === method)
      .map((r) => r.status)
      .should.eql([429]);
    after(t.shown, closing).should.eql([]);
  }

  it('a subscription create waiting out Retry-After: 60 ends at the close, at once; nothing is sent after it', async function () {
    await sim.control.addFault({ method: 'POST', path: '^/v1.0/subscriptions$', status: 429, retryAfter: '60', count: 0 });
    const t = await trigger({ resource: 'users', delivery: 'subscription', changeType: 'updated' });
    await until(throttled(t.pacer), 'the create to wait out its Retry-After');
    await closesAtOnce(t, 'POST');
  });

  it('a renewal waiting out Retry-After: 60 ends at the close, at once, with no error status or warning', async function () {
    // The create is answered as Graph would (the simulator cannot reach this Node-RED to validate),
    // expiring 54 min + 1.5 s from now: with a 60 min lifetime the renewal is due in 1.5 s.
    await sim.control.addFault({
      method: 'POST',
      path: '^/v1.0/subscriptions$',
      status: 201,
      body: {
        id: '7f1d2c3b-0000-4000-8000-000000000001',
        resource: '/users',
        changeType: 'updated',
        expirationDateTime: new Date(Date.now() + 54 * 60_000 + 1500).toISOString(),
      },
    });
    const renewal = await sim.control.addFault({ method: 'PATCH', path: '^/v1.0/subscriptions/', status: 429, retryAfter: '60', count: 0 });
    const t = await trigger({ resource: 'users', delivery: 'subscription', changeType: 'updated', expirationDateTime: '60' });
    await until(() => t.shown.some((s) => s.kind === 'status' && /subscribed until/.test(s.value.text)), 'the subscription');
    await until(async () => (await sim.control.faults()).some((f) => f.id === renewal.id && f.hits === 1), 'the renewal', 5000);
    await until(throttled(t.pacer), 'the renewal to wait out its Retry-After');
    await closesAtOnce(t, 'PATCH');
  });

  it("removing the trigger while its renewal waits out Retry-After: the subscription's delete is still sent once, and a 429 on it does not hold the close", async function () {
    // nodeCloseTimeout 3 s: the close's grace is 1.5 s.
    nodeSettings({ nodeCloseTimeout: 3000 });
    try {
      await sim.control.addFault({
        method: 'POST',
        path: '^/v1.0/subscriptions$',
        status: 201,
        body: {
          id: '7f1d2c3b-0000-4000-8000-000000000002',
          resource: '/users',
          changeType: 'updated',
          expirationDateTime: new Date(Date.now() + 54 * 60_000 + 1500).toISOString(),
        },
      });
      // A 503 with Retry-After: 60 (a 429 would hold every request of the connection, the delete too).
      const renewal = await sim.control.addFault({
        method: 'PATCH',
        path: '^/v1.0/subscriptions/',
        status: 503,
        retryAfter: '60',
        count: 0,
      });
      await sim.control.addFault({ method: 'DELETE', path: '^/v1.0/subscriptions/', status: 429, retryAfter: '60', count: 0 });
      const t = await trigger({ resource: 'users', delivery: 'subscription', changeType: 'updated', expirationDateTime: '60' });
      await until(async () => (await sim.control.faults()).some((f) => f.id === renewal.id && f.hits === 1), 'the renewal', 5000);
      await wait(200);
      const logged = [];
      const log = t.node.log.bind(t.node);
      t.node.log = (line) => {
        logged.push(String(line));
        log(line);
      };
      // A redeploy of the flows without the trigger: its close is told it was removed.
      const remaining = t.flow.filter((n) => n.id !== 'trigger' && n.id !== 'out');
      const start = Date.now();
      await helper.setFlows(remaining, 'nodes', t.credentials);
      const took = Date.now() - start;
      // Within the grace (1.5 s), not Node-RED's close timeout (3 s).
      took.should.be.below(2500);
      await wait(1000);
      const requests = await graphRequests();
      requests
        .filter((r) => r.method === 'PATCH')
        .map((r) => r.status)
        .should.eql([503]);
      requests
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.status)
        .should.eql([429]);
      requests.filter((r) => r.method === 'DELETE')[0].path.should.equal('/v1.0/subscriptions/7f1d2c3b-0000-4000-8000-000000000002');
      logged.some((l) => /could not delete subscription 7f1d2c3b-0000-4000-8000-000000000002/.test(l)).should.be.true();
      after(t.shown, start).should.eql([]);
    } finally {
      nodeSettings();
    }
  });

  it('a delta poll waiting out Retry-After: 60 ends at the close, at once; nothing is sent after it', async function () {
    await sim.control.addFault({ method: 'GET', path: '^/v1.0/users/delta', status: 429, retryAfter: '60', count: 0 });
    const t = await trigger({ resource: 'users', delivery: 'polling', pollIntervalSeconds: 0.15 });
    await until(throttled(t.pacer), 'the poll to wait out its Retry-After');
    const sent = (await graphRequests()).length;
    const closing = Date.now();
    const { took } = await closeAll();
    took.should.be.below(3000);
    await wait(1000);
    (await graphRequests()).length.should.equal(sent, 'no request after the close');
    after(t.shown, closing).should.eql([]);
  });
});
