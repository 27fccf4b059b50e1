'use strict';
// Group membership writes [GMADD, GMDEL], uniqueName upsert [GUPS, AUPS], appId addressing and
// invalid object ids, as Microsoft documents Graph.
require('should');
const { start, sim } = require('./helpers');

const DUPLICATE = "One or more added object references already exist for the following modified properties: 'members'.";

describe('simulator: membership by $ref and members@odata.bind, upsert by uniqueName', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const ids = (r) => r.body.value.map((m) => m.id).sort();
  const ref = (id) => ({ '@odata.id': `${s.graphBaseUrl}/directoryObjects/${id}` });
  const members = async (g) => ids(await s.graph('GET', `/groups/${g}/members?$top=999`));

  describe('POST /groups/{id}/members/$ref [GMADD]', function () {
    it('adds a member: 204 with no body; the member is listed', async () => {
      const g = sim.seedIds.group('itadmins');
      const adele = sim.seedIds.user('adele');
      const r = await s.graph('POST', `/groups/${g}/members/$ref`, { body: ref(adele) });
      r.status.should.equal(204);
      r.text.should.equal('');
      (await members(g)).should.containEql(adele);
    });

    it('answers a duplicate with 400 Request_BadRequest "…already exist…" and an unknown object with 404', async () => {
      const g = sim.seedIds.group('engineering');
      const dup = await s.graph('POST', `/groups/${g}/members/$ref`, { body: ref(sim.seedIds.user('johanna')) });
      dup.status.should.equal(400);
      dup.body.error.code.should.equal('Request_BadRequest');
      dup.body.error.message.should.equal(DUPLICATE);
      const unknown = '00000000-0000-4000-8000-00000000abcd';
      const nf = await s.graph('POST', `/groups/${g}/members/$ref`, { body: ref(unknown) });
      nf.status.should.equal(404);
      nf.body.error.code.should.equal('Request_ResourceNotFound');
      nf.body.error.message.should.containEql(`'${unknown}'`);
    });

    it('accepts /users/{id} references too, and refuses an application object as a member', async () => {
      const g = sim.seedIds.group('itadmins');
      const adele = sim.seedIds.user('adele');
      (
        await s.graph('POST', `/groups/${g}/members/$ref`, { body: { '@odata.id': `${s.graphBaseUrl}/users/${adele}` } })
      ).status.should.equal(204);
      const app = await s.graph('POST', `/groups/${g}/members/$ref`, { body: ref(sim.seedIds.application('hr')) });
      app.status.should.equal(400);
    });

    it('answers 404 naming the group when the group does not exist, 400 "Invalid object identifier" for a non-GUID id', async () => {
      const missing = '00000000-0000-4000-8000-000000000001';
      const r = await s.graph('POST', `/groups/${missing}/members/$ref`, { body: ref(sim.seedIds.user('adele')) });
      r.status.should.equal(404);
      r.body.error.message.should.containEql(`'${missing}'`);
      const bad = await s.graph('GET', '/groups/Engineering');
      bad.status.should.equal(400);
      bad.body.error.message.should.equal("Invalid object identifier 'Engineering'.");
    });
  });

  describe('DELETE /groups/{id}/members/{id}/$ref [GMDEL]', function () {
    it('removes the membership only: 204, the user still exists', async () => {
      const g = sim.seedIds.group('engineering');
      const johanna = sim.seedIds.user('johanna');
      const r = await s.graph('DELETE', `/groups/${g}/members/${johanna}/$ref`);
      r.status.should.equal(204);
      (await members(g)).should.not.containEql(johanna);
      (await s.graph('GET', `/users/${johanna}`)).status.should.equal(200);
    });

    it('answers 404 naming the member when it is not a member', async () => {
      const g = sim.seedIds.group('engineering');
      const adele = sim.seedIds.user('adele');
      const r = await s.graph('DELETE', `/groups/${g}/members/${adele}/$ref`);
      r.status.should.equal(404);
      r.body.error.code.should.equal('Request_ResourceNotFound');
      r.body.error.message.should.containEql(`'${adele}'`);
    });

    it('without /$ref deletes the member object itself from the directory [GMDEL warning]', async () => {
      const g = sim.seedIds.group('engineering');
      const johanna = sim.seedIds.user('johanna');
      const r = await s.graph('DELETE', `/groups/${g}/members/${johanna}`);
      r.status.should.equal(204);
      (await s.graph('GET', `/users/${johanna}`)).status.should.equal(404);
      // Users are soft-deleted [UDEL].
      ids(await s.graph('GET', '/directory/deletedItems/microsoft.graph.user')).should.containEql(johanna);
    });
  });

  describe('PATCH /groups/{id} with members@odata.bind [GMADD]', function () {
    const bind = (list) => ({ 'members@odata.bind': list.map((id) => `${s.graphBaseUrl}/directoryObjects/${id}`) });

    it('adds up to 20 members in one request: 204', async () => {
      const g = sim.seedIds.group('itadmins');
      const add = ['adele', 'alex', 'megan'].map((k) => sim.seedIds.user(k));
      const r = await s.graph('PATCH', `/groups/${g}`, { body: bind(add) });
      r.status.should.equal(204);
      (await members(g)).should.containDeep(add);
    });

    it('is all or nothing: one unknown reference (404) or one existing member (400) changes nothing', async () => {
      const g = sim.seedIds.group('itadmins');
      const before = await members(g);
      const unknown = '00000000-0000-4000-8000-00000000beef';
      const nf = await s.graph('PATCH', `/groups/${g}`, {
        body: { description: 'changed', ...bind([sim.seedIds.user('adele'), unknown]) },
      });
      nf.status.should.equal(404);
      nf.body.error.message.should.containEql(`'${unknown}'`);
      const dup = await s.graph('PATCH', `/groups/${g}`, { body: bind([sim.seedIds.user('alex'), sim.seedIds.user('nestor')]) });
      dup.status.should.equal(400);
      dup.body.error.message.should.equal(DUPLICATE);
      (await members(g)).should.eql(before);
      (await s.graph('GET', `/groups/${g}?$select=description`)).body.description.should.not.equal('changed');
    });

    it('refuses more than 20 references in one request', async () => {
      await s.control.reset({ seed: 'large', largeUserCount: 25 });
      const g = sim.seedIds.group('itadmins');
      const list = Array.from({ length: 21 }, (_, i) => sim.largeUserId(i));
      const r = await s.graph('PATCH', `/groups/${g}`, { body: bind(list) });
      r.status.should.equal(400);
      (await members(g)).length.should.equal(2);
    });
  });

  describe('upsert by uniqueName [GUPS, AUPS]', function () {
    const sec = { displayName: 'Ops', mailEnabled: false, mailNickname: 'ops', securityEnabled: true, groupTypes: [] };

    it('groups: 201 + the group with Prefer: create-if-missing, then 204 with no body when it exists', async () => {
      const created = await s.graph('PATCH', "/groups(uniqueName='ops-team')", { body: sec, headers: { prefer: 'create-if-missing' } });
      created.status.should.equal(201);
      created.body.uniqueName.should.equal('ops-team');
      created.body.displayName.should.equal('Ops');
      const updated = await s.graph('PATCH', "/groups(uniqueName='ops-team')", {
        body: { description: 'Operations' },
        headers: { prefer: 'create-if-missing' },
      });
      updated.status.should.equal(204);
      updated.text.should.equal('');
      (await s.graph('GET', `/groups/${created.body.id}?$select=description`)).body.description.should.equal('Operations');
      (await s.graph('GET', "/groups(uniqueName='ops-team')")).body.id.should.equal(created.body.id);
    });

    it('groups: a missing uniqueName without the Prefer header is 404 and creates nothing', async () => {
      const before = (await s.graph('GET', '/groups')).body.value.length;
      const r = await s.graph('PATCH', "/groups(uniqueName='nobody')", { body: sec });
      r.status.should.equal(404);
      r.body.error.code.should.equal('Request_ResourceNotFound');
      (await s.graph('GET', '/groups')).body.value.length.should.equal(before);
    });

    it('groups: creation needs the GPOST properties (400 without mailNickname)', async () => {
      const r = await s.graph('PATCH', "/groups(uniqueName='x')", {
        body: { displayName: 'X', mailEnabled: false, securityEnabled: true },
        headers: { prefer: 'create-if-missing' },
      });
      r.status.should.equal(400);
    });

    it("reads a doubled quote in the key as one (OData literal: 'it''s' is it's); a lone quote is a syntax error", async () => {
      const r = await s.graph('PATCH', `/groups(uniqueName='${encodeURIComponent("it''s ops")}')`, {
        body: sec,
        headers: { prefer: 'create-if-missing' },
      });
      r.status.should.equal(201);
      r.body.uniqueName.should.equal("it's ops");
      (await s.graph('PATCH', "/groups(uniqueName='it's')", { body: sec, headers: { prefer: 'create-if-missing' } })).status.should.equal(
        400,
      );
    });

    it('uniqueName is immutable once set and unique in its collection', async () => {
      const a = await s.graph('PATCH', "/groups(uniqueName='first')", { body: sec, headers: { prefer: 'create-if-missing' } });
      const change = await s.graph('PATCH', `/groups/${a.body.id}`, { body: { uniqueName: 'second' } });
      change.status.should.equal(400);
      (await s.graph('PATCH', `/groups/${a.body.id}`, { body: { uniqueName: 'first' } })).status.should.equal(204);
      const eng = sim.seedIds.group('engineering');
      (await s.graph('PATCH', `/groups/${eng}`, { body: { uniqueName: 'first' } })).status.should.equal(400);
    });

    it('applications: 201 with a distinct appId, 204 on update, 404 without Prefer; then addressed by appId', async () => {
      const created = await s.graph('PATCH', "/applications(uniqueName='app-65278')", {
        body: { displayName: 'Display name' },
        headers: { prefer: 'create-if-missing' },
      });
      created.status.should.equal(201);
      created.body.uniqueName.should.equal('app-65278');
      created.body.appId.should.not.equal(created.body.id);
      const updated = await s.graph('PATCH', "/applications(uniqueName='app-65278')", {
        body: { displayName: 'Renamed' },
        headers: { prefer: 'create-if-missing' },
      });
      updated.status.should.equal(204);
      (await s.graph('GET', `/applications(appId='${created.body.appId}')`)).body.displayName.should.equal('Renamed');
      (await s.graph('PATCH', "/applications(uniqueName='other')", { body: { displayName: 'x' } })).status.should.equal(404);
      // The body must hold displayName to create [AUPS].
      (
        await s.graph('PATCH', "/applications(uniqueName='other')", { body: { notes: 'x' }, headers: { prefer: 'create-if-missing' } })
      ).status.should.equal(400);
    });

    it('applications are soft-deleted [ADEL]; Microsoft 365 groups too, security groups permanently [GDEL]', async () => {
      const app = await s.graph('PATCH', "/applications(uniqueName='gone')", {
        body: { displayName: 'Gone' },
        headers: { prefer: 'create-if-missing' },
      });
      (await s.graph('DELETE', `/applications/${app.body.id}`)).status.should.equal(204);
      ids(await s.graph('GET', '/directory/deletedItems/microsoft.graph.application')).should.containEql(app.body.id);
      const m365 = await s.graph('PATCH', "/groups(uniqueName='m365')", {
        body: { displayName: 'M', mailEnabled: true, mailNickname: 'm365', securityEnabled: false, groupTypes: ['Unified'] },
        headers: { prefer: 'create-if-missing' },
      });
      const secg = await s.graph('PATCH', "/groups(uniqueName='sec')", { body: sec, headers: { prefer: 'create-if-missing' } });
      (await s.graph('DELETE', `/groups/${m365.body.id}`)).status.should.equal(204);
      (await s.graph('DELETE', `/groups/${secg.body.id}`)).status.should.equal(204);
      const deleted = ids(await s.graph('GET', '/directory/deletedItems/microsoft.graph.group'));
      deleted.should.containEql(m365.body.id);
      deleted.should.not.containEql(secg.body.id);
    });

    it('answers a non-GUID application object id with 400 "Invalid object identifier"', async () => {
      const r = await s.graph('GET', '/applications/Contoso');
      r.status.should.equal(400);
      r.body.error.message.should.equal("Invalid object identifier 'Contoso'.");
    });
  });
});
