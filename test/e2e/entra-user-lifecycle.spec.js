'use strict';
// entra-user beyond the seed, end to end: a real Node-RED process with the packed package, one
// entra-user node (operation from msg) driven over HTTP through every operation of issue #12, and
// what the simulator received. Secrets (generated password, Temporary Access Pass) reach the flow on
// msg.password / msg.temporaryAccessPass and never the Node-RED log, even with debugRequest.
require('should');
const { useSimulatorAndNodeRed } = require('../support/simulator-node-red');
const { simulatorConnection, fromMsgPayload, httpNodeWhenRouted } = require('../support/e2e-flows');

describe('e2e: entra-user joiner, mover, leaver operations in a real Node-RED', function () {
  this.timeout(60000);
  let sim;
  let nr;

  useSimulatorAndNodeRed((s, n) => {
    sim = s;
    nr = n;
    return nr.deploy(flows());
  });

  const INPUTS = [
    'userId',
    'managerId',
    'transitive',
    'onlyGroups',
    'groupIds',
    'generatePassword',
    'forceChangePasswordNextSignIn',
    'lifetimeInMinutes',
    'isUsableOnce',
    'startDateTime',
    'addLicenses',
    'removeLicenses',
    'invitedUserEmailAddress',
    'inviteRedirectUrl',
    'sendInvitationMessage',
    'invitedUserDisplayName',
    'customizedMessageBody',
    'newUserPrincipalName',
    'autoReconcileProxyConflict',
    'confirm',
    'inactiveDays',
    'includeNeverSignedIn',
    'select',
    'getAll',
    'displayName',
    'userPrincipalName',
    'password',
    'additionalProperties',
  ];

  function flows() {
    const props = fromMsgPayload(INPUTS);
    return [
      { id: 'eul-tab', type: 'tab', label: 'entra-user lifecycle e2e' },
      simulatorConnection('eul-conn', { maxRetries: 2, retryBaseDelayMs: 10 }),
      { id: 'eul-in', type: 'http in', z: 'eul-tab', url: '/eul/:op', method: 'post', wires: [['eul-op']] },
      {
        id: 'eul-op',
        type: 'change',
        z: 'eul-tab',
        rules: [{ t: 'set', p: 'operation', pt: 'msg', to: 'req.params.op', tot: 'msg' }],
        wires: [['eul-user']],
      },
      {
        id: 'eul-user',
        type: 'entra-user',
        z: 'eul-tab',
        connection: 'eul-conn',
        operation: 'msg',
        debugRequest: true,
        ...props,
        wires: [['eul-ok']],
      },
      {
        id: 'eul-ok',
        type: 'change',
        z: 'eul-tab',
        wires: [['eul-out']],
        rules: [
          {
            t: 'set',
            p: 'payload',
            pt: 'msg',
            to: '{"status": statusCode, "body": payload, "password": password, "temporaryAccessPass": temporaryAccessPass}',
            tot: 'jsonata',
          },
          { t: 'delete', p: 'statusCode', pt: 'msg' },
        ],
      },
      { id: 'eul-catch', type: 'catch', z: 'eul-tab', scope: ['eul-user'], wires: [['eul-err']] },
      {
        id: 'eul-err',
        type: 'change',
        z: 'eul-tab',
        rules: [
          { t: 'set', p: 'payload', pt: 'msg', to: '{"error": error.message, "code": error.code, "status": statusCode}', tot: 'jsonata' },
          { t: 'set', p: 'statusCode', pt: 'msg', to: '422', tot: 'num' },
        ],
        wires: [['eul-out']],
      },
      { id: 'eul-out', type: 'http response', z: 'eul-tab', statusCode: '', headers: {}, wires: [] },
    ];
  }

  async function call(op, body = {}) {
    const r = await httpNodeWhenRouted(nr, 'POST', `/eul/${op}`, body);
    return { http: r.status, ...r.body };
  }
  const graphCalls = async () =>
    (await sim.control.requests())
      .filter((r) => r.path.startsWith('/v1.0/'))
      .map((r) => `${r.method} ${decodeURIComponent(r.path)} ${r.status}`);

  it('joiner: creates a user, licenses it by SKU name, sets its manager, checks groups, gives a Temporary Access Pass', async function () {
    await sim.control.clearRequests();
    const mark = nr.logMark();
    const created = await call('create', {
      displayName: 'Jo Iner',
      userPrincipalName: 'jo.iner@contoso.com',
      password: 'Jo!ner-Passw0rd',
      additionalProperties: { usageLocation: 'GB' },
    });
    created.http.should.equal(200, JSON.stringify(created));
    const id = created.body.id;
    const lic = await call('assignLicense', { userId: id, addLicenses: ['ENTERPRISEPACK'] });
    lic.http.should.equal(200, JSON.stringify(lic));
    (await call('listLicenseDetails', { userId: id })).body.map((l) => l.skuPartNumber).should.eql(['ENTERPRISEPACK']);
    (await call('listSubscribedSkus')).body.find((s) => s.skuPartNumber === 'ENTERPRISEPACK').consumedUnits.should.equal(6);
    (await call('setManager', { userId: id, managerId: 'MeganB@contoso.com' })).status.should.equal(204);
    (await call('getManager', { userId: id })).body.userPrincipalName.should.equal('MeganB@contoso.com');
    (await call('listDirectReports', { userId: 'MeganB@contoso.com', select: 'id' })).body.map((u) => u.id).should.containEql(id);
    const groups = await call('listMemberOf', {
      userId: 'JohannaL@contoso.onmicrosoft.com',
      transitive: true,
      onlyGroups: true,
      getAll: true,
    });
    const vpn = groups.body.find((g) => g.displayName === 'VPN Users').id;
    (await call('checkMemberGroups', { userId: 'JohannaL@contoso.onmicrosoft.com', groupIds: [vpn] })).body.should.eql([vpn]);
    const tap = await call('createTemporaryAccessPass', { userId: id, lifetimeInMinutes: 120, isUsableOnce: true });
    tap.http.should.equal(200, JSON.stringify(tap));
    tap.status.should.equal(201);
    tap.temporaryAccessPass.should.be.a.String().and.have.length(8);
    tap.body.should.not.have.property('temporaryAccessPass');
    (await call('listAuthenticationMethods', { userId: id })).body
      .map((m) => m['@odata.type'])
      .should.containEql('#microsoft.graph.temporaryAccessPassAuthenticationMethod');
    mark.text().should.match(/request POST .*temporaryAccessPassMethods/);
    mark.text().should.not.containEql(tap.temporaryAccessPass);
    (await graphCalls()).should.containEql(`PUT /v1.0/users/${id}/manager/$ref 204`);
  });

  it('leaver: resets the password (generated), revokes sessions, removes licences, deletes, restores and purges', async function () {
    await sim.control.clearRequests();
    const mark = nr.logMark();
    const user = 'IsaiahL@contoso.onmicrosoft.com';
    const id = (await call('get', { userId: user })).body.id;
    const reset = await call('resetPassword', { userId: user, generatePassword: true });
    reset.http.should.equal(200, JSON.stringify(reset));
    reset.password.should.be.a.String().and.have.length(20);
    JSON.stringify(reset.body).should.not.containEql(reset.password);
    mark.text().should.not.containEql(reset.password);
    (await call('revokeSignInSessions', { userId: user })).body.value.should.be.true();
    (await call('removeManager', { userId: user })).body.should.eql({ id: user, managerRemoved: true });
    const noManager = await call('getManager', { userId: user });
    noManager.http.should.equal(422);
    noManager.error.should.match(/^No manager: /);
    const licences = (await call('listLicenseDetails', { userId: user })).body.map((l) => l.skuId);
    (await call('assignLicense', { userId: user, removeLicenses: licences })).body.assignedLicenses.should.eql([]);
    (await call('delete', { userId: id })).status.should.equal(204);
    (await call('listDeleted', { select: 'id,userPrincipalName' })).body.map((u) => u.id).should.containEql(id);
    const refused = await call('deletePermanently', { userId: id });
    refused.http.should.equal(422);
    refused.error.should.match(/^confirm: must be true/);
    (await call('restore', { userId: id })).body.userPrincipalName.should.equal(user);
    (await call('delete', { userId: id })).status.should.equal(204);
    (await call('deletePermanently', { userId: id, confirm: true })).body.should.eql({ id, deletedPermanently: true });
    const calls = await graphCalls();
    calls.should.containEql(`POST /v1.0/directory/deletedItems/${id}/restore 200`);
    calls.should.containEql(`DELETE /v1.0/directory/deletedItems/${id} 204`);
    calls.filter((c) => c.startsWith('DELETE /v1.0/directory/deletedItems')).should.have.length(1);
  });

  it('guests and inactive users: invites a guest, lists users inactive for 90 days', async function () {
    const inv = await call('invite', {
      invitedUserEmailAddress: 'guest.e2e@fabrikam.com',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
      sendInvitationMessage: false,
    });
    inv.status.should.equal(201);
    const guest = await call('get', { userId: inv.body.invitedUser.id, select: 'userType,userPrincipalName' });
    guest.body.userType.should.equal('Guest');
    guest.body.userPrincipalName.should.equal('guest.e2e_fabrikam.com#EXT#@contoso.onmicrosoft.com');
    const inactive = await call('listInactive', { inactiveDays: 90, getAll: true });
    inactive.http.should.equal(200, JSON.stringify(inactive));
    inactive.body.map((u) => u.displayName).should.containEql('Pradeep Gupta');
    inactive.body.map((u) => u.displayName).should.not.containEql('Adele Vance');
  });
});
