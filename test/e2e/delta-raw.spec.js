'use strict';
// entra-delta and entra-raw end to end: the packed package in a real Node-RED process (HTTPS,
// persistent context store) next to the Graph simulator, driven over http-in endpoints.
const fs = require('fs');
const path = require('path');
require('should');
const { startNodeRed } = require('../support/node-red-process');
const { resolveNodeRed, repoRoot } = require('../support/node-red-path');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { simulatorConnection, simulatorCredentials, httpNodeWhenRouted } = require('../support/e2e-flows');
const { seedIds } = require('../../simulator/dist');
const { GraphClient } = require('../../dist/lib/graph-client');

const CONN_ID = 'dr-conn';

/** http in → node → (drop Graph's headers) → http response; errors → 4xx/5xx with the error. */
/** msg.reset from the request body (http-in cannot set it), for entra-delta. */
function endpoint(name, node, httpIn = {}) {
  const id = (s) => `dr-${name}-${s}`;
  const withReset = node.type === 'entra-delta';
  return [
    {
      id: id('in'),
      type: 'http in',
      z: 'dr-tab',
      url: `/${name}`,
      method: 'post',
      upload: false,
      ...httpIn,
      wires: [[withReset ? id('set-reset') : node.id]],
    },
    ...(withReset
      ? [
          {
            id: id('set-reset'),
            type: 'change',
            z: 'dr-tab',
            rules: [{ t: 'set', p: 'reset', pt: 'msg', to: 'payload.reset = true', tot: 'jsonata' }],
            wires: [[node.id]],
          },
        ]
      : []),
    { ...node, z: 'dr-tab', connection: CONN_ID, wires: [[id('clean')]] },
    {
      id: id('clean'),
      type: 'change',
      z: 'dr-tab',
      rules: [
        // Graph's headers must not become the http response's: only what the test reads.
        {
          t: 'set',
          p: 'headers',
          pt: 'msg',
          to: '{"x-resync": $string(resync = true), "x-delta-link": deltaLink ? "yes" : "no"}',
          tot: 'jsonata',
        },
      ],
      wires: [[id('out')]],
    },
    { id: id('catch'), type: 'catch', z: 'dr-tab', scope: [node.id], wires: [[id('err')]] },
    {
      id: id('err'),
      type: 'change',
      z: 'dr-tab',
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: '{"error": error.message, "code": error.code, "statusCode": statusCode}', tot: 'jsonata' },
        { t: 'set', p: 'statusCode', pt: 'msg', to: 'statusCode ? statusCode : 422', tot: 'jsonata' },
        { t: 'delete', p: 'headers', pt: 'msg' },
      ],
      wires: [[id('out')]],
    },
    { id: id('out'), type: 'http response', z: 'dr-tab', statusCode: '', headers: {}, wires: [] },
  ];
}

describe(`e2e: entra-delta and entra-raw in Node-RED ${resolveNodeRed().version}`, function () {
  this.timeout(60000);
  let sim;
  let nr;
  let client;

  const flows = () => [
    { id: 'dr-tab', type: 'tab', label: 'Delta and raw' },
    simulatorConnection(CONN_ID, { maxRetries: 3, retryBaseDelayMs: 20, credentials: simulatorCredentials(sim) }),
    ...endpoint('delta', {
      id: 'dr-delta',
      type: 'entra-delta',
      url: '/users/delta',
      select: 'displayName,jobTitle',
      rememberDeltaLink: 'true',
      rememberDeltaLinkType: 'bool',
    }),
    ...endpoint('delta-reset', {
      id: 'dr-delta-reset',
      type: 'entra-delta',
      url: '/users/delta',
      select: 'displayName,jobTitle',
      rememberDeltaLink: 'true',
      rememberDeltaLinkType: 'bool',
    }),
    ...endpoint('raw', {
      id: 'dr-raw',
      type: 'entra-raw',
      url: 'payload.url',
      urlType: 'jsonata',
      method: 'payload.method',
      methodType: 'jsonata',
      data: 'payload.data',
      dataType: 'jsonata',
      queryParams: 'payload.query',
      queryParamsType: 'jsonata',
      headers: 'payload.headers',
      headersType: 'jsonata',
      responseType: 'payload.responseType',
      responseTypeType: 'jsonata',
      maxRetryCount: 'payload.maxRetryCount',
      maxRetryCountType: 'jsonata',
      retryDelayMs: '10',
      retryDelayMsType: 'num',
      getAll: 'payload.getAll',
      getAllType: 'jsonata',
    }),
    ...endpoint(
      'upload',
      {
        id: 'dr-upload',
        type: 'entra-raw',
        url: '/_sim/echo/upload',
        method: 'POST',
        formData: '{"description":"from an http upload"}',
        formDataType: 'json',
        fileData: 'req.files[0].buffer',
        fileDataType: 'msg',
        fileDataFileNames: 'req.files[0].originalname',
        fileDataFileNamesType: 'msg',
      },
      { upload: true },
    ),
  ];

  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    const tokens = { getAccessToken: async () => (await sim.control.token()).access_token };
    client = new GraphClient({ baseUrl: sim.graphBaseUrl, tokens });
    nr = await startNodeRed({ adminAuth: true, contextStorage: true, env: simulatorEnv(sim) });
    await nr.deploy(flows());
  });

  after(async function () {
    this.timeout(30000);
    if (nr) await nr.stop();
    if (sim) await sim.close();
  });

  const httpNode = (method, p, body, opts) => httpNodeWhenRouted(nr, method, p, body, opts);

  const delta = async (p = '/delta', body = {}) => {
    const r = await httpNode('POST', p, body);
    r.status.should.equal(200, r.text);
    return r.body;
  };

  describe('entra-delta', function () {
    it('full sync, a change in the simulator, then only that change with an @removed entry', async function () {
      const first = await delta();
      first.length.should.equal(11);
      await client.request({ method: 'PATCH', url: `/users/${seedIds.user('adele')}`, body: { jobTitle: 'Explorer' } });
      await client.request({ method: 'DELETE', url: `/users/${seedIds.user('alex')}` });
      const next = await delta();
      next.should.have.length(2);
      next.find((u) => u.id === seedIds.user('adele')).jobTitle.should.equal('Explorer');
      next.find((u) => u.id === seedIds.user('alex'))['@removed'].should.eql({ reason: 'changed' });
      (await delta()).should.eql([]);
    });

    it('the remembered deltaLink survives a Node-RED restart with a persistent context store', async function () {
      this.timeout(120000);
      await client.request({ method: 'PATCH', url: `/users/${seedIds.user('megan')}`, body: { displayName: 'Megan (restarted)' } });
      await nr.restart();
      const after = await delta();
      after.should.have.length(1);
      after[0].should.match({ id: seedIds.user('megan'), displayName: 'Megan (restarted)' });
      const stored = fs.readdirSync(path.join(nr.userDir, 'context')).length;
      stored.should.be.above(0);
    });

    it('410 Gone: the next round restarts with a full sync and msg.resync', async function () {
      await sim.control.expireDeltaTokens();
      const r = await httpNode('POST', '/delta', {});
      r.status.should.equal(200, r.text);
      r.headers['x-resync'].should.equal('true');
      r.body.length.should.equal(10); // alex was deleted above
      const again = await httpNode('POST', '/delta', {});
      again.headers['x-resync'].should.equal('false');
      again.body.should.eql([]);
    });

    it('msg.reset = true starts over', async function () {
      (await delta('/delta-reset')).length.should.equal(10);
      (await delta('/delta-reset')).should.eql([]);
      (await delta('/delta-reset', { reset: true })).length.should.equal(10);
      (await delta('/delta-reset')).should.eql([]);
    });
  });

  describe('entra-raw over an http-in endpoint', function () {
    const raw = (body) => httpNode('POST', '/raw', body);

    it('GET a collection (json) and every page with getAll', async function () {
      const one = await raw({ url: '/users', query: { $top: 3, $select: 'id' } });
      one.status.should.equal(200, one.text);
      one.body.value.should.have.length(3);
      const all = await raw({ url: '/users', query: { $top: 3, $select: 'id' }, getAll: true });
      all.body.should.have.length(10);
    });

    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      it(`${method} with a JSON body reaches Graph as sent`, async function () {
        const r = await raw({ url: '/_sim/echo/x', method, data: { n: method } });
        r.status.should.equal(200, r.text);
        r.body.method.should.equal(method);
        r.body.body.should.eql({ n: method });
      });
    }

    it('text and binary response types', async function () {
      const t = await raw({ url: '/users/$count', headers: { ConsistencyLevel: 'eventual' }, responseType: 'text' });
      t.text.should.equal('10');
      const b = await raw({ url: '/_sim/echo', query: { respond: 'binary' }, responseType: 'binary' });
      b.status.should.equal(200);
      b.headers['content-length'].should.equal('256');
    });

    it('multipart upload of a file received by an http-in upload endpoint', async function () {
      const form = new FormData();
      const bytes = Buffer.from([1, 2, 3, 0, 255]);
      form.append('doc', new Blob([bytes]), 'scan.bin');
      const req = new Request('https://x.invalid/', { method: 'POST', body: form });
      const body = Buffer.from(await req.arrayBuffer());
      const r = await httpNode('POST', '/upload', body, { headers: { 'Content-Type': req.headers.get('content-type') } });
      r.status.should.equal(200, r.text);
      const parts = Object.fromEntries(r.body.parts.map((p) => [p.name, p]));
      parts.description.text.should.equal('from an http upload');
      parts.file.filename.should.equal('scan.bin');
      Buffer.from(parts.file.base64, 'base64').equals(bytes).should.be.true();
    });

    it('retries per the seed options: 2 × 503 then success; maxRetryCount 0 fails at once', async function () {
      await sim.control.clearRequests();
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', status: 503, count: 2 });
      const ok = await raw({ url: '/_sim/echo', maxRetryCount: 2 });
      ok.status.should.equal(200, ok.text);
      (await sim.control.requests())
        .filter((r) => /_sim\/echo/.test(r.path))
        .map((r) => r.status)
        .should.eql([503, 503, 200]);
      await sim.control.addFault({ path: '^/v1.0/_sim/echo', status: 503, count: 1 });
      const failed = await raw({ url: '/_sim/echo', maxRetryCount: 0 });
      failed.status.should.equal(503);
      failed.body.code.should.equal('serviceNotAvailable');
    });

    it('refuses an absolute URL on another host and sends nothing', async function () {
      await sim.control.clearRequests();
      const r = await raw({ url: 'https://example.org/v1.0/users' });
      r.status.should.equal(422);
      r.body.code.should.equal('HostNotAllowed');
      (await sim.control.requests()).should.eql([]);
      nr.log().should.not.match(/Bearer eyJ/);
    });
  });

  describe('example flows run against the simulator', function () {
    const examples = [
      ['entra-delta - incremental user sync every 5 minutes', 'e1a0d5010000000r', /changed user[\s\S]*displayName/],
      ['entra-raw - call any Graph endpoint', 'e1a0d5030000000j', /\[debug:Graph answer\] \d+\n/],
      ['entra-raw - upload and download an application logo', 'e1a0d5040000000i', /logo bytes[\s\S]*<Buffer 89 50 4e 47/],
    ];
    for (const [name, injectId, expected] of examples) {
      it(`"${name}"`, async function () {
        const flow = JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples', `${name}.json`), 'utf8'));
        const tab = { id: 'ex-tab', type: 'tab', label: name };
        // debug output to the log, so the test can read it
        const nodes = flow
          .filter((n) => n.type !== 'tab')
          .map((n) => (n.type === 'entra-connection' ? n : { ...n, z: tab.id, ...(n.type === 'debug' ? { console: true } : {}) }));
        await nr.deploy([tab, ...nodes]);
        const mark = nr.logMark();
        const r = await nr.request('POST', `/inject/${injectId}`);
        r.status.should.equal(200, r.text);
        await mark.waitFor(expected, 10000);
        mark.text().should.not.match(/\[error\]/);
      });
    }
  });
});
