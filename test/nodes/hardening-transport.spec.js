'use strict';
// Issue 11, no stalled connection and no silent success: a token request has a deadline, a
// 429/503 of the token endpoint is not sticky, throttling waits are bounded by the connection,
// a 2xx that is not what was asked for is an error, entra-raw's smaller holes, sockets capped
// (counted at the simulator: GET /_sim/connections).
require('should');
const { helper, useSimulator, loadNodes, connection, run, recordStatus } = require('../support/helper');

const TOKEN = '^/[^/]+/oauth2/v2.0/token';

/** Polls `check` (async) until it returns a truthy value; fails after `ms`. */
async function until(check, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('hardening: no stalled connection, no silent success', function () {
  this.timeout(30000);
  let sim;
  let server;
  useSimulator((s) => {
    sim = s;
  });
  afterEach(async () => {
    if (server) await server.close();
    server = undefined;
  });

  const tokenPosts = async () =>
    (await sim.control.requests()).filter((r) => r.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(r.path));
  const graphRequests = async (re) => (await sim.control.requests()).filter((r) => re.test(r.path));

  /** Nodes (id → props) on one connection, each wired to its own output and Catch helpers. */
  async function flow(conn, nodes, credentials) {
    const c = connection(sim, conn, credentials);
    const flowNodes = [{ id: 'f1', type: 'tab' }, c.node];
    for (const [id, props] of Object.entries(nodes)) {
      flowNodes.push(
        { id, z: 'f1', connection: c.node.id, wires: [[`${id}-out`]], ...props },
        { id: `${id}-out`, z: 'f1', type: 'helper' },
        { id: `${id}-catch`, z: 'f1', type: 'catch', scope: [id], wires: [[`${id}-caught`]] },
        { id: `${id}-caught`, z: 'f1', type: 'helper' },
      );
    }
    await loadNodes(flowNodes, c.credentials);
    const out = {};
    for (const id of Object.keys(nodes)) {
      const node = helper.getNode(id);
      out[id] = {
        node,
        send: (msg = {}, ms) => run(node, msg, { out: helper.getNode(`${id}-out`), catcher: helper.getNode(`${id}-caught`), ms }),
      };
    }
    return out;
  }

  const listUsers = { type: 'entra-user', operation: 'list', top: '1', topType: 'num' };

  describe('getting a token has a deadline', function () {
    it('fails the msgs of every node waiting for a token with TokenTimeout within the connection timeout when the token endpoint never answers, and the next msg asks again', async function () {
      const { id } = await sim.control.addFault({ method: 'POST', path: TOKEN, hang: true, count: 0 });
      // Two nodes on one connection: neither waits on the other's (or the deploy check's) request.
      const n = await flow({ timeoutSeconds: 0.5, maxRetries: 0 }, { a: listUsers, b: { ...listUsers, type: 'entra-group' } });
      const timedOut = (r, what) => {
        r.kind.should.equal('error', `${what}: ${JSON.stringify(r.msg.payload)}`);
        r.msg.error.code.should.equal('TokenTimeout', what);
        r.msg.error.message.should.match(/did not answer within 500 ms/);
        r.msg.error.message.should.match(/the next msg tries again/);
      };
      const hits = async () => (await sim.control.faults()).find((f) => f.id === id).hits;
      const asked = [];
      for (const round of [1, 2]) {
        const t0 = Date.now();
        const [a, b] = await Promise.all([n.a.send({}, 4000), n.b.send({}, 4000)]);
        timedOut(a, `entra-user, round ${round}`);
        timedOut(b, `entra-group, round ${round}`);
        // About the timeout, not a stall (the first round may join the deploy check's request).
        (Date.now() - t0).should.be.below(2000);
        asked.push(await hits());
      }
      // The second round did not wait on the first round's request: it asked the endpoint again.
      asked[1].should.be.above(asked[0]);
      // The endpoint answers again: the next msg of each node gets a token and its answer.
      await sim.control.removeFault(id);
      const [a, b] = await Promise.all([n.a.send(), n.b.send()]);
      a.kind.should.equal('output', JSON.stringify(a.msg.error));
      b.kind.should.equal('output', JSON.stringify(b.msg.error));
      a.msg.payload.should.have.length(1);
    });
  });

  describe('a 429/503 of the token endpoint is not sticky', function () {
    it("honours the token endpoint's Retry-After: 3600 only up to maxRetryWaitSeconds, says when the next try is, then asks again", async function () {
      await sim.control.addFault({ method: 'POST', path: TOKEN, status: 429, retryAfter: '3600', count: 1 });
      const n = await flow({ maxRetryWaitSeconds: 1, maxRetries: 0 }, { a: listUsers });
      // The deploy-time token request got the 429.
      await until(async () => (await tokenPosts()).some((r) => r.status === 429), 5000, 'the 429');
      const throttledAt = Date.now();
      const first = await n.a.send();
      first.kind.should.equal('error');
      first.msg.error.message.should.match(/next try in 1 s/);
      (await tokenPosts()).should.have.length(1);
      // Later msgs succeed once the capped wait is over, with one new token request.
      const ok = await until(
        async () => {
          const r = await n.a.send();
          if (r.kind === 'error') r.msg.error.message.should.match(/next try in 1 s/);
          return r.kind === 'output' && r;
        },
        6000,
        'a msg to succeed',
      );
      ok.msg.payload.should.have.length(1);
      (Date.now() - throttledAt).should.be.below(4000);
      const posts = await tokenPosts();
      posts.should.have.length(2);
      posts[1].status.should.equal(200);
    });

    it('does not hold token requests after a 503 without Retry-After: the next msg asks the endpoint again', async function () {
      await sim.control.addFault({ method: 'POST', path: TOKEN, status: 503, count: 1 });
      const n = await flow({ maxRetries: 0 }, { a: listUsers });
      await until(async () => (await tokenPosts()).some((r) => r.status === 503), 5000, 'the 503');
      const r = await n.a.send();
      r.kind.should.equal('output', JSON.stringify(r.msg.error));
      (await tokenPosts()).map((p) => p.status).should.eql([503, 200]);
    });
  });

  describe('throttling waits are bounded by the connection', function () {
    it('waits at most maxRetryWaitSeconds for a Graph 429 Retry-After: 3600, and the status says "throttled, retry in 1 s"', async function () {
      await sim.control.addFault({ method: 'GET', path: '^/v1.0/users$', status: 429, retryAfter: '3600', count: 1 });
      const n = await flow({ maxRetryWaitSeconds: 1, maxRetries: 2 }, { a: listUsers });
      const statuses = recordStatus(n.a.node);
      const t0 = Date.now();
      const r = await n.a.send({}, 8000);
      r.kind.should.equal('output', JSON.stringify(r.msg.error));
      (Date.now() - t0).should.be.below(5000);
      statuses.map((s) => s.text).should.containEql('requesting · throttled, retry in 1 s');
      (await graphRequests(/^\/v1\.0\/users$/)).map((q) => q.status).should.eql([429, 200]);
    });

    it('keeps the whole retry sequence within the timeout: a Retry-After that would pass it fails at once, saying why', async function () {
      await sim.control.addFault({ method: 'GET', path: '^/v1.0/users$', status: 429, retryAfter: '3', count: 0 });
      const n = await flow({ maxRetryWaitSeconds: 5, maxRetries: 3, timeoutSeconds: 2 }, { a: listUsers });
      const t0 = Date.now();
      const r = await n.a.send();
      r.kind.should.equal('error');
      r.msg.error.message.should.match(/no retry: waiting 3 s would pass the timeout of 2 s/);
      (Date.now() - t0).should.be.below(1500);
      (await graphRequests(/^\/v1\.0\/users$/)).should.have.length(1);
    });
  });

  describe('requests per connection are capped', function () {
    it("queues a burst of 200 concurrent gets of one entra-user node on the connection's maxConcurrentRequests (4) keep-alive sockets, and answers them all", async function () {
      const N = 200;
      const cap = 4;
      // Each get takes a little while, so that the burst would open a socket per msg if nothing capped it.
      await sim.control.addFault({ method: 'GET', path: '^/v1.0/users/[^/]+$', latencyMs: 15, count: 0 });
      const n = await flow(
        { maxConcurrentRequests: cap },
        { a: { type: 'entra-user', operation: 'get', userId: 'payload', userIdType: 'msg', select: 'id', selectType: 'str' } },
      );
      const ids = [...sim.state.users.keys()];
      ids.length.should.be.aboveOrEqual(10);
      await sim.control.clearConnections();
      const out = helper.getNode('a-out');
      const caught = helper.getNode('a-caught');
      const answers = [];
      const errors = [];
      out.on('input', (msg) => answers.push(msg));
      caught.on('input', (msg) => errors.push(msg.error));
      for (let i = 0; i < N; i++) n.a.node.receive({ payload: ids[i % ids.length], i });
      await until(() => answers.length + errors.length >= N, 20000, `${N} answers`);
      errors.should.eql([]);
      answers.should.have.length(N);
      new Set(answers.map((m) => m.i)).size.should.equal(N);
      for (const m of answers) m.payload.id.should.equal(ids[m.i % ids.length]);
      const c = await sim.control.connections();
      // At most `cap` sockets carried the 200 gets, and never more than `cap` at once.
      c.graphSockets.should.be.within(1, cap);
      c.graphInFlightMax.should.be.within(2, cap);
      (await graphRequests(/^\/v1\.0\/users\/[^/]+$/)).should.have.length(N);
    });
  });

  describe('a 2xx that is not what was asked for is an error', function () {
    const cutOff = '{"value":[{"id":"1"},{"id":"2"}';

    it('reports a cut-off JSON page as InvalidResponse with the status and the first bytes, not as an empty list', async function () {
      await sim.control.addFault({
        method: 'GET',
        path: '^/v1.0/users$',
        status: 200,
        body: cutOff,
        headers: { 'content-type': 'application/json' },
      });
      const n = await flow({}, { a: listUsers });
      const r = await n.a.send();
      r.kind.should.equal('error');
      r.msg.error.code.should.equal('InvalidResponse');
      r.msg.error.message.should.match(/HTTP 200/);
      r.msg.error.message.should.containEql('{\\"value\\":[{\\"id\\":\\"1\\"}');
    });

    it('reports a cut-off later page of getAll as InvalidResponse (array and per-page output)', async function () {
      await sim.control.setConfig({ collectionPageSizeLimit: 3 });
      for (const pageOutput of ['array', 'perPage']) {
        await sim.control.addFault({
          method: 'GET',
          path: '^/v1.0/users$',
          query: 'skiptoken',
          status: 200,
          body: cutOff,
          headers: { 'content-type': 'application/json' },
        });
        const n = await flow({}, { a: { type: 'entra-user', operation: 'list', getAll: 'true', getAllType: 'bool', pageOutput } });
        const caught = helper.getNode('a-caught');
        const error = new Promise((resolve) => caught.once('input', resolve));
        n.a.node.receive({});
        const msg = await error;
        msg.error.code.should.equal('InvalidResponse', pageOutput);
        await helper.unload();
      }
    });

    it("reports an HTML page answered to entra-raw's JSON request as InvalidResponse", async function () {
      await sim.control.addFault({
        method: 'GET',
        path: '^/v1.0/organization',
        status: 200,
        body: '<!DOCTYPE html><html><body>Sign in to the proxy</body></html>',
        headers: { 'content-type': 'text/html' },
      });
      const n = await flow({}, { a: { type: 'entra-raw', url: '/organization', maxRetryCount: '0', maxRetryCountType: 'num' } });
      const r = await n.a.send();
      r.kind.should.equal('error');
      r.msg.error.code.should.equal('InvalidResponse');
      r.msg.error.message.should.match(/HTML page/);
      r.msg.error.message.should.match(/Sign in to the proxy/);
    });

    it("reports a 201 Created without the new object's id as InvalidResponse", async function () {
      await sim.control.addFault({ method: 'POST', path: '^/v1.0/groups$', status: 201, body: { displayName: 'Ops' } });
      const n = await flow(
        {},
        {
          a: {
            type: 'entra-group',
            operation: 'create',
            displayName: 'Ops',
            mailNickname: 'ops',
            mailEnabled: 'false',
            mailEnabledType: 'bool',
          },
        },
      );
      const r = await n.a.send();
      r.kind.should.equal('error');
      r.msg.error.code.should.equal('InvalidResponse');
      r.msg.error.message.should.match(/201 Created without the id/);
    });
  });

  describe('entra-raw and the runner refuse what cannot be sent', function () {
    it("clamps entra-raw's timeout: 1e12 ms does not time out at once", async function () {
      const n = await flow(
        {},
        {
          a: { type: 'entra-raw', url: '/organization', timeout: '1e12', timeoutType: 'num', maxRetryCount: '0', maxRetryCountType: 'num' },
        },
      );
      const r = await n.a.send();
      r.kind.should.equal('output', JSON.stringify(r.msg.error));
    });

    it('refuses a bad header name as an input error, with no request and no retry', async function () {
      const n = await flow(
        {},
        {
          a: {
            type: 'entra-raw',
            url: '/organization',
            headers: '{"Bad Header":"x"}',
            headersType: 'json',
            maxRetryCount: '3',
            maxRetryCountType: 'num',
          },
        },
      );
      const r = await n.a.send();
      r.kind.should.equal('error');
      r.msg.error.code.should.equal('InvalidInput');
      r.msg.error.message.should.match(/not a valid header name/);
      (await graphRequests(/^\/v1\.0\/organization/)).should.have.length(0);
    });

    it('refuses operation "constructor" (or any name the table does not own) from msg.operation as an input error', async function () {
      const n = await flow({}, { a: { type: 'entra-user', operation: 'msg' } });
      for (const operation of ['constructor', 'toString', '__proto__']) {
        const r = await n.a.send({ operation });
        r.kind.should.equal('error');
        r.msg.error.code.should.equal('InvalidInput');
        r.msg.error.message.should.match(/^operation: must be one of/);
      }
    });

    it("fails a response larger than the connection's maxResponseMB instead of reading it all", async function () {
      const n = await flow({ maxResponseMB: 0.001 }, { a: { type: 'entra-user', operation: 'list' } });
      const r = await n.a.send();
      r.kind.should.equal('error');
      r.msg.error.code.should.equal('ResponseTooLarge');
      r.msg.error.message.should.match(/larger than the connection's limit/);
    });
  });
});
