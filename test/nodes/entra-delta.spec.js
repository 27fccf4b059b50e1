'use strict';
const should = require('should');
const { helper, loadNodes, connection, run } = require('../support/helper');
const { startTestSimulator } = require('../support/simulator');
const { seedIds } = require('../../simulator/dist');

// entra-delta in Node-RED (test helper, compiled package) against the Graph simulator.
describe('entra-delta node', function () {
  this.timeout(20000);
  let sim;
  let token;

  before(async () => {
    sim = await startTestSimulator();
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await sim.control.reset({ seed: 'small' });
    token = (await sim.control.token()).access_token;
  });
  afterEach(async () => {
    await helper.unload();
  });

  async function flow(props, { extra = [], wires } = {}) {
    const c = connection(sim);
    const nodes = [
      { id: 'f1', type: 'tab' },
      c.node,
      { id: 'delta', z: 'f1', type: 'entra-delta', connection: c.node.id, wires: wires || [['out']], ...props },
      { id: 'out', z: 'f1', type: 'helper' },
      { id: 'catch', z: 'f1', type: 'catch', scope: ['delta'], wires: [['caught']] },
      { id: 'caught', z: 'f1', type: 'helper' },
      ...extra.map((n) => ({ z: 'f1', ...n })),
    ];
    await loadNodes(nodes, c.credentials);
    const node = helper.getNode('delta');
    const statuses = [];
    const orig = node.status.bind(node);
    node.status = (s) => {
      statuses.push(s);
      orig(s);
    };
    return { delta: node, out: helper.getNode('out'), caught: helper.getNode('caught'), statuses };
  }
  const send = (n, msg = {}) => run(n.delta, msg, { out: n.out, catcher: n.caught });

  /** A Graph call straight to the simulator (the "change made elsewhere"). */
  async function graph(method, path, body) {
    const { GraphClient } = require('../../dist/lib/graph-client');
    const client = new GraphClient({ baseUrl: sim.graphBaseUrl, tokens: { getAccessToken: async () => token } });
    return client.request({ method, url: path, body });
  }
  async function deltaRequests() {
    return (await sim.control.requests()).filter((r) => r.method === 'GET' && /\/delta$/.test(r.path));
  }

  it('full sync, then only what changed since msg.deltaLink: the update and an @removed "changed" entry', async function () {
    const n = await flow({ url: 'payload', urlType: 'msg', select: 'displayName,jobTitle' });
    const first = await send(n, { payload: '/users/delta' });
    first.kind.should.equal('output', JSON.stringify(first.msg.error));
    first.msg.payload.length.should.equal(11);
    first.msg.deltaLink.should.match(/\/v1\.0\/users\/delta\?\$deltatoken=/);
    should(first.msg.nextLink).be.undefined();
    first.msg.statusCode.should.equal(200);
    first.msg.headers.should.have.property('request-id');
    await graph('PATCH', `/users/${seedIds.user('adele')}`, { jobTitle: 'Chief Explorer' });
    await graph('DELETE', `/users/${seedIds.user('alex')}`);
    const next = await send(n, { payload: first.msg.deltaLink });
    next.kind.should.equal('output');
    next.msg.payload.should.have.length(2);
    next.msg.payload.find((u) => u.id === seedIds.user('adele')).jobTitle.should.equal('Chief Explorer');
    next.msg.payload.find((u) => u.id === seedIds.user('alex')).should.eql({ id: seedIds.user('alex'), '@removed': { reason: 'changed' } });
    // $select went with the first request only: Graph carries it in the tokens.
    const reqs = await deltaRequests();
    reqs[0].query.$select.should.equal('displayName,jobTitle');
    should(reqs[reqs.length - 1].query.$select).be.undefined();
  });

  it('follows every nextLink to the deltaLink in one round by default', async function () {
    await sim.control.setConfig({ deltaPageSize: 4 });
    const n = await flow({});
    const { msg } = await send(n);
    msg.payload.length.should.equal(11);
    (await deltaRequests()).length.should.equal(3);
    msg.deltaLink.should.match(/\$deltatoken=/);
  });

  it('remembers the deltaLink: the next msg without a url gets only the changes; msg.reset = true starts over', async function () {
    const n = await flow({ rememberDeltaLink: 'true', rememberDeltaLinkType: 'bool', select: 'displayName' });
    (await send(n)).msg.payload.length.should.equal(11);
    (await send(n)).msg.payload.should.eql([]);
    await graph('PATCH', `/users/${seedIds.user('megan')}`, { displayName: 'Megan B.' });
    const changed = await send(n);
    changed.msg.payload.should.eql([{ id: seedIds.user('megan'), displayName: 'Megan B.' }]);
    const stored = n.delta.context().get('entraDeltaLinks');
    stored['/users/delta?$select=displayName'].link.should.equal(changed.msg.deltaLink);
    const reset = await send(n, { reset: true });
    reset.msg.payload.length.should.equal(11);
    should(reset.msg.reset).be.undefined();
  });

  it('without rememberDeltaLink every msg is a full round', async function () {
    const n = await flow({});
    (await send(n)).msg.payload.length.should.equal(11);
    (await send(n)).msg.payload.length.should.equal(11);
    should(n.delta.context().get('entraDeltaLinks')).be.undefined();
  });

  it('one page per msg with followPages false: msg.nextLink, the next msg continues, msg.parts spans the round', async function () {
    await sim.control.setConfig({ deltaPageSize: 5 });
    const n = await flow({ followPages: false, pageOutput: 'perPage' });
    const p1 = (await send(n)).msg;
    p1.payload.length.should.equal(5);
    p1.nextLink.should.match(/\$skiptoken=/);
    should(p1.deltaLink).be.undefined();
    const p2 = (await send(n)).msg;
    const p3 = (await send(n)).msg;
    p3.payload.length.should.equal(1);
    p3.deltaLink.should.match(/\$deltatoken=/);
    should(p3.nextLink).be.undefined();
    [p1, p2, p3].map((m) => m.parts.index).should.eql([0, 1, 2]);
    new Set([p1, p2, p3].map((m) => m.parts.id)).size.should.equal(1);
    p3.parts.count.should.equal(3);
    should(p1.parts.count).be.undefined();
    new Set([p1, p2, p3].flatMap((m) => m.payload.map((u) => u.id))).size.should.equal(11);
    // the round is finished: without rememberDeltaLink the next msg starts a new one
    const again = (await send(n)).msg;
    again.parts.index.should.equal(0);
    again.parts.id.should.not.equal(p1.parts.id);
  });

  it('per-page output: one msg per page with msg.parts that a Join node turns back into the round', async function () {
    await sim.control.setConfig({ deltaPageSize: 4 });
    const n = await flow(
      { pageOutput: 'perPage' },
      {
        wires: [['join', 'out']],
        extra: [
          { id: 'join', type: 'join', mode: 'auto', wires: [['joined']] },
          { id: 'joined', type: 'helper' },
        ],
      },
    );
    const pages = [];
    n.out.on('input', (m) => pages.push(m));
    const joined = new Promise((resolve) => helper.getNode('joined').once('input', resolve));
    n.delta.receive({});
    const msg = await joined;
    pages.length.should.equal(3);
    pages.map((p) => p.parts.index).should.eql([0, 1, 2]);
    pages[0].nextLink.should.match(/\$skiptoken=/);
    pages[2].deltaLink.should.match(/\$deltatoken=/);
    msg.payload.length.should.equal(11);
  });

  it('merges a group whose members@delta Graph splits over pages into one object', async function () {
    await sim.control.setConfig({ deltaMembersPageSize: 1 });
    const n = await flow({ url: '/groups/delta', select: 'displayName,members' });
    const { msg } = await send(n);
    const sales = msg.payload.filter((g) => g.id === seedIds.group('sales'));
    sales.should.have.length(1);
    // seeded with 3 members, one per page
    sales[0]['members@delta']
      .map((m) => m.id)
      .sort()
      .should.eql([seedIds.user('alex'), seedIds.user('isaiah'), seedIds.user('megan')].sort());
    new Set(msg.payload.map((g) => g.id)).size.should.equal(msg.payload.length);
  });

  it('works on applications: full round, then an update and a soft delete', async function () {
    const n = await flow({ url: '/applications/delta', rememberDeltaLink: 'true', rememberDeltaLinkType: 'bool', select: 'displayName' });
    (await send(n)).msg.payload
      .map((a) => a.displayName)
      .sort()
      .should.eql(['Contoso Expenses', 'Contoso HR Portal', 'Entra-RED Simulator Client']);
    await graph('PATCH', `/applications/${seedIds.application('hr')}`, { displayName: 'HR 2' });
    await graph('DELETE', `/applications/${seedIds.application('expenses')}`);
    const { msg } = await send(n);
    msg.payload.should.have.length(2);
    msg.payload.find((a) => a.id === seedIds.application('expenses'))['@removed'].reason.should.equal('changed');
  });

  it('works on any delta resource, e.g. /servicePrincipals/delta: full round, then only the one changed service principal', async function () {
    const n = await flow({
      url: '/servicePrincipals/delta',
      rememberDeltaLink: 'true',
      rememberDeltaLinkType: 'bool',
      select: 'displayName,appRoleAssignmentRequired',
    });
    const first = (await send(n)).msg;
    first.payload
      .map((p) => p.displayName)
      .sort()
      .should.eql(['Contoso Expenses', 'Contoso HR Portal', 'Entra-RED Simulator Client', 'Microsoft Graph']);
    first.deltaLink.should.match(/\/v1\.0\/servicePrincipals\/delta\?\$deltatoken=/);
    const hr = seedIds.servicePrincipal('hr');
    await graph('PATCH', `/servicePrincipals/${hr}`, { appRoleAssignmentRequired: true });
    const { msg } = await send(n);
    msg.payload.should.eql([{ id: hr, displayName: 'Contoso HR Portal', appRoleAssignmentRequired: true }]);
  });

  it('410 Gone: restarts from the Location as a full sync, says so in msg.resync and the status, then continues normally', async function () {
    const n = await flow({ rememberDeltaLink: 'true', rememberDeltaLinkType: 'bool', select: 'displayName' });
    await send(n);
    await sim.control.expireDeltaTokens();
    const { kind, msg } = await send(n);
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.resync.should.be.true();
    msg.payload.length.should.equal(11);
    n.statuses[n.statuses.length - 1].should.match({ fill: 'yellow', text: /resynced/ });
    const gone = (await sim.control.requests()).filter((r) => r.status === 410);
    gone.should.have.length(1);
    const after = await send(n);
    after.msg.payload.should.eql([]);
    should(after.msg.resync).be.undefined();
    n.statuses[n.statuses.length - 1].should.eql({});
  });

  it('deltaToken "latest" starts from now; skipToken and deltaToken build the URL', async function () {
    const n = await flow({ deltaToken: 'latest', select: 'displayName' });
    const now = (await send(n)).msg;
    now.payload.should.eql([]);
    const token = new URL(now.deltaLink).searchParams.get('$deltatoken');
    await graph('PATCH', `/users/${seedIds.user('adele')}`, { displayName: 'Adele V.' });
    await helper.unload();
    const m = await flow({ deltaToken: 'payload', deltaTokenType: 'msg', select: 'displayName' });
    const next = (await send(m, { payload: token })).msg;
    next.payload.should.eql([{ id: seedIds.user('adele'), displayName: 'Adele V.' }]);
    const reqs = await deltaRequests();
    reqs[0].query.should.eql({ $deltatoken: 'latest', $select: 'displayName' });
    reqs[1].query.should.eql({ $deltatoken: token });
    await sim.control.setConfig({ deltaPageSize: 4 });
    await helper.unload();
    const s = await flow({ followPages: false });
    const page1 = (await send(s)).msg;
    const skip = new URL(page1.nextLink).searchParams.get('$skiptoken');
    await helper.unload();
    const k = await flow({ skipToken: skip, followPages: false });
    const page2 = (await send(k)).msg;
    page2.payload.length.should.equal(4);
    page2.payload.map((u) => u.id).should.not.containDeep(page1.payload.map((u) => u.id));
  });

  it('sends Prefer: return=minimal with returnMinimal', async function () {
    const n = await flow({
      returnMinimal: 'true',
      returnMinimalType: 'bool',
      rememberDeltaLink: 'true',
      rememberDeltaLinkType: 'bool',
      select: 'displayName,jobTitle',
    });
    await send(n);
    await graph('PATCH', `/users/${seedIds.user('adele')}`, { jobTitle: 'CTO' });
    const { msg } = await send(n);
    msg.payload.should.eql([{ id: seedIds.user('adele'), jobTitle: 'CTO' }]);
    (await deltaRequests()).every((r) => r.headers.prefer === 'return=minimal').should.be.true();
  });

  it('a filter Graph does not support goes to Catch with Request_UnsupportedQuery', async function () {
    const n = await flow({ filter: "startswith(displayName,'A')" });
    const { kind, msg } = await send(n);
    kind.should.equal('error');
    msg.error.code.should.equal('Request_UnsupportedQuery');
    msg.statusCode.should.equal(400);
    (await deltaRequests())[0].query.$filter.should.equal("startswith(displayName,'A')");
  });

  it('an id eq filter limits the round to those objects', async function () {
    const n = await flow({ filter: `id eq '${seedIds.user('adele')}' or id eq '${seedIds.user('megan')}'`, select: 'displayName' });
    const { msg } = await send(n);
    msg.payload
      .map((u) => u.id)
      .sort()
      .should.eql([seedIds.user('adele'), seedIds.user('megan')].sort());
  });

  it('refuses a deltaLink on another host without sending anything', async function () {
    const n = await flow({ url: 'https://evil.example/v1.0/users/delta?$deltatoken=abc' });
    const { kind, msg } = await send(n);
    kind.should.equal('error');
    msg.error.code.should.equal('HostNotAllowed');
    (await deltaRequests()).should.have.length(0);
  });
});
