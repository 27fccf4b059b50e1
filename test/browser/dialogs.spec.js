'use strict';
// The generated edit dialogs in Chromium: every node of every example, opened and closed with
// Done without a change, stays valid and unchanged (issue 18: an empty or hidden input is never
// invalid); and the editor in Japanese shows the Japanese catalogue (labels, operations, help), for
// the generated dialogs and the hand-written ones (trigger, connection) alike.
const fs = require('fs');
const path = require('path');
require('should');
const { describeBrowser, launchBrowser, watchErrors } = require('../support/browser');
const { startNodeRed } = require('../support/node-red-process');
const { repoRoot } = require('../support/node-red-path');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const ours = Object.keys(pkg['node-red'].nodes).filter((t) => t !== 'entra-connection');
const examplesDir = path.join(repoRoot, 'examples');
const examples = fs
  .readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
// How long a wait on the editor's state may take before it fails: long, since a machine busy
// with other test runs is slow, not wrong; a wait ends as soon as the state is reached.
const WAIT = Number(process.env.ENTRA_BROWSER_WAIT || 60000);

describeBrowser('generated edit dialogs', function () {
  this.timeout(120000);
  let sim;
  let nr;
  let browser;
  let page;
  let errors;

  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    const flows = examples.flatMap((f) => JSON.parse(fs.readFileSync(path.join(examplesDir, f), 'utf8')));
    nr = await startNodeRed({ flows, env: simulatorEnv(sim) });
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

  async function open(lang) {
    await page.goto(`${nr.url}/`);
    await page.evaluate((l) => localStorage.setItem('editor-language', l), lang);
    await page.goto(`${nr.url}/`);
    await page.waitForFunction(() => window.RED && RED.nodes && RED.nodes.eachNode && $('.red-ui-palette-node').length > 0, null, {
      timeout: WAIT,
    });
    await page.waitForFunction(
      () => {
        let n = 0;
        RED.nodes.eachNode(() => {
          n++;
        });
        return n > 0;
      },
      null,
      { timeout: WAIT },
    );
  }

  let openedInEnglish = false;
  // One test per example (a busy machine opens ~50 dialogs slowly: each example gets its own time),
  // its tab shown once, each wait on the editor's state.
  for (const file of examples) {
    const nodes = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
    const ids = nodes.filter((n) => ours.includes(n.type)).map((n) => n.id);
    if (!ids.length) continue;
    it(`"${file.replace(/\.json$/, '')}": Done on each unchanged dialog leaves the node valid and unchanged`, async function () {
      this.timeout((ids.length + 2) * 2 * WAIT);
      if (!openedInEnglish) {
        await open('en-US');
        openedInEnglish = true;
      }
      errors.clear();
      (await page.evaluate((wanted) => wanted.filter((id) => !RED.nodes.node(id)), ids)).should.eql(
        [],
        'deployed nodes missing from the editor',
      );
      await page.evaluate((nid) => RED.workspaces.show(RED.nodes.node(nid).z), ids[0]);
      const problems = [];
      for (const id of ids) {
        const before = await page.evaluate((nid) => JSON.stringify(RED.nodes.convertNode(RED.nodes.node(nid), false)), id);
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
          return {
            json: JSON.stringify(RED.nodes.convertNode(n, false)),
            valid: n.valid,
            changed: !!n.changed,
            type: n.type,
            name: n.name,
            op: n.operation,
          };
        }, id);
        if (!after.valid || after.changed || after.json !== before) {
          problems.push(
            `${after.type} ${after.name || after.op || id}: valid ${after.valid}, changed ${after.changed}${after.json !== before ? `, ${before} → ${after.json}` : ''}`,
          );
        }
      }
      problems.should.eql([]);
      errors.errors.should.eql([]);
    });
  }

  it('shows the dialog, the operations and the help in Japanese when the editor is in Japanese', async function () {
    await open('ja');
    errors.clear();
    const id = await page.evaluate(() => {
      let found;
      RED.nodes.eachNode((n) => {
        if (!found && n.type === 'entra-user') found = n.id;
      });
      return found;
    });
    await page.evaluate((nid) => {
      const n = RED.nodes.node(nid);
      RED.workspaces.show(n.z);
      RED.editor.edit(n);
    }, id);
    await page.waitForSelector('#dialog-form', { state: 'visible', timeout: WAIT });
    await page.waitForFunction(() => $('#node-input-operation option[value="get"]').text() !== '', null, { timeout: WAIT });
    const texts = await page.evaluate(() => ({
      get: $('#node-input-operation option[value="get"]').text(),
      userId: $('label[for="node-input-userId"]').text().trim(),
      fromMsg: $('#node-input-operation option[value="msg"]').text(),
    }));
    texts.should.eql({ get: 'ユーザーを取得', userId: 'ユーザー ID', fromMsg: 'msg.operation から' });
    await page.click('#node-dialog-cancel');
    await page.evaluate(() => RED.sidebar.help.show('entra-user'));
    await page.waitForFunction(() => document.body.innerText.includes('ユーザーを作成'), null, { timeout: WAIT });
    errors.errors.should.eql([]);
    await page.evaluate(() => localStorage.removeItem('editor-language'));
  });

  it('shows the hand-written dialogs (trigger, connection), their workspace labels and their help in Japanese too', async function () {
    await open('ja');
    errors.clear();
    const ids = await page.evaluate(() => {
      const found = {};
      RED.nodes.eachNode((n) => {
        if (n.type === 'entra-trigger' && !found.trigger) found.trigger = n.id;
      });
      RED.nodes.eachConfig((n) => {
        if (n.type === 'entra-connection' && !found.connection) found.connection = n.id;
      });
      return found;
    });
    (ids.trigger !== undefined && ids.connection !== undefined).should.be.true(JSON.stringify(ids));
    // The trigger: its rows, choices and checkbox texts.
    await page.evaluate((nid) => {
      const n = RED.nodes.node(nid);
      RED.workspaces.show(n.z);
      RED.editor.edit(n);
    }, ids.trigger);
    await page.waitForSelector('#dialog-form', { state: 'visible', timeout: 10000 });
    await page.waitForFunction(() => $('#node-input-resource option[value="users"]').text() !== '', null, { timeout: 10000 });
    const trigger = await page.evaluate(() => ({
      resource: $('label[for="node-input-resource"]').text().trim(),
      users: $('#node-input-resource option[value="users"]').text(),
      polling: $('#node-input-delivery option[value="polling"]').text(),
      fetch: $('#node-input-fetchResource').next('span').text(),
    }));
    trigger.should.eql({
      resource: 'リソース',
      users: 'ユーザー',
      polling: 'ポーリング (公開 URL は不要)',
      fetch: '変更されたオブジェクトを msg.resource に取得する',
    });
    // Their workspace labels when they have no name.
    const labels = await page.evaluate((nids) => {
      const unnamed = (n, extra) => n._def.label.call(Object.assign(Object.create(n), { name: '' }, extra));
      const t = RED.nodes.node(nids.trigger);
      const c = RED.nodes.node(nids.connection);
      return { users: unnamed(t, { resource: 'users', delivery: 'polling' }), connection: unnamed(c, { tenantId: '' }) };
    }, ids);
    labels.should.eql({ users: 'users の変更 (ポーリング)', connection: 'Entra ID 接続' });
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#dialog-form', { state: 'detached', timeout: 10000 });
    // The connection: labels, choices, buttons.
    await page.evaluate((cid) => RED.editor.editConfig('', 'entra-connection', cid), ids.connection);
    await page.waitForSelector('#node-config-input-authType', { state: 'visible', timeout: 10000 });
    await page.waitForFunction(() => $('#node-config-input-authType option[value="deviceCode"]').text() !== '', null, { timeout: 10000 });
    const connection = await page.evaluate(() => ({
      authType: $('label[for="node-config-input-authType"]').text().trim(),
      deviceCode: $('#node-config-input-authType option[value="deviceCode"]').text(),
      tenant: $('label[for="node-config-input-tenantId"]').text().trim(),
      test: $('#node-config-entra-test').text().trim(),
    }));
    connection.should.eql({
      authType: 'サインイン',
      deviceCode: 'コードによるユーザーのサインイン (デバイスコード)',
      tenant: 'テナント',
      test: '接続をテスト',
    });
    // Sign in with a code: the runtime's answer carries a message key, which the dialog shows in
    // the editor's language (the runtime runs in English here). The dialog is cancelled below:
    // nothing is saved.
    await page.evaluate((tenant) => {
      $('#node-config-input-tenantId').val(tenant);
      $('#node-config-input-authType').val('deviceCode').trigger('change');
    }, sim.tenantId);
    const asking = 'ID プラットフォームにコードを要求しています…';
    await page.click('#node-config-entra-device-sign-in');
    // The answer: the code (or why there is none).
    await page.waitForFunction((text) => !['', text].includes($('#node-config-entra-sign-in-message').text()), asking, { timeout: WAIT });
    const signIn = await page.evaluate(() => ({
      code: $('#node-config-entra-user-code').text(),
      uri: $('#node-config-entra-device-uri').text(),
      message: $('#node-config-entra-sign-in-message').text(),
    }));
    signIn.code.should.match(/^[A-Z0-9]{9}$/, JSON.stringify(signIn));
    signIn.message.should.equal(
      `サインインするには、${signIn.uri} を開いてコード ${signIn.code} を入力してください (サインインを待っています)。`,
    );
    // Ends the sign-in started here.
    await page.evaluate(
      (cid) => $.ajax({ url: `entra-connection/${cid}/auth/signout`, type: 'POST', contentType: 'application/json', data: '{}' }),
      ids.connection,
    );
    await page.click('#node-config-dialog-cancel');
    // Their help.
    await page.evaluate(() => RED.sidebar.help.show('entra-trigger'));
    await page.waitForFunction(() => document.body.innerText.includes('リソースと配信方法'), null, { timeout: 10000 });
    await page.evaluate(() => RED.sidebar.help.show('entra-connection'));
    await page.waitForFunction(() => document.body.innerText.includes('シークレットとヘッドレスデバイス'), null, { timeout: 10000 });
    errors.errors.should.eql([]);
    await page.evaluate(() => localStorage.removeItem('editor-language'));
  });
});
