'use strict';
// What the entra-user recipes (joiner, mover, leaver) and the inactive users report do to the
// tenant, beyond answering (test/nodes/examples.spec.js runs every example twice): the joiner's user
// is licensed, managed and in its groups with its Temporary Access Pass off msg.payload, the mover's
// and leaver's changes are made, and no node warns of a missing permission on the simulator.
require('should');
const { helper, loadNodes } = require('../support/helper');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { readExample } = require('../support/examples');

describe('entra-user recipe example flows: their effects', function () {
  this.timeout(30000);
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
  beforeEach(() => sim.control.reset({ seed: 'small' }));
  afterEach(() => helper.unload());

  /** Loads the example (debug nodes as helper nodes) and returns click(injectName) → the answer msg. */
  async function load(file) {
    const ex = readExample(file);
    const off = new Set(ex.nodes.filter((n) => n.d || n.type === 'comment').map((n) => n.id));
    const flow = ex.nodes
      .filter((n) => !off.has(n.id))
      .map((n) => {
        const { credentials: _c, ...rest } = n;
        if (n.type === 'debug') return { id: n.id, z: n.z, type: 'helper', name: n.name };
        if (rest.wires) rest.wires = rest.wires.map((port) => port.filter((id) => !off.has(id)));
        return rest;
      });
    const conn = ex.nodes.find((n) => n.type === 'entra-connection');
    await loadNodes(flow, { [conn.id]: { clientId: process.env.ENTRA_CLIENT_ID, clientSecret: process.env.ENTRA_CLIENT_SECRET } });
    const click = (name) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`"${name}": no answer within 15 s`)), 15000);
        for (const d of ex.answerDebugs)
          helper.getNode(d.id).once('input', (msg) => {
            clearTimeout(timer);
            resolve(msg);
          });
        for (const d of ex.errorDebugs)
          helper.getNode(d.id).once('input', (msg) => {
            clearTimeout(timer);
            reject(new Error(msg.error.message));
          });
        helper.getNode(ex.injects.find((i) => i.name === name).id).receive({});
      });
    const warnings = () =>
      ex.nodes
        .filter((n) => /^entra-(user|group)$/.test(n.type))
        .flatMap((n) => {
          const node = helper.getNode(n.id);
          return node.warn
            .getCalls()
            .filter((c) => c.thisValue === node)
            .map((c) => `${n.name}: ${c.args[0]}`);
        });
    return { click, warnings };
  }

  it('joiner: the new user is licensed, managed, in both groups, with a Temporary Access Pass kept off msg.payload', async function () {
    const { click, warnings } = await load('entra-user - joiner recipe.json');
    const msg = await click('new hire');
    const u = sim.state.getUser(msg.user.id);
    u.assignedLicenses.map((l) => l.skuId).should.eql(['6fd2c87f-b296-42f0-b197-1e91e994b900']);
    sim.state.managerOf(u.id).userPrincipalName.should.equal('MeganB@contoso.com');
    sim.state
      .memberOf(u.id)
      .map((g) => g.displayName)
      .sort()
      .should.eql(['All Company', 'Sales and Marketing']);
    msg.temporaryAccessPass.should.be.a.String();
    JSON.stringify(msg.payload).should.not.containEql(msg.temporaryAccessPass);
    warnings().should.eql([]);
  });

  it('leaver: Isaiah is disabled, without licences and groups; a licence inherited from a group is left to the group', async function () {
    // Isaiah holds E3 directly and EMS through Sales and Marketing (group-based licensing).
    const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
    const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
    const isaiah = sim.state.getUser('IsaiahL@contoso.onmicrosoft.com');
    const sales = [...sim.state.groups.values()].find((g) => g.displayName === 'Sales and Marketing');
    sim.state.update('users', isaiah.id, { assignedLicenses: [{ skuId: E3, disabledPlans: [] }] });
    sim.state.update('groups', sales.id, { assignedLicenses: [{ skuId: EMS, disabledPlans: [] }] });
    const { click, warnings } = await load('entra-user - leaver recipe.json');
    const msg = await click('Isaiah leaves');
    const u = sim.state.getUser(msg.userId ?? msg.payload.id);
    u.accountEnabled.should.be.false();
    u.assignedLicenses.should.eql([]);
    const [removal] = (await sim.control.requests()).filter((r) => r.method === 'POST' && /assignLicense$/.test(r.path));
    removal.body.should.eql({ addLicenses: [], removeLicenses: [E3] });
    sim.state.memberOf(u.id).should.eql([]);
    warnings().should.eql([]);
  });

  it('mover: Alex moved to Engineering, under Lee', async function () {
    const { click, warnings } = await load('entra-user - mover recipe.json');
    const msg = await click('move Alex to Engineering');
    const u = sim.state.getUser(msg.userId);
    u.department.should.equal('Engineering');
    sim.state.managerOf(u.id).userPrincipalName.should.equal('LeeG@contoso.onmicrosoft.com');
    sim.state
      .memberOf(u.id)
      .map((g) => g.displayName)
      .sort()
      .should.eql(['All Company', 'Engineering']);
    warnings().should.eql([]);
  });

  it('inactive users report: lists the seeded inactive users as lines of text; its schedule starts disabled', async function () {
    const ex = readExample('entra-user - weekly report of inactive users.json');
    ex.nodes
      .filter((n) => n.type === 'inject' && n.crontab)
      .every((n) => n.d === true)
      .should.be.true();
    const { click, warnings } = await load('entra-user - weekly report of inactive users.json');
    const msg = await click('run now');
    msg.payload
      .map((u) => u.displayName)
      .sort()
      .should.eql(['Grady Archie', 'Isaiah Langer', 'Lidia Holloway', 'Pradeep Gupta']);
    msg.report.should.match(/Grady Archie .*never signed in/);
    warnings().should.eql([]);
  });
});
