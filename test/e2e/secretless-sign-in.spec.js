'use strict';
// Signing in without a secret, in a real Node-RED process against the simulator:
// managed identity in the App Service form (IDENTITY_ENDPOINT + IDENTITY_HEADER in the process's
// environment, as App Service sets them) and in the IMDS form (AZURE_POD_IDENTITY_AUTHORITY_HOST),
// and workload identity federation through a federated token file (AZURE_FEDERATED_TOKEN_FILE,
// as AKS sets it) that is read again for every token request.
const fs = require('fs');
const os = require('os');
const path = require('path');
const should = require('should');
const { startNodeRed } = require('../support/node-red-process');
const { startTestSimulator } = require('../support/simulator');

const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

/** http in → entra-user list (top 2) → http response, on `connection`. */
function listUsersFlow(prefix, connection) {
  return [
    { id: `${prefix}-tab`, type: 'tab', label: prefix },
    connection,
    { id: `${prefix}-in`, type: 'http in', z: `${prefix}-tab`, url: `/${prefix}`, method: 'get', wires: [[`${prefix}-list`]] },
    {
      id: `${prefix}-list`,
      type: 'entra-user',
      z: `${prefix}-tab`,
      connection: connection.id,
      operation: 'list',
      top: '2',
      topType: 'num',
      wires: [[`${prefix}-out`]],
    },
    { id: `${prefix}-catch`, type: 'catch', z: `${prefix}-tab`, scope: [`${prefix}-list`], wires: [[`${prefix}-err`]] },
    {
      id: `${prefix}-err`,
      type: 'change',
      z: `${prefix}-tab`,
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: 'error.message', tot: 'msg' },
        { t: 'set', p: 'statusCode', pt: 'msg', to: '500', tot: 'num' },
      ],
      wires: [[`${prefix}-out`]],
    },
    { id: `${prefix}-out`, type: 'http response', z: `${prefix}-tab`, statusCode: '', headers: {}, wires: [] },
  ];
}

describe('e2e: sign-in without a secret (managed identity, federated token file)', function () {
  this.timeout(60000);
  let sim;
  let mi;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-wif-'));
  const tokenFile = path.join(tmp, 'azure-identity-token');
  before(async function () {
    this.timeout(60000);
    sim = await startTestSimulator();
    mi = await sim.control.managedIdentity();
  });
  after(async function () {
    this.timeout(30000);
    if (sim) await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const custom = () => ({ cloud: 'custom', authorityHost: sim.authorityHost, graphBaseUrl: sim.graphBaseUrl });

  describe('managed identity, App Service form', function () {
    let nr;
    before(async function () {
      this.timeout(180000);
      nr = await startNodeRed({ adminAuth: true, env: { IDENTITY_ENDPOINT: mi.identityEndpoint, IDENTITY_HEADER: mi.identityHeader } });
    });
    after(async function () {
      this.timeout(30000);
      if (nr) await nr.stop();
    });

    it('Test connection signs in and names the source: App Service managed identity', async function () {
      const r = await nr.request('POST', '/entra-connection/test', {
        authType: 'managedIdentity',
        managedIdentityIdType: 'system',
        ...custom(),
      });
      r.body.ok.should.be.true(r.body.message);
      r.body.message.should.match(
        /^Signed in: App Service managed identity \(system-assigned\), a token for https:\/\/localhost:\d+\/\.default/,
      );
      // The request went to the App Service endpoint, with the identity header.
      const asked = (await sim.control.requests()).filter((q) => q.path === '/msi/token');
      asked.length.should.be.above(0);
      asked[0].headers['x-identity-header'].should.equal(mi.identityHeader);
      asked[0].query['api-version'].should.equal('2019-08-01');
    });

    it('a deployed flow calls Graph as the system-assigned identity', async function () {
      await sim.control.clearRequests();
      await nr.deploy(
        listUsersFlow('mi-users', {
          id: 'mi-conn',
          type: 'entra-connection',
          authType: 'managedIdentity',
          managedIdentityIdType: 'system',
          ...custom(),
        }),
      );
      const r = await nr.httpNode('GET', '/mi-users');
      r.status.should.equal(200, r.text);
      r.body.should.be.an.Array().and.have.length(2);
      const graph = (await sim.control.requests()).find((q) => q.path === '/v1.0/users');
      const system = mi.identities.find((i) => i.kind === 'system');
      claimsOf(graph.headers.authorization.replace(/^Bearer /, '')).appid.should.equal(system.clientId);
    });

    it('Test connection with a user-assigned identity by client id, and a clear error for an unknown one', async function () {
      const user = mi.identities.find((i) => i.kind === 'user');
      const ok = await nr.request('POST', '/entra-connection/test', {
        authType: 'managedIdentity',
        managedIdentityIdType: 'clientId',
        managedIdentityId: user.clientId,
        ...custom(),
      });
      ok.body.ok.should.be.true(ok.body.message);
      ok.body.message.should.match(new RegExp(`user-assigned, clientId ${user.clientId}`));
      const bad = await nr.request('POST', '/entra-connection/test', {
        authType: 'managedIdentity',
        managedIdentityIdType: 'clientId',
        managedIdentityId: '00000000-0000-4000-8000-000000000000',
        ...custom(),
      });
      bad.body.ok.should.be.false();
      bad.body.message.should.match(/Identity not found/);
      const missing = await nr.request('POST', '/entra-connection/test', {
        authType: 'managedIdentity',
        managedIdentityIdType: 'resourceId',
        ...custom(),
      });
      missing.body.ok.should.be.false();
      missing.body.message.should.match(/managedIdentityId: is required/);
    });
  });

  describe('managed identity, IMDS form (AZURE_POD_IDENTITY_AUTHORITY_HOST)', function () {
    let nr;
    before(async function () {
      this.timeout(180000);
      nr = await startNodeRed({ adminAuth: true, env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: mi.imdsAuthorityHost } });
    });
    after(async function () {
      this.timeout(30000);
      if (nr) await nr.stop();
    });

    it('Test connection signs in through IMDS with a user-assigned identity by resource id', async function () {
      await sim.control.clearRequests();
      const user = mi.identities.find((i) => i.kind === 'user');
      const r = await nr.request('POST', '/entra-connection/test', {
        authType: 'managedIdentity',
        managedIdentityIdType: 'resourceId',
        managedIdentityId: user.resourceId,
        ...custom(),
      });
      r.body.ok.should.be.true(r.body.message);
      r.body.message.should.match(/^Signed in: IMDS managed identity/);
      const asked = (await sim.control.requests()).find((q) => /^\/metadata\/identity\/oauth2\/token/.test(q.path));
      asked.headers.metadata.should.equal('true');
      asked.query.msi_res_id.should.equal(user.resourceId);
    });
  });

  describe('workload identity federation (federated token file)', function () {
    let nr;
    before(async function () {
      this.timeout(180000);
      await sim.control.addFederatedCredential(sim.clientId, { subject: 'system:serviceaccount:automation:node-red' });
      fs.writeFileSync(tokenFile, (await sim.control.federatedToken({ subject: 'system:serviceaccount:automation:node-red' })).token);
      nr = await startNodeRed({ adminAuth: true, env: { AZURE_FEDERATED_TOKEN_FILE: tokenFile } });
    });
    after(async function () {
      this.timeout(30000);
      if (nr) await nr.stop();
    });

    it('Test connection signs in with the token file of ${AZURE_FEDERATED_TOKEN_FILE} as client assertion, no secret', async function () {
      await sim.control.clearRequests();
      const r = await nr.request('POST', '/entra-connection/test', {
        authType: 'clientCredentials',
        tenantId: sim.tenantId,
        clientId: sim.clientId,
        ...custom(),
      });
      r.body.ok.should.be.true(r.body.message);
      r.body.message.should.match(/^Signed in: client credentials \(federated token file .*azure-identity-token\)/);
      const sent = (await sim.control.requests()).find((q) => /oauth2\/v2\.0\/token$/.test(q.path));
      sent.body.client_assertion_type.should.equal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      should(sent.body.client_secret).be.undefined();
    });

    it('a deployed flow reads the rotated file for the next token request', async function () {
      await nr.deploy(
        listUsersFlow('wif-users', {
          id: 'wif-conn',
          type: 'entra-connection',
          authType: 'clientCredentials',
          tenantId: sim.tenantId,
          ...custom(),
          credentials: { clientId: sim.clientId },
        }),
      );
      (await nr.httpNode('GET', '/wif-users')).status.should.equal(200);
      // Kubernetes rotates the token: the next token request must send the new file's content.
      const rotated = (await sim.control.federatedToken({ subject: 'system:serviceaccount:automation:node-red' })).token;
      fs.writeFileSync(tokenFile, rotated);
      await sim.control.invalidateTokens();
      await sim.control.clearRequests();
      const r = await nr.httpNode('GET', '/wif-users');
      r.status.should.equal(200, r.text);
      const sent = (await sim.control.requests()).find((q) => /oauth2\/v2\.0\/token$/.test(q.path));
      sent.body.client_assertion.should.equal(rotated);
    });

    it('says which file is missing when the token file cannot be read', async function () {
      const r = await nr.request('POST', '/entra-connection/test', {
        authType: 'clientCredentials',
        tenantId: sim.tenantId,
        clientId: sim.clientId,
        federatedTokenFile: path.join(tmp, 'nope'),
        ...custom(),
      });
      r.body.ok.should.be.false();
      r.body.message.should.match(/federatedTokenFile: cannot read .*nope: ENOENT/);
    });
  });
});
