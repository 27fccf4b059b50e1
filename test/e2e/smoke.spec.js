'use strict';
// End-to-end smoke test: the packed package in a real Node-RED process (HTTPS, adminAuth),
// next to the Graph simulator.
const fs = require('fs');
const path = require('path');
const should = require('should');
const { resolveNodeRed, repoRoot } = require('../support/node-red-path');
const { useSimulatorAndNodeRed } = require('../support/simulator-node-red');
const { simulatorConnection, simulatorCredentials } = require('../support/e2e-flows');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const declared = Object.keys(pkg['node-red'].nodes);

describe(`e2e smoke: Node-RED ${resolveNodeRed().version} process with the packed package`, function () {
  this.timeout(60000);
  let sim;
  let nr;

  useSimulatorAndNodeRed(
    (s, n) => {
      sim = s;
      nr = n;
    },
    { adminAuth: true, contextStorage: true },
  );

  it('serves the editor and the admin API over HTTPS', async function () {
    nr.url.should.startWith('https://');
    const editor = await nr.request('GET', '/', undefined, { auth: false });
    editor.status.should.equal(200);
    editor.text.should.match(/<html/i);
  });

  it('registers every node type that package.json declares, without errors', async function () {
    const r = await nr.request('GET', '/nodes', undefined, { headers: { Accept: 'application/json' } });
    r.status.should.equal(200);
    const sets = r.body.filter((s) => s.module === pkg.name);
    sets.length.should.be.above(0, `no node set of ${pkg.name} in GET /nodes`);
    for (const s of sets) {
      should.not.exist(s.err, `node set ${s.id}: ${s.err}`);
      s.enabled.should.be.true();
      s.version.should.equal(pkg.version);
    }
    const types = sets.flatMap((s) => s.types);
    for (const t of declared) types.should.containEql(t);
    nr.log().should.not.match(/\[error\].*(entra|Entra)/);
  });

  it('honours adminAuth: a read-only user can read flows but not deploy', async function () {
    (await nr.request('GET', '/flows', undefined, { auth: false })).status.should.equal(401);
    (await nr.request('GET', '/flows', undefined, { user: 'reader' })).status.should.equal(200);
    const denied = await nr.request('POST', '/flows', { flows: [] }, { user: 'reader' });
    denied.status.should.be.oneOf(401, 403);
  });

  it('deploys and runs a flow: http-in → change → http response, inject → debug', async function () {
    const flows = [
      { id: 'smoke-tab', type: 'tab', label: 'Smoke' },
      { id: 'smoke-in', type: 'http in', z: 'smoke-tab', url: '/smoke', method: 'post', wires: [['smoke-change']] },
      {
        id: 'smoke-change',
        type: 'change',
        z: 'smoke-tab',
        rules: [{ t: 'set', p: 'payload.seen', pt: 'msg', to: 'true', tot: 'bool' }],
        wires: [['smoke-out']],
      },
      { id: 'smoke-out', type: 'http response', z: 'smoke-tab', statusCode: '', headers: {}, wires: [] },
      {
        id: 'smoke-inject',
        type: 'inject',
        z: 'smoke-tab',
        props: [{ p: 'payload' }],
        payload: 'smoke-hello',
        payloadType: 'str',
        once: true,
        onceDelay: 0.1,
        repeat: '',
        wires: [['smoke-debug']],
      },
      { id: 'smoke-debug', type: 'debug', z: 'smoke-tab', active: true, console: true, complete: 'payload', targetType: 'msg', wires: [] },
    ];
    const mark = nr.logMark();
    const rev = await nr.deploy(flows);
    rev.should.be.a.String();
    await mark.waitFor(/smoke-hello/, 15000);
    const r = await nr.httpNode('POST', '/smoke', { a: 1 });
    r.status.should.equal(200);
    r.body.should.eql({ a: 1, seen: true });
    const { flows: deployed, rev: rev2 } = await nr.getFlows();
    rev2.should.equal(rev);
    deployed.map((n) => n.id).should.containEql('smoke-debug');
  });

  it('runs an entra-user list against the simulator from a deployed flow', async function () {
    if (!declared.includes('entra-user')) this.skip();
    const flows = [
      { id: 'u-tab', type: 'tab', label: 'Users' },
      simulatorConnection('u-conn', { credentials: simulatorCredentials(sim) }),
      { id: 'u-in', type: 'http in', z: 'u-tab', url: '/users', method: 'get', wires: [['u-user']] },
      {
        id: 'u-user',
        type: 'entra-user',
        z: 'u-tab',
        connection: 'u-conn',
        operation: 'list',
        top: '5',
        topType: 'num',
        wires: [['u-out']],
      },
      { id: 'u-out', type: 'http response', z: 'u-tab', statusCode: '', headers: {}, wires: [] },
    ];
    await nr.deploy(flows);
    const r = await nr.httpNode('GET', '/users');
    r.status.should.equal(200, r.text);
    r.body.should.be.an.Array();
    r.body.length.should.be.above(0);
    r.body[0].should.have.property('id');
  });

  it('keeps the deployed flows and credentials across a restart', async function () {
    this.timeout(120000);
    const before = await nr.getFlows();
    await nr.restart();
    const after = await nr.getFlows();
    after.rev.should.equal(before.rev);
    nr.log().should.not.match(/Error loading credentials|credentialSecret/i);
  });
});
