'use strict';
// entra-group and entra-app end to end: the packed package in a real Node-RED process, driven
// through http-in endpoints (operation from msg), checked against what the simulator received.
require('should');
const { useSimulatorAndNodeRed } = require('../support/simulator-node-red');
const { simulatorConnection, fromMsgPayload } = require('../support/e2e-flows');
const { loadSimulator } = require('../support/certs');

const UNKNOWN = '00000000-0000-4000-8000-0000000000aa';

/** http in → <node> → change (result as JSON) → http response; Catch → change (error as JSON) → same response. */
function endpointFlow(prefix, url, node, okExpression = '{"payload": payload, "graphStatus": statusCode, "created": created}') {
  const tab = `${prefix}-tab`;
  // The http response node would use Graph's statusCode and headers: answer with them in the body instead.
  const toBody = (id, expr) => ({
    id,
    type: 'change',
    z: tab,
    rules: [
      { t: 'set', p: 'payload', pt: 'msg', to: expr, tot: 'jsonata' },
      { t: 'delete', p: 'headers', pt: 'msg' },
      { t: 'delete', p: 'statusCode', pt: 'msg' },
    ],
    wires: [[`${prefix}-res`]],
  });
  return [
    { id: tab, type: 'tab', label: prefix },
    simulatorConnection(`${prefix}-conn`, { maxRetries: 1, retryBaseDelayMs: 10 }),
    { id: `${prefix}-in`, type: 'http in', z: tab, url, method: 'post', wires: [[`${prefix}-op`]] },
    {
      id: `${prefix}-op`,
      type: 'change',
      z: tab,
      rules: [{ t: 'set', p: 'operation', pt: 'msg', to: 'payload.operation', tot: 'msg' }],
      wires: [[`${prefix}-node`]],
    },
    { id: `${prefix}-node`, z: tab, connection: `${prefix}-conn`, operation: 'msg', wires: [[`${prefix}-ok`]], ...node },
    toBody(`${prefix}-ok`, okExpression),
    { id: `${prefix}-catch`, type: 'catch', z: tab, scope: [`${prefix}-node`], wires: [[`${prefix}-err`]] },
    toBody(`${prefix}-err`, '{"error": error.message, "code": error.code, "graphStatus": statusCode, "result": payload}'),
    { id: `${prefix}-res`, type: 'http response', z: tab, statusCode: '', headers: {}, wires: [] },
  ];
}

describe('e2e: entra-group and entra-app in a real Node-RED', function () {
  this.timeout(60000);
  let sim;
  let nr;
  const { seedIds } = loadSimulator();

  useSimulatorAndNodeRed(async (s, n) => {
    sim = s;
    nr = n;
    await nr.deploy([
      ...endpointFlow('grp', '/group', {
        type: 'entra-group',
        ...fromMsgPayload([
          'groupId',
          'uniqueName',
          'displayName',
          'mailNickname',
          'mailEnabled',
          'securityEnabled',
          'groupTypes',
          'groupMemberOdataId',
          'ignoreExisting',
          'memberId',
          'select',
          'getAll',
        ]),
      }),
      ...endpointFlow('app', '/app', {
        type: 'entra-app',
        idType: 'appId',
        ...fromMsgPayload(['applicationObjectId', 'uniqueName', 'displayName', 'filter']),
      }),
      ...endpointFlow('grp2', '/group2', {
        type: 'entra-group',
        ...fromMsgPayload(['groupId', 'ownerId', 'onlyUsers', 'transitive', 'confirm', 'select', 'addLicenses', 'removeLicenses']),
      }),
      // Every input of the operations beyond the seed from msg.payload; the new secret comes back as "secret".
      ...endpointFlow(
        'app2',
        '/app2',
        {
          type: 'entra-app',
          ...fromMsgPayload([
            'applicationObjectId',
            'idType',
            'displayName',
            'endDateTime',
            'keyId',
            'withinDays',
            'preset',
            'name',
            'issuer',
            'subject',
            'githubRepository',
            'githubEntityType',
            'githubEntityValue',
            'federatedCredentialId',
            'ownerId',
            'confirm',
            'appId',
            'servicePrincipalId',
            'permission',
            'resourceAppId',
            'ignoreExisting',
            'assignmentId',
            'filter',
            'select',
          ]),
        },
        '{"payload": payload, "graphStatus": statusCode, "secret": secret}',
      ),
    ]);
  });

  beforeEach(() => sim.control.reset({ seed: 'small' }));

  const call = async (url, body) => {
    const r = await nr.httpNode('POST', url, body);
    r.status.should.equal(200, r.text);
    return r.body;
  };
  const received = async (method, re) => (await sim.control.requests()).filter((r) => r.method === method && re.test(r.path));

  it('entra-group: upsert (201 then 204), bulk add with a failing member, duplicate add, $ref removal, bulk removal, list members, delete', async function () {
    const users = [...sim.state.users.keys()];
    const sec = {
      uniqueName: 'e2e-ops',
      displayName: 'Ops',
      mailNickname: 'ops',
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
    };

    const created = await call('/group', { operation: 'upsert', ...sec });
    created.created.should.be.true();
    created.graphStatus.should.equal(201);
    const groupId = created.payload.id;
    const updated = await call('/group', { operation: 'upsert', ...sec, displayName: 'Operations' });
    updated.should.containEql({ created: false, graphStatus: 204 });
    const upserts = await received('PATCH', /^\/v1\.0\/groups\(uniqueName='e2e-ops'\)$/);
    upserts.map((r) => r.headers.prefer).should.eql(['create-if-missing', 'create-if-missing']);
    upserts[1].body.displayName.should.equal('Operations');

    const bulk = await call('/group', { operation: 'addMember', groupId, groupMemberOdataId: [...users, UNKNOWN] });
    bulk.payload.added.should.eql(users);
    bulk.payload.failed.map((f) => f.id).should.eql([UNKNOWN]);
    (await received('PATCH', new RegExp(`^/v1\\.0/groups/${groupId}$`)))[0].body['members@odata.bind'].length.should.equal(
      users.length + 1,
    );
    (await received('POST', /^\/v1\.0\/\$batch$/)).length.should.equal(1);

    const dup = await call('/group', { operation: 'addMember', groupId, groupMemberOdataId: users[0] });
    dup.error.should.match(/^Already a member/);
    dup.code.should.equal('Request_BadRequest');
    const idem = await call('/group', { operation: 'addMember', groupId, groupMemberOdataId: users[0], ignoreExisting: true });
    idem.payload.alreadyMember.should.be.true();

    const removed = await call('/group', { operation: 'removeMember', groupId, memberId: users[0] });
    removed.payload.should.eql({ groupId, memberId: users[0], removed: true });
    (await received('DELETE', /members/)).map((r) => r.path).should.eql([`/v1.0/groups/${groupId}/members/${users[0]}/$ref`]);
    sim.state.users.has(users[0]).should.be.true();
    const notMember = await call('/group', { operation: 'removeMember', groupId, memberId: users[0] });
    notMember.error.should.match(/^Not a member/);

    const bulkRemove = await call('/group', { operation: 'removeMember', groupId, memberId: [users[1], users[2], users[0]] });
    bulkRemove.payload.should.eql({ removed: [users[1], users[2]], notMembers: [users[0]], failed: [] });

    const list = await call('/group', { operation: 'listMembers', groupId, getAll: true, select: 'id' });
    list.payload
      .map((m) => m.id)
      .sort()
      .should.eql(users.slice(3).sort());

    (await call('/group', { operation: 'get', groupId, select: 'displayName,uniqueName' })).payload.should.containEql({
      displayName: 'Operations',
      uniqueName: 'e2e-ops',
    });
    (await call('/group', { operation: 'delete', groupId })).payload.should.eql({ id: groupId, deleted: true });
    // A security group is deleted permanently [GDEL].
    sim.state.deleted.has(groupId).should.be.false();
    (await call('/group', { operation: 'get', groupId })).error.should.match(/^Not found/);
  });

  it('entra-app: create by upsert (201), update (204), get and delete by application (client) id', async function () {
    const created = await call('/app', { operation: 'upsert', uniqueName: "hr's-portal", displayName: 'HR' });
    created.created.should.be.true();
    const { id, appId } = created.payload;
    (await call('/app', { operation: 'upsert', uniqueName: "hr's-portal", displayName: 'HR Portal' })).created.should.be.false();
    (await received('PATCH', /^\/v1\.0\/applications/))
      .map((r) => r.path)
      .should.eql(["/v1.0/applications(uniqueName='hr''s-portal')", "/v1.0/applications(uniqueName='hr''s-portal')"]);

    const got = await call('/app', { operation: 'get', applicationObjectId: appId });
    got.payload.should.containEql({ id, displayName: 'HR Portal', uniqueName: "hr's-portal" });
    const listed = await call('/app', { operation: 'list', filter: "startswith(displayName,'HR')" });
    listed.payload.map((a) => a.id).should.eql([id]);
    (await call('/app', { operation: 'delete', applicationObjectId: appId })).payload.should.eql({ appId, deleted: true });
    (await received('DELETE', /applications/)).map((r) => r.path).should.eql([`/v1.0/applications(appId='${appId}')`]);
    sim.state.deleted.has(id).should.be.true();
    const seeded = await call('/app', { operation: 'get', applicationObjectId: seedIds.application('hr') });
    seeded.error.should.match(/^Not found: no application with application \(client\) id/);
  });

  it('entra-app beyond the seed: a secret rotated (only on msg.secret), expiring credentials, a GitHub federated credential, owners, deleted items', async function () {
    const hr = seedIds.application('hr');
    const mark = nr.logMark();
    const added = await call('/app2', { operation: 'addPassword', applicationObjectId: hr, displayName: 'e2e rotation' });
    added.graphStatus.should.equal(200);
    added.secret.should.be.a.String();
    added.payload.should.containEql({ id: hr, displayName: 'e2e rotation', hint: added.secret.slice(0, 3) });
    JSON.stringify(added.payload).should.not.containEql(added.secret);
    mark.text().should.not.containEql(added.secret);
    const removed = await call('/app2', { operation: 'removePassword', applicationObjectId: hr, keyId: added.payload.keyId });
    removed.payload.should.eql({ id: hr, keyId: added.payload.keyId, removed: true });

    const expiring = await call('/app2', { operation: 'listExpiringCredentials', withinDays: 30 });
    expiring.payload
      .map((c) => [c.app.displayName, c.kind, c.expired])
      .should.eql([
        ['Contoso Expenses', 'password', true],
        ['Contoso HR Portal', 'certificate', false],
      ]);

    const fic = await call('/app2', {
      operation: 'addFederatedCredential',
      applicationObjectId: hr,
      preset: 'githubActions',
      githubRepository: 'contoso/hr-portal',
      githubEntityType: 'environment',
      githubEntityValue: 'staging',
    });
    fic.graphStatus.should.equal(201);
    fic.payload.should.containEql({
      name: 'github-contoso-hr-portal-environment-staging',
      subject: 'repo:contoso/hr-portal:environment:staging',
      issuer: 'https://token.actions.githubusercontent.com',
    });
    (await call('/app2', { operation: 'listFederatedCredentials', applicationObjectId: hr })).payload.length.should.equal(2);
    (
      await call('/app2', { operation: 'removeFederatedCredential', applicationObjectId: hr, federatedCredentialId: fic.payload.id })
    ).payload.removed.should.be.true();

    const adele = seedIds.user('adele');
    (await call('/app2', { operation: 'addOwner', applicationObjectId: hr, ownerId: adele })).payload.added.should.be.true();
    (await call('/app2', { operation: 'listOwners', applicationObjectId: hr })).payload.map((o) => o.id).should.containEql(adele);
    (await call('/app2', { operation: 'addOwner', applicationObjectId: hr, ownerId: adele })).error.should.match(/^Already an owner/);
    (await call('/app2', { operation: 'removeOwner', applicationObjectId: hr, ownerId: adele })).payload.removed.should.be.true();
    const [alex, megan] = ['alex', 'megan'].map((k) => seedIds.user(k));
    (await call('/app2', { operation: 'addOwner', applicationObjectId: hr, ownerId: [alex, megan] })).payload.added.should.eql([
      alex,
      megan,
    ]);
    (await call('/app2', { operation: 'removeOwner', applicationObjectId: hr, ownerId: [alex, megan, adele] })).payload.should.eql({
      id: hr,
      removed: [alex, megan],
      notOwners: [adele],
      failed: [],
    });

    sim.state.softDelete('applications', hr);
    (await call('/app2', { operation: 'listDeleted', select: 'id' })).payload.should.eql([{ id: hr }]);
    (await call('/app2', { operation: 'deletePermanently', applicationObjectId: hr })).error.should.match(/^confirm: must be true/);
    (await call('/app2', { operation: 'restore', applicationObjectId: hr })).payload.id.should.equal(hr);
    sim.state.softDelete('applications', hr);
    (await call('/app2', { operation: 'deletePermanently', applicationObjectId: hr, confirm: true })).payload.should.eql({
      id: hr,
      deletedPermanently: true,
    });
  });

  it('entra-app service principals: create, get by appId, grant a Microsoft Graph permission by name (idempotent with ignoreExisting), list and revoke', async function () {
    const made = await call('/app', { operation: 'upsert', uniqueName: 'e2e-consent', displayName: 'Consent e2e' });
    const appId = made.payload.appId;
    const sp = await call('/app2', { operation: 'createServicePrincipal', appId });
    sp.graphStatus.should.equal(201);
    (await call('/app2', { operation: 'getServicePrincipal', servicePrincipalId: appId, idType: 'appId' })).payload.id.should.equal(
      sp.payload.id,
    );
    (await call('/app2', { operation: 'listServicePrincipals', filter: `appId eq '${appId}'`, select: 'id' })).payload.should.eql([
      { id: sp.payload.id },
    ]);

    const grant = { operation: 'grantAppRole', servicePrincipalId: appId, idType: 'appId', permission: 'User.Read.All' };
    const granted = await call('/app2', grant);
    granted.graphStatus.should.equal(201);
    granted.payload.should.containEql({
      principalId: sp.payload.id,
      appRoleId: 'df021288-bdef-4463-88db-98f22de89214',
      permission: 'User.Read.All',
      alreadyGranted: false,
    });
    (await call('/app2', grant)).error.should.match(/^Already granted/);
    (await call('/app2', { ...grant, ignoreExisting: true })).payload.alreadyGranted.should.be.true();
    (await call('/app2', { ...grant, permission: 'User.Read' })).error.should.match(/delegated permission/);

    const held = await call('/app2', { operation: 'listAppRoleAssignments', servicePrincipalId: sp.payload.id });
    held.payload.map((a) => a.id).should.eql([granted.payload.id]);
    (
      await call('/app2', { operation: 'revokeAppRole', servicePrincipalId: sp.payload.id, assignmentId: granted.payload.id })
    ).payload.revoked.should.be.true();
    (await call('/app2', { operation: 'listAppRoleAssignments', servicePrincipalId: sp.payload.id })).payload.should.eql([]);
    (await call('/app2', { operation: 'deleteServicePrincipal', servicePrincipalId: sp.payload.id })).payload.should.eql({
      id: sp.payload.id,
      deleted: true,
    });
  });

  it('entra-group beyond the seed: owners one and many (the last owner refused), transitive members, memberOf, licences, deleted groups', async function () {
    const sales = seedIds.group('sales');
    const [nestor, megan, alex] = ['nestor', 'megan', 'alex'].map((k) => seedIds.user(k));
    (await call('/group2', { operation: 'addOwner', groupId: sales, ownerId: megan })).payload.should.eql({
      groupId: sales,
      ownerId: megan,
      added: true,
    });
    const bulk = await call('/group2', { operation: 'addOwner', groupId: sales, ownerId: [alex, megan] });
    bulk.payload.should.eql({ added: [alex], alreadyOwners: [megan], failed: [] });
    (await call('/group2', { operation: 'listOwners', groupId: sales, select: 'id' })).payload
      .map((o) => o.id)
      .sort()
      .should.eql([nestor, megan, alex].sort());
    const removed = await call('/group2', { operation: 'removeOwner', groupId: sales, ownerId: [megan, alex, nestor] });
    removed.payload.removed.should.eql([megan, alex]);
    removed.payload.failed.map((f) => f.id).should.eql([nestor]);
    (await call('/group2', { operation: 'removeOwner', groupId: sales, ownerId: nestor })).error.should.match(
      /^Cannot remove the last owner/,
    );

    const vpn = seedIds.group('vpn');
    const users = await call('/group2', { operation: 'listTransitiveMembers', groupId: vpn, onlyUsers: true, select: 'id' });
    users.payload.map((u) => u.id).should.containEql(seedIds.user('johanna'));
    (await received('GET', /transitiveMembers/))[0].path.should.equal(`/v1.0/groups/${vpn}/transitiveMembers/microsoft.graph.user`);
    (await call('/group2', { operation: 'listMemberOf', groupId: seedIds.group('engineering'), transitive: true, select: 'id' })).payload
      .map((g) => g.id)
      .should.eql([vpn]);

    // Group-based licensing: licences by part number, 202 Accepted, visible with $select.
    const lic = await call('/group2', { operation: 'assignLicense', groupId: vpn, addLicenses: ['EMS'] });
    lic.graphStatus.should.equal(202);
    lic.payload.id.should.equal(vpn);
    (await call('/group2', { operation: 'get', groupId: vpn, select: 'assignedLicenses' })).payload.assignedLicenses
      .map((l) => l.skuId)
      .should.eql(['efccb6f7-5641-4e0e-bd10-b4976e1bf68e']);
    (await call('/group2', { operation: 'assignLicense', groupId: vpn, removeLicenses: ['EMS'] })).payload.id.should.equal(vpn);
    (await call('/group2', { operation: 'assignLicense', groupId: vpn, removeLicenses: ['EMS'] })).error.should.match(
      /Group does not have a corresponding license/,
    );

    (await call('/group', { operation: 'delete', groupId: sales })).payload.deleted.should.be.true();
    (await call('/group2', { operation: 'listDeleted', select: 'id' })).payload.should.eql([{ id: sales }]);
    (await call('/group2', { operation: 'restore', groupId: sales })).payload.id.should.equal(sales);
    (await call('/group', { operation: 'delete', groupId: sales })).payload.deleted.should.be.true();
    (await call('/group2', { operation: 'deletePermanently', groupId: sales })).error.should.match(/^confirm: must be true/);
    (await call('/group2', { operation: 'deletePermanently', groupId: sales, confirm: true })).payload.should.eql({
      id: sales,
      deletedPermanently: true,
    });
  });
});
