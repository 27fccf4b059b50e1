'use strict';
// The editor in Chromium (playwright-core + Debian's chromium) against a real Node-RED process
// with the packed package: palette, edit dialogs, per-operation fields, typedInput types, help,
// creating a connection from a node's dialog (the examples: test/browser/examples.spec.js).
// Node types come from package.json (`node-red.nodes`) at run time; the expectations from
// test/browser/expected-fields.js, generated from the operation tables (custom-fields.js for the
// connection and the trigger). Screenshots go to test-results/screenshots/<type>.png;
// with UPDATE_SCREENSHOTS=1 (or when the README's copy is missing) to docs/screenshots/<type>.png.
const fs = require('fs');
const path = require('path');
require('should');
const { describeBrowser, launchBrowser, watchErrors } = require('../support/browser');
const { startNodeRed } = require('../support/node-red-process');
const { repoRoot, resolveNodeRed } = require('../support/node-red-path');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const expected = require('./expected-fields');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const declared = Object.keys(pkg['node-red'].nodes);
const CATEGORY = 'Microsoft Entra ID';
const CATEGORY_ID = `red-ui-palette-container-${CATEGORY.replace(/[^-0-9A-Za-z\u0080-\uffff]/g, '_')}`;
const DYNAMIC = ['msg', 'flow', 'global', 'env'];
const DOC_SHOTS = path.join(repoRoot, 'docs', 'screenshots');
const RUN_SHOTS = path.join(repoRoot, 'test-results', 'screenshots');
fs.mkdirSync(RUN_SHOTS, { recursive: true });
/** Where this run's screenshot of `type` goes: the docs copy only when asked for or missing. */
function shotPath(type) {
  const doc = path.join(DOC_SHOTS, `${type}.png`);
  return process.env.UPDATE_SCREENSHOTS === '1' || !fs.existsSync(doc) ? doc : path.join(RUN_SHOTS, `${type}.png`);
}

/** Each palette node's declared icon, as the palette tests find them: no two nodes share one. */
const iconOf = {};
const isConfig = (type) => Boolean(expected.nodes[type] && expected.nodes[type].config);
const paletteTypes = declared.filter((t) => !isConfig(t));
const nodeId = (type) => `browser-${type}`;
const TAB = 'browser-tab';
const CONN = 'browser-connection';
const baseFlows = () => [
  { id: TAB, type: 'tab', label: 'Browser tests' },
  {
    id: CONN,
    type: 'entra-connection',
    name: 'Contoso (simulator)',
    authType: 'clientCredentials',
    tenantId: '${ENTRA_TENANT_ID}',
    cloud: 'custom',
    authorityHost: '${ENTRA_AUTHORITY_HOST}',
    graphBaseUrl: '${ENTRA_GRAPH_BASE_URL}',
  },
  ...paletteTypes.map((type, i) => ({ id: nodeId(type), type, z: TAB, x: 160, y: 60 + i * 60, connection: CONN, wires: [] })),
];
const baseCredentials = { [CONN]: { clientId: '${ENTRA_CLIENT_ID}', clientSecret: '${ENTRA_CLIENT_SECRET}' } };

// Property names of the inputs in the visible rows of a dialog form (`#node-input-x` /
// `#node-config-input-x`; a typedInput's `xType` field is not counted separately).
function visibleProps(formSelector) {
  /* global $ */
  const props = new Set();
  $(`${formSelector} .form-row`).each(function () {
    if (!$(this).is(':visible')) return;
    $(this)
      .find('input,select,textarea')
      .each(function () {
        const m = /^node-(?:config-)?input-([A-Za-z0-9_]+)$/.exec(this.id || '');
        if (m) props.add(m[1]);
      });
  });
  for (const p of [...props]) if (p.endsWith('Type') && props.has(p.slice(0, -4))) props.delete(p);
  return [...props].sort();
}

describeBrowser(`editor in Chromium (Node-RED ${resolveNodeRed().version})`, function () {
  this.timeout(60000);
  let sim;
  let nr;
  let browser;
  let page;
  let errors;

  async function openEditor(ids = paletteTypes.map(nodeId)) {
    await page.goto(`${nr.url}/`);
    await page.waitForFunction(
      (wanted) =>
        window.RED &&
        RED.nodes &&
        RED.nodes.workspace &&
        RED.nodes.workspace(wanted.tab) &&
        wanted.ids.every((id) => RED.nodes.node(id)) &&
        $('.red-ui-palette-node').length > 0,
      { tab: TAB, ids },
      { timeout: 30000 },
    );
    // Nodes deployed without their properties get the editor's defaults, as a palette drop would.
    await page.evaluate((wanted) => {
      wanted = wanted.concat(['browser-connection']);
      for (const id of wanted) {
        const n = RED.nodes.node(id);
        if (!n) continue;
        const defaults = RED.nodes.getType(n.type).defaults || {};
        for (const [k, d] of Object.entries(defaults)) {
          if (n[k] === undefined && d && d.value !== undefined) n[k] = JSON.parse(JSON.stringify(d.value));
        }
        n.dirty = true;
      }
      RED.view.redraw(true);
    }, ids);
    await settled();
  }

  // Waits on the editor's state, never a fixed time (a busy machine is slow, not wrong): no tray
  // sliding in or out.
  async function settled() {
    await page.waitForFunction(() => $('.red-ui-tray:animated, .red-ui-tray :animated').length === 0, null, { timeout: 15000 });
  }

  async function closeTrays() {
    for (let i = 0; i < 5; i++) {
      const cancel = page.locator('.red-ui-tray:last-child .red-ui-tray-toolbar button:has-text("Cancel")').last();
      if (!(await page.locator('.red-ui-tray').count())) return;
      const open = await page.locator('.red-ui-tray').count();
      if (await cancel.count()) await cancel.click();
      else await page.evaluate(() => RED.tray.close());
      // Until the tray is gone; one that stays (a Cancel that did not close it) gets RED.tray.close() next.
      await page
        .waitForFunction((n) => $('.red-ui-tray').length < n && $('.red-ui-tray:animated, .red-ui-tray :animated').length === 0, open, {
          timeout: 5000,
        })
        .catch(() => {});
    }
  }

  async function editNode(type) {
    await closeTrays();
    await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)), nodeId(type));
    await page.waitForSelector('#dialog-form', { state: 'visible', timeout: 15000 });
    await settled();
  }

  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    nr = await startNodeRed({ flows: baseFlows(), credentials: baseCredentials, env: simulatorEnv(sim) });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    errors = watchErrors(page);
    await openEditor();
    fs.mkdirSync(DOC_SHOTS, { recursive: true });
  });

  after(async function () {
    this.timeout(30000);
    if (browser) await browser.close().catch(() => {});
    if (nr) await nr.stop();
    if (sim) await sim.close();
  });

  it('loads the editor without browser errors', async function () {
    errors.errors.should.eql([]);
  });

  for (const type of Object.keys(expected.nodes)) {
    if (!declared.includes(type)) {
      it.skip(`${type}: not declared in package.json yet`, function () {});
    }
  }

  for (const type of declared) {
    const spec = expected.nodes[type];
    describe(type, function () {
      if (!spec) {
        it('has expectations in test/browser/expected-fields.js', function () {
          throw new Error(`${type} is declared in package.json but not in test/browser/expected-fields.js`);
        });
        return;
      }

      if (spec.config) {
        defineConfigNodeTests(type, spec);
        return;
      }

      it(`is in the palette under "${CATEGORY}" with its icon`, async function () {
        const info = await page.evaluate((t) => {
          const el = $(`.red-ui-palette-node[data-palette-type="${t}"]`);
          const cat = el.closest('.red-ui-palette-category');
          const icon = el.find('.red-ui-palette-icon');
          return {
            found: el.length,
            categoryId: cat.find('.red-ui-palette-content').attr('id') || cat.attr('id'),
            header: cat.find('.red-ui-palette-header').text().trim(),
            iconUrl: (/url\("?([^")]+)"?\)/.exec(icon.css('background-image') || '') || [])[1],
            fa: el.find('.red-ui-palette-icon-fa').length,
            declaredIcon: RED.nodes.getType(t).icon,
            // The palette breaks a label too wide for the node into lines joined by <br/>.
            labelLines:
              (
                el
                  .find('.red-ui-palette-label')
                  .html()
                  .match(/<br\s*\/?>/gi) || []
              ).length + 1,
            label: el.find('.red-ui-palette-label').text().trim(),
          };
        }, type);
        info.labelLines.should.equal(1, `the palette label "${info.label}" of ${type} wraps onto ${info.labelLines} lines`);
        const sharing = paletteTypes.filter((t) => t !== type && iconOf[t] === info.declaredIcon);
        iconOf[type] = info.declaredIcon;
        sharing.should.eql([], `${type} has the same icon (${info.declaredIcon}) as ${sharing.join(', ')}`);
        info.found.should.equal(1, `${type} is not in the palette`);
        info.header.should.equal(CATEGORY);
        (info.categoryId || '').should.containEql(CATEGORY_ID.replace('red-ui-palette-container-', ''));
        if (!info.fa) {
          (info.iconUrl || '').should.not.match(
            /node-red\/arrow-in\.svg$/,
            `${type} shows Node-RED's fallback icon instead of ${info.declaredIcon}: the icon file was not found`,
          );
          (info.iconUrl || '').should.containEql(pkg.name);
          const r = await page.request.get(new URL(info.iconUrl, `${nr.url}/`).href);
          r.status().should.equal(200, `icon ${info.iconUrl}`);
        }
      });

      it('opens its edit dialog without browser errors (screenshot)', async function () {
        errors.clear();
        await editNode(type);
        await page.screenshot({ path: shotPath(type) });
        errors.errors.should.eql([]);
        await closeTrays();
      });

      if (spec.operations) {
        for (const [op, props] of Object.entries(spec.operations)) {
          it(`operation "${op}" shows exactly: ${props.join(', ') || '(no inputs)'}`, async function () {
            await editNode(type);
            const options = await page.evaluate(() =>
              $('#node-input-operation option')
                .map((i, o) => o.value)
                .get(),
            );
            options.should.containEql(op);
            await page.selectOption('#node-input-operation', op);
            await settled();
            const shown = (await page.evaluate(visibleProps, '#dialog-form')).filter((p) => !expected.COMMON.includes(p));
            const missing = props.filter((p) => !shown.includes(p));
            const extra = shown.filter((p) => !props.includes(p));
            [missing, extra].should.eql([[], []], `missing: ${missing.join(', ') || '-'}; not expected: ${extra.join(', ') || '-'}`);
            await closeTrays();
          });
        }
      } else {
        it(`has the inputs ${spec.always.join(', ')}`, async function () {
          await editNode(type);
          const present = await page.evaluate((names) => names.filter((n) => document.getElementById(`node-input-${n}`)), spec.always);
          spec.always.filter((p) => !present.includes(p)).should.eql([]);
          await closeTrays();
        });
      }

      it(`typedInputs offer ${DYNAMIC.join('/')} and the contract's literal types`, async function () {
        const props = spec.operations ? [...new Set(Object.values(spec.operations).flat())] : spec.always;
        await editNode(type);
        const found = await page.evaluate((names) => {
          const out = {};
          for (const n of names) {
            const el = $(`#node-input-${n}`);
            if (!el.length) continue;
            const inst = el.data('nodered-typedInput') || el.data('noderedTypedInput');
            out[n] = inst ? inst.typeList.map((t) => (typeof t === 'string' ? t : t.value)) : null;
          }
          return out;
        }, props);
        const problems = [];
        for (const p of props) {
          if (!(p in found)) {
            problems.push(`${p}: no #node-input-${p}`);
            continue;
          }
          const types = found[p];
          const plain = spec.plain || expected.plain;
          if (plain.includes(p) || (!spec.literal && expected.either.includes(p) && !types)) continue;
          if (!types) {
            problems.push(`${p}: not a typedInput`);
            continue;
          }
          const lacking = DYNAMIC.filter((t) => !types.includes(t));
          if (lacking.length) problems.push(`${p}: lacks ${lacking.join(', ')} (offers ${types.join(', ')})`);
          const lit = (spec.literal || expected.literal)[p];
          if (lit && !lit.some((t) => types.includes(t))) problems.push(`${p}: offers ${types.join(', ')}, none of ${lit.join('/')}`);
        }
        await closeTrays();
        problems.should.eql([]);
      });

      it('shows its help in the help sidebar', async function () {
        await closeTrays();
        const helpText = await page.evaluate(
          (t) =>
            $('<div>')
              .html($(`script[data-help-name="${t}"]`).html() || '')
              .text()
              .replace(/\s+/g, ' ')
              .trim(),
          type,
        );
        helpText.length.should.be.above(80, `${type} has no (or too short) help`);
        await page.evaluate((t) => RED.sidebar.help.show(t), type);
        const start = helpText.slice(0, 60);
        await page.waitForFunction((s) => document.body.innerText.replace(/\s+/g, ' ').includes(s), start, { timeout: 5000 });
      });

      it('creates a connection from its dialog (pencil/add next to the connection select)', async function () {
        errors.clear();
        await editNode(type);
        const before = await page.evaluate(() => {
          const ids = [];
          RED.nodes.eachConfig((n) => {
            if (n.type === 'entra-connection') ids.push(n.id);
          });
          return ids;
        });
        // Node-RED 4+: the "+" button beside the select's pencil; older: the pencil with
        // "Add new…" selected.
        const add = page.locator('#node-input-btn-connection-add');
        if (await add.count()) {
          await add.click();
        } else {
          await page.selectOption('#node-input-connection', '_ADD_');
          await page.click('#node-input-lookup-connection');
        }
        await page.waitForSelector('#node-config-dialog-edit-form', { state: 'visible', timeout: 10000 });
        await page.fill('#node-config-input-name', `conn for ${type}`);
        await fillIfPresent('#node-config-input-tenantId', '${ENTRA_TENANT_ID}');
        await fillIfPresent('#node-config-input-clientId', '${ENTRA_CLIENT_ID}');
        await fillIfPresent('#node-config-input-clientSecret', '${ENTRA_CLIENT_SECRET}');
        if (process.env.ENTRA_DEBUG_SHOTS) await page.screenshot({ path: path.join(process.env.ENTRA_DEBUG_SHOTS, `conn-${type}.png`) });
        await page.click('#node-config-dialog-ok');
        await page.waitForSelector('#node-config-dialog-edit-form', { state: 'detached', timeout: 10000 });
        const selected = await page.evaluate(() => $('#node-input-connection').val());
        await page.click('#node-dialog-ok');
        await page.waitForFunction(
          () => $('#dialog-form').length === 0 && $('.red-ui-tray:animated, .red-ui-tray :animated').length === 0,
          null,
          { timeout: 15000 },
        );
        const after = await page.evaluate((id) => {
          const conns = [];
          RED.nodes.eachConfig((n) => {
            if (n.type === 'entra-connection') conns.push({ id: n.id, name: n.name });
          });
          return { conns, connection: RED.nodes.node(id).connection };
        }, nodeId(type));
        const created = after.conns.filter((c) => !before.includes(c.id));
        created.length.should.equal(1);
        created[0].name.should.equal(`conn for ${type}`);
        selected.should.equal(created[0].id);
        after.connection.should.equal(created[0].id);
        errors.errors.should.eql([]);
      });
    });
  }

  async function fillIfPresent(selector, value) {
    const el = page.locator(selector);
    if ((await el.count()) && (await el.isVisible())) await el.fill(value);
  }

  function defineConfigNodeTests(type, spec) {
    it('opens its dialog from a node, with its fields, without browser errors (screenshot)', async function () {
      const host = paletteTypes[0];
      if (!host) this.skip();
      errors.clear();
      await editNode(host);
      // The pencil next to the select edits the selected connection (the base flow's).
      const pencil = page.locator('#node-input-btn-connection-edit');
      if (await pencil.count()) await pencil.click();
      else await page.click('#node-input-lookup-connection');
      await page.waitForSelector('#node-config-dialog-edit-form', { state: 'visible', timeout: 15000 });
      await settled();
      (await page.inputValue('#node-config-input-name')).should.equal('Contoso (simulator)');
      await page.screenshot({ path: shotPath(type) });
      const present = await page.evaluate(
        (names) => names.filter((n) => document.getElementById(`node-config-input-${n}`)),
        [...spec.always, ...spec.credentials],
      );
      await closeTrays();
      [...spec.always, ...spec.credentials].filter((p) => !present.includes(p)).should.eql([]);
      errors.errors.should.eql([]);
    });

    it('shows its help in the help sidebar', async function () {
      await closeTrays();
      const helpText = await page.evaluate(
        (t) =>
          $('<div>')
            .html($(`script[data-help-name="${t}"]`).html() || '')
            .text()
            .replace(/\s+/g, ' ')
            .trim(),
        type,
      );
      helpText.length.should.be.above(80, `${type} has no (or too short) help`);
      await page.evaluate((t) => RED.sidebar.help.show(t), type);
      await page.waitForFunction((s) => document.body.innerText.replace(/\s+/g, ' ').includes(s), helpText.slice(0, 60), { timeout: 5000 });
    });

    if (type === 'entra-connection') defineSignInTests();
  }

  // The delegated sign-in part of the connection dialog, per authType (the dialog is cancelled).
  function defineSignInTests() {
    async function openConnectionDialog() {
      const host = paletteTypes[0];
      await editNode(host);
      const pencil = page.locator('#node-input-btn-connection-edit');
      if (await pencil.count()) await pencil.click();
      else await page.click('#node-input-lookup-connection');
      await page.waitForSelector('#node-config-dialog-edit-form', { state: 'visible', timeout: 15000 });
      await settled();
    }
    const visible = (ids) => page.evaluate((list) => Object.fromEntries(list.map((id) => [id, $(`#${id}`).is(':visible')])), ids);
    const IDS = [
      'node-config-entra-redirect-uri',
      'node-config-entra-authenticate',
      'node-config-entra-device-sign-in',
      'node-config-entra-account',
      'node-config-input-clientSecret',
      'node-config-input-scopes',
      'node-config-input-certificate',
    ];

    it('authorization code: shows the redirect URI to register (editor address + callback), Authenticate and the account (screenshot)', async function () {
      if (!paletteTypes[0]) this.skip();
      errors.clear();
      await openConnectionDialog();
      await page.selectOption('#node-config-input-authType', 'authorizationCode');
      await settled();
      (await visible(IDS)).should.eql({
        'node-config-entra-redirect-uri': true,
        'node-config-entra-authenticate': true,
        'node-config-entra-device-sign-in': false,
        'node-config-entra-account': true,
        'node-config-input-clientSecret': true,
        'node-config-input-scopes': true,
        'node-config-input-certificate': true,
      });
      (await page.inputValue('#node-config-entra-redirect-uri')).should.equal(`${nr.url}/entra-connection/auth/callback`);
      (await page.isEnabled('#node-config-entra-authenticate')).should.be.true();
      (await page.isVisible('#node-config-entra-redirect-insecure')).should.be.false();
      (await page.inputValue('#node-config-input-scopes')).should.match(/offline_access/);
      await page.waitForFunction(() => $('#node-config-entra-account').text() === 'not signed in', null, { timeout: 5000 });
      await page.screenshot({ path: shotPath('entra-connection-authorizationCode') });
      await closeTrays();
      errors.errors.should.eql([]);
    });

    it('device code: shows Sign in, no secret, no redirect URI', async function () {
      if (!paletteTypes[0]) this.skip();
      errors.clear();
      await openConnectionDialog();
      await page.selectOption('#node-config-input-authType', 'deviceCode');
      await settled();
      (await visible(IDS)).should.eql({
        'node-config-entra-redirect-uri': false,
        'node-config-entra-authenticate': false,
        'node-config-entra-device-sign-in': true,
        'node-config-entra-account': true,
        'node-config-input-clientSecret': false,
        'node-config-input-scopes': true,
        'node-config-input-certificate': false,
      });
      await closeTrays();
      errors.errors.should.eql([]);
    });

    it('client credentials: no sign-in buttons, no scopes', async function () {
      if (!paletteTypes[0]) this.skip();
      await openConnectionDialog();
      (await page.inputValue('#node-config-input-authType')).should.equal('clientCredentials');
      (await visible(IDS)).should.eql({
        'node-config-entra-redirect-uri': false,
        'node-config-entra-authenticate': false,
        'node-config-entra-device-sign-in': false,
        'node-config-entra-account': false,
        'node-config-input-clientSecret': true,
        'node-config-input-scopes': false,
        'node-config-input-certificate': true,
      });
      await closeTrays();
    });
  }
});
