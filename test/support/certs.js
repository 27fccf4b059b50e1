'use strict';
// The simulator's CA and localhost server certificate. scripts/test.js makes them once per run
// and passes their paths in ENTRA_TEST_CA / ENTRA_TEST_CERT / ENTRA_TEST_KEY (and the CA in
// NODE_EXTRA_CA_CERTS, which Node reads only at start-up); run alone, this asks the simulator.
const path = require('path');
const { repoRoot } = require('./node-red-path');

let cached;
function getCerts() {
  if (cached) return cached;
  if (process.env.ENTRA_TEST_CA && process.env.ENTRA_TEST_CERT && process.env.ENTRA_TEST_KEY) {
    cached = { caPath: process.env.ENTRA_TEST_CA, certPath: process.env.ENTRA_TEST_CERT, keyPath: process.env.ENTRA_TEST_KEY };
    return cached;
  }
  const sim = require(path.join(repoRoot, 'simulator', 'dist', 'index.js'));
  cached = sim.ensureCertificates();
  return cached;
}

function loadSimulator() {
  return require(path.join(repoRoot, 'simulator', 'dist', 'index.js'));
}

module.exports = { getCerts, loadSimulator };
