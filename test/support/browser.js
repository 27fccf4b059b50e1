'use strict';
// describeBrowser(title, fn): a mocha suite that needs Chromium.
// - ENTRA_BROWSER=skip (no chromium outside CI, or --no-browser): every test is reported skipped.
// - ENTRA_BROWSER=missing (CI without chromium): one failing test says so; the rest are skipped.
// - otherwise the suite runs; launchBrowser() starts Debian's chromium through playwright-core
//   with a fresh user-data-dir, and collects console errors / page errors per page.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { findChromium, LAUNCH_ARGS } = require('./chromium');

function browserMode() {
  if (process.env.ENTRA_BROWSER) return process.env.ENTRA_BROWSER;
  if (findChromium()) return 'run';
  return process.env.CI === 'true' ? 'missing' : 'skip';
}

function describeBrowser(title, fn) {
  const mode = browserMode();
  if (mode === 'skip') return describe.skip(`${title} (skipped: no browser)`, fn);
  if (mode === 'missing') {
    return describe(title, function () {
      it('needs chromium (apt-get install chromium, or set CHROMIUM_PATH)', function () {
        throw new Error(
          `chromium not found (CHROMIUM_PATH=${process.env.CHROMIUM_PATH || ''}, /usr/bin/chromium): browser tests cannot run in CI`,
        );
      });
      describe.skip('(not run)', fn);
    });
  }
  return describe(title, fn);
}

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  const executablePath = findChromium();
  if (!executablePath) throw new Error('chromium not found (set CHROMIUM_PATH)');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: LAUNCH_ARGS,
    // Node-RED serves HTTPS with the simulator's certificate, whose CA this fresh profile does not know.
    ignoreHTTPSErrors: true,
    viewport: { width: 1400, height: 900 },
  });
  const close = async () => {
    try {
      await context.close();
    } finally {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  };
  return { context, close, userDataDir };
}

// Records console errors and uncaught page errors of a page.
function watchErrors(page, { ignore = [] } = {}) {
  const errors = [];
  const keep = (text) => !ignore.some((re) => re.test(text));
  page.on('console', (m) => {
    if (m.type() === 'error' && keep(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (keep(String(e && e.message))) errors.push(`pageerror: ${e && e.stack ? e.stack : e}`);
  });
  return {
    errors,
    clear() {
      errors.length = 0;
    },
  };
}

module.exports = { describeBrowser, browserMode, launchBrowser, watchErrors };
