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

  const body = () => ({
    authType: 'clientCredentials',
    tenantId: sim.tenantId,
    cloud: 'custom',
    authorityHost: sim.authorityHost,
    graphBaseUrl: sim.graphBaseUrl,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
  });

  it("acquires a token with the dialog's values and says so", async function () {
    const r = await nr.request('POST', '/entra-connection/test', body());
    r.status.should.equal(200);
    r.body.ok.should.be.true();
    r.body.message.should.match(/^Signed in: .*\.default/);
  });

  it("lists the token's application permissions and the open flows' nodes that need one it lacks", async function () {
    const app = await sim.control.registerApp({ roles: ['User.Read.All'] });
    const nodes = [
      { id: 'n1', type: 'entra-user', name: 'Disable leaver', operation: 'update' },
      { id: 'n2', type: 'entra-user', name: 'Everyone', operation: 'list' },
      { id: 'n3', type: 'entra-group', operation: 'addMember' },
      { id: 'n4', type: 'entra-user', operation: 'msg' },
    ];
    const r = await nr.request('POST', '/entra-connection/test', {
      ...body(),
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      nodes,
    });
    r.body.ok.should.be.true(r.body.message);
    r.body.permissions.kind.should.equal('application');
    r.body.permissions.granted.should.eql(['User.Read.All']);
    r.body.permissions.missing.map((m) => m.id).should.eql(['n1', 'n3']);
    const lines = r.body.message.split('\n');
    lines.should.containEql('Application permissions granted: User.Read.All');
    lines.should.containEql("entra-user 'Disable leaver' (update) needs User.ReadWrite.All; granted: User.Read.All");
    lines.should.containEql('entra-group (addMember) needs GroupMember.ReadWrite.All; granted: User.Read.All');
    // The same lines as message keys, for the dialog to show in the editor's language.
    r.body.messageLines.length.should.equal(lines.length);
    r.body.messageLines[0].should.match({
      key: 'entra-connection.test.signedIn',
      args: {
        source: {
          key: 'entra-connection.test.sourceClientCredentials',
          args: { credential: { key: 'entra-connection.test.credentialSecret' } },
        },
      },
    });
    r.body.messageLines[1].should.eql({ key: 'entra-connection.test.applicationGranted', args: { granted: 'User.Read.All' } });
    r.body.messageLines[2].should.match({
      key: 'entra-connection.test.problem',
      args: { problem: { key: 'entra.errors.permissions.problemNamed', args: { name: 'Disable leaver', needs: 'User.ReadWrite.All' } } },
    });
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
      {
        id: 'ct-conn',
        type: 'entra-connection',
        tenantId: sim.tenantId,
        cloud: 'custom',
        authorityHost: sim.authorityHost,
        graphBaseUrl: sim.graphBaseUrl,
        credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret },
      },
    ]);
    const r = await nr.request('POST', '/entra-connection/test', { ...body(), id: 'ct-conn', clientSecret: '__PWRD__' });
    r.body.ok.should.be.true(r.body.message);
  });

  it('is refused to a user without write permission, and to anonymous callers', async function () {
    (await nr.request('POST', '/entra-connection/test', body(), { user: 'reader' })).status.should.be.oneOf(401, 403);
    (await nr.request('POST', '/entra-connection/test', body(), { auth: false })).status.should.equal(401);
  });
});
