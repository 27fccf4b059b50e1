'use strict';
// A connection's pacing budget in Node-RED (test helper, compiled package), against the simulator
// with Microsoft's identity quotas on and scaled down (1 s windows), and the same scale given to
// the connection through settings.js (entraConnectionPacingScale).
require('should');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { helper, useSimulator, loadNodes, connection, recordStatus } = require('../support/helper');

// S tenant: 70 resource units per second, below what Node-RED reaches on a small machine.
const SCALE = { timeScale: 0.1, budgetScale: 0.02 };

describe('entra-connection pacing in Node-RED', function () {
  this.timeout(120000);
  let sim;
  useSimulator((s) => { sim = s; });
  // helper.settings() replaces every setting: keep a userDir of this spec's own, or the package's
  // state (secret bindings) would land in the working directory and outlive the run.
  let userDir;
  before(() => { userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-pacing-')); });
  after(() => fs.rmSync(userDir, { recursive: true, force: true }));
  beforeEach(async () => {
    helper.settings({ userDir, entraConnectionPacingScale: SCALE });
    await sim.control.setConfig({ throttling: true, throttleTimeScale: SCALE.timeScale, throttleBudgetScale: SCALE.budgetScale });
  });
  afterEach(() => helper.settings({ userDir }));

  async function flow(conn = {}) {
    const c = connection(sim, conn);
    await loadNodes([
      { id: 'f1', type: 'tab' },
      c.node,
      { id: 'get', z: 'f1', type: 'entra-user', connection: c.node.id, operation: 'get', userId: 'payload', userIdType: 'msg', select: 'id,displayName', wires: [['out']] },
      { id: 'out', z: 'f1', type: 'helper' },
      { id: 'catch', z: 'f1', type: 'catch', scope: ['get'], wires: [['caught']] },
      { id: 'caught', z: 'f1', type: 'helper' },
    ], c.credentials);
    return { get: helper.getNode('get'), out: helper.getNode('out'), caught: helper.getNode('caught') };
  }

  /** Sends `count` msgs at once and waits until each one reached the output or the Catch node. */
  function job(n, count, payload) {
    return new Promise((resolve) => {
      let ok = 0;
      let failed = 0;
      const check = () => { if (ok + failed === count) resolve({ ok, failed }); };
      n.out.on('input', () => { ok++; check(); });
      n.caught.on('input', () => { failed++; check(); });
      for (let i = 0; i < count; i++) n.get.receive({ payload });
    });
  }

  it('finishes a job of 2,000 gets sent at once with no failed msg and at most 1% answered 429', async function () {
    const n = await flow();
    const statuses = recordStatus(n.get);
    const result = await job(n, 2000, 'AdeleV@contoso.onmicrosoft.com');
    result.should.eql({ ok: 2000, failed: 0 });
    const throttling = await sim.control.throttling();
    throttling.throttled.should.be.belowOrEqual(20);
    // The status said that the connection paced the job.
    statuses.some((s) => / · paced$/.test(s.text || '')).should.be.true();
  });

  it('gives the same job to a connection without pacing: Graph answers it with 429s (the baseline)', async function () {
    // A tenth of the budget above, so that any machine outruns it.
    await sim.control.setConfig({ throttleBudgetScale: SCALE.budgetScale / 10 });
    const n = await flow({ pacing: false, maxRetries: 0 });
    const result = await job(n, 300, 'AdeleV@contoso.onmicrosoft.com');
    result.failed.should.be.above(0);
    (await sim.control.throttling()).throttled.should.be.above(0);
  });
});
