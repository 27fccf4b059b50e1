'use strict';
// entra-group and entra-app end to end: the packed package in a real Node-RED process, driven
// through http-in endpoints (operation from msg), checked against what the simulator received.
require('should');
const { startNodeRed } = require('../support/node-red-process');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { loadSimulator } = require('../support/certs');

const UNKNOWN = '00000000-0000-4000-8000-0000000000aa';

/** http in → <node> → change (result as JSON) → http response; Catch → change (error as JSON) → same response. */
function endpointFlow(prefix, url, node) {
  const tab = `${prefix}-tab`;
  // The http response node would use Graph's statusCode and headers: answer with them in the body instead.
  const toBody = (id, expr) => ({
    id, type: 'change', z: tab,
    rules: [
      { t: 'set', p: 'payload', pt: 'msg', to: expr, tot: 'jsonata' },
      { t: 'delete', p: 'headers', pt: 'msg' },
      { t: 'delete', p: 'statusCode', pt: 'msg' },
    ],
    wires: [[`${prefix}-res`]],
  });
  return [
    { id: tab, type: 'tab', label: prefix },
    {
      id: `${prefix}-conn`, type: 'entra-connection', name: 'Simulator', authType: 'clientCredentials', tenantId: '${ENTRA_TENANT_ID}',
      cloud: 'custom', authorityHost: '${ENTRA_AUTHORITY_HOST}', graphBaseUrl: '${ENTRA_GRAPH_BASE_URL}', maxRetries: 1, retryBaseDelayMs: 10,
      credentials: { clientId: '${ENTRA_CLIENT_ID}', clientSecret: '${ENTRA_CLIENT_SECRET}' },
    },
    { id: `${prefix}-in`, type: 'http in', z: tab, url, method: 'post', wires: [[`${prefix}-op`]] },
    { id: `${prefix}-op`, type: 'change', z: tab, rules: [{ t: 'set', p: 'operation', pt: 'msg', to: 'payload.operation', tot: 'msg' }], wires: [[`${prefix}-node`]] },
    { id: `${prefix}-node`, z: tab, connection: `${prefix}-conn`, operation: 'msg', wires: [[`${prefix}-ok`]], ...node },
    toBody(`${prefix}-ok`, '{"payload": payload, "graphStatus": statusCode, "created": created}'),
    { id: `${prefix}-catch`, type: 'catch', z: tab, scope: [`${prefix}-node`], wires: [[`${prefix}-err`]] },
    toBody(`${prefix}-err`, '{"error": error.message, "code": error.code, "graphStatus": statusCode, "result": payload}'),
    { id: `${prefix}-res`, type: 'http response', z: tab, statusCode: '', headers: {}, wires: [] },
  ];
}

/** Every input read from msg.payload.<name>. */
function fromPayload(names) {
  const out = {};
  for (const n of names) { out[n] = `payload.${n}`; out[`${n}Type`] = 'msg'; }
  return out;
}

describe('e2e: entra-group and entra-app in a real Node-RED', function () {
  this.timeout(60000);
  let sim;
  let nr;
  const { seedIds } = loadSimulator();

  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    nr = await startNodeRed({ env: simulatorEnv(sim) });
    await nr.deploy([
      ...endpointFlow('grp', '/group', {
        type: 'entra-group',
        ...fromPayload(['groupId', 'uniqueName', 'displayName', 'mailNickname', 'mailEnabled', 'securityEnabled', 'groupTypes', 'groupMemberOdataId', 'ignoreExisting', 'memberId', 'select', 'getAll']),
      }),
      ...endpointFlow('app', '/app', { type: 'entra-app', idType: 'appId', ...fromPayload(['applicationObjectId', 'uniqueName', 'displayName', 'filter']) }),
    ]);
  });

  after(async function () {
    this.timeout(30000);
    if (nr) await nr.stop();
    if (sim) await sim.close();
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
    const sec = { uniqueName: 'e2e-ops', displayName: 'Ops', mailNickname: 'ops', mailEnabled: false, securityEnabled: true, groupTypes: [] };

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
    (await received('PATCH', new RegExp(`^/v1\\.0/groups/${groupId}$`)))[0].body['members@odata.bind'].length.should.equal(users.length + 1);
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
    list.payload.map((m) => m.id).sort().should.eql(users.slice(3).sort());

    (await call('/group', { operation: 'get', groupId, select: 'displayName,uniqueName' })).payload.should.containEql({ displayName: 'Operations', uniqueName: 'e2e-ops' });
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
    (await received('PATCH', /^\/v1\.0\/applications/)).map((r) => r.path).should.eql(["/v1.0/applications(uniqueName='hr''s-portal')", "/v1.0/applications(uniqueName='hr''s-portal')"]);

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
});
