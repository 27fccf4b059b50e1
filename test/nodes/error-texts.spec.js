'use strict';
// Issue 18 item 6, "Errors that say what to do": the same Graph answer gives the same node status
// in every node that can get it, msg.error.message (as a Catch node receives it) starts with the
// short reason and never with an error class name ("GraphError: ", "InputError: "), and an input
// read from an environment variable that is not set names the variable.
const should = require('should');
const fs = require('fs');
const path = require('path');
const { helper, useSimulator, loadNodes, connection, run, recordStatus } = require('../support/helper');
const { SHARED_MESSAGES } = require('../../dist/lib/messages');
const { fill } = require('../../dist/lib/i18n');

/** The README's error table (generated from the catalogue): rows of [status, message] as patterns, <x> any value. */
const README_ROWS = (() => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('<!-- generated:errors'), readme.indexOf('<!-- /generated:errors -->'));
  const asPattern = (cell) => {
    // A cell's first `quote`, where <x> stands for any value; a cell without one, its words.
    const text = (/^`(.*?)`/.exec(cell.trim()) || [])[1];
    if (text === undefined) return new RegExp(`^${cell.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return new RegExp(
      `^${text
        .split(/<[^>]+>/)
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+')}$`,
      's',
    );
  };
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| what happened'))
    .map((l) => l.split(' | '))
    .map((cells) => ({ status: asPattern(cells[1]), statusCell: cells[1], message: asPattern(cells[2].replace(/ \|$/, '')) }));
})();

/** The README row that documents what a node showed (status text and msg.error.message), if any. */
function documentedRow(statusText, message) {
  return README_ROWS.find((r) => r.status.test(statusText) && r.message.test(message));
}

const UNKNOWN = '00000000-0000-4000-8000-00000000dead';
const STATUS = SHARED_MESSAGES.status.graph;
const REASON = SHARED_MESSAGES.errors.graph;
const CLASS_PREFIX = /^(GraphError|InputError|NetworkError|SignInError|SecurityError|Error|TypeError): /;

/**
 * A "get one object" in every node that can make it: `props` the node's settings, `permission` the
 * application permission its operation names in a 403 (null: the node's table names none).
 */
const GETS = [
  { type: 'entra-user', props: { operation: 'get', userId: UNKNOWN }, permission: 'User.Read.All' },
  { type: 'entra-group', props: { operation: 'get', groupId: UNKNOWN }, permission: 'Group.Read.All' },
  { type: 'entra-app', props: { operation: 'get', applicationObjectId: UNKNOWN }, permission: 'Application.Read.All' },
  { type: 'entra-subscription', props: { operation: 'get', subscriptionId: UNKNOWN }, permission: null },
  { type: 'entra-raw', props: { method: 'GET', url: `/users/${UNKNOWN}` }, permission: null },
  { type: 'entra-delta', props: { url: '/users/delta' }, permission: null, noUnknownId: true },
];

describe('error texts: the same Graph answer reads the same in every node', function () {
  this.timeout(30000);
  let sim;
  useSimulator((s) => {
    sim = s;
  });

  /** Deploys one node of `c.type` with a Catch node, sends one msg: → { kind, msg, status }. */
  async function once(c, { conn = {}, creds = {} } = {}) {
    const cn = connection(sim, { maxRetries: 0, ...conn }, creds);
    await loadNodes(
      [
        { id: 'f1', type: 'tab' },
        cn.node,
        { id: 'node', z: 'f1', type: c.type, connection: cn.node.id, wires: [['out']], ...c.props },
        { id: 'out', z: 'f1', type: 'helper' },
        { id: 'catch', z: 'f1', type: 'catch', scope: ['node'], wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper' },
      ],
      cn.credentials,
    );
    const node = helper.getNode('node');
    const statuses = recordStatus(node);
    const result = await run(node, { payload: 'go' }, { out: helper.getNode('out'), catcher: helper.getNode('caught') });
    await helper.unload();
    const last = statuses[statuses.length - 1];
    return { ...result, status: last };
  }

  /** Every case once: → [{ type, kind, status, message, code, statusCode }]. */
  async function everyNode(cases, options) {
    const seen = [];
    for (const c of cases) {
      const { kind, msg, status } = await once(c, options);
      seen.push({
        type: c.type,
        permission: c.permission,
        kind,
        status,
        message: msg.error && msg.error.message,
        code: msg.error && msg.error.code,
        statusCode: msg.statusCode,
      });
    }
    return seen;
  }

  function expectSame(seen, { status, reason, statusCode }) {
    const shown = JSON.stringify(seen, null, 1);
    for (const s of seen) {
      s.kind.should.equal('error', `${s.type} did not fail: ${shown}`);
      should(s.statusCode).equal(statusCode, shown);
      s.status.should.eql({ fill: 'red', shape: 'ring', text: typeof status === 'function' ? status(s) : status }, `${s.type}: ${shown}`);
      s.message.should.not.match(CLASS_PREFIX, shown);
      s.message.startsWith(typeof reason === 'function' ? reason(s) : reason).should.be.true(`${s.type}: ${s.message}`);
      // The README's error table shows exactly this.
      should.exist(documentedRow(s.status.text, s.message), `no row of the README's error table shows ${s.status.text} / ${s.message}`);
    }
  }

  it("an unknown id: '404 not found' and 'Not found: …' in every node (the simulator's own 404s)", async function () {
    const seen = await everyNode(GETS.filter((c) => !c.noUnknownId));
    expectSame(seen, { status: STATUS.notFound, reason: `${REASON.notFound}: `, statusCode: 404 });
  });

  it("the same 404 body through every node, entra-delta too (Graph's code does not change the status)", async function () {
    for (const code of ['Request_ResourceNotFound', 'ResourceNotFound', 'itemNotFound']) {
      await sim.control.addFault({
        path: '^/v1.0/(users|groups|applications|subscriptions)',
        status: 404,
        count: 0,
        body: { error: { code, message: `Resource '${UNKNOWN}' does not exist.` } },
      });
      const seen = await everyNode(GETS);
      await sim.control.clearFaults();
      expectSame(seen, { status: STATUS.notFound, reason: `${REASON.notFound}: `, statusCode: 404 });
      seen.forEach((s) => {
        s.code.should.equal(code);
        s.message.should.endWith(`: Resource '${UNKNOWN}' does not exist.`);
      });
    }
  });

  it('403: an app without permissions — every node names the permission its operation needs, or says insufficient privileges', async function () {
    const app = await sim.control.registerApp({ roles: [] });
    const seen = await everyNode(GETS, { creds: { clientId: app.clientId, clientSecret: app.clientSecret } });
    expectSame(seen, {
      statusCode: 403,
      status: (s) => (s.permission ? fill(STATUS.needs, { permission: s.permission }) : STATUS.insufficient),
      reason: (s) => (s.permission ? fill(REASON.needs, { permission: s.permission }) : REASON.insufficient),
    });
    seen.forEach((s) => s.code.should.equal('Authorization_RequestDenied'));
  });

  for (const [status, key, body] of [
    [429, 'throttled', undefined],
    [503, 'unavailable', undefined],
    [400, 'invalidId', { error: { code: 'Request_BadRequest', message: `Invalid object identifier 'x'.` } }],
    [400, 'badRequest', { error: { code: 'Request_BadRequest', message: 'Something else is wrong.' } }],
    [401, 'unauthenticated', { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } }],
  ]) {
    it(`${status} ${key}: '${STATUS[key]}' and '${REASON[key]}: …' in every node`, async function () {
      await sim.control.addFault({ path: '^/v1.0/(users|groups|applications|subscriptions)', status, retryAfter: '0', body, count: 0 });
      const seen = await everyNode(GETS);
      expectSame(seen, { status: STATUS[key], reason: `${REASON[key]}: `, statusCode: status });
    });
  }

  it("an answer no rule knows (500 generalException): '500 generalException' and Graph's message alone in every node", async function () {
    await sim.control.addFault({
      path: '^/v1.0/(users|groups|applications|subscriptions)',
      status: 500,
      count: 0,
      body: { error: { code: 'generalException', message: 'An unexpected error occurred.' } },
    });
    const seen = await everyNode(GETS);
    expectSame(seen, { status: '500 generalException', reason: 'An unexpected error occurred.', statusCode: 500 });
  });

  it('no answer (connection reset): the code as status and "Network error talking to …" in every node', async function () {
    await sim.control.addFault({ path: '^/v1.0/(users|groups|applications|subscriptions)', reset: true, count: 0 });
    const seen = await everyNode(GETS);
    const shown = JSON.stringify(seen, null, 1);
    for (const s of seen) {
      s.kind.should.equal('error', shown);
      s.status.should.eql({ fill: 'red', shape: 'ring', text: 'ECONNRESET' }, shown);
      s.message.should.match(/^Network error talking to \S+: connection reset \(ECONNRESET\)$/, shown);
      should.exist(documentedRow(s.status.text, s.message), `no row of the README's error table shows ${s.status.text} / ${s.message}`);
    }
  });

  it('a wrong client secret: "sign-in failed: AADSTS7000215" and what to do, in every node', async function () {
    const seen = await everyNode(GETS, { creds: { clientSecret: 'wrong' } });
    const shown = JSON.stringify(seen, null, 1);
    for (const s of seen) {
      s.kind.should.equal('error', shown);
      s.status.should.eql(
        { fill: 'red', shape: 'ring', text: fill(SHARED_MESSAGES.status.signInFailed, { code: 'AADSTS7000215' }) },
        shown,
      );
      s.message.should.startWith(
        `${fill(SHARED_MESSAGES.errors.signIn.failed, { code: 'invalid_client', reason: 'AADSTS7000215' })}`,
        shown,
      );
      s.message.should.endWith(` — ${SHARED_MESSAGES.errors.signIn.hints.AADSTS7000215}`, shown);
      should.exist(documentedRow(s.status.text, s.message), `no row of the README's error table shows ${s.status.text} / ${s.message}`);
    }
  });

  describe('entra-trigger (its requests fail as the other nodes say it)', function () {
    /** A polling trigger on `resource`: → the first red status and the error it logs. */
    async function pollingFailure(resource, creds = {}) {
      const cn = connection(sim, { maxRetries: 0 }, creds);
      await loadNodes(
        [
          { id: 'f1', type: 'tab' },
          cn.node,
          {
            id: 'trigger',
            z: 'f1',
            type: 'entra-trigger',
            connection: cn.node.id,
            resource,
            delivery: 'polling',
            pollIntervalSeconds: 60,
            wires: [[]],
          },
        ],
        cn.credentials,
      );
      const node = helper.getNode('trigger');
      const end = Date.now() + 8000;
      for (;;) {
        const red = node.status.getCalls().find((c) => c.thisValue === node && c.args[0] && c.args[0].fill === 'red');
        const logged = node.error.getCalls().find((c) => c.thisValue === node);
        if (red && logged) return { status: red.args[0], message: String(logged.args[0]) };
        if (Date.now() > end) throw new Error('the trigger showed no red status and logged no error');
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    it('403 without permissions: the status and the error name the permission of the resource', async function () {
      const app = await sim.control.registerApp({ roles: [] });
      for (const [resource, permission] of [
        ['users', 'User.Read.All'],
        ['groups', 'Group.Read.All'],
      ]) {
        const { status, message } = await pollingFailure(resource, { clientId: app.clientId, clientSecret: app.clientSecret });
        await helper.unload();
        status.should.eql({ fill: 'red', shape: 'ring', text: fill(STATUS.needs, { permission }) });
        message.should.startWith(`${fill(REASON.needs, { permission })}: `);
        should.exist(documentedRow(status.text, message));
      }
    });

    it("429 exhausted: '429 throttled' and the same reason as the other nodes", async function () {
      await sim.control.addFault({ path: '^/v1.0/users/delta', status: 429, retryAfter: '0', count: 0 });
      const { status, message } = await pollingFailure('users');
      status.should.eql({ fill: 'red', shape: 'ring', text: STATUS.throttled });
      message.should.startWith(`${REASON.throttled}: `);
      should.exist(documentedRow(status.text, message));
    });
  });

  describe('an input read from an environment variable', function () {
    // The required id of every node that uses the runner (entra-delta has no required input: its
    // url has a default). Sent nothing, named the variable.
    const REQUIRED = [
      { type: 'entra-user', props: { operation: 'get' }, input: 'userId' },
      { type: 'entra-group', props: { operation: 'get' }, input: 'groupId' },
      { type: 'entra-app', props: { operation: 'get' }, input: 'applicationObjectId' },
      { type: 'entra-subscription', props: { operation: 'get' }, input: 'subscriptionId' },
      { type: 'entra-raw', props: { method: 'GET' }, input: 'url' },
    ];
    const VAR = 'ENTRA_TEST_UNSET_ID';
    afterEach(() => delete process.env[VAR]);

    async function refused(c, value) {
      await sim.control.clearRequests();
      const { kind, msg, status } = await once({ type: c.type, props: { ...c.props, [c.input]: value, [`${c.input}Type`]: 'env' } });
      kind.should.equal('error');
      (await sim.control.requests()).filter((r) => r.path.startsWith('/v1.0/')).should.have.length(0);
      // The status is the message itself (up to 40 characters), as the README's error table says.
      const message = msg.error.message;
      status.should.eql({ fill: 'red', shape: 'ring', text: message.length > 40 ? `${message.slice(0, 39)}…` : message });
      should.exist(documentedRow('the message (40 characters at most)', message), `no row of the README's error table shows ${message}`);
      return message;
    }

    for (const c of REQUIRED) {
      it(`${c.type}: a variable that is not set is named, and nothing is sent`, async function () {
        delete process.env[VAR];
        const expected = `${c.input}: ${fill(SHARED_MESSAGES.errors.envUnset, { names: VAR })}`;
        (await refused(c, VAR)).should.equal(expected);
        // ${NAME} as the typedInput also accepts it.
        (await refused(c, `\${${VAR}}`)).should.equal(expected);
      });
    }

    it('a variable that is set but empty is named too', async function () {
      process.env[VAR] = '';
      (await refused(REQUIRED[0], VAR)).should.equal(`userId: ${fill(SHARED_MESSAGES.errors.envEmpty, { names: VAR })}`);
    });

    /** Deploys one node and sends two msgs: → { results, warnings, requests }. */
    async function twice(type, props) {
      const cn = connection(sim, { maxRetries: 0 });
      await loadNodes(
        [
          { id: 'f1', type: 'tab' },
          cn.node,
          { id: 'node', z: 'f1', type, connection: cn.node.id, wires: [['out']], ...props },
          { id: 'out', z: 'f1', type: 'helper' },
          { id: 'catch', z: 'f1', type: 'catch', scope: ['node'], wires: [['caught']] },
          { id: 'caught', z: 'f1', type: 'helper' },
        ],
        cn.credentials,
      );
      await sim.control.clearRequests();
      const node = helper.getNode('node');
      const results = [];
      for (let i = 0; i < 2; i++) results.push(await run(node, {}, { out: helper.getNode('out'), catcher: helper.getNode('caught') }));
      const warnings = node.warn
        .getCalls()
        .filter((c) => c.thisValue === node)
        .map((c) => String(c.args[0]));
      const requests = (await sim.control.requests()).filter((r) => r.path.startsWith('/v1.0/'));
      return { results, warnings, requests };
    }

    it('entra-delta: a url variable that is not set gives the default, with one warning naming it', async function () {
      delete process.env[VAR];
      const { results, warnings, requests } = await twice('entra-delta', { url: VAR, urlType: 'env' });
      results.map((r) => r.kind).should.eql(['output', 'output']);
      requests.map((r) => r.path).should.eql(['/v1.0/users/delta', '/v1.0/users/delta']);
      warnings.should.eql([`url: ${fill(SHARED_MESSAGES.errors.envUnsetDefault, { names: VAR, value: '"/users/delta"' })}`]);
    });

    it('an optional input whose variable is not set is left out, with one warning naming it; set empty, no warning', async function () {
      delete process.env[VAR];
      const props = { operation: 'get', userId: 'AdeleV@contoso.onmicrosoft.com', select: VAR, selectType: 'env' };
      const first = await twice('entra-user', props);
      first.results.map((r) => r.kind).should.eql(['output', 'output']);
      first.requests.forEach((r) => r.query.should.not.have.property('$select'));
      first.warnings.should.eql([`select: ${fill(SHARED_MESSAGES.errors.envUnsetOptional, { names: VAR })}`]);
      await helper.unload();
      process.env[VAR] = '';
      (await twice('entra-user', props)).warnings.should.eql([]);
    });

    it('a variable that is set is read (the same node works once it is set)', async function () {
      process.env[VAR] = UNKNOWN;
      const { kind, msg } = await once({ type: 'entra-user', props: { operation: 'get', userId: VAR, userIdType: 'env' } });
      kind.should.equal('error');
      msg.statusCode.should.equal(404);
    });
  });
});
