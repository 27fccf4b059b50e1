'use strict';
// Input errors follow Node-RED's language (issue 10): each node module gets RED._ as Node-RED's
// registry builds it (its namespace, its locales/<lang>/<node>.json, through @node-red/util's
// i18n), unlike the test helper's RED._ that answers the key. With Node-RED in Japanese the Catch
// node reads Japanese reasons (a node's own, a shared one, an input that cannot be read); in
// English the very texts the other specs (and the helper's English fallback) expect.
const path = require('path');
require('should');
const { helper, useSimulator, connection, run } = require('../support/helper');
const { repoRoot, resolveNodeRed } = require('../support/node-red-path');
const { pkg, moduleFile, moduleRed, nodeRedI18n } = require('../support/runtime-i18n');

/** The package's node modules, each handed a RED whose _ reads its own catalogue, plus the catch node. */
async function localisedModules(i18n) {
  const modules = [];
  for (const type of Object.keys(pkg['node-red'].nodes)) {
    const { _ } = await moduleRed(i18n, type);
    const mod = require(moduleFile(type));
    modules.push((red) => mod(Object.assign(Object.create(red), { _ })));
  }
  const nodesDir = path.dirname(require.resolve('@node-red/nodes/package.json', { paths: [resolveNodeRed().nodeRedDir] }));
  modules.push(require(path.join(nodesDir, 'core/common/25-catch.js')));
  return modules;
}

describe("input errors in Node-RED's language (node modules with their catalogues)", function () {
  this.timeout(20000);
  let sim;
  let i18n;
  let language;
  let modules;

  useSimulator((s) => {
    sim = s;
  });

  before(async function () {
    i18n = nodeRedI18n();
    await i18n.init({});
    language = i18n.i.language;
    modules = await localisedModules(i18n);
  });

  after(async function () {
    await i18n.i.changeLanguage(language);
    // The next suites' nodes register with the helper's RED again; nothing keeps these catalogues.
    const { useRuntimeMessages } = require(path.join(repoRoot, 'dist', 'lib', 'i18n.js'));
    useRuntimeMessages(undefined);
    for (const type of Object.keys(pkg['node-red'].nodes)) useRuntimeMessages(undefined, type);
  });

  async function flow(type, props) {
    const c = connection(sim);
    const nodes = [
      { id: 'f1', type: 'tab' },
      c.node,
      { id: 'node', z: 'f1', x: 100, y: 100, type, connection: c.node.id, wires: [['out']], ...props },
      { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' },
      { id: 'catch', z: 'f1', x: 100, y: 100, type: 'catch', scope: ['node'], wires: [['caught']] },
      { id: 'caught', z: 'f1', x: 100, y: 100, type: 'helper' },
    ];
    await new Promise((resolve, reject) => helper.load(modules, nodes, c.credentials, (err) => (err ? reject(err) : resolve())));
    const n = { node: helper.getNode('node'), out: helper.getNode('out'), caught: helper.getNode('caught') };
    return (msg = {}) => run(n.node, msg, { out: n.out, catcher: n.caught });
  }

  /** The Catch node's msg.error.message for each case, and that nothing reached Graph. */
  async function reasons() {
    const out = [];
    for (const [type, props, msg] of [
      // entra-user's own text, with a value.
      ['entra-user', { operation: 'listInactive', inactiveDays: '0', inactiveDaysType: 'num' }],
      // entra-user's own text, no value.
      ['entra-user', { operation: 'deletePermanently', userId: 'u1', userIdType: 'str' }],
      // A shared text of the runner's operations (src/lib).
      ['entra-user', { operation: 'update', userId: 'u1', userIdType: 'str' }],
      // entra-raw's own text, with two values.
      ['entra-raw', { url: '/users', method: 'FETCH', methodType: 'str' }],
      // An input that cannot be read (src/lib/inputs.ts).
      ['entra-user', { operation: 'list', top: 'payload', topType: 'msg' }, { payload: 'ten' }],
    ]) {
      const send = await flow(type, props);
      const { kind, msg: m } = await send(msg);
      kind.should.equal('error', `${type} ${props.operation || ''}: ${JSON.stringify(m.payload)}`);
      out.push(m.error.message);
      await helper.unload();
    }
    (await sim.control.requests()).filter((r) => !/\/token$|openid|discovery/.test(r.path)).should.eql([]);
    return out;
  }

  it('Japanese when Node-RED runs in Japanese', async function () {
    await i18n.i.changeLanguage('ja');
    (await reasons()).should.eql([
      'inactiveDays: は 1 以上の整数の日数でなければなりません (値: 0)',
      'confirm: は完全に削除するには true でなければなりません (完全に削除したユーザーは復元できません)',
      'update: 更新するものがありません: 少なくとも 1 つのプロパティを入力してください',
      'method: は GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS のいずれかでなければなりません (値: "FETCH")',
      'top: は数値でなければなりません (値: string "ten")',
    ]);
  });

  // A Graph 404 told in the operation's own words (its notFound text), and the status from its first words.
  async function notFound() {
    const missing = '00000000-0000-0000-0000-00000000dead';
    const send = await flow('entra-group', { operation: 'listOwners', groupId: missing, groupIdType: 'str' });
    const node = helper.getNode('node');
    const { kind, msg } = await send();
    kind.should.equal('error');
    const status = node.status.args.map((a) => a[0]).pop();
    await helper.unload();
    return [msg.error.message.split(': ').slice(0, 2).join(': '), status.text];
  }

  it("a Graph 404 in the operation's own words, in Japanese and in English", async function () {
    await i18n.i.changeLanguage('ja');
    (await notFound()).should.eql(['見つかりません: ID 00000000-0000-0000-0000-00000000dead のグループはありません', '404 見つかりません']);
    await i18n.i.changeLanguage('en-US');
    (await notFound()).should.eql(['Not found: no group with id 00000000-0000-0000-0000-00000000dead', '404 not found']);
  });

  it('the English of the code, unchanged, when Node-RED runs in English', async function () {
    await i18n.i.changeLanguage('en-US');
    (await reasons()).should.eql([
      'inactiveDays: must be a whole number of days (1 or more), got 0',
      'confirm: must be true to delete permanently (a permanently deleted user cannot be restored)',
      'update: nothing to update: fill in at least one property',
      'method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, got "FETCH"',
      'top: must be a number, got string "ten"',
    ]);
  });
});
