'use strict';
const should = require('should');
const { helper, useSimulator, loadNodes, connection, run } = require('../support/helper');
const { seedIds } = require('../../simulator/dist');

// entra-raw in Node-RED (test helper, compiled package) against the Graph simulator; request
// shapes are checked with the simulator's /_sim/echo test route and its request recorder.
describe('entra-raw node', function () {
  this.timeout(20000);
  let sim;

  useSimulator((s) => {
    sim = s;
  });

  async function flow(props, { conn = {}, extra = [], wires } = {}) {
    const c = connection(sim, conn);
    const nodes = [
      { id: 'f1', type: 'tab' },
      c.node,
      { id: 'raw', z: 'f1', type: 'entra-raw', connection: c.node.id, wires: wires || [['out']], ...props },
      { id: 'out', z: 'f1', type: 'helper' },
      { id: 'catch', z: 'f1', type: 'catch', scope: ['raw'], wires: [['caught']] },
      { id: 'caught', z: 'f1', type: 'helper' },
      ...extra.map((n) => ({ z: 'f1', ...n })),
    ];
    await loadNodes(nodes, c.credentials);
    return { raw: helper.getNode('raw'), out: helper.getNode('out'), caught: helper.getNode('caught') };
  }
  const send = (n, msg = {}, ms) => run(n.raw, msg, { out: n.out, catcher: n.caught, ms });
  const recorded = async (re) => (await sim.control.requests()).filter((r) => re.test(r.path));

  describe('request shapes', function () {
    it('sends GET with no body', async function () {
      const n = await flow({ url: '/_sim/echo/things' });
      const { kind, msg } = await send(n, { payload: { not: 'sent' } });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(200);
      msg.headers.should.have.property('request-id');
      msg.payload.method.should.equal('GET');
      msg.payload.path.should.equal('/things');
      should(msg.payload.body).be.undefined();
    });

    it('refuses data on a GET (a GET has no body) without sending', async function () {
      const n = await flow({ url: '/_sim/echo', data: '{"a":1}', dataType: 'json' });
      const { kind, msg } = await send(n);
      kind.should.equal('error');
      msg.error.message.should.match(/^data: a GET request has no body/);
      (await recorded(/_sim\/echo/)).should.eql([]);
    });

    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      it(`sends ${method} with data as its JSON body`, async function () {
        const n = await flow({ url: '/_sim/echo/things', method, data: '{"displayName":"x"}', dataType: 'json' });
        const { kind, msg } = await send(n, { payload: 'ignored' });
        kind.should.equal('output', JSON.stringify(msg.error));
        msg.statusCode.should.equal(200);
        msg.payload.method.should.equal(method);
        msg.payload.path.should.equal('/things');
        msg.payload.body.should.eql({ displayName: 'x' });
        msg.payload.headers['content-type'].should.equal('application/json');
      });
    }

    it('sends HEAD and answers an empty payload', async function () {
      const n = await flow({ url: '/_sim/echo', method: 'HEAD' });
      const { msg } = await send(n);
      msg.statusCode.should.equal(200);
      msg.payload.should.equal('');
    });

    it('uses msg.payload as the body when data is empty (POST), never for GET or DELETE', async function () {
      const post = await flow({ url: '/_sim/echo', method: 'POST' });
      (await send(post, { payload: { a: 1 } })).msg.payload.body.should.eql({ a: 1 });
      (await send(post, { payload: '{"b":2}' })).msg.payload.body.should.eql({ b: 2 });
      (await send(post, { payload: 'plain words' })).msg.payload.body.should.equal('plain words');
      await helper.unload();
      for (const method of ['GET', 'DELETE']) {
        const n = await flow({ url: '/_sim/echo', method });
        should((await send(n, { payload: { a: 1 } })).msg.payload.body).be.undefined();
        await helper.unload();
      }
    });

    it('takes method and url from msg, adds queryParams and headers (objects name → value)', async function () {
      const n = await flow({
        url: 'url',
        urlType: 'msg',
        method: 'verb',
        methodType: 'msg',
        queryParams: '{"$select":"id,displayName","$top":3,"tags":["a","b"]}',
        queryParamsType: 'json',
        headers: 'hdrs',
        headersType: 'msg',
      });
      const { msg } = await send(n, {
        url: '/_sim/echo/q?x=1',
        verb: 'patch',
        hdrs: { ConsistencyLevel: 'eventual', 'X-Num': 5 },
        payload: {},
      });
      msg.payload.method.should.equal('PATCH');
      msg.payload.query.should.eql({ x: '1', $select: 'id,displayName', $top: '3', tags: 'a,b' });
      msg.payload.headers.consistencylevel.should.equal('eventual');
      msg.payload.headers['x-num'].should.equal('5');
    });

    it('switches to the beta endpoint with apiVersion beta', async function () {
      const n = await flow({ url: '/_sim/echo', apiVersion: 'beta' });
      (await send(n)).msg.payload.apiVersion.should.equal('beta');
      (await recorded(/_sim\/echo/))[0].path.should.equal('/beta/_sim/echo');
    });

    it('accepts an absolute URL on the Graph host (e.g. a nextLink)', async function () {
      const n = await flow({ url: `${sim.graphBaseUrl}/_sim/echo/abs` });
      (await send(n)).msg.payload.path.should.equal('/abs');
    });

    it('refuses an absolute URL on another host: Catch, and nothing is sent', async function () {
      const n = await flow({ url: 'https://attacker.example/v1.0/users' });
      // The connection's deploy-time token request (after its secret binding check) is not this msg's.
      for (let i = 0; i < 40 && !(await sim.control.requests()).some((r) => /oauth2\/v2.0\/token$/.test(r.path)); i++)
        await new Promise((r) => setTimeout(r, 50));
      await sim.control.clearRequests();
      const { kind, msg } = await send(n);
      kind.should.equal('error');
      msg.error.code.should.equal('HostNotAllowed');
      (await sim.control.requests()).should.eql([]);
    });

    it('refuses an Authorization header and an unknown method before sending', async function () {
      const a = await flow({ url: '/_sim/echo', headers: '{"Authorization":"Bearer stolen"}', headersType: 'json' });
      (await send(a)).msg.error.message.should.match(/headers: Authorization/);
      await helper.unload();
      const b = await flow({ url: '/_sim/echo', method: 'FETCH' });
      (await send(b)).msg.error.message.should.match(/method: must be one of/);
      (await recorded(/_sim\/echo/)).should.eql([]);
    });
  });

  describe('response types', function () {
    it('json: parsed; text: the body as a string; binary: a Buffer of the exact bytes', async function () {
      const j = await flow({ url: '/_sim/echo' });
      (await send(j)).msg.payload.method.should.equal('GET');
      await helper.unload();
      const t = await flow({ url: '/_sim/echo/x', queryParams: '{"respond":"text"}', queryParamsType: 'json', responseType: 'text' });
      (await send(t)).msg.payload.should.equal('GET /x');
      await helper.unload();
      const b = await flow({ url: '/_sim/echo', queryParams: '{"respond":"binary"}', queryParamsType: 'json', responseType: 'binary' });
      const { msg } = await send(b);
      Buffer.isBuffer(msg.payload).should.be.true();
      msg.payload.equals(Buffer.from(Array.from({ length: 256 }, (_, i) => i))).should.be.true();
    });

    it('text response type on a Graph text answer: /users/$count', async function () {
      const n = await flow({ url: '/users/$count', headers: '{"ConsistencyLevel":"eventual"}', headersType: 'json', responseType: 'text' });
      (await send(n)).msg.payload.should.equal('11');
    });

    it('uploads a Buffer as the application logo (PUT image/png) and reads it back as binary', async function () {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10]);
      const up = await flow({
        url: `/applications/${seedIds.application('hr')}/logo`,
        method: 'PUT',
        headers: '{"Content-Type":"image/png"}',
        headersType: 'json',
      });
      const put = await send(up, { payload: png });
      put.kind.should.equal('output', JSON.stringify(put.msg.error));
      put.msg.statusCode.should.equal(204);
      put.msg.payload.should.equal('');
      await helper.unload();
      const down = await flow({ url: `/applications/${seedIds.application('hr')}/logo`, responseType: 'binary' });
      const { msg } = await send(down);
      msg.payload.equals(png).should.be.true();
      msg.headers['content-type'].should.equal('image/png');
    });
  });

  describe('multipart upload', function () {
    it('sends formData fields and fileData files with fileDataFileNames as multipart/form-data', async function () {
      const n = await flow({
        url: '/_sim/echo/upload',
        method: 'POST',
        formData: '{"description":"Q1","meta":{"a":1}}',
        formDataType: 'json',
        fileData: 'files',
        fileDataType: 'msg',
        fileDataFileNames: '{"report":"q1 report.pdf"}',
        fileDataFileNamesType: 'json',
      });
      const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0d, 0x0a]);
      const { kind, msg } = await send(n, { files: { report: bytes, notes: 'hello notes' }, payload: 'not sent' });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.headers['content-type'].should.match(/^multipart\/form-data; boundary=/);
      const parts = Object.fromEntries(msg.payload.parts.map((p) => [p.name, p]));
      Object.keys(parts).sort().should.eql(['description', 'meta', 'notes', 'report']);
      parts.description.text.should.equal('Q1');
      parts.meta.text.should.equal('{"a":1}');
      parts.report.filename.should.equal('q1 report.pdf');
      Buffer.from(parts.report.base64, 'base64').equals(bytes).should.be.true();
      parts.notes.filename.should.equal('notes');
      parts.notes.text.should.equal('hello notes');
    });

    it('takes a single Buffer (e.g. from a file-in node) as the part "file", named by a text file name', async function () {
      const n = await flow({ url: '/_sim/echo', method: 'POST', fileData: 'payload', fileDataType: 'msg', fileDataFileNames: 'photo.jpg' });
      const { msg } = await send(n, { payload: Buffer.from('JPEGDATA') });
      msg.payload.parts.should.have.length(1);
      msg.payload.parts[0].should.match({ name: 'file', filename: 'photo.jpg', text: 'JPEGDATA' });
    });
  });

  describe('retries (seed options on the connection policy)', function () {
    it('retries 503 maxRetryCount times with retryDelayMs between attempts', async function () {
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', status: 503, count: 2 });
      const n = await flow({
        url: '/_sim/echo',
        maxRetryCount: '2',
        maxRetryCountType: 'num',
        retryDelayMs: '50',
        retryDelayMsType: 'num',
      });
      const t0 = Date.now();
      const { kind } = await send(n);
      kind.should.equal('output');
      (Date.now() - t0).should.be.aboveOrEqual(95);
      (await recorded(/_sim\/echo/)).map((r) => r.status).should.eql([503, 503, 200]);
    });

    it('maxRetryCount 0: no retries, even of a 429', async function () {
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', status: 429, retryAfter: '0', count: 1 });
      const n = await flow({ url: '/_sim/echo', maxRetryCount: '0', maxRetryCountType: 'num' });
      const { kind, msg } = await send(n);
      kind.should.equal('error');
      msg.statusCode.should.equal(429);
      msg.error.code.should.equal('TooManyRequests');
      (await recorded(/_sim\/echo/)).should.have.length(1);
    });

    it('empty maxRetryCount: the connection policy (503 retried, 500 not)', async function () {
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', status: 503, count: 2 });
      const n = await flow({ url: '/_sim/echo' });
      (await send(n)).kind.should.equal('output');
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', status: 500, count: 1 });
      const { kind, msg } = await send(n);
      kind.should.equal('error');
      msg.statusCode.should.equal(500);
    });

    it('retryOnAllErrors false: 500 retried but not 404; true: a 404 is retried too', async function () {
      await sim.control.addFault({
        path: '^/v1.0/_sim/echo',
        status: 500,
        body: { error: { code: 'generalException', message: 'boom' } },
        count: 1,
      });
      const n = await flow({ url: '/_sim/echo', maxRetryCount: '1', maxRetryCountType: 'num' });
      (await send(n)).kind.should.equal('output');
      await sim.control.addFault({
        path: '^/v1.0/_sim/echo',
        status: 404,
        body: { error: { code: 'Request_ResourceNotFound', message: 'not yet' } },
        count: 1,
      });
      (await send(n)).kind.should.equal('error');
      await helper.unload();
      await sim.control.addFault({
        path: '^/v1.0/_sim/echo',
        status: 404,
        body: { error: { code: 'Request_ResourceNotFound', message: 'not yet' } },
        count: 1,
      });
      const all = await flow({
        url: '/_sim/echo',
        maxRetryCount: '1',
        maxRetryCountType: 'num',
        retryOnAllErrors: 'true',
        retryOnAllErrorsType: 'bool',
      });
      (await send(all)).kind.should.equal('output');
    });

    it('a Retry-After wins over retryDelayMs (shorter and longer)', async function () {
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', status: 429, retryAfter: '0.4', count: 1 });
      const n = await flow({ url: '/_sim/echo', maxRetryCount: '1', maxRetryCountType: 'num', retryDelayMs: '0', retryDelayMsType: 'num' });
      let t0 = Date.now();
      (await send(n)).kind.should.equal('output');
      (Date.now() - t0).should.be.aboveOrEqual(380);
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', status: 503, retryAfter: '0.1', count: 1 });
      await helper.unload();
      const slow = await flow({
        url: '/_sim/echo',
        maxRetryCount: '1',
        maxRetryCountType: 'num',
        retryDelayMs: '10000',
        retryDelayMsType: 'num',
      });
      t0 = Date.now();
      (await send(slow)).kind.should.equal('output');
      (Date.now() - t0).should.be.below(3000);
    });

    it('useExponentialBackoff ignores retryDelayMs and backs off from the connection base delay', async function () {
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', status: 503, count: 2 });
      const n = await flow(
        {
          url: '/_sim/echo',
          maxRetryCount: '2',
          maxRetryCountType: 'num',
          retryDelayMs: '10000',
          retryDelayMsType: 'num',
          useExponentialBackoff: 'true',
          useExponentialBackoffType: 'bool',
        },
        { conn: { retryBaseDelayMs: 20 } },
      );
      const t0 = Date.now();
      (await send(n)).kind.should.equal('output');
      (Date.now() - t0).should.be.below(3000);
      (await recorded(/_sim\/echo/)).should.have.length(3);
    });

    it('a POST is not repeated after a network error (it may have been processed)', async function () {
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', reset: true, count: 1 });
      const n = await flow({
        url: '/_sim/echo',
        method: 'POST',
        data: '{}',
        dataType: 'json',
        maxRetryCount: '2',
        maxRetryCountType: 'num',
      });
      const { kind, msg } = await send(n);
      kind.should.equal('error');
      msg.error.message.should.match(/^Network error talking to /);
      (await recorded(/_sim\/echo/)).should.have.length(1);
      await helper.unload();
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', reset: true, count: 1 });
      const get = await flow({ url: '/_sim/echo', maxRetryCount: '2', maxRetryCountType: 'num' });
      (await send(get)).kind.should.equal('output');
    });

    it('timeout (ms) aborts a slow answer', async function () {
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', latencyMs: 1500, count: 1 });
      const n = await flow({ url: '/_sim/echo', timeout: '200', timeoutType: 'num', maxRetryCount: '0', maxRetryCountType: 'num' });
      const t0 = Date.now();
      const { kind, msg } = await send(n);
      kind.should.equal('error');
      msg.error.message.should.match(/^Network error talking to /);
      (Date.now() - t0).should.be.below(1200);
    });
  });

  describe('getAll', function () {
    it('follows nextLinks for a collection: msg.payload is every item', async function () {
      const n = await flow({
        url: '/users',
        queryParams: '{"$top":4,"$select":"id"}',
        queryParamsType: 'json',
        getAll: 'true',
        getAllType: 'bool',
      });
      const { msg } = await send(n);
      msg.payload.length.should.equal(11);
      (await recorded(/^\/v1\.0\/users$/)).length.should.equal(3);
    });

    it('without getAll: the page as Graph sent it, and msg.nextLink', async function () {
      const n = await flow({ url: '/users?$top=4' });
      const { msg } = await send(n);
      msg.payload.value.length.should.equal(4);
      msg.nextLink.should.equal(msg.payload['@odata.nextLink']);
    });

    it('per-page output sends one msg per page with msg.parts (Join rebuilds the array)', async function () {
      const n = await flow(
        { url: '/users', queryParams: '{"$top":5}', queryParamsType: 'json', getAll: 'true', getAllType: 'bool', pageOutput: 'perPage' },
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
      n.raw.receive({});
      const msg = await joined;
      pages.map((p) => p.parts.index).should.eql([0, 1, 2]);
      msg.payload.length.should.equal(11);
    });

    it('a response that is not a collection is output as it came', async function () {
      const n = await flow({ url: `/users/${seedIds.user('adele')}`, getAll: 'true', getAllType: 'bool' });
      (await send(n)).msg.payload.id.should.equal(seedIds.user('adele'));
    });
  });

  it('reports Graph errors to Catch with code, status and request id', async function () {
    const n = await flow({ url: '/users/00000000-0000-0000-0000-000000000000' });
    const { kind, msg } = await send(n);
    kind.should.equal('error');
    msg.statusCode.should.equal(404);
    msg.error.code.should.equal('Request_ResourceNotFound');
    msg.requestId.should.be.a.String();
  });

  it('debugRequest logs the request with the token redacted', async function () {
    const n = await flow({ url: '/_sim/echo', debugRequest: true });
    await send(n);
    const lines = helper.log().args.map((a) => JSON.stringify(a[0]));
    const req = lines.find((l) => /request GET .*_sim\/echo/.test(l));
    should.exist(req);
    req.should.match(/Bearer \[redacted\]/);
    lines.join('\n').should.not.match(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
