'use strict';
// entra-user end to end: a real Node-RED process with the packed package, a flow deployed through
// the Admin API and driven over HTTP, and what the simulator received.
const fs = require('fs');
const path = require('path');
require('should');
const { useSimulatorAndNodeRed } = require('../support/simulator-node-red');
const { simulatorConnection, fromMsgPayload, httpNodeWhenRouted } = require('../support/e2e-flows');

describe('e2e: entra-user in a real Node-RED', function () {
  this.timeout(60000);
  let sim;
  let nr;

  useSimulatorAndNodeRed((s, n) => {
    sim = s;
    nr = n;
  });

  const conn = simulatorConnection('eu-conn', { maxRetries: 2, retryBaseDelayMs: 10 });

  /** POST /eu/<op> with the inputs in the body → entra-user (operation from msg) → response. */
  function flows() {
    const props = fromMsgPayload(['userId', 'displayName', 'userPrincipalName', 'domain', 'jobTitle', 'filter', 'select']);
    return [
      { id: 'eu-tab', type: 'tab', label: 'entra-user e2e' },
      conn,
      { id: 'eu-in', type: 'http in', z: 'eu-tab', url: '/eu/:op', method: 'post', wires: [['eu-op']] },
      {
        id: 'eu-op',
        type: 'change',
        z: 'eu-tab',
        rules: [{ t: 'set', p: 'operation', pt: 'msg', to: 'req.params.op', tot: 'msg' }],
        wires: [['eu-user']],
      },
      {
        id: 'eu-user',
        type: 'entra-user',
        z: 'eu-tab',
        connection: 'eu-conn',
        operation: 'msg',
        ...props,
        password: 'payload.password',
        passwordType: 'msg',
        getAll: 'payload.getAll',
        getAllType: 'msg',
        wires: [['eu-ok']],
      },
      {
        id: 'eu-ok',
        type: 'change',
        z: 'eu-tab',
        rules: [
          { t: 'set', p: 'payload', pt: 'msg', to: '{"status": statusCode, "body": payload}', tot: 'jsonata' },
          { t: 'delete', p: 'statusCode', pt: 'msg' },
        ],
        wires: [['eu-out']],
      },
      { id: 'eu-catch', type: 'catch', z: 'eu-tab', scope: ['eu-user'], wires: [['eu-err']] },
      {
        id: 'eu-err',
        type: 'change',
        z: 'eu-tab',
        rules: [
          {
            t: 'set',
            p: 'payload',
            pt: 'msg',
            to: '{"error": error.message, "code": error.code, "status": statusCode, "requestId": requestId}',
            tot: 'jsonata',
          },
          { t: 'set', p: 'statusCode', pt: 'msg', to: '422', tot: 'num' },
        ],
        wires: [['eu-out']],
      },
      { id: 'eu-out', type: 'http response', z: 'eu-tab', statusCode: '', headers: {}, wires: [] },
      // A node whose password was typed in the dialog: it must stay out of flows.json.
      {
        id: 'eu-secret',
        type: 'entra-user',
        z: 'eu-tab',
        connection: 'eu-conn',
        operation: 'create',
        passwordType: 'cred',
        credentials: { password: 'Typed-In-Dialog-S3cret' },
        wires: [],
      },
    ];
  }

  async function call(op, body) {
    const r = await httpNodeWhenRouted(nr, 'POST', `/eu/${op}`, body);
    return { http: r.status, ...r.body };
  }

  it('deploys, then creates, gets, lists, updates and deletes a user through Graph', async function () {
    await nr.deploy(flows());
    await sim.control.clearRequests();

    const created = await call('create', {
      displayName: 'E2E User',
      userPrincipalName: 'e2e.user',
      domain: 'contoso.com',
      password: 'E2e!Passw0rd-123',
    });
    created.http.should.equal(200, JSON.stringify(created));
    created.status.should.equal(201);
    const id = created.body.id;
    id.should.be.a.String();

    const got = await call('get', { userId: 'e2e.user@contoso.com', select: 'id,displayName,accountEnabled' });
    got.body.should.eql({ id, displayName: 'E2E User', accountEnabled: true, '@odata.context': got.body['@odata.context'] });

    const listed = await call('list', { filter: "startswith(displayName,'E2E')", getAll: true });
    listed.body.map((u) => u.id).should.eql([id]);

    const updated = await call('update', { userId: id, jobTitle: 'Tester' });
    updated.status.should.equal(204);
    updated.body.should.eql({ id, jobTitle: 'Tester' });

    const deleted = await call('delete', { userId: id });
    deleted.status.should.equal(204);

    const gone = await call('get', { userId: id });
    gone.http.should.equal(422);
    gone.code.should.equal('Request_ResourceNotFound');
    gone.status.should.equal(404);
    gone.requestId.should.be.a.String();

    const graphCalls = (await sim.control.requests())
      .filter((r) => r.path.startsWith('/v1.0/'))
      .map((r) => `${r.method} ${r.path} ${r.status}`);
    graphCalls.should.eql([
      'POST /v1.0/users 201',
      'GET /v1.0/users/e2e.user%40contoso.com 200',
      'GET /v1.0/users 200',
      `PATCH /v1.0/users/${id} 204`,
      `DELETE /v1.0/users/${id} 204`,
      `GET /v1.0/users/${id} 404`,
    ]);
    const post = (await sim.control.requests()).find((r) => r.method === 'POST' && r.path === '/v1.0/users');
    post.body.should.eql({
      accountEnabled: true,
      displayName: 'E2E User',
      mailNickname: 'e2e.user',
      userPrincipalName: 'e2e.user@contoso.com',
      passwordProfile: { password: 'E2e!Passw0rd-123', forceChangePasswordNextSignIn: true },
    });
  });

  it('reports bad input without sending anything', async function () {
    await sim.control.clearRequests();
    const r = await call('create', { userPrincipalName: 'x@contoso.com', password: 'p' });
    r.http.should.equal(422);
    r.error.should.equal('displayName: is required');
    (await sim.control.requests()).filter((q) => q.path.startsWith('/v1.0/')).should.have.length(0);
  });

  it('keeps secrets out of flows.json: the client secret and a typed-in password live in the credentials', async function () {
    const text = fs.readFileSync(path.join(nr.userDir, 'flows.json'), 'utf8');
    text.should.not.match(/Typed-In-Dialog-S3cret/);
    text.should.not.match(/ENTRA_CLIENT_SECRET|simulator-secret/);
    const creds = fs.readFileSync(path.join(nr.userDir, 'flows_cred.json'), 'utf8');
    creds.should.not.match(/Typed-In-Dialog-S3cret/); // encrypted with the credential secret
  });
});
