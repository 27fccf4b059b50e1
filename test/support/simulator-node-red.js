'use strict';
// Mocha hooks of an e2e suite: the Graph simulator and one real Node-RED process next to it.
//   let sim, nr;
//   useSimulatorAndNodeRed((s, n) => { sim = s; nr = n; }, { adminAuth: true });
const { startNodeRed } = require('./node-red-process');
const { startTestSimulator, simulatorEnv } = require('./simulator');

/**
 * Before the suite: starts the simulator, then Node-RED with `options` (startNodeRed's) and the
 * simulator's ENTRA_* variables in its environment, and awaits `onStart(sim, nr)` (it may deploy).
 * After the suite: stops Node-RED, then the simulator.
 */
function useSimulatorAndNodeRed(onStart, options = {}) {
  let sim;
  let nr;
  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    nr = await startNodeRed({ ...options, env: { ...simulatorEnv(sim), ...options.env } });
    await onStart(sim, nr);
  });
  after(async function () {
    this.timeout(30000);
    if (nr) await nr.stop();
    if (sim) await sim.close();
  });
}

module.exports = { useSimulatorAndNodeRed };
