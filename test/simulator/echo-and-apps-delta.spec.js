'use strict';
// Additions for raw requests and delta on more resources: /applications/delta [ADELTA], the
// application logo stream (binary in and out), and the /_sim/echo test route (not Graph) that
// answers with the request it received, multipart parts included.
const should = require('should');
const { start, request, sim } = require('./helpers');

describe('simulator: applications delta, application logo and the /_sim/echo test route', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  async function round(url) {
    const items = [];
    let link = url;
    for (;;) {
      const r = await s.graph('GET', link);
      r.status.should.equal(200, r.text);
      items.push(...r.body.value);
      if (r.body['@odata.deltaLink']) return { items, deltaLink: r.body['@odata.deltaLink'] };
      link = r.body['@odata.nextLink'];
    }
  }

  describe('/applications/delta', function () {
    it('a full round lists every application, then only what changed: an update and a soft delete as @removed "changed" [ADELTA, DQO]', async () => {
      await s.control.setConfig({ deltaPageSize: 2 });
      const first = await round('/applications/delta?$select=displayName,appId');
      first.items
        .map((a) => a.displayName)
        .sort()
        .should.eql(['Contoso Expenses', 'Contoso HR Portal', 'Entra-RED Simulator Client']);
      first.deltaLink.should.startWith(`${s.url}/v1.0/applications/delta?$deltatoken=`);
      const hr = sim.seedIds.application('hr');
      const expenses = sim.seedIds.application('expenses');
      (await s.graph('PATCH', `/applications/${hr}`, { body: { displayName: 'HR Portal 2' } })).status.should.equal(204);
      (await s.graph('DELETE', `/applications/${expenses}`)).status.should.equal(204);
      const next = await round(first.deltaLink);
      next.items.should.have.length(2);
      next.items.find((a) => a.id === hr).displayName.should.equal('HR Portal 2');
      next.items.find((a) => a.id === expenses)['@removed'].should.eql({ reason: 'changed' });
    });

    it('keeps users and applications tokens apart: an applications token on /users/delta is refused', async () => {
      const first = await round('/applications/delta');
      const token = new URL(first.deltaLink).searchParams.get('$deltatoken');
      (await s.graph('GET', `/users/delta?$deltatoken=${token}`)).status.should.equal(400);
    });

    it('expired application tokens answer 410 Gone with a Location on /applications/delta [DQO]', async () => {
      const first = await round('/applications/delta?$select=displayName');
      await s.control.expireDeltaTokens();
      const gone = await s.graph('GET', first.deltaLink);
      gone.status.should.equal(410);
      gone.headers.location.should.startWith(`${s.url}/v1.0/applications/delta?$select=displayName`);
    });
  });

  describe('application logo (Edm.Stream)', function () {
    it('PUT stores the image bytes unaltered, GET returns them with their content type', async () => {
      const hr = sim.seedIds.application('hr');
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80]);
      (await s.graph('GET', `/applications/${hr}/logo`)).status.should.equal(404);
      const put = await s.graph('PUT', `/applications/${hr}/logo`, { raw: png, headers: { 'content-type': 'image/png' } });
      put.status.should.equal(204);
      const got = await rawGet(`/v1.0/applications/${hr}/logo`);
      got.status.should.equal(200);
      got.headers['content-type'].should.equal('image/png');
      got.bytes.equals(png).should.be.true();
      (await s.graph('PUT', `/applications/${hr}/logo`, { raw: 'x', headers: { 'content-type': 'text/plain' } })).status.should.equal(400);
    });
  });

  describe('/_sim/echo (test route, not Graph)', function () {
    it('needs a valid token like every Graph route', async () => {
      (await request(s, 'GET', '/v1.0/_sim/echo')).status.should.equal(401);
    });

    it('answers every method with its method, path, query, headers (token hidden) and JSON body, on v1.0 and beta', async () => {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        // (Node's client sends a DELETE/OPTIONS body unframed unless Content-Length is given.)
        const r = await s.graph(
          method,
          `/_sim/echo/things?$top=3&x=1`,
          method === 'GET' ? { headers: { 'x-test': 'yes' } } : { body: { a: 1 }, headers: { 'x-test': 'yes', 'content-length': '7' } },
        );
        r.status.should.equal(200, `${method}: ${r.text}`);
        r.body.method.should.equal(method);
        r.body.apiVersion.should.equal('v1.0');
        r.body.path.should.equal('/things');
        r.body.query.should.eql({ $top: '3', x: '1' });
        r.body.headers['x-test'].should.equal('yes');
        r.body.headers.authorization.should.equal('Bearer [verified]');
        if (method !== 'GET') r.body.body.should.eql({ a: 1 });
      }
      const beta = await request(s, 'GET', '/beta/_sim/echo', { token: s.token });
      beta.body.apiVersion.should.equal('beta');
      (await request(s, 'HEAD', '/v1.0/_sim/echo', { token: s.token })).status.should.equal(200);
    });

    it('parses multipart/form-data: fields and files with their file names, content types and exact bytes', async () => {
      const form = new FormData();
      form.append('note', 'hello');
      const bytes = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);
      form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'report "q1".bin');
      const req = new Request('https://x.invalid/', { method: 'POST', body: form });
      const body = Buffer.from(await req.arrayBuffer());
      const r = await s.graph('POST', '/_sim/echo', { raw: body, headers: { 'content-type': req.headers.get('content-type') } });
      r.status.should.equal(200, r.text);
      r.body.parts.should.have.length(2);
      r.body.parts[0].should.match({ name: 'note', text: 'hello', size: 5 });
      should(r.body.parts[0].filename).be.undefined();
      r.body.parts[1].should.match({ name: 'file', contentType: 'application/octet-stream', size: bytes.length });
      r.body.parts[1].filename.should.match(/^report (%22|")q1(%22|")\.bin$/);
      Buffer.from(r.body.parts[1].base64, 'base64').equals(bytes).should.be.true();
    });

    it('answers text/plain with ?respond=text and every byte value with ?respond=binary', async () => {
      const t = await s.graph('GET', '/_sim/echo/a?respond=text');
      t.headers['content-type'].should.match(/^text\/plain/);
      t.text.should.equal('GET /a');
      const b = await rawGet('/v1.0/_sim/echo?respond=binary');
      b.headers['content-type'].should.equal('application/octet-stream');
      b.bytes.length.should.equal(256);
      b.bytes[255].should.equal(255);
    });
  });

  function rawGet(p) {
    const https = require('https');
    const fs = require('fs');
    return new Promise((resolve, reject) => {
      https
        .get(new URL(p, s.url), { ca: fs.readFileSync(s.caPath), headers: { authorization: `Bearer ${s.token}` }, agent: false }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  }
});
