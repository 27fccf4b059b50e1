'use strict';
// A connection's pacing budget in Node-RED (test helper, compiled package), against the simulator
// with Microsoft's identity quotas on and scaled down (2 s windows), and the same scale given to
// the connection through settings.js (entraConnectionPacingScale).
require('should');
const { helper, useSimulator, nodeSettings, loadNodes, connection, recordStatus } = require('../support/helper');

// S tenant: 70 resource units per 2 s window (35 per second), far below what Node-RED reaches
// even on a loaded machine, so that the job is always paced (at 70 per second a loaded CI machine
// never needed pacing); 2 s windows keep one request's jitter at a window's edge small.
const SCALE = { timeScale: 0.2, budgetScale: 0.02 };
const JOB = 2000;

describe('entra-connection pacing in Node-RED', function () {
  this.timeout(180000);
  let sim;
  useSimulator((s) => {
    sim = s;
  });
  beforeEach(async () => {
    nodeSettings({ entraConnectionPacingScale: SCALE });
    await sim.control.setConfig({ throttling: true, throttleTimeScale: SCALE.timeScale, throttleBudgetScale: SCALE.budgetScale });
  });
  afterEach(() => nodeSettings());

  async function flow(conn = {}) {
    const c = connection(sim, conn);
    await loadNodes(
      [
        { id: 'f1', type: 'tab' },
        c.node,
        {
          id: 'get',
          z: 'f1',
          type: 'entra-user',
          connection: c.node.id,
          operation: 'get',
          userId: 'payload',
          userIdType: 'msg',
          select: 'id,displayName',
          wires: [['out']],
        },
        { id: 'out', z: 'f1', type: 'helper' },
        { id: 'catch', z: 'f1', type: 'catch', scope: ['get'], wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper' },
      ],
      c.credentials,
    );
    return { get: helper.getNode('get'), out: helper.getNode('out'), caught: helper.getNode('caught') };
  }

  /** Sends `count` msgs at once and waits until each one reached the output or the Catch node. */
  function job(n, count, payload) {
    return new Promise((resolve) => {
      let ok = 0;
      let failed = 0;
      const errors = new Set();
      // The distinct error texts say why msgs failed when an assertion below does not hold.
      const check = () => {
        if (ok + failed === count) resolve({ ok, failed, errors: [...errors].slice(0, 5) });
      };
      n.out.on('input', () => {
        ok++;
        check();
      });
      n.caught.on('input', (msg) => {
        failed++;
        errors.add(`${msg.statusCode || ''} ${msg.error && msg.error.message}`);
        check();
      });
      for (let i = 0; i < count; i++) n.get.receive({ payload });
    });
  }

  it('finishes a job of 2,000 gets sent at once (57 s of budget) with no failed msg and at most 1% answered 429', async function () {
    const n = await flow();
    const statuses = recordStatus(n.get);
    const result = await job(n, JOB, 'AdeleV@contoso.onmicrosoft.com');
    result.should.eql({ ok: JOB, failed: 0, errors: [] });
    const throttling = await sim.control.throttling();
    throttling.throttled.should.be.belowOrEqual(JOB / 100, `429s: ${JSON.stringify(throttling)}`);
    // The status said that the connection paced the job.
    statuses.some((s) => / · paced$/.test(s.text || '')).should.be.true();
  });

  it('gives the same job to a connection without pacing: Graph answers it with 429s (the baseline)', async function () {
    // A tenth of the budget above, so that any machine outruns it.
    await sim.control.setConfig({ throttleBudgetScale: SCALE.budgetScale / 10 });
    const n = await flow({ pacing: false, maxRetries: 0 });
    const result = await job(n, 300, 'AdeleV@contoso.onmicrosoft.com');
    result.failed.should.be.above(0, `no msg failed: ${JSON.stringify(result)}`);
    (await sim.control.throttling()).throttled.should.be.above(0);
  });
});
