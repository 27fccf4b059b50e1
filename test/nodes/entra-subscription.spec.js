'use strict';
const should = require('should');
const { helper, loadNodes, connection, run } = require('../support/helper');
const { startTestSimulator } = require('../support/simulator');
const { startServer } = require('../support/https-server');

// entra-subscription in Node-RED (test helper, compiled package) against the Graph simulator, which
// performs the validation handshake against a local HTTPS endpoint.
describe('entra-subscription node', function () {
  this.timeout(20000);
  let sim;
  let endpoint;

  before(async () => {
    sim = await startTestSimulator();
    endpoint = await startServer((rec) => {
      if (rec.url.startsWith('/fail')) return { status: 500, body: 'not today' };
      const token = new URL(rec.url, 'https://x').searchParams.get('validationToken');
      return token !== null ? { status: 200, headers: { 'content-type': 'text/plain' }, body: token } : { status: 202, body: '' };
    });
  });
  after(async () => {
    await endpoint.close();
    await sim.close();
  });
  beforeEach(async () => {
    await sim.control.reset({ seed: 'small' });
  });
  afterEach(async () => {
    await helper.unload();
  });

  async function flow(props, { conn = {}, extra = [] } = {}) {
    const c = connection(sim, conn);
    const nodes = [
      { id: 'f1', type: 'tab' },
      c.node,
      { id: 'sub', z: 'f1', type: 'entra-subscription', connection: c.node.id, wires: [['out']], ...props },
      { id: 'out', z: 'f1', type: 'helper' },
      { id: 'catch', z: 'f1', type: 'catch', scope: ['sub'], wires: [['caught']] },
      { id: 'caught', z: 'f1', type: 'helper' },
      ...extra.map((n) => ({ z: 'f1', ...n })),
    ];
    await loadNodes(nodes, c.credentials);
    return { sub: helper.getNode('sub'), out: helper.getNode('out'), caught: helper.getNode('caught') };
  }
  const graphRequests = async (method, re) => (await sim.control.requests()).filter((r) => r.method === method && re.test(r.path));
  const createBody = (url) => ({
    changeType: 'updated',
    notificationUrl: url,
    resource: '/users',
    expirationDateTime: new Date(Date.now() + 3600000).toISOString(),
  });
  async function createDirect(url) {
    const { access_token: token } = await sim.control.token();
    const r = await require('../support/node-red-process').httpRequest(`${sim.graphBaseUrl}/subscriptions`, {
      method: 'POST',
      body: createBody(url),
      headers: { Authorization: `Bearer ${token}` },
    });
    r.status.should.equal(201, r.text);
    return r.body;
  }

  it('creates a subscription: POST /subscriptions with the inputs, the longest lifetime when Expires is empty, additionalProperties and headers', async function () {
    const n = await flow({
      operation: 'create',
      resource: '/users',
      changeType: 'updated,deleted',
      notificationUrl: `${endpoint.url}/hook`,
      additionalProperties: '{"clientState":"my-secret","lifecycleNotificationUrl":"' + endpoint.url + '/life"}',
      additionalPropertiesType: 'json',
      headers: '{"client-request-id":"11111111-2222-3333-4444-555555555555"}',
      headersType: 'json',
    });
    const before = Date.now();
    const { kind, msg } = await run(n.sub, { payload: 'go' }, { out: n.out, catcher: n.caught });
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.statusCode.should.equal(201);
    msg.payload.should.containEql({ resource: '/users', changeType: 'updated,deleted', clientState: 'my-secret' });
    const [req] = await graphRequests('POST', /^\/v1\.0\/subscriptions$/);
    req.headers['client-request-id'].should.equal('11111111-2222-3333-4444-555555555555');
    req.body.should.containEql({
      changeType: 'updated,deleted',
      notificationUrl: `${endpoint.url}/hook`,
      resource: '/users',
      clientState: 'my-secret',
      lifecycleNotificationUrl: `${endpoint.url}/life`,
    });
    const minutes = (Date.parse(req.body.expirationDateTime) - before) / 60000;
    minutes.should.be.within(41759, 41760.1);
  });

  it("reports the simulator's validation failure to Catch with Graph's message and status", async function () {
    const n = await flow({ operation: 'create', resource: '/users', changeType: 'updated', notificationUrl: `${endpoint.url}/fail` });
    const { kind, msg } = await run(n.sub, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('error');
    msg.statusCode.should.equal(400);
    msg.error.message.should.match(/Subscription validation request failed/);
  });

  it('refuses an http:// notificationUrl before sending anything', async function () {
    const n = await flow({ operation: 'create', resource: '/users', changeType: 'updated', notificationUrl: 'http://example.com/hook' });
    const { kind, msg } = await run(n.sub, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('error');
    msg.error.message.should.match(/notificationUrl: must be an https/);
    (await graphRequests('POST', /subscriptions/)).length.should.equal(0);
  });

  it('gets a subscription by id from msg', async function () {
    const created = await createDirect(`${endpoint.url}/a`);
    const n = await flow({ operation: 'get', subscriptionId: 'payload', subscriptionIdType: 'msg' });
    const { msg } = await run(n.sub, { payload: created.id }, { out: n.out, catcher: n.caught });
    msg.payload.id.should.equal(created.id);
    should(msg.payload.clientState).be.null();
  });

  it('lists every page with getAll, one msg per page with pageOutput perPage', async function () {
    await sim.control.setConfig({ subscriptionPageSize: 2 });
    for (let i = 0; i < 3; i++) await createDirect(`${endpoint.url}/l${i}`);
    let n = await flow({ operation: 'list', getAll: 'true', getAllType: 'bool' });
    let r = await run(n.sub, {}, { out: n.out, catcher: n.caught });
    r.msg.payload.length.should.equal(3);
    await helper.unload();
    n = await flow({ operation: 'list' });
    r = await run(n.sub, {}, { out: n.out, catcher: n.caught });
    r.msg.payload.length.should.equal(2);
    r.msg.nextLink.should.match(/skiptoken/);
    await helper.unload();
    n = await flow({ operation: 'list', getAll: 'true', getAllType: 'bool', pageOutput: 'perPage' });
    const pages = [];
    n.out.on('input', (m) => pages.push(m));
    n.sub.receive({});
    for (let i = 0; i < 50 && pages.length < 2; i++) await new Promise((res) => setTimeout(res, 20));
    pages.map((p) => p.payload.length).should.eql([2, 1]);
    pages[1].parts.count.should.equal(2);
  });

  it('renews with update: PATCH with the new expiry, msg.payload the 200 body', async function () {
    const created = await createDirect(`${endpoint.url}/u`);
    const n = await flow({ operation: 'update', subscriptionId: created.id, expirationDateTime: '90', expirationDateTimeType: 'num' });
    const before = Date.now();
    const { kind, msg } = await run(n.sub, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.statusCode.should.equal(200);
    msg.payload.id.should.equal(created.id);
    const [req] = await graphRequests('PATCH', /^\/v1\.0\/subscriptions\//);
    Object.keys(req.body).should.eql(['expirationDateTime']);
    ((Date.parse(req.body.expirationDateTime) - before) / 60000).should.be.within(89.9, 90.1);
    msg.payload.expirationDateTime.should.equal(new Date(req.body.expirationDateTime).toISOString());
  });

  it('refuses an update with nothing to change', async function () {
    const n = await flow({ operation: 'update', subscriptionId: 'abc' });
    const { kind, msg } = await run(n.sub, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('error');
    msg.error.message.should.match(/nothing to update/);
  });

  it('deletes a subscription: 204, msg.payload { id, deleted: true }; a missing one goes to Catch with 404', async function () {
    const created = await createDirect(`${endpoint.url}/d`);
    const n = await flow({ operation: 'delete', subscriptionId: 'payload', subscriptionIdType: 'msg' });
    let r = await run(n.sub, { payload: created.id }, { out: n.out, catcher: n.caught });
    r.msg.statusCode.should.equal(204);
    r.msg.payload.should.eql({ id: created.id, deleted: true });
    r = await run(n.sub, { payload: created.id }, { out: n.out, catcher: n.caught });
    r.kind.should.equal('error');
    r.msg.statusCode.should.equal(404);
    r.msg.error.code.should.equal('ResourceNotFound');
  });

  it('deleteInstanced deletes only subscriptions under webhookBaseUrl, on a URL boundary, and reports how many', async function () {
    const base = `${endpoint.url}/nr`;
    const mine = [await createDirect(`${base}/hook1`), await createDirect(`${base}/a/b`), await createDirect(base)];
    const others = [await createDirect(`${endpoint.url}/nrx/hook`), await createDirect(`${endpoint.url}/other`)];
    const n = await flow({ operation: 'deleteInstanced' }, { conn: { webhookBaseUrl: `${base}/` } });
    const { kind, msg } = await run(n.sub, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.payload.count.should.equal(3);
    msg.payload.deleted.sort().should.eql(mine.map((s) => s.id).sort());
    msg.payload.failed.should.eql([]);
    const left = (await sim.control.subscriptions()).map((s) => s.id).sort();
    left.should.eql(others.map((s) => s.id).sort());
  });

  it('deleteInstanced refuses to run when the connection has no webhookBaseUrl', async function () {
    await createDirect(`${endpoint.url}/keep`);
    const n = await flow({ operation: 'deleteInstanced' });
    const { kind, msg } = await run(n.sub, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('error');
    msg.error.message.should.match(/webhookBaseUrl: is empty/);
    (await sim.control.subscriptions()).length.should.equal(1);
    (await graphRequests('GET', /subscriptions/)).length.should.equal(0);
  });
});
