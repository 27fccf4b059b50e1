'use strict';
const should = require('should');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { helper, useSimulator, loadNodes, connection, run } = require('../support/helper');

function makeCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=node-red-entra-test',
    ],
    { stdio: 'ignore' },
  );
  const key = fs.readFileSync(path.join(dir, 'key.pem'), 'utf8');
  const cert = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return { key, cert };
}

describe('entra-connection node', function () {
  this.timeout(20000);
  let sim;
  useSimulator((s) => {
    sim = s;
  });

  async function userFlow(c, props = {}) {
    await loadNodes(
      [
        { id: 'f1', type: 'tab' },
        c.node,
        {
          id: 'user',
          z: 'f1',
          type: 'entra-user',
          connection: c.node.id,
          operation: 'list',
          top: '2',
          topType: 'num',
          wires: [['out']],
          ...props,
        },
        { id: 'out', z: 'f1', type: 'helper' },
        { id: 'catch', z: 'f1', type: 'catch', scope: ['user'], wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper' },
      ],
      c.credentials,
    );
    return { user: helper.getNode('user'), out: helper.getNode('out'), caught: helper.getNode('caught') };
  }

  it('signs in with a certificate instead of a secret (msal-node signs the client assertion)', async function () {
    const { key, cert } = makeCertificate();
    const app = await sim.control.registerApp({ certificatePem: cert });
    const c = connection(sim, {}, { clientId: app.clientId, clientSecret: '', certificate: `${key}\n${cert}` });
    const n = await userFlow(c);
    const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('output', JSON.stringify(msg.error));
    const [tokenRequest] = (await sim.control.requests()).filter((r) => /oauth2\/v2.0\/token$/.test(r.path));
    tokenRequest.body.client_assertion_type.should.equal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    should(tokenRequest.body.client_secret).be.undefined();
  });

  it('refuses a PEM without a private key, naming the input', async function () {
    const { cert } = makeCertificate();
    const c = connection(sim, {}, { clientSecret: '', certificate: cert });
    const n = await userFlow(c);
    const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('error');
    msg.error.message.should.match(/certificate: no private key found/);
  });

  it('reports invalid settings (an http authority) on every message without sending anything', async function () {
    const c = connection(sim, { authorityHost: sim.authorityHost.replace('https:', 'http:') });
    const n = await userFlow(c);
    const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('error');
    msg.error.message.should.match(/authorityHost must be an https/);
    (await sim.control.requests()).should.have.length(0);
  });

  it('takes ${ENV} values in settings and credentials', async function () {
    process.env.ENTRA_TEST_TENANT = sim.tenantId;
    process.env.ENTRA_TEST_SECRET = sim.clientSecret;
    const c = connection(sim, { tenantId: '${ENTRA_TEST_TENANT}' }, { clientSecret: '${ENTRA_TEST_SECRET}' });
    const n = await userFlow(c);
    const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('output', JSON.stringify(msg.error));
  });

  it('shows paging progress in the status and clears it when done', async function () {
    const c = connection(sim);
    const n = await userFlow(c, { getAll: 'true', getAllType: 'bool' });
    const statuses = [];
    const orig = n.user.status.bind(n.user);
    n.user.status = (s) => {
      statuses.push(s);
      orig(s);
    };
    const { kind } = await run(n.user, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('output');
    statuses.map((s) => s.text).should.containEql('page 2 · 4 items');
    statuses[statuses.length - 1].should.eql({});
  });

  it('uses maxRetries from the connection: 0 means a 503 fails at once', async function () {
    const c = connection(sim, { maxRetries: 0 });
    const n = await userFlow(c);
    await sim.control.addFault({ path: '^/v1.0/users', status: 503, count: 1 });
    const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
    kind.should.equal('error');
    msg.statusCode.should.equal(503);
    (await sim.control.requests()).filter((r) => r.path === '/v1.0/users').should.have.length(1);
  });
});
