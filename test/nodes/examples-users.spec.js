'use strict';
// The entra-user recipes (joiner, mover, leaver) and the inactive users report run against the
// simulator as shipped, twice in a row (a re-run must succeed too): the first inject's msg goes in,
// and the "result" debug node (not the "error" one) receives the answer.
const fs = require('fs');
const path = require('path');
require('should');
const { helper, loadNodes, run } = require('../support/helper');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { repoRoot } = require('../support/node-red-path');

const dir = path.join(repoRoot, 'examples');
const files = fs.readdirSync(dir).filter((f) => /^entra-user - .*(recipe|inactive users)\.json$/.test(f)).sort();

describe('entra-user recipe example flows', function () {
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

  it('has the four recipes', function () {
    files.should.have.length(4);
  });

  async function load(file) {
    const nodes = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const conn = nodes.find((n) => n.type === 'entra-connection');
    const flow = [{ id: 'f1', type: 'tab' }, ...nodes
      .filter((n) => n.type !== 'inject' && n.type !== 'comment')
      .map((n) => (n.type === 'debug' ? { id: n.id, z: 'f1', type: 'helper', name: n.name } : n.type === 'entra-connection' ? n : { ...n, z: 'f1' }))];
    const credentials = { [conn.id]: { clientId: process.env.ENTRA_CLIENT_ID, clientSecret: process.env.ENTRA_CLIENT_SECRET } };
    await loadNodes(flow.map((n) => { const { credentials: _c, ...rest } = n; return rest; }), credentials);
    const byName = (name) => helper.getNode(nodes.find((n) => n.type === 'debug' && n.name === name).id);
    const inject = nodes.find((n) => n.type === 'inject' && !n.d);
    const once = () => run(helper.getNode(inject.wires[0][0]), JSON.parse(JSON.stringify({ payload: inject.payloadType === 'json' ? JSON.parse(inject.payload) : Date.now() })), { out: byName('result'), catcher: byName('error') });
    return { nodes, once };
  }

  for (const file of files) {
    it(`"${file.replace(/\.json$/, '')}" answers on its result output, and again on a second run`, async function () {
      const { nodes, once } = await load(file);
      for (const round of [1, 2]) {
        const { kind, msg } = await once();
        kind.should.equal('output', `run ${round}: ${JSON.stringify(msg.error)}`);
        (msg.payload !== undefined).should.be.true();
      }
      // Scheduled flows start disabled; every flow says what it does in a comment.
      nodes.filter((n) => n.type === 'inject' && n.crontab).forEach((n) => n.d.should.be.true());
      nodes.filter((n) => n.type === 'comment').should.have.length(1);
    });
  }

  it('joiner: the new user is licensed, managed, in both groups, with a Temporary Access Pass kept off msg.payload', async function () {
    const { once } = await load('entra-user - joiner recipe.json');
    const { msg } = await once();
    const u = sim.state.getUser(msg.user.id);
    u.assignedLicenses.map((l) => l.skuId).should.eql(['6fd2c87f-b296-42f0-b197-1e91e994b900']);
    sim.state.managerOf(u.id).userPrincipalName.should.equal('MeganB@contoso.com');
    sim.state.memberOf(u.id).map((g) => g.displayName).sort().should.eql(['All Company', 'Sales and Marketing']);
    msg.temporaryAccessPass.should.be.a.String();
    JSON.stringify(msg.payload).should.not.containEql(msg.temporaryAccessPass);
  });

  it('leaver: Isaiah is disabled, without licences and groups', async function () {
    const { once } = await load('entra-user - leaver recipe.json');
    const { msg } = await once();
    const u = sim.state.getUser(msg.userId);
    u.accountEnabled.should.be.false();
    u.assignedLicenses.should.eql([]);
    sim.state.memberOf(u.id).should.eql([]);
  });

  it('mover: Alex moved to Engineering, under Lee', async function () {
    const { once } = await load('entra-user - mover recipe.json');
    const { msg } = await once();
    const u = sim.state.getUser(msg.userId);
    u.department.should.equal('Engineering');
    sim.state.managerOf(u.id).userPrincipalName.should.equal('LeeG@contoso.onmicrosoft.com');
    sim.state.memberOf(u.id).map((g) => g.displayName).sort().should.eql(['All Company', 'Engineering']);
  });
});
