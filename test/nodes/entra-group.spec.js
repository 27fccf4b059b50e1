'use strict';
const should = require('should');
const { helper, useSimulator, nodeFlow, recordStatus } = require('../support/helper');
const { loadSimulator } = require('../support/certs');

// entra-group in Node-RED (test helper, compiled package) against the Graph simulator. The request
// shapes (method, path, $ref, Prefer, body) are asserted on what the simulator received.
describe('entra-group node', function () {
  this.timeout(20000);
  let sim;
  const { seedIds, largeUserId } = loadSimulator();
  const ENGINEERING = seedIds.group('engineering');
  const IT_ADMINS = seedIds.group('itadmins');
  const ADELE = seedIds.user('adele');
  const NESTOR = seedIds.user('nestor');
  const LEE = seedIds.user('lee');
  const UNKNOWN = '00000000-0000-4000-8000-0000000000aa';

  useSimulator((s) => {
    sim = s;
  });

  const flow = (props, opts) => nodeFlow(sim, 'entra-group', props, opts);
  const graph = async (method, pathRe) => (await sim.control.requests()).filter((r) => r.method === method && pathRe.test(r.path));
  // The simulator's own state: what Graph now holds.
  const membersOf = async (groupId) => [...sim.state.members.get(groupId)];

  describe('create', function () {
    it('POSTs /groups with the create defaults: a Microsoft 365 group (Unified, mail- and security-enabled)', async function () {
      const n = await flow({
        operation: 'create',
        displayName: 'Golf Assist',
        mailNickname: 'golfassist',
        additionalProperties: '{"description":"Golf"}',
        additionalPropertiesType: 'json',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(201);
      msg.payload.id.should.be.a.String();
      msg.payload.mail.should.equal('golfassist@contoso.onmicrosoft.com');
      const [req] = await graph('POST', /^\/v1\.0\/groups$/);
      req.body.should.eql({
        displayName: 'Golf Assist',
        mailEnabled: true,
        mailNickname: 'golfassist',
        securityEnabled: true,
        groupTypes: ['Unified'],
        description: 'Golf',
      });
    });

    it('makes a security group when mailEnabled is false and groupTypes is empty (groupTypes [])', async function () {
      const n = await flow({ operation: 'create', displayName: 'Ops', mailNickname: 'ops', mailEnabled: 'false', mailEnabledType: 'bool' });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.groupTypes.should.eql([]);
      const [req] = await graph('POST', /^\/v1\.0\/groups$/);
      req.body.should.eql({ displayName: 'Ops', mailEnabled: false, mailNickname: 'ops', securityEnabled: true, groupTypes: [] });
    });

    it('reads groupTypes as a comma-separated string or an array', async function () {
      const n = await flow({
        operation: 'create',
        displayName: 'D',
        mailNickname: 'payload.nick',
        mailNicknameType: 'msg',
        groupTypes: 'payload.types',
        groupTypesType: 'msg',
      });
      await n.run({ payload: { nick: 'd1', types: 'Unified, DynamicMembership' } });
      await n.run({ payload: { nick: 'd2', types: ['Unified'] } });
      (await graph('POST', /^\/v1\.0\/groups$/)).map((r) => r.body.groupTypes).should.eql([['Unified', 'DynamicMembership'], ['Unified']]);
    });

    it('reports Graph refusing a mail-enabled security group, and sends nothing without a mailNickname', async function () {
      const n = await flow({ operation: 'create', displayName: 'Sec', mailNickname: 'sec', groupTypes: '[]', groupTypesType: 'json' });
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.statusCode.should.equal(400);
      msg.error.message.should.match(/mail-enabled groups/);
      await helper.unload();
      await sim.control.clearRequests();
      const m = await flow({ operation: 'create', displayName: 'Sec' });
      const r = await m.run();
      r.msg.error.message.should.equal('mailNickname: is required');
      (await graph('POST', /groups/)).should.have.length(0);
    });
  });

  describe('get, list, delete', function () {
    it('GETs /groups/{id} with $select', async function () {
      const n = await flow({ operation: 'get', groupId: ENGINEERING, select: 'id,displayName' });
      const { msg } = await n.run();
      msg.payload.should.have.keys('id', 'displayName');
      const [req] = await graph('GET', /^\/v1\.0\/groups\//);
      req.path.should.equal(`/v1.0/groups/${ENGINEERING}`);
      req.query.$select.should.equal('id,displayName');
    });

    it('reads a group name given as id as "Invalid id", keeping Graph\'s code, status and request id', async function () {
      const n = await flow({ operation: 'get', groupId: 'Engineering' });
      const statuses = recordStatus(n.node);
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.error.message.should.equal("Invalid id (an object id is a GUID): Invalid object identifier 'Engineering'.");
      msg.error.code.should.equal('Request_BadRequest');
      msg.statusCode.should.equal(400);
      msg.requestId.should.be.a.String();
      statuses[statuses.length - 1].should.eql({ fill: 'red', shape: 'ring', text: '400 invalid id' });
    });

    it('lists groups: one page of $top and msg.nextLink', async function () {
      const n = await flow({ operation: 'list', top: '2', topType: 'num', select: 'id,displayName' });
      const { msg } = await n.run();
      msg.payload.should.have.length(2);
      msg.nextLink.should.match(/\$skiptoken=/);
      const [req] = await graph('GET', /^\/v1\.0\/groups$/);
      req.query.$top.should.equal('2');
    });

    it('DELETEs /groups/{id}: { id, deleted: true }; a Microsoft 365 group goes to deleted items', async function () {
      const sales = seedIds.group('sales');
      const n = await flow({ operation: 'delete', groupId: 'payload', groupIdType: 'msg' });
      const { kind, msg } = await n.run({ payload: sales });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(204);
      msg.payload.should.eql({ id: sales, deleted: true });
      (await graph('DELETE', /^\/v1\.0\/groups\//))[0].path.should.equal(`/v1.0/groups/${sales}`);
      const again = await n.run({ payload: sales });
      again.kind.should.equal('error');
      again.msg.error.message.should.match(/^Not found: /);
    });

    it('names the permission the operation needs when Graph answers 403', async function () {
      const app = await sim.control.registerApp({ roles: [] });
      const n = await flow(
        { operation: 'delete', groupId: ENGINEERING },
        { connCredentials: { clientId: app.clientId, clientSecret: app.clientSecret } },
      );
      const statuses = recordStatus(n.node);
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.statusCode.should.equal(403);
      msg.error.code.should.equal('Authorization_RequestDenied');
      msg.error.message.should.match(/needs the Group\.ReadWrite\.All application permission/);
      statuses[statuses.length - 1].text.should.equal('403 needs Group.ReadWrite.All');
    });
  });

  describe('upsert', function () {
    const props = {
      operation: 'upsert',
      uniqueName: 'payload',
      uniqueNameType: 'msg',
      displayName: 'Operations',
      mailNickname: 'ops',
      mailEnabled: 'false',
      mailEnabledType: 'bool',
      securityEnabled: 'true',
      securityEnabledType: 'bool',
      groupTypes: '[]',
      groupTypesType: 'json',
    };

    it('PATCHes /groups(uniqueName=…) with Prefer: create-if-missing: 201 → msg.created true, then 204 → false with the inputs sent', async function () {
      const n = await flow(props);
      const first = await n.run({ payload: 'ops-team' });
      first.kind.should.equal('output', JSON.stringify(first.msg.error));
      first.msg.statusCode.should.equal(201);
      first.msg.created.should.be.true();
      first.msg.payload.uniqueName.should.equal('ops-team');
      const second = await n.run({ payload: 'ops-team' });
      second.msg.statusCode.should.equal(204);
      second.msg.created.should.be.false();
      second.msg.payload.should.eql({
        uniqueName: 'ops-team',
        displayName: 'Operations',
        mailEnabled: false,
        mailNickname: 'ops',
        securityEnabled: true,
        groupTypes: [],
      });
      const reqs = await graph('PATCH', /^\/v1\.0\/groups/);
      reqs.map((r) => r.path).should.eql(["/v1.0/groups(uniqueName='ops-team')", "/v1.0/groups(uniqueName='ops-team')"]);
      reqs.forEach((r) => {
        r.headers.prefer.should.equal('create-if-missing');
        r.body.should.eql({ displayName: 'Operations', mailEnabled: false, mailNickname: 'ops', securityEnabled: true, groupTypes: [] });
      });
    });

    it('never sends booleans left "not set" (an update leaves them unchanged)', async function () {
      await sim.control.clearRequests();
      const n = await flow({
        operation: 'upsert',
        uniqueName: 'x',
        displayName: 'Renamed',
        mailEnabledType: 'default',
        securityEnabledType: 'default',
        useAsUpsertType: 'default',
      });
      await n.run();
      const [req] = await graph('PATCH', /^\/v1\.0\/groups/);
      req.body.should.eql({ displayName: 'Renamed' });
      req.headers.prefer.should.equal('create-if-missing');
    });

    it('with useAsUpsert false sends no Prefer header and reports a missing group as not found', async function () {
      const n = await flow({ ...props, useAsUpsert: 'false', useAsUpsertType: 'bool' });
      const { kind, msg } = await n.run({ payload: 'nobody' });
      kind.should.equal('error');
      msg.statusCode.should.equal(404);
      msg.error.code.should.equal('Request_ResourceNotFound');
      msg.error.message.should.match(
        /^Not found: no group with uniqueName 'nobody' \(Use as upsert is off, so none was created\): Resource/,
      );
      const [req] = await graph('PATCH', /^\/v1\.0\/groups/);
      should(req.headers.prefer).be.undefined();
    });

    it("doubles a quote and URL-encodes the uniqueName: it's ops → (uniqueName='it''s%20ops')", async function () {
      const n = await flow(props);
      const { kind, msg } = await n.run({ payload: "it's ops/x" });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.uniqueName.should.equal("it's ops/x");
      const [req] = await graph('PATCH', /^\/v1\.0\/groups/);
      req.path.should.equal("/v1.0/groups(uniqueName='it''s%20ops%2Fx')");
    });
  });

  describe('addMember', function () {
    it('POSTs /groups/{id}/members/$ref with the @odata.id of a bare object id', async function () {
      const n = await flow({ operation: 'addMember', groupId: IT_ADMINS, groupMemberOdataId: ADELE });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(204);
      msg.payload.should.eql({
        groupId: IT_ADMINS,
        memberId: ADELE,
        '@odata.id': `${sim.graphBaseUrl}/directoryObjects/${ADELE}`,
        alreadyMember: false,
      });
      const [req] = await graph('POST', /members/);
      req.path.should.equal(`/v1.0/groups/${IT_ADMINS}/members/$ref`);
      req.body.should.eql({ '@odata.id': `${sim.graphBaseUrl}/directoryObjects/${ADELE}` });
      (await membersOf(IT_ADMINS)).should.containEql(ADELE);
    });

    it('sends an @odata.id URL as given', async function () {
      const url = `${sim.graphBaseUrl}/users/${ADELE}`;
      const n = await flow({ operation: 'addMember', groupId: IT_ADMINS, groupMemberOdataId: url });
      const { msg } = await n.run();
      msg.payload.memberId.should.equal(ADELE);
      (await graph('POST', /members/))[0].body.should.eql({ '@odata.id': url });
    });

    it('sends an existing member to Catch as "Already a member" (code and status kept)', async function () {
      const n = await flow({ operation: 'addMember', groupId: IT_ADMINS, groupMemberOdataId: NESTOR });
      const statuses = recordStatus(n.node);
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.statusCode.should.equal(400);
      msg.error.code.should.equal('Request_BadRequest');
      msg.error.message.should.match(/^Already a member: One or more added object references already exist/);
      statuses[statuses.length - 1].text.should.equal('400 already a member');
    });

    it('with ignoreExisting an existing member is a success with msg.payload.alreadyMember true', async function () {
      const n = await flow({
        operation: 'addMember',
        groupId: IT_ADMINS,
        groupMemberOdataId: NESTOR,
        ignoreExisting: 'true',
        ignoreExistingType: 'bool',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.should.eql({
        groupId: IT_ADMINS,
        memberId: NESTOR,
        '@odata.id': `${sim.graphBaseUrl}/directoryObjects/${NESTOR}`,
        alreadyMember: true,
      });
    });

    it('reports an unknown member as not found, and an unknown group as "no group"', async function () {
      const n = await flow({
        operation: 'addMember',
        groupId: 'payload.g',
        groupIdType: 'msg',
        groupMemberOdataId: 'payload.m',
        groupMemberOdataIdType: 'msg',
      });
      const a = await n.run({ payload: { g: IT_ADMINS, m: UNKNOWN } });
      a.msg.error.message.should.match(/^Not found: the member does not exist/);
      const b = await n.run({ payload: { g: UNKNOWN, m: ADELE } });
      b.msg.error.message.should.match(new RegExp(`^Not found: no group with id ${UNKNOWN}`));
    });

    it('adds 45 members in 3 members@odata.bind chunks; a failed chunk is retried member by member through $batch, so only the bad one fails', async function () {
      await sim.control.reset({ seed: 'large', largeUserCount: 44 });
      const list = Array.from({ length: 44 }, (_, i) => largeUserId(i));
      list.splice(30, 0, UNKNOWN); // in the second chunk
      const n = await flow({ operation: 'addMember', groupId: IT_ADMINS, groupMemberOdataId: 'payload', groupMemberOdataIdType: 'msg' });
      const statuses = recordStatus(n.node);
      const warnings = [];
      n.node.warn = (w) => warnings.push(w);
      const { kind, msg } = await n.run({ payload: list });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.added.should.eql(list.filter((id) => id !== UNKNOWN));
      msg.payload.alreadyMembers.should.eql([]);
      msg.payload.failed.should.have.length(1);
      msg.payload.failed[0].id.should.equal(UNKNOWN);
      msg.payload.failed[0].code.should.equal('Request_ResourceNotFound');
      msg.payload.failed[0].message.should.match(/^Not found/);
      const patches = await graph('PATCH', /^\/v1\.0\/groups\//);
      patches.map((r) => r.body['members@odata.bind'].length).should.eql([20, 20, 5]);
      patches.map((r) => r.status).should.eql([204, 404, 204]);
      patches.forEach((r) => r.path.should.equal(`/v1.0/groups/${IT_ADMINS}`));
      patches[1].body['members@odata.bind'].should.containEql(`${sim.graphBaseUrl}/directoryObjects/${UNKNOWN}`);
      const [batch] = await graph('POST', /^\/v1\.0\/\$batch$/);
      batch.body.requests.should.have.length(20);
      batch.body.requests.forEach((r) => {
        r.method.should.equal('POST');
        r.url.should.equal(`/groups/${IT_ADMINS}/members/$ref`);
        r.body['@odata.id'].should.startWith(`${sim.graphBaseUrl}/directoryObjects/`);
      });
      (await membersOf(IT_ADMINS)).length.should.equal(2 + 44);
      warnings.should.have.length(1);
      warnings[0].should.match(/1 of 45 members could not be added/);
      statuses[statuses.length - 1].should.eql({ fill: 'yellow', shape: 'ring', text: '44 added · 1 failed' });
    });

    it('in bulk lists existing members in alreadyMembers, never as failures', async function () {
      const n = await flow({ operation: 'addMember', groupId: IT_ADMINS, groupMemberOdataId: 'payload', groupMemberOdataIdType: 'msg' });
      const { kind, msg } = await n.run({ payload: [NESTOR, { id: ADELE }, LEE] });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.should.eql({ added: [ADELE], alreadyMembers: [NESTOR, LEE], failed: [] });
    });

    it('goes to Catch when every member failed, with the result in msg.payload', async function () {
      const n = await flow({
        operation: 'addMember',
        groupId: IT_ADMINS,
        groupMemberOdataId: `["${UNKNOWN}","00000000-0000-4000-8000-0000000000bb"]`,
        groupMemberOdataIdType: 'json',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.error.message.should.match(/^None of the 2 members could be added: /);
      msg.error.code.should.equal('Request_ResourceNotFound');
      msg.payload.added.should.eql([]);
      msg.payload.failed.map((f) => f.id).should.eql([UNKNOWN, '00000000-0000-4000-8000-0000000000bb']);
    });

    it('stops at once when the group does not exist (no per-member retry)', async function () {
      const n = await flow({ operation: 'addMember', groupId: UNKNOWN, groupMemberOdataId: 'payload', groupMemberOdataIdType: 'msg' });
      const { kind, msg } = await n.run({ payload: [ADELE, NESTOR] });
      kind.should.equal('error');
      msg.error.message.should.match(new RegExp(`Not found: no group with id ${UNKNOWN}`));
      (await graph('POST', /\$batch/)).should.have.length(0);
    });
  });

  describe('removeMember', function () {
    it('DELETEs /groups/{id}/members/{memberId}/$ref: the membership goes, the user stays', async function () {
      const johanna = seedIds.user('johanna');
      const n = await flow({ operation: 'removeMember', groupId: ENGINEERING, memberId: johanna });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(204);
      msg.payload.should.eql({ groupId: ENGINEERING, memberId: johanna, removed: true });
      const [req] = await graph('DELETE', /groups/);
      req.path.should.equal(`/v1.0/groups/${ENGINEERING}/members/${johanna}/$ref`);
      (await membersOf(ENGINEERING)).should.not.containEql(johanna);
      sim.state.users.has(johanna).should.be.true();
    });

    it('reads a 404 as "Not a member"', async function () {
      const n = await flow({ operation: 'removeMember', groupId: ENGINEERING, memberId: ADELE });
      const statuses = recordStatus(n.node);
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.statusCode.should.equal(404);
      msg.error.message.should.match(/^Not a member: Resource/);
      statuses[statuses.length - 1].text.should.equal('404 not a member');
    });

    it('removes an array of members with DELETE …/$ref through $batch: { removed, notMembers, failed }', async function () {
      const [johanna, lidia] = [seedIds.user('johanna'), seedIds.user('lidia')];
      const n = await flow({ operation: 'removeMember', groupId: ENGINEERING, memberId: 'payload', memberIdType: 'msg' });
      const { kind, msg } = await n.run({ payload: [johanna, ADELE, lidia, 'not-a-guid'] });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.removed.should.eql([johanna, lidia]);
      msg.payload.notMembers.should.eql([ADELE]);
      msg.payload.failed.should.have.length(1);
      msg.payload.failed[0].should.containEql({ id: 'not-a-guid', code: 'Request_BadRequest' });
      const [batch] = await graph('POST', /^\/v1\.0\/\$batch$/);
      batch.body.requests
        .map((r) => `${r.method} ${r.url}`)
        .should.eql([johanna, ADELE, lidia, 'not-a-guid'].map((m) => `DELETE /groups/${ENGINEERING}/members/${m}/$ref`));
      (await membersOf(ENGINEERING)).should.not.containDeep([johanna, lidia]);
    });

    it('goes to Catch only when every removal failed', async function () {
      const n = await flow({ operation: 'removeMember', groupId: UNKNOWN, memberId: `["${ADELE}"]`, memberIdType: 'json' });
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.error.message.should.match(/None of the 1 members could be removed/);
      msg.payload.failed[0].message.should.match(/^Not found: no group/);
    });
  });

  describe('listMembers', function () {
    it('GETs /groups/{id}/members and pages with getAll, one msg per page on request', async function () {
      const all = seedIds.group('all');
      const n = await flow({
        operation: 'listMembers',
        groupId: all,
        top: '4',
        topType: 'num',
        getAll: 'true',
        getAllType: 'bool',
        pageOutput: 'perPage',
        select: 'id',
      });
      const pages = [];
      n.out.on('input', (m) => pages.push(m));
      n.node.receive({});
      await new Promise((resolve) => {
        const t = setInterval(() => {
          if (pages.length && pages[pages.length - 1].parts.count) {
            clearInterval(t);
            resolve();
          }
        }, 20);
      });
      pages.length.should.equal(3);
      pages.flatMap((p) => p.payload).length.should.equal(11);
      pages[0].payload[0]['@odata.type'].should.equal('#microsoft.graph.user');
      const reqs = await graph('GET', /members/);
      reqs[0].path.should.equal(`/v1.0/groups/${all}/members`);
      reqs[0].query.$top.should.equal('4');
    });
  });
});
