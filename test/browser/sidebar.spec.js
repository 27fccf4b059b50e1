'use strict';
// The "Entra ID" sidebar tab in Chromium, against a real Node-RED and the simulator: the
// connection's sign-in, granted and missing permissions; a polling trigger whose counters move
// live (RED.comms) when a user changes in the directory; the last error of a node with its
// request-id, revealing the node on click. Screenshot: docs/screenshots/entra-sidebar.png.
const fs = require('fs');
const path = require('path');
require('should');
const { describeBrowser, launchBrowser, watchErrors } = require('../support/browser');
const { startNodeRed } = require('../support/node-red-process');
const { repoRoot } = require('../support/node-red-path');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');

const SHOT = path.join(repoRoot, 'docs', 'screenshots', 'entra-sidebar.png');
const RUN_SHOT = path.join(repoRoot, 'test-results', 'screenshots', 'entra-sidebar.png');

const flows = () => [
  { id: 'sb-tab', type: 'tab', label: 'Joiners and leavers' },
  {
    id: 'sb-conn',
    type: 'entra-connection',
    name: 'Contoso',
    authType: 'clientCredentials',
    tenantId: '${ENTRA_TENANT_ID}',
    cloud: 'custom',
    authorityHost: '${ENTRA_AUTHORITY_HOST}',
    graphBaseUrl: '${ENTRA_GRAPH_BASE_URL}',
  },
  {
    id: 'sb-trigger',
    type: 'entra-trigger',
    z: 'sb-tab',
    name: 'User changes',
    x: 140,
    y: 60,
    connection: 'sb-conn',
    resource: 'users',
    delivery: 'polling',
    pollIntervalSeconds: 0.5,
    changeType: 'updated,deleted',
    wires: [['sb-debug']],
  },
  { id: 'sb-debug', type: 'debug', z: 'sb-tab', x: 380, y: 60, active: true, wires: [] },
  {
    id: 'sb-leaver',
    type: 'entra-user',
    z: 'sb-tab',
    name: 'Disable leaver',
    x: 380,
    y: 140,
    connection: 'sb-conn',
    operation: 'update',
    userId: 'payload',
    userIdType: 'msg',
    accountEnabled: 'false',
    accountEnabledType: 'bool',
    wires: [[]],
  },
  {
    id: 'sb-inject',
    type: 'inject',
    z: 'sb-tab',
    x: 120,
    y: 220,
    props: [{ p: 'payload' }],
    payload: 'nobody@contoso.com',
    payloadType: 'str',
    once: true,
    onceDelay: 0.5,
    wires: [['sb-get']],
  },
  {
    id: 'sb-get',
    type: 'entra-user',
    z: 'sb-tab',
    name: 'Look up',
    x: 380,
    y: 220,
    connection: 'sb-conn',
    operation: 'get',
    userId: 'payload',
    userIdType: 'msg',
    wires: [[]],
  },
];

describeBrowser('Entra ID sidebar in Chromium', function () {
  this.timeout(60000);
  let sim;
  let nr;
  let browser;
  let page;
  let errors;
  let graphToken;

  async function graph(method, url, body) {
    const r = await fetch(`${sim.graphBaseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${graphToken}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return r.status;
  }
  const cell = (sel) => page.locator(sel).first().innerText();

  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    // An app that may read users but not change them.
    const app = await sim.control.registerApp({ roles: ['User.Read.All'] });
    graphToken = (await sim.control.token()).access_token;
    nr = await startNodeRed({
      flows: flows(),
      credentials: { 'sb-conn': { clientId: '${ENTRA_CLIENT_ID}', clientSecret: '${ENTRA_CLIENT_SECRET}' } },
      env: { ...simulatorEnv(sim), ENTRA_CLIENT_ID: app.clientId, ENTRA_CLIENT_SECRET: app.clientSecret },
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    errors = watchErrors(page);
    await page.goto(`${nr.url}/`);
    await page.waitForFunction(
      () => window.RED && RED.nodes && RED.nodes.node('sb-trigger') && $('.red-ui-palette-node').length > 0,
      null,
      { timeout: 30000 },
    );
    await page.evaluate(() => RED.sidebar.show('entra-id'));
    await page.waitForSelector('.entra-sidebar-trigger[data-id="sb-trigger"]', { timeout: 15000 });
  });

  after(async function () {
    this.timeout(30000);
    if (browser) await browser.close().catch(() => {});
    if (nr) await nr.stop();
    if (sim) await sim.close();
  });

  it('shows the connection: sign-in source, granted permissions and the node that needs more', async function () {
    const conn = '.entra-sidebar-connection[data-id="sb-conn"]';
    await page.waitForFunction((sel) => $(sel + ' .entra-sidebar-granted').text() === 'User.Read.All', conn, { timeout: 15000 });
    (await page.locator(conn).innerText()).should.match(/client credentials \(client secret\)/);
    (await cell(`${conn} .entra-sidebar-missing`)).should.equal("entra-user 'Disable leaver' (update) needs User.ReadWrite.All");
    (await cell(`${conn} .entra-sidebar-expiry`)).should.not.equal('–');
    (await cell(`${conn} .entra-sidebar-throttling`)).should.equal('none');
  });

  it("counts a live polling trigger's notifications as they arrive (no reload)", async function () {
    const trig = '.entra-sidebar-trigger[data-id="sb-trigger"]';
    // Polling has started (its first poll is "from now": no messages).
    await page.waitForFunction((sel) => $(sel + ' .entra-sidebar-last-poll').text() !== '–', trig, { timeout: 15000 });
    (await cell(`${trig} .entra-count-emitted`)).should.equal('0');
    (await graph('PATCH', '/users/AdeleV@contoso.onmicrosoft.com', { jobTitle: 'Sidebar tester' })).should.equal(204);
    await page.waitForFunction((sel) => Number($(sel + ' .entra-count-emitted').text()) >= 1, trig, { timeout: 15000 });
    Number(await cell(`${trig} .entra-count-received`)).should.be.aboveOrEqual(1);
    (await cell(`${trig} .entra-count-refused`)).should.equal('0');
    (await graph('PATCH', '/users/AlexW@contoso.onmicrosoft.com', { jobTitle: 'Second change' })).should.equal(204);
    await page.waitForFunction((sel) => Number($(sel + ' .entra-count-emitted').text()) >= 2, trig, { timeout: 15000 });
  });

  it("lists a node's last error with its code and request-id, and reveals the node on click", async function () {
    const box = '.entra-sidebar-errors[data-id="sb-get"]';
    await page.waitForSelector(box, { timeout: 15000 });
    const t = await page.locator(box).innerText();
    t.should.match(/get · 404 · Request_ResourceNotFound/);
    t.should.match(/request-id [0-9a-f-]{36}/);
    await page.evaluate(() => {
      const reveal = RED.view.reveal;
      window.revealed = [];
      RED.view.reveal = function (id) {
        window.revealed.push(id);
        return reveal.apply(this, arguments);
      };
    });
    await page.locator(`${box} .entra-sidebar-reveal`).click();
    (await page.evaluate(() => window.revealed)).should.eql(['sb-get']);
  });

  it('sends nothing secret to the editor', async function () {
    const r = await page.request.get(`${nr.url}/entra-id/status`);
    r.status().should.equal(200);
    const raw = await r.text();
    raw.should.not.containEql(graphToken.slice(0, 20));
    raw.should.not.match(/eyJ[A-Za-z0-9_-]{10,}\./); // no JWT
    raw.should.not.match(/secret-[0-9a-f-]{36}/); // no client secret
  });

  it('renders without browser errors (screenshot)', async function () {
    fs.mkdirSync(path.dirname(RUN_SHOT), { recursive: true });
    const target = process.env.UPDATE_SCREENSHOTS === '1' || !fs.existsSync(SHOT) ? SHOT : RUN_SHOT;
    await page.screenshot({ path: target });
    errors.errors.should.eql([]);
  });

  // Every text of the tab is a message key (connection-messages.ts, section sidebar): with the
  // editor in Japanese the tab, its headings and its row labels are the Japanese catalogue's.
  async function reload(lang) {
    if (lang) await page.evaluate((l) => localStorage.setItem('editor-language', l), lang);
    else await page.evaluate(() => localStorage.removeItem('editor-language'));
    await page.goto(`${nr.url}/`);
    await page.waitForFunction(
      () => window.RED && RED.nodes && RED.nodes.node('sb-trigger') && $('.red-ui-palette-node').length > 0,
      null,
      { timeout: 30000 },
    );
    await page.evaluate(() => RED.sidebar.show('entra-id'));
    await page.waitForSelector('.entra-sidebar-trigger[data-id="sb-trigger"]', { timeout: 15000 });
  }
  const sidebarTexts = () =>
    page.evaluate(() => {
      const label = (root, cls) =>
        $(root + ' .' + cls)
          .closest('tr')
          .children('.entra-sidebar-key')
          .text();
      return {
        titles: $('.entra-sidebar-title')
          .map((_i, e) => $(e).text())
          .get(),
        tab: $('#red-ui-tab-entra-id').text().trim(),
        expiry: label('.entra-sidebar-connection[data-id="sb-conn"]', 'entra-sidebar-expiry'),
        signIn: $('.entra-sidebar-connection[data-id="sb-conn"] .entra-sidebar-key').first().next().text(),
        lastPoll: label('.entra-sidebar-trigger[data-id="sb-trigger"]', 'entra-sidebar-last-poll'),
        emitted: label('.entra-sidebar-trigger[data-id="sb-trigger"]', 'entra-count-emitted'),
        duplicates: label('.entra-sidebar-trigger[data-id="sb-trigger"]', 'entra-count-duplicates'),
        needs: $('.entra-sidebar-connection[data-id="sb-conn"] .entra-sidebar-missing').first().text(),
        requestId: $('.entra-sidebar-errors[data-id="sb-get"] .entra-sidebar-request-id').first().text(),
      };
    });

  it('shows its headings and labels in English from the catalogue', async function () {
    const t = await sidebarTexts();
    t.titles.should.eql(['Connections', 'Triggers', 'Last errors']);
    t.tab.should.equal('Entra ID');
    t.expiry.should.equal('Token expires');
    t.signIn.should.equal('client credentials (client secret)');
    t.lastPoll.should.equal('Last poll');
    t.emitted.should.equal('Emitted');
    t.duplicates.should.equal('Duplicates');
  });

  it('shows its headings and labels in Japanese when the editor is in Japanese (no browser errors)', async function () {
    this.timeout(90000);
    try {
      await reload('ja');
      errors.clear();
      await page.waitForSelector('.entra-sidebar-errors[data-id="sb-get"] .entra-sidebar-request-id', { timeout: 15000 });
      const t = await sidebarTexts();
      t.titles.should.eql(['接続', 'トリガー', '最近のエラー']);
      t.expiry.should.equal('トークンの有効期限');
      // The sign-in source the runtime sends as a message key (test.sourceClientCredentials).
      t.signIn.should.equal('クライアント資格情報 (クライアントシークレット)');
      t.lastPoll.should.equal('最後のポーリング');
      t.emitted.should.equal('送出');
      t.duplicates.should.equal('重複');
      t.needs.should.equal("entra-user 'Disable leaver' (update) には User.ReadWrite.All が必要");
      t.requestId.should.match(/^request-id [0-9a-f-]{36}$/);
      // No key shown as such (a missing text reads as its key).
      (await page.locator('.entra-sidebar').innerText()).should.not.match(/sidebar\.|entra-connection\.|choices\./);
      errors.errors.should.eql([]);
    } finally {
      await reload(null);
    }
    (await sidebarTexts()).titles.should.eql(['Connections', 'Triggers', 'Last errors']);
  });
});
