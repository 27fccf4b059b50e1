'use strict';
// Every example as a user meets it: Import ▸ Examples in the editor (Chromium), open each of the
// package's nodes and press Done (still valid, unchanged), Deploy, click each inject node's button
// twice, and read the answer in the debug sidebar — against one simulator
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
// The package's node types (the connection is a config node, edited from the nodes' dialogs).
const ours = Object.keys(pkg['node-red'].nodes).filter((t) => t !== 'entra-connection');
// How long a wait on the editor's state may take before it fails: long, since a machine busy
// with other test runs is slow, not wrong; a wait ends as soon as the state is reached.
const WAIT = Number(process.env.ENTRA_BROWSER_WAIT || 60000);

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

describeBrowser(
  `examples in the editor: Import ▸ Examples, Deploy, click, answer (Node-RED ${resolveNodeRed().version}, seed ${SEED})`,
  function () {
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
        (tab) =>
          window.RED && RED.nodes && RED.nodes.workspace && RED.nodes.workspace(tab) && RED.comms && $('.red-ui-palette-node').length > 0,
        TAB,
        { timeout: WAIT },
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
      await tab.waitFor({ state: 'visible', timeout: WAIT });
      await tab.locator('.red-ui-treeList-label', { hasText: pkg.name }).first().click();
      const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      // Import is enabled once the chosen example is loaded. A click that lands while the tree is
      // still opening selects nothing (CI saw Import stay disabled for 60 s once): click it again.
      for (let attempt = 1; ; attempt++) {
        await tab.locator('.red-ui-treeList-label-text', { hasText: exact }).first().click();
        try {
          await page.waitForSelector('#red-ui-clipboard-dialog-ok:not(.disabled):not([disabled])', { timeout: attempt < 3 ? 10000 : WAIT });
          break;
        } catch (err) {
          if (attempt >= 3) throw err;
        }
      }
      await page.click('#red-ui-clipboard-dialog-ok');
      await page.waitForSelector('#red-ui-clipboard-dialog', { state: 'hidden', timeout: WAIT });
    }

    /** Opens each node's dialog and presses Done; what is no longer valid, or changed. */
    async function doneOnEachNode(ids) {
      const problems = [];
      for (const id of ids) {
        const before = await page.evaluate((nid) => {
          const n = RED.nodes.node(nid);
          return { json: JSON.stringify(RED.nodes.convertNode(n, false)), changed: !!n.changed };
        }, id);
        await page.evaluate((nid) => RED.editor.edit(RED.nodes.node(nid)), id);
        await page.waitForFunction(
          () => $('#dialog-form').is(':visible') && $('#node-dialog-ok').is(':visible') && $('.red-ui-tray:animated').length === 0,
          null,
          { timeout: WAIT },
        );
        await page.click('#node-dialog-ok');
        await page.waitForFunction(() => $('#dialog-form').length === 0 && $('.red-ui-tray').length === 0, null, { timeout: WAIT });
        const after = await page.evaluate((nid) => {
          const n = RED.nodes.node(nid);
          return { json: JSON.stringify(RED.nodes.convertNode(n, false)), valid: n.valid, changed: !!n.changed, type: n.type };
        }, id);
        if (!after.valid || after.changed !== before.changed || after.json !== before.json) {
          problems.push(
            `${after.type} ${id}: valid ${after.valid}, changed ${after.changed}${after.json !== before.json ? `, ${before.json} → ${after.json}` : ''}`,
          );
        }
      }
      return problems;
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
          const hit = nodes.find(
            (n) => n !== link.source && n !== link.target && Math.abs(p.x - n.x) < n.w / 2 && Math.abs(p.y - n.y) < n.h / 2,
          );
          if (hit) {
            problems.push(
              `${link.source.name || link.source.type} → ${link.target.name || link.target.type} passes behind ${hit.name || hit.type}`,
            );
            return;
          }
        }
      });
      return problems;
    }

    const order = shuffled(readExamples(), SEED);
    for (const ex of order) {
      it(`"${ex.name}": imports, Done on each node leaves it valid, deploys, ${ex.injects.length ? 'answers each click' : 'stays quiet'}`, async function () {
        this.timeout(10 * WAIT);
        await freshEditor();
        errors.clear();
        await importExample(ex.name);

        // Imported onto a tab of its own, shown, every node drawn, Deploy enabled.
        await page.waitForFunction(
          (tab) => RED.nodes.workspace(tab) && !$('#red-ui-header-button-deploy').hasClass('disabled'),
          ex.tab.id,
          { timeout: WAIT },
        );
        await page.evaluate((tab) => RED.workspaces.show(tab), ex.tab.id);
        const drawn = ex.nodes.filter((n) => n.z === ex.tab.id).map((n) => n.id);
        await page.waitForFunction((ids) => ids.every((id) => document.getElementById(id)), drawn, { timeout: WAIT });
        (await page.evaluate(wiresBehindNodes)).should.eql([], 'a wire passes behind a node: move the nodes apart');

        // Each of the package's nodes opened and closed with Done, as a user looking at it would:
        // still valid and unchanged (a msg reference in a secret input stays a regular property).
        (await doneOnEachNode(ex.nodes.filter((n) => n.z === ex.tab.id && ours.includes(n.type)).map((n) => n.id))).should.eql([]);

        // Deploy: no confirmation asked (no invalid node), no error notification.
        const mark = nr.logMark();
        await page.click('#red-ui-header-button-deploy');
        await page.waitForFunction(
          () => $('#red-ui-header-button-deploy').hasClass('disabled') || $('.red-ui-notification:has(button)').length > 0,
          null,
          { timeout: WAIT },
        );
        (await page.locator('.red-ui-notification:has(button)').allInnerTexts()).should.eql(
          [],
          'the deploy asked for confirmation (invalid or unknown nodes?)',
        );
        await mark.waitFor(/Started (modified )?(flows|nodes)/, WAIT);
        (
          await page.evaluate(() =>
            $('.red-ui-notification-error')
              .map((i, n) => n.innerText)
              .get(),
          )
        ).should.eql([]);
        // Background examples start disabled: nothing warns about a missing webhook URL, nothing polls.
        mark.text().should.not.match(/\[warn\][^\n]*webhookBaseUrl/);

        // Each click of an inject's button: an answer (or the documented offline error) in the sidebar.
        const expected = ex.offlineError ? ex.errorDebugs : ex.answerDebugs;
        for (const inject of ex.injects) {
          for (let run = 1; run <= 2; run++) {
            const before = await page.evaluate(() => window.__debug.length);
            await page.click(`[id="${inject.id}"] .red-ui-flow-node-button-button`);
            const got = await page
              .waitForFunction(
                ({ from, answers, errs }) => {
                  const mine = window.__debug.slice(from).find((m) => answers.includes(m.id) || errs.includes(m.id));
                  return mine && { id: mine.id, name: mine.name, msg: mine.msg };
                },
                { from: before, answers: ex.answerDebugs.map((d) => d.id), errs: ex.errorDebugs.map((d) => d.id) },
                { timeout: WAIT },
              )
              .then((h) => h.jsonValue());
            const where = `"${inject.name}" (click ${run})`;
            if (!expected.some((d) => d.id === got.id)) throw new Error(`${where}: "${got.name}" shows ${String(got.msg).slice(0, 400)}`);
            if (ex.offlineError) JSON.parse(got.msg).message.should.match(ex.offlineError, where);
            // The sidebar shows it under the debug node's name.
            await page.waitForFunction(
              (name) => $('.red-ui-debug-msg-name').filter((i, e) => e.innerText.trim().replace(/^node:\s*/, '') === name).length > 0,
              got.name,
              { timeout: WAIT },
            );
          }
        }
        errors.errors.should.eql([]);
      });
    }
  },
);
