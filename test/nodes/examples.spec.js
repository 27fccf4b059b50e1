'use strict';
// Every example flow runs as shipped, against one simulator that is never reset in between: each
// inject node a user clicks gets its answer on an answer debug node (or, for the examples that need
// a public URL, the error README.md promises), in file order, then in reverse order, twice each:
// no example depends on another having run, or not run, before it.
require('should');
const { helper, loadNodes } = require('../support/helper');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { readExamples } = require('../support/examples');

const examples = readExamples();

/**
 * The example's flow for the test helper: debug nodes become helper nodes; disabled nodes and
 * comments (a type the helper does not load) stay out.
 */
function helperFlow(ex) {
  const off = new Set(ex.nodes.filter((n) => n.d || n.type === 'comment').map((n) => n.id));
  return ex.nodes
    .filter((n) => !off.has(n.id))
    .map((n) => {
      const { credentials: _c, ...rest } = n;
      if (n.type === 'debug') return { id: n.id, z: n.z, type: 'helper', name: n.name };
      if (rest.wires) rest.wires = rest.wires.map((port) => port.filter((id) => !off.has(id)));
      return rest;
    });
}

/** Clicks the inject node; resolves with the first answer or error a debug node shows. */
function click(ex, inject, ms = 15000) {
  const watched = [...ex.answerDebugs.map((d) => ['answer', d]), ...ex.errorDebugs.map((d) => ['error', d])].map(([kind, d]) => [
    kind,
    helper.getNode(d.id),
  ]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(reject, new Error(`"${inject.name}": no answer and no error within ${ms} ms`)), ms);
    const listeners = watched.map(([kind, node]) => {
      const fn = (msg) => done(resolve, { kind, debug: node.name, msg });
      node.on('input', fn);
      return [node, fn];
    });
    function done(settle, value) {
      clearTimeout(timer);
      for (const [node, fn] of listeners) node.removeListener('input', fn);
      settle(value);
    }
    helper.getNode(inject.id).receive({});
  });
}

describe('example flows (examples/*.json) against the simulator', function () {
  this.timeout(60000);
  let sim;
  const saved = {};

  before(async () => {
    // A userDir of its own: the connection's secret is bound to this suite's simulator.
    helper.settings({ userDir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'entra-examples-')) });
    sim = await startTestSimulator();
    for (const [k, v] of Object.entries(simulatorEnv(sim))) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await sim.close();
  });
  afterEach(() => helper.unload());

  async function runExample(ex) {
    const conn = ex.nodes.find((n) => n.type === 'entra-connection');
    const credentials = conn ? { [conn.id]: { clientId: process.env.ENTRA_CLIENT_ID, clientSecret: process.env.ENTRA_CLIENT_SECRET } } : {};
    await loadNodes(helperFlow(ex), credentials);
    for (const inject of ex.injects) {
      const got = await click(ex, inject);
      if (ex.offlineError) {
        got.kind.should.equal('error', `"${inject.name}" was expected to fail offline, got an answer on "${got.debug}"`);
        got.msg.error.message.should.match(ex.offlineError);
      } else {
        got.kind.should.equal('answer', `"${inject.name}": ${got.msg.error && got.msg.error.message}`);
        (got.msg.payload !== undefined).should.be.true();
      }
    }
  }

  for (const [order, list] of [
    ['in file order', examples],
    ['in reverse order', [...examples].reverse()],
  ]) {
    describe(order, function () {
      for (const ex of list) {
        if (!ex.injects.length) continue;
        it(`"${ex.name}" answers, twice`, async function () {
          await runExample(ex);
          await helper.unload();
          await runExample(ex);
        });
      }
    });
  }
});
