'use strict';
// The connection dialog's "Test connection" button: an admin endpoint that needs the
// entra-connection.write permission and reports the identity platform's answer in plain words.
require('should');
const { startNodeRed } = require('../support/node-red-process');
const { startTestSimulator } = require('../support/simulator');

describe('e2e: Test connection (POST /entra-connection/test)', function () {
  this.timeout(60000);
  let sim;
  let nr;
  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    nr = await startNodeRed({ adminAuth: true });
  });
  after(async function () {
    this.timeout(30000);
    if (nr) await nr.stop();
    if (sim) await sim.close();
  });

  const body = () => ({ authType: 'clientCredentials', tenantId: sim.tenantId, cloud: 'custom', authorityHost: sim.authorityHost, graphBaseUrl: sim.graphBaseUrl, clientId: sim.clientId, clientSecret: sim.clientSecret });

  it('acquires a token with the dialog\'s values and says so', async function () {
    const r = await nr.request('POST', '/entra-connection/test', body());
    r.status.should.equal(200);
    r.body.ok.should.be.true();
    r.body.message.should.match(/^Signed in: .*\.default/);
  });

  it('reports a wrong secret with the AADSTS reason, without echoing the secret', async function () {
    const r = await nr.request('POST', '/entra-connection/test', { ...body(), clientSecret: 'not-the-secret' });
    r.body.ok.should.be.false();
    r.body.message.should.match(/AADSTS7000215/);
    r.body.message.should.match(/client secret is wrong/);
    r.body.message.should.not.match(/not-the-secret/);
  });

  it('uses the stored secret of a deployed connection when the dialog sends the unchanged placeholder', async function () {
    await nr.deploy([
      { id: 'ct-tab', type: 'tab' },
      { id: 'ct-conn', type: 'entra-connection', tenantId: sim.tenantId, cloud: 'custom', authorityHost: sim.authorityHost, graphBaseUrl: sim.graphBaseUrl, credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret } },
    ]);
    const r = await nr.request('POST', '/entra-connection/test', { ...body(), id: 'ct-conn', clientSecret: '__PWRD__' });
    r.body.ok.should.be.true(r.body.message);
  });

  it('is refused to a user without write permission, and to anonymous callers', async function () {
    (await nr.request('POST', '/entra-connection/test', body(), { user: 'reader' })).status.should.be.oneOf(401, 403);
    (await nr.request('POST', '/entra-connection/test', body(), { auth: false })).status.should.equal(401);
  });
});
