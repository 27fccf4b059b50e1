'use strict';
// Every entra-group and entra-app example flow runs against the simulator as shipped: its first
// node gets the inject's msg, and the "result" debug node (not the "error" one) receives the answer.
const fs = require('fs');
const path = require('path');
require('should');
const { helper, loadNodes, run } = require('../support/helper');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { repoRoot } = require('../support/node-red-path');

const dir = path.join(repoRoot, 'examples');
const files = fs.readdirSync(dir).filter((f) => /^entra-(group|app) - .*\.json$/.test(f)).sort();

describe('entra-group and entra-app example flows', function () {
  this.timeout(20000);
  let sim;
  const saved = {};

  before(async () => {
    // A userDir of its own: the connection's secret is bound to this suite's simulator.
    helper.settings({ userDir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'entra-examples-')) });
    sim = await startTestSimulator();
    for (const [k, v] of Object.entries(simulatorEnv(sim))) { saved[k] = process.env[k]; process.env[k] = v; }
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
    await sim.close();
  });
  beforeEach(() => sim.control.reset({ seed: 'small' }));
  afterEach(() => helper.unload());

  for (const file of files) {
    it(`"${file.replace(/\.json$/, '')}" answers on its result output`, async function () {
      const nodes = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      const inject = nodes.find((n) => n.type === 'inject');
      const conn = nodes.find((n) => n.type === 'entra-connection');
      const flow = [{ id: 'f1', type: 'tab' }, ...nodes
        .filter((n) => n.type !== 'inject' && n.type !== 'comment')
        .map((n) => (n.type === 'debug' ? { id: n.id, z: 'f1', type: 'helper', name: n.name } : n.type === 'entra-connection' ? n : { ...n, z: 'f1' }))];
      const credentials = { [conn.id]: { clientId: process.env.ENTRA_CLIENT_ID, clientSecret: process.env.ENTRA_CLIENT_SECRET } };
      await loadNodes(flow.map((n) => { const { credentials: _c, ...rest } = n; return rest; }), credentials);
      const byName = (name) => helper.getNode(nodes.find((n) => n.type === 'debug' && n.name === name).id);
      const { kind, msg } = await run(helper.getNode(inject.wires[0][0]), { payload: Date.now() }, { out: byName('result'), catcher: byName('error') });
      kind.should.equal('output', JSON.stringify(msg.error));
      (msg.payload !== undefined).should.be.true();
    });
  }
});
