'use strict';
// /groups and /applications [GPOST, GDEL, GMLIST, APOST, ADEL].
require('should');
const { start, sim } = require('./helpers');

describe('simulator: groups, members and applications', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const group = (nick, extra = {}) =>
    Object.assign({ displayName: `G ${nick}`, mailEnabled: false, mailNickname: nick, securityEnabled: true }, extra);

  it('creates a security group and a Microsoft 365 group (201 + body) [GPOST]', async () => {
    const a = await s.graph('POST', '/groups', { body: group('sec1') });
    a.status.should.equal(201);
    a.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#groups/$entity`);
    a.body.groupTypes.should.eql([]);
    const b = await s.graph('POST', '/groups', {
      body: group('m365', { groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }),
    });
    b.status.should.equal(201);
    b.body.mail.should.equal('m365@contoso.onmicrosoft.com');
  });

  it('refuses mail-enabled security groups, a Unified group that is not mail-enabled, bad mailNicknames and missing fields [GPOST]', async () => {
    const a = await s.graph('POST', '/groups', { body: group('mes', { mailEnabled: true }) });
    a.status.should.equal(400);
    a.body.error.code.should.equal('Request_BadRequest');
    a.body.error.message.should.match(/mail-enabled groups/);
    (await s.graph('POST', '/groups', { body: group('u', { groupTypes: ['Unified'], mailEnabled: false }) })).status.should.equal(400);
    (await s.graph('POST', '/groups', { body: group('has space') })).status.should.equal(400);
    (await s.graph('POST', '/groups', { body: group('x'.repeat(65)) })).status.should.equal(400);
    (await s.graph('POST', '/groups', { body: { displayName: 'no nick', mailEnabled: false, securityEnabled: true } })).status.should.equal(
      400,
    );
  });

  it('creates a group with members@odata.bind [GPOST]', async () => {
    const adele = sim.seedIds.user('adele');
    const r = await s.graph('POST', '/groups', {
      body: group('bound', { 'members@odata.bind': [`${s.graphBaseUrl}/directoryObjects/${adele}`] }),
    });
    r.status.should.equal(201);
    const m = await s.graph('GET', `/groups/${r.body.id}/members`);
    m.body.value.map((x) => x.id).should.eql([adele]);
  });

  it('PATCH /groups/{id} answers 204 with no body; GET shows the change', async () => {
    const id = sim.seedIds.group('engineering');
    const r = await s.graph('PATCH', `/groups/${id}`, { body: { description: 'Builders' } });
    r.status.should.equal(204);
    r.text.should.equal('');
    (await s.graph('GET', `/groups/${id}?$select=description`)).body.description.should.equal('Builders');
  });

  it('deletes M365 groups softly and security groups permanently [GDEL]', async () => {
    const m365 = sim.seedIds.group('sales');
    const sec = sim.seedIds.group('itadmins');
    (await s.graph('DELETE', `/groups/${m365}`)).status.should.equal(204);
    (await s.graph('DELETE', `/groups/${sec}`)).status.should.equal(204);
    const del = await s.graph('GET', '/directory/deletedItems/microsoft.graph.group');
    del.body.value.map((g) => g.id).should.eql([m365]);
    (await s.graph('POST', `/directory/deletedItems/${m365}/restore`)).status.should.equal(200);
    (await s.graph('GET', `/groups/${m365}/members`)).body.value.length.should.equal(3);
  });

  it('lists members as directoryObjects with @odata.type, paging with $top [GMLIST, LISTPG]', async () => {
    const vpn = sim.seedIds.group('vpn');
    const r = await s.graph('GET', `/groups/${vpn}/members`);
    r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#directoryObjects`);
    r.body.value
      .map((m) => m['@odata.type'])
      .sort()
      .should.eql(['#microsoft.graph.group', '#microsoft.graph.user', '#microsoft.graph.user']);
    const all = sim.seedIds.group('all');
    const p1 = await s.graph('GET', `/groups/${all}/members?$top=5&$select=id,displayName`);
    p1.body.value.length.should.equal(5);
    const p2 = await s.graph('GET', p1.body['@odata.nextLink']);
    p2.body.value.length.should.equal(5);
    (await s.graph('GET', p2.body['@odata.nextLink'])).body.value.length.should.equal(1);
    (await s.graph('GET', '/groups/00000000-0000-4000-8000-000000000000/members')).status.should.equal(404);
  });

  it("creates applications with an id and a distinct appId, gets them by id and by (appId='…') [APOST]", async () => {
    const r = await s.graph('POST', '/applications', { body: { displayName: 'My App' } });
    r.status.should.equal(201);
    r.body.id.should.not.equal(r.body.appId);
    r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#applications/$entity`);
    (await s.graph('GET', `/applications/${r.body.id}`)).body.displayName.should.equal('My App');
    (await s.graph('GET', `/applications(appId='${r.body.appId}')`)).body.id.should.equal(r.body.id);
    (await s.graph('PATCH', `/applications/${r.body.id}`, { body: { notes: 'n' } })).status.should.equal(204);
    (await s.graph('DELETE', `/applications(appId='${r.body.appId}')`)).status.should.equal(204);
    (await s.graph('GET', `/applications/${r.body.id}`)).status.should.equal(404);
    (await s.graph('GET', '/directory/deletedItems/microsoft.graph.application')).body.value.map((a) => a.id).should.containEql(r.body.id);
    (await s.graph('POST', '/applications', { body: {} })).status.should.equal(400);
  });

  it('lists the seeded applications, including the simulator client app (appId = clientId)', async () => {
    const r = await s.graph('GET', '/applications');
    r.body.value.length.should.equal(3);
    r.body.value.map((a) => a.appId).should.containEql(s.clientId);
  });
});
