'use strict';
// Every example as a user meets it: Import ▸ Examples in the editor (Chromium), Deploy, click each
// inject node's button twice, and read the answer in the debug sidebar — against one simulator
// that is never reset, the examples in a shuffled order (ENTRA_EXAMPLES_SEED picks another), so
// that none depends on another having run, or not run, before it. Every wait is on the editor's
// state (a node rendered, Deploy enabled, a debug message received), never a fixed time.
const fs = require('fs');
const path = require('path');
require('should');
const { describeBrowser, launchBrowser, watchErrors } = require('../support/browser');
const { startNodeRed } = require('../support/node-red-process');
const { repoRoot, resolveNodeRed } = require('../support/node-red-path');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { readExamples } = require('../support/examples');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const TAB = 'examples-base-tab';
const SEED = Number(process.env.ENTRA_EXAMPLES_SEED || 20261205);
// Examples the hand-written editors cannot yet carry through Import + Deploy (issue #18 item 1 and
// the editors generated from the operation tables, branch one-source): reported as skipped, with
// the reason, until those land. Remove an entry as soon as its example passes here.
const WAITING_FOR_EDITOR = {
  'entra-user - create a user': 'a msg reference in the password credential input is dropped on deploy (#18 item 1)',
  'entra-user - delete a user': 'a msg reference in the password credential input is dropped on deploy (#18 item 1)',
  'entra-user - joiner recipe': 'a msg reference in the password credential input is dropped on deploy (#18 item 1)',
  'entra-user - leaver recipe': 'a msg reference in the password credential input is dropped on deploy (#18 item 1)',
  'entra-user - mover recipe': 'the editor has no managerId field yet (setManager): its value is dropped on deploy',
  'entra-user - weekly report of inactive users': 'the editor has no inactiveDays field yet (listInactive): its value is dropped on deploy',
  'entra-app - grant an application permission': 'the editor has no servicePrincipalId field yet (grantAppRole): its value is dropped on deploy',
};

/** The examples in an order of their own, the same for a given seed. */
function shuffled(list, seed) {
  const out = [...list];
  let s = seed >>> 0 || 1;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describeBrowser(`examples in the editor: Import ▸ Examples, Deploy, click, answer (Node-RED ${resolveNodeRed().version}, seed ${SEED})`, function () {
  this.timeout(60000);
  let sim;
  let nr;
  let browser;
  let page;
  let errors;

  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    nr = await startNodeRed({ flows: [{ id: TAB, type: 'tab', label: 'Examples' }], env: simulatorEnv(sim) });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    errors = watchErrors(page);
  });

  after(async function () {
    this.timeout(30000);
    if (browser) await browser.close().catch(() => {});
    if (nr) await nr.stop();
    if (sim) await sim.close();
  });

  /** A fresh editor on an empty workspace, with the debug sidebar open and its messages recorded. */
  async function freshEditor() {
    await nr.deploy([{ id: TAB, type: 'tab', label: 'Examples' }]);
    await page.goto(`${nr.url}/`);
    await page.waitForFunction(
      (tab) => window.RED && RED.nodes && RED.nodes.workspace && RED.nodes.workspace(tab) && RED.comms && $('.red-ui-palette-node').length > 0,
      TAB,
      { timeout: 30000 },
    );
    await page.evaluate(() => {
      window.__debug = [];
      RED.comms.subscribe('debug', (topic, msg) => window.__debug.push(msg));
      RED.sidebar.show('debug');
    });
  }

  async function importExample(name) {
    await page.evaluate(() => RED.actions.invoke('core:show-examples-import-dialog'));
    const tab = page.locator('#red-ui-clipboard-dialog-import-tab-examples');
    await tab.waitFor({ state: 'visible', timeout: 15000 });
    await tab.locator('.red-ui-treeList-label', { hasText: pkg.name }).first().click();
    const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await tab.locator('.red-ui-treeList-label-text', { hasText: exact }).first().click();
    await page.waitForSelector('#red-ui-clipboard-dialog-ok:not(.disabled):not([disabled])', { timeout: 15000 });
    await page.click('#red-ui-clipboard-dialog-ok');
    await page.waitForSelector('#red-ui-clipboard-dialog', { state: 'hidden', timeout: 15000 });
  }

  /** Links drawn on the active tab that pass behind a node other than their own two ends. */
  function wiresBehindNodes() {
    const problems = [];
    const nodes = [];
    RED.nodes.eachNode((n) => {
      if (n.z === RED.workspaces.active() && n.w && n.h) nodes.push(n);
    });
    $('#red-ui-workspace-chart .red-ui-flow-link-path').each(function () {
      const link = this.__data__;
      if (!link || !link.source || !link.target) return;
      const total = this.getTotalLength();
      for (let at = 0; at <= total; at += 4) {
        const p = this.getPointAtLength(at);
        const hit = nodes.find((n) => n !== link.source && n !== link.target && Math.abs(p.x - n.x) < n.w / 2 && Math.abs(p.y - n.y) < n.h / 2);
        if (hit) {
          problems.push(`${link.source.name || link.source.type} → ${link.target.name || link.target.type} passes behind ${hit.name || hit.type}`);
          return;
        }
      }
    });
    return problems;
  }

  const order = shuffled(readExamples(), SEED);
  for (const ex of order) {
    if (WAITING_FOR_EDITOR[ex.name]) {
      it.skip(`"${ex.name}": waits for the editor: ${WAITING_FOR_EDITOR[ex.name]}`, function () {});
      continue;
    }
    it(`"${ex.name}": imports, deploys, ${ex.injects.length ? 'answers each click' : 'stays quiet'}`, async function () {
      this.timeout(120000);
      await freshEditor();
      errors.clear();
      await importExample(ex.name);

      // Imported onto a tab of its own, shown, every node drawn, Deploy enabled.
      await page.waitForFunction(
        (tab) => RED.nodes.workspace(tab) && !$('#red-ui-header-button-deploy').hasClass('disabled'),
        ex.tab.id,
        { timeout: 15000 },
      );
      await page.evaluate((tab) => RED.workspaces.show(tab), ex.tab.id);
      const drawn = ex.nodes.filter((n) => n.z === ex.tab.id).map((n) => n.id);
      await page.waitForFunction((ids) => ids.every((id) => document.getElementById(id)), drawn, { timeout: 15000 });
      (await page.evaluate(wiresBehindNodes)).should.eql([], 'a wire passes behind a node: move the nodes apart');

      // Deploy: no confirmation asked (no invalid node), no error notification.
      const mark = nr.logMark();
      await page.click('#red-ui-header-button-deploy');
      await page.waitForFunction(
        () => $('#red-ui-header-button-deploy').hasClass('disabled') || $('.red-ui-notification:has(button)').length > 0,
        null,
        { timeout: 20000 },
      );
      (await page.locator('.red-ui-notification:has(button)').allInnerTexts()).should.eql([], 'the deploy asked for confirmation (invalid or unknown nodes?)');
      await mark.waitFor(/Started (modified )?(flows|nodes)/, 20000);
      (await page.evaluate(() => $('.red-ui-notification-error').map((i, n) => n.innerText).get())).should.eql([]);
      // Background examples start disabled: nothing warns about a missing webhook URL, nothing polls.
      mark.text().should.not.match(/\[warn\][^\n]*webhookBaseUrl/);

      // Each click of an inject's button: an answer (or the documented offline error) in the sidebar.
      const expected = ex.offlineError ? ex.errorDebugs : ex.answerDebugs;
      for (const inject of ex.injects) {
        for (let run = 1; run <= 2; run++) {
          const before = await page.evaluate(() => window.__debug.length);
          await page.click(`[id="${inject.id}"] .red-ui-flow-node-button-button`);
          const got = await page.waitForFunction(
            ({ from, answers, errs }) => {
              const mine = window.__debug.slice(from).find((m) => answers.includes(m.id) || errs.includes(m.id));
              return mine && { id: mine.id, name: mine.name, msg: mine.msg };
            },
            { from: before, answers: ex.answerDebugs.map((d) => d.id), errs: ex.errorDebugs.map((d) => d.id) },
            { timeout: 30000 },
          ).then((h) => h.jsonValue());
          const where = `"${inject.name}" (click ${run})`;
          if (!expected.some((d) => d.id === got.id)) throw new Error(`${where}: "${got.name}" shows ${String(got.msg).slice(0, 400)}`);
          if (ex.offlineError) JSON.parse(got.msg).message.should.match(ex.offlineError, where);
          // The sidebar shows it under the debug node's name.
          await page.waitForFunction((name) => $('.red-ui-debug-msg-name').filter((i, e) => e.innerText.trim().replace(/^node:\s*/, '') === name).length > 0, got.name, { timeout: 10000 });
        }
      }
      errors.errors.should.eql([]);
    });
  }
});
