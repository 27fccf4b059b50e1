'use strict';
// Where Debian's chromium is (CHROMIUM_PATH wins), and how the browser tests are to behave:
// ENTRA_BROWSER is set by scripts/test.js to `run`, `skip` (no chromium outside CI, or
// --no-browser) or `missing` (no chromium in CI: the browser tests fail).
const fs = require('fs');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function findChromium() {
  if (process.env.CHROMIUM_PATH) {
    return fs.existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  }
  return CANDIDATES.find((p) => fs.existsSync(p)) || null;
}

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

module.exports = { findChromium, LAUNCH_ARGS, CANDIDATES };
