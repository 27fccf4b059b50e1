'use strict';
// The Graph simulator for e2e and browser tests (simulator/dist, built by scripts/test.js).
//   const sim = await startTestSimulator();   // { url, authorityHost, graphBaseUrl, tenantId, clientId, clientSecret, control, close() }
//   simulatorEnv(sim)                          // the ENTRA_* variables the example flows' connection reads
const { loadSimulator } = require('./certs');

async function startTestSimulator(options = {}) {
  const { startSimulator } = loadSimulator();
  return startSimulator({ port: 0, seed: 'small', ...options });
}

function simulatorEnv(sim) {
  return {
    ENTRA_TENANT_ID: sim.tenantId,
    ENTRA_AUTHORITY_HOST: sim.authorityHost,
    ENTRA_GRAPH_BASE_URL: sim.graphBaseUrl,
    ENTRA_CLIENT_ID: sim.clientId,
    ENTRA_CLIENT_SECRET: sim.clientSecret,
  };
}

module.exports = { startTestSimulator, simulatorEnv };
