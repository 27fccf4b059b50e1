'use strict';
// Issue 11, secrets: a stored secret goes only to the sign-in host it was saved with, ${ENV}
// values are never echoed, passwords never reach msg/status/log, redirects never carry a body
// to another host.
const should = require('should');
const { helper, useSimulator, loadNodes, connection, nodeFlow, recordStatus, run } = require('../support/helper');
const { startServer } = require('../support/https-server');

describe('hardening: secrets stay with their authority', function () {
  this.timeout(20000);
  let sim;
  let other;
  useSimulator((s) => {
    sim = s;
  });
  afterEach(async () => {
    if (other) await other.close();
    other = undefined;
  });

  async function connectionFlow(c) {
    await loadNodes(
      [
        { id: 'f1', type: 'tab' },
        c.node,
        { id: 'user', z: 'f1', type: 'entra-user', connection: c.node.id, operation: 'list', top: '1', topType: 'num', wires: [['out']] },
        { id: 'out', z: 'f1', type: 'helper' },
        { id: 'catch', z: 'f1', type: 'catch', scope: ['user'], wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper' },
      ],
      c.credentials,
    );
    const n = { user: helper.getNode('user'), out: helper.getNode('out'), caught: helper.getNode('caught') };
    return () => run(n.user, {}, { out: n.out, catcher: n.caught });
  }

  const testConnection = (body) =>
    helper
      .request()
      .post('/entra-connection/test')
      .send(body)
      .then((r) => r.body);

  it('never sends the stored secret to another authority host on redeploy: the user must enter it again', async function () {
    other = await startServer(() => ({ status: 404, body: {} }));
    const c = connection(sim, { id: 'bound-conn' });
    const first = await (await connectionFlow(c))();
    first.kind.should.equal('output', JSON.stringify(first.msg.error));
    await helper.unload();
    // The same stored credentials, deployed with an authority host of someone else's.
    const moved = connection(sim, { id: 'bound-conn', authorityHost: other.url });
    const { kind, msg } = await (await connectionFlow(moved))();
    kind.should.equal('error');
    msg.error.code.should.equal('SecretNotForThisAuthority');
    msg.error.message.should.match(/enter the client secret or certificate again/);
    other.requests.should.have.length(0);
  });

  it('Test connection does not use the stored secret with another authority host (also [::1])', async function () {
    other = await startServer(() => ({ status: 404, body: {} }));
    const c = connection(sim, { id: 'dialog-conn' });
    (await (await connectionFlow(c))()).kind.should.equal('output');
    const base = {
      id: 'dialog-conn',
      authType: 'clientCredentials',
      tenantId: sim.tenantId,
      cloud: 'custom',
      graphBaseUrl: sim.graphBaseUrl,
      clientId: sim.clientId,
      clientSecret: '__PWRD__',
    };
    for (const authorityHost of [other.url, other.url.replace('localhost', '[::1]')]) {
      const r = await testConnection({ ...base, authorityHost });
      r.ok.should.be.false();
      r.message.should.match(/saved for another sign-in host/);
    }
    other.requests.should.have.length(0);
    // The host it was saved with still works with the stored secret.
    const same = await testConnection({ ...base, authorityHost: sim.authorityHost });
    same.ok.should.be.true(same.message);
  });

  it('names the field, never the expanded ${ENV} value, in a settings error', async function () {
    process.env.ENTRA_HARDENING_PATH = '/srv/secret/location.pem';
    const r = await testConnection({
      authType: 'clientCredentials',
      tenantId: sim.tenantId,
      cloud: 'custom',
      authorityHost: '${ENTRA_HARDENING_PATH}',
      graphBaseUrl: sim.graphBaseUrl,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
    });
    r.ok.should.be.false();
    r.message.should.match(/authorityHost is not a valid URL/);
    r.message.should.not.match(/srv\/secret/);
  });

  it('does not echo a password set by update into msg.payload, and keeps the create password out of msg, status and log', async function () {
    const upd = await nodeFlow(sim, 'entra-user', {
      operation: 'update',
      userId: 'AdeleV@contoso.onmicrosoft.com',
      jobTitle: 'CTO',
      accountEnabledType: 'default',
      additionalProperties: '{"passwordProfile":{"password":"Upd4te-Secret-77","forceChangePasswordNextSignIn":false}}',
      additionalPropertiesType: 'json',
    });
    const u = await upd.run();
    u.kind.should.equal('output', JSON.stringify(u.msg.error));
    JSON.stringify(u.msg.payload).should.not.match(/Upd4te-Secret-77/);
    u.msg.payload.should.eql({ id: 'AdeleV@contoso.onmicrosoft.com', jobTitle: 'CTO' });
    await helper.unload();

    const n = await nodeFlow(sim, 'entra-user', {
      operation: 'create',
      displayName: 'Pat',
      userPrincipalName: 'pat',
      domain: 'contoso.com',
      password: 'Cre4te-Secret-88',
      debugRequest: true,
    });
    const statuses = recordStatus(n.node);
    const { kind, msg } = await n.run();
    kind.should.equal('output', JSON.stringify(msg.error));
    JSON.stringify(msg).should.not.match(/Cre4te-Secret-88/);
    JSON.stringify(statuses).should.not.match(/Cre4te-Secret-88/);
    const logged = JSON.stringify(helper.log().args);
    logged.should.match(/request POST/);
    logged.should.not.match(/Cre4te-Secret-88/);
  });

  it('refuses a 307 redirect of a user create to another host: the password is never re-sent there', async function () {
    other = await startServer(() => ({ status: 201, body: { id: 'x' } }));
    await sim.control.addFault({ method: 'POST', path: '^/v1.0/users$', status: 307, headers: { location: `${other.url}/v1.0/users` } });
    const n = await nodeFlow(sim, 'entra-user', {
      operation: 'create',
      displayName: 'Pat',
      userPrincipalName: 'pat',
      domain: 'contoso.com',
      password: 'Redir3ct-Secret-99',
    });
    const { kind, msg } = await n.run();
    kind.should.equal('error');
    msg.error.code.should.equal('RedirectRefused');
    other.requests.should.have.length(0);
  });

  it('reports more than 5 redirects as an error, not a success with status 302', async function () {
    await sim.control.addFault({
      method: 'GET',
      path: '^/v1.0/users/',
      status: 302,
      headers: { location: `${sim.graphBaseUrl}/users/loop` },
      count: 0,
    });
    const n = await nodeFlow(sim, 'entra-user', { operation: 'get', userId: 'start' });
    const { kind, msg } = await n.run();
    kind.should.equal('error');
    msg.error.code.should.equal('TooManyRedirects');
    should(msg.statusCode).equal(302);
  });
});
