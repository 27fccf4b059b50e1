'use strict';
// entra-user beyond the seed (issue #12): manager, memberships, passwords, Temporary Access Pass,
// licences, guests, deleted users and inactive users — in Node-RED's test helper against the simulator.
const should = require('should');
const { helper, useSimulator, nodeFlow, recordStatus } = require('../support/helper');

const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';

describe('entra-user node: operations beyond the seed', function () {
  this.timeout(20000);
  let sim;
  let ids;

  useSimulator((s) => {
    sim = s;
    const { seedIds } = require('../../simulator/dist/state/seed');
    ids = seedIds;
  });

  const flow = (props, opts) => nodeFlow(sim, 'entra-user', props, opts);
  const graphRequests = async (method, pathRe) => (await sim.control.requests()).filter((r) => r.method === method && pathRe.test(r.path));
  /** Every line the runtime logged, and every status, as one text (to check secrets stay out). */
  const everything = (statuses) =>
    `${helper
      .log()
      .args.map((a) => JSON.stringify(a))
      .join('\n')}\n${JSON.stringify(statuses)}`;

  describe('manager and direct reports', function () {
    it('getManager GETs /users/{id}/manager; a user without manager goes to Catch as "No manager"', async function () {
      const n = await flow({ operation: 'getManager', userId: 'payload', userIdType: 'msg' });
      const got = await n.run({ payload: 'AlexW@contoso.onmicrosoft.com' });
      got.kind.should.equal('output', JSON.stringify(got.msg.error));
      got.msg.payload.displayName.should.equal('Megan Bowen');
      got.msg.payload['@odata.type'].should.equal('#microsoft.graph.user');
      const none = await n.run({ payload: ids.user('nestor') });
      none.kind.should.equal('error');
      none.msg.statusCode.should.equal(404);
      none.msg.error.code.should.equal('Request_ResourceNotFound');
      none.msg.error.message.should.match(/^No manager: user .* has no manager/);
    });

    it('setManager PUTs the manager $ref with an @odata.id on the Graph base URL; a UPN is resolved to its id first', async function () {
      const n = await flow({ operation: 'setManager', userId: ids.user('grady'), managerId: 'LeeG@contoso.onmicrosoft.com' });
      const { kind, msg } = await n.run({});
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(204);
      msg.payload.should.eql({ id: ids.user('grady'), managerId: ids.user('lee') });
      const [put] = await graphRequests('PUT', /manager\/\$ref$/);
      put.path.should.equal(`/v1.0/users/${ids.user('grady')}/manager/$ref`);
      put.body.should.eql({ '@odata.id': `${sim.graphBaseUrl}/users/${ids.user('lee')}` });
      sim.state.managerOf(ids.user('grady')).id.should.equal(ids.user('lee'));
    });

    it('setManager takes an @odata.id URL or a user object from msg', async function () {
      const n = await flow({ operation: 'setManager', userId: ids.user('grady'), managerId: 'payload', managerIdType: 'msg' });
      const a = await n.run({ payload: `https://graph.microsoft.com/v1.0/users/${ids.user('nestor')}` });
      a.kind.should.equal('output', JSON.stringify(a.msg.error));
      a.msg.payload.managerId.should.equal(ids.user('nestor'));
      const b = await n.run({ payload: { id: ids.user('lee'), displayName: 'Lee Gu' } });
      b.msg.payload.managerId.should.equal(ids.user('lee'));
      (await graphRequests('PUT', /manager\/\$ref$/))
        .map((r) => r.body['@odata.id'])
        .should.eql([ids.user('nestor'), ids.user('lee')].map((id) => `${sim.graphBaseUrl}/users/${id}`));
      (await graphRequests('GET', /^\/v1\.0\/users\//)).should.have.length(0);
    });

    it('removeManager DELETEs the $ref (204); listDirectReports lists the reports', async function () {
      const rm = await flow({ operation: 'removeManager', userId: ids.user('grady') });
      const r = await rm.run({});
      r.kind.should.equal('output');
      r.msg.payload.should.eql({ id: ids.user('grady'), managerRemoved: true });
      should(sim.state.managerOf(ids.user('grady'))).be.undefined();
      helper.unload();
      const list = await flow({ operation: 'listDirectReports', userId: ids.user('megan'), select: 'id,displayName' });
      const l = await list.run({});
      l.msg.payload
        .map((u) => u.displayName)
        .sort()
        .should.eql(['Alex Wilber', 'Isaiah Langer']);
    });
  });

  describe('memberships', function () {
    it('listMemberOf: direct by default, transitive through nested groups, only groups with the cast', async function () {
      const direct = await flow({ operation: 'listMemberOf', userId: ids.user('johanna') });
      const d = await direct.run({});
      d.msg.payload
        .map((g) => g.displayName)
        .sort()
        .should.eql(['All Company', 'Engineering']);
      helper.unload();
      const trans = await flow({
        operation: 'listMemberOf',
        userId: ids.user('johanna'),
        transitive: 'true',
        transitiveType: 'bool',
        onlyGroups: 'true',
        onlyGroupsType: 'bool',
        getAll: 'true',
        getAllType: 'bool',
      });
      const t = await trans.run({});
      t.kind.should.equal('output', JSON.stringify(t.msg.error));
      t.msg.payload
        .map((g) => g.displayName)
        .sort()
        .should.eql(['All Company', 'Engineering', 'VPN Users']);
      const [req] = await graphRequests('GET', /transitiveMemberOf/);
      req.path.should.equal(`/v1.0/users/${ids.user('johanna')}/transitiveMemberOf/microsoft.graph.group`);
    });

    it('checkMemberGroups splits more than 20 ids into calls of 20 and merges the answers', async function () {
      const filler = Array.from({ length: 22 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      const groupIds = [ids.group('vpn'), ...filler, ids.group('sales')];
      const n = await flow({ operation: 'checkMemberGroups', userId: ids.user('johanna'), groupIds: 'payload', groupIdsType: 'msg' });
      const { kind, msg } = await n.run({ payload: groupIds });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.should.eql([ids.group('vpn')]);
      const calls = await graphRequests('POST', /checkMemberGroups$/);
      calls.map((c) => c.body.groupIds.length).should.eql([20, 4]);
    });
  });

  describe('sessions, passwords and the Temporary Access Pass', function () {
    it('revokeSignInSessions POSTs and outputs Graph\'s {"value": true}', async function () {
      const n = await flow({ operation: 'revokeSignInSessions', userId: 'AdeleV@contoso.onmicrosoft.com' });
      const { kind, msg } = await n.run({});
      kind.should.equal('output');
      msg.payload.value.should.be.true();
      (await graphRequests('POST', /revokeSignInSessions$/)).should.have.length(1);
    });

    it('resetPassword with generatePassword: a complex password on msg.password only — never in payload, status or logs', async function () {
      const n = await flow({
        operation: 'resetPassword',
        userId: ids.user('alex'),
        generatePassword: 'true',
        generatePasswordType: 'bool',
        debugRequest: true,
      });
      const statuses = recordStatus(n.node);
      const { kind, msg } = await n.run({});
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.password.should.be.a.String().and.have.length(20);
      msg.password.should
        .match(/[a-z]/)
        .and.match(/[A-Z]/)
        .and.match(/\d/)
        .and.match(/[^A-Za-z0-9]/);
      msg.payload.should.eql({ id: ids.user('alex'), passwordReset: true, forceChangePasswordNextSignIn: true, generated: true });
      JSON.stringify(msg.payload).should.not.containEql(msg.password);
      const [patch] = await graphRequests('PATCH', /^\/v1\.0\/users\//);
      patch.body.should.eql({ passwordProfile: { password: msg.password, forceChangePasswordNextSignIn: true } });
      everything(statuses).should.not.containEql(msg.password);
      helper
        .log()
        .args.some((a) => /request PATCH/.test(JSON.stringify(a)))
        .should.be.true();
      // Two resets give two different passwords.
      const again = await n.run({});
      again.msg.password.should.not.equal(msg.password);
    });

    it('resetPassword takes the password input (no msg.password), forceChangePasswordNextSignIn false; refuses none at all', async function () {
      const n = await flow(
        {
          operation: 'resetPassword',
          userId: ids.user('alex'),
          passwordType: 'cred',
          forceChangePasswordNextSignIn: 'false',
          forceChangePasswordNextSignInType: 'bool',
        },
        { credentials: { password: 'Given!Passw0rd-1' } },
      );
      const { kind, msg } = await n.run({});
      kind.should.equal('output', JSON.stringify(msg.error));
      should(msg.password).be.undefined();
      const [patch] = await graphRequests('PATCH', /^\/v1\.0\/users\//);
      patch.body.should.eql({ passwordProfile: { password: 'Given!Passw0rd-1', forceChangePasswordNextSignIn: false } });
      helper.unload();
      const none = await flow({ operation: 'resetPassword', userId: ids.user('alex') });
      const r = await none.run({});
      r.kind.should.equal('error');
      r.msg.error.message.should.equal('password: is required unless generatePassword is true');
    });

    it('createTemporaryAccessPass: the pass on msg.temporaryAccessPass only, redacted from the debug log', async function () {
      const n = await flow({
        operation: 'createTemporaryAccessPass',
        userId: 'AlexW@contoso.onmicrosoft.com',
        lifetimeInMinutes: '60',
        lifetimeInMinutesType: 'num',
        isUsableOnce: 'true',
        isUsableOnceType: 'bool',
        debugRequest: true,
      });
      const statuses = recordStatus(n.node);
      const { kind, msg } = await n.run({});
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(201);
      msg.temporaryAccessPass.should.be.a.String().and.have.length(8);
      msg.payload.should.not.have.property('temporaryAccessPass');
      msg.payload.should.have.properties({ lifetimeInMinutes: 60, isUsableOnce: true, isUsable: true });
      everything(statuses).should.not.containEql(msg.temporaryAccessPass);
      helper
        .log()
        .args.some((a) => /response 201/.test(JSON.stringify(a)))
        .should.be.true();
      const [post] = await graphRequests('POST', /temporaryAccessPassMethods$/);
      post.body.should.eql({ lifetimeInMinutes: 60, isUsableOnce: true });
    });

    it("createTemporaryAccessPass with the policy off goes to Catch with Graph's reason; a bad lifetime sends nothing", async function () {
      await sim.control.clearRequests();
      const bad = await flow({
        operation: 'createTemporaryAccessPass',
        userId: ids.user('alex'),
        lifetimeInMinutes: '5',
        lifetimeInMinutesType: 'num',
      });
      const b = await bad.run({});
      b.kind.should.equal('error');
      b.msg.error.message.should.match(/^lifetimeInMinutes: must be a whole number of minutes between 10 and 43200/);
      (await graphRequests('POST', /temporaryAccessPassMethods/)).should.have.length(0);
      helper.unload();
      sim.context.extensions.authentication.policy.state = 'disabled';
      const off = await flow({ operation: 'createTemporaryAccessPass', userId: ids.user('alex') });
      const o = await off.run({});
      o.kind.should.equal('error');
      o.msg.statusCode.should.equal(400);
      o.msg.error.message.should.match(/not enabled/);
      should(o.msg.temporaryAccessPass).be.undefined();
    });

    it('listAuthenticationMethods lists the methods with their @odata.type', async function () {
      const n = await flow({ operation: 'listAuthenticationMethods', userId: 'AdeleV@contoso.onmicrosoft.com' });
      const { msg } = await n.run({});
      msg.payload.map((m) => m['@odata.type']).should.containEql('#microsoft.graph.passwordAuthenticationMethod');
      msg.payload.map((m) => m['@odata.type']).should.containEql('#microsoft.graph.phoneAuthenticationMethod');
    });
  });

  describe('licences', function () {
    it('assignLicense by SKU part number and service plan name: one GET /subscribedSkus per connection, then skuIds', async function () {
      const n = await flow({
        operation: 'assignLicense',
        userId: 'payload.user',
        userIdType: 'msg',
        addLicenses: 'payload.add',
        addLicensesType: 'msg',
        removeLicenses: 'payload.remove',
        removeLicensesType: 'msg',
      });
      const first = await n.run({
        payload: { user: 'MeganB@contoso.com', add: [{ skuPartNumber: 'SPE_E5', disabledPlans: ['TEAMS1'] }], remove: ['EMS'] },
      });
      first.kind.should.equal('output', JSON.stringify(first.msg.error));
      first.msg.statusCode.should.equal(200);
      const [post] = await graphRequests('POST', /assignLicense$/);
      post.body.should.eql({
        addLicenses: [{ skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', disabledPlans: ['57ff2da0-773e-42df-b2af-ffb7a2317929'] }],
        removeLicenses: [EMS],
      });
      const second = await n.run({ payload: { user: 'AlexW@contoso.onmicrosoft.com', add: 'EMS', remove: [] } });
      second.kind.should.equal('output', JSON.stringify(second.msg.error));
      (await graphRequests('GET', /subscribedSkus/)).should.have.length(1);
      (await graphRequests('POST', /assignLicense$/))[1].body.should.eql({
        addLicenses: [{ skuId: EMS, disabledPlans: [] }],
        removeLicenses: [],
      });
    });

    it('assignLicense explains a missing usage location; an unknown part number is bad input, naming the SKUs there are', async function () {
      const created = await sim.context.dispatch({
        method: 'POST',
        path: '/v1.0/users',
        rawQuery: '',
        query: new URLSearchParams(),
        headers: { authorization: `Bearer ${(await sim.control.token()).access_token}` },
        rawBody: '',
        body: {
          accountEnabled: true,
          displayName: 'No Location',
          mailNickname: 'noloc',
          userPrincipalName: 'noloc@contoso.com',
          passwordProfile: { password: 'Str0ng!Passw0rd', forceChangePasswordNextSignIn: true },
        },
      });
      const n = await flow({ operation: 'assignLicense', userId: created.body.id, addLicenses: 'ENTERPRISEPACK' });
      const { kind, msg } = await n.run({});
      kind.should.equal('error');
      msg.statusCode.should.equal(400);
      msg.error.message.should.match(
        /^No usage location: set the user's usageLocation .*: License assignment cannot be done for user with invalid usage location\.$/,
      );
      helper.unload();
      const typo = await flow({ operation: 'assignLicense', userId: ids.user('alex'), addLicenses: 'ENTERPRISEPAK' });
      const t = await typo.run({});
      t.kind.should.equal('error');
      t.msg.error.message.should.match(
        /^addLicenses: no subscribed SKU with part number "ENTERPRISEPAK" in this tenant \(it has: ENTERPRISEPACK, SPE_E5, EMS, AAD_PREMIUM\)/,
      );
      (await graphRequests('POST', /assignLicense$/)).should.have.length(1);
    });

    it('listLicenseDetails and listSubscribedSkus list what Graph returns', async function () {
      const d = await flow({ operation: 'listLicenseDetails', userId: 'MeganB@contoso.com' });
      (await d.run({})).msg.payload
        .map((l) => l.skuPartNumber)
        .sort()
        .should.eql(['EMS', 'ENTERPRISEPACK']);
      helper.unload();
      const s = await flow({ operation: 'listSubscribedSkus' });
      const { msg } = await s.run({});
      msg.payload.find((k) => k.skuId === E3).should.have.properties({ skuPartNumber: 'ENTERPRISEPACK', consumedUnits: 5 });
    });
  });

  describe('guests, deleted users and inactive users', function () {
    it('invite POSTs /invitations with sendInvitationMessage true by default; msg.payload has invitedUser.id and inviteRedeemUrl', async function () {
      const n = await flow({
        operation: 'invite',
        invitedUserEmailAddress: 'pat@fabrikam.com',
        inviteRedirectUrl: 'https://myapps.microsoft.com',
        customizedMessageBody: 'Welcome!',
      });
      const { kind, msg } = await n.run({});
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(201);
      msg.payload.invitedUser.id.should.be.a.String();
      msg.payload.inviteRedeemUrl.should.startWith('https://');
      const [post] = await graphRequests('POST', /\/invitations$/);
      post.body.should.eql({
        invitedUserEmailAddress: 'pat@fabrikam.com',
        inviteRedirectUrl: 'https://myapps.microsoft.com',
        sendInvitationMessage: true,
        invitedUserMessageInfo: { customizedMessageBody: 'Welcome!' },
      });
      sim.state.getUser(msg.payload.invitedUser.id).userType.should.equal('Guest');
    });

    it('listDeleted, restore (a taken UPN explained, then newUserPrincipalName) and deletePermanently with confirm', async function () {
      const id = ids.user('grady');
      sim.state.softDelete('users', id);
      const listed = await flow({ operation: 'listDeleted', select: 'id,displayName' });
      (await listed.run({})).msg.payload.map((u) => u.id).should.eql([id]);
      helper.unload();
      // Someone else took Grady's user principal name meanwhile.
      sim.state.create('users', {
        displayName: 'New Grady',
        userPrincipalName: 'GradyA@contoso.onmicrosoft.com',
        mailNickname: 'GradyA2',
        accountEnabled: true,
      });
      const restore = await flow({ operation: 'restore', userId: id, newUserPrincipalName: 'payload', newUserPrincipalNameType: 'msg' });
      const clash = await restore.run({});
      clash.kind.should.equal('error');
      clash.msg.error.message.should.match(/^Cannot restore: another user now has this user principal name: give newUserPrincipalName/);
      const ok = await restore.run({ payload: 'grady.archie@contoso.onmicrosoft.com' });
      ok.kind.should.equal('output', JSON.stringify(ok.msg.error));
      ok.msg.payload.userPrincipalName.should.equal('grady.archie@contoso.onmicrosoft.com');
      const restores = await graphRequests('POST', /restore$/);
      should(restores[0].body).be.undefined();
      restores[1].body.should.eql({ newUserPrincipalName: 'grady.archie@contoso.onmicrosoft.com' });
      helper.unload();
      sim.state.softDelete('users', id);
      const purge = await flow({ operation: 'deletePermanently', userId: 'payload', userIdType: 'msg' });
      const refused = await purge.run({ payload: id });
      refused.kind.should.equal('error');
      refused.msg.error.message.should.match(/^confirm: must be true/);
      (await graphRequests('DELETE', /deletedItems/)).should.have.length(0);
      helper.unload();
      const confirmed = await flow({
        operation: 'deletePermanently',
        userId: 'payload',
        userIdType: 'msg',
        confirm: 'true',
        confirmType: 'bool',
      });
      const done = await confirmed.run({ payload: id });
      done.kind.should.equal('output', JSON.stringify(done.msg.error));
      done.msg.payload.should.eql({ id, deletedPermanently: true });
      sim.state.deleted.has(id).should.be.false();
    });

    it('listInactive filters on lastSuccessfulSignInDateTime with signInActivity selected; includeNeverSignedIn adds users created before the cut-off', async function () {
      const n = await flow({ operation: 'listInactive', inactiveDays: '90', inactiveDaysType: 'num', getAll: 'true', getAllType: 'bool' });
      const { kind, msg } = await n.run({});
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload
        .map((u) => u.displayName)
        .sort()
        .should.eql(['Isaiah Langer', 'Lidia Holloway', 'Pradeep Gupta']);
      msg.payload[0].signInActivity.lastSuccessfulSignInDateTime.should.be.a.String();
      const [req] = await graphRequests('GET', /^\/v1\.0\/users$/);
      req.query.$filter.should.match(/^signInActivity\/lastSuccessfulSignInDateTime le \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      req.query.$select.split(',').should.containEql('signInActivity');
      req.query.$top.should.equal('500');
      helper.unload();
      const all = await flow({
        operation: 'listInactive',
        inactiveDays: '90',
        inactiveDaysType: 'num',
        includeNeverSignedIn: 'true',
        includeNeverSignedInType: 'bool',
        getAll: 'true',
        getAllType: 'bool',
      });
      const r = await all.run({});
      r.msg.payload
        .map((u) => u.displayName)
        .sort()
        .should.eql(['Grady Archie', 'Isaiah Langer', 'Lidia Holloway', 'Pradeep Gupta']);
    });

    it('listInactive in a tenant without Entra ID P1/P2 says that sign-in activity needs it', async function () {
      await sim.control.setConfig({ premiumLicense: false });
      const n = await flow({ operation: 'listInactive', inactiveDays: '30', inactiveDaysType: 'num' });
      const statuses = recordStatus(n.node);
      const { kind, msg } = await n.run({});
      kind.should.equal('error');
      msg.statusCode.should.equal(403);
      msg.error.code.should.equal('Authentication_RequestFromNonPremiumTenantOrB2CTenant');
      msg.error.message.should.match(/^Sign-in activity needs a Microsoft Entra ID P1 or P2 licence in the tenant: /);
      statuses[statuses.length - 1].text.should.equal('403 needs Entra ID P1');
    });

    it('listInactive without AuditLog.Read.All names the permission in the 403', async function () {
      await sim.control.registerApp({
        clientId: '22222222-3333-4444-8555-666666666666',
        clientSecret: 'no-audit',
        roles: ['User.Read.All'],
      });
      const n = await flow(
        { operation: 'listInactive', inactiveDays: '30', inactiveDaysType: 'num' },
        { conn: { id: 'noaudit' }, connCredentials: { clientId: '22222222-3333-4444-8555-666666666666', clientSecret: 'no-audit' } },
      );
      const { kind, msg } = await n.run({});
      kind.should.equal('error');
      msg.statusCode.should.equal(403);
      msg.error.message.should.match(/needs the AuditLog\.Read\.All application permission/);
    });
  });
});
