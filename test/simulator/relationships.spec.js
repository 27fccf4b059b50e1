'use strict';
// Directory relationships: manager / directReports, memberOf and transitive membership, owners by
// $ref with the last-owner rule, type-cast segments with /$count, DELETE /directoryObjects/{id}.
// Pages: learn.microsoft.com/graph/api/ user-list-manager, user-list-directreports, user-list-memberof,
// user-list-transitivememberof, group-list-transitivemembers, group-list-memberof, group-post-owners,
// group-delete-owners, directoryobject-delete.
require('should');
const { start, sim, EVENTUAL } = require('./helpers');

describe('simulator: directory relationships', function () {
  this.timeout(20000);
  let s;
  before(async () => { s = await start(); });
  after(async () => { if (s) await s.close(); });
  beforeEach(() => s.control.reset());

  const u = (k) => sim.seedIds.user(k);
  const g = (k) => sim.seedIds.group(k);
  const ids = (r) => r.body.value.map((x) => x.id).sort();
  const ref = (id) => ({ '@odata.id': `${s.graphBaseUrl}/directoryObjects/${id}` });

  describe('manager and directReports', function () {
    it('GET /users/{id}/manager answers the manager as a directoryObject with its @odata.type', async () => {
      const r = await s.graph('GET', `/users/${u('alex')}/manager`);
      r.status.should.equal(200);
      r.body['@odata.type'].should.equal('#microsoft.graph.user');
      r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#directoryObjects/$entity`);
      r.body.id.should.equal(u('megan'));
      r.body.displayName.should.equal('Megan Bowen');
    });

    it('answers 404 Request_ResourceNotFound for a user without a manager, and for an unknown user', async () => {
      const r = await s.graph('GET', `/users/${u('nestor')}/manager`);
      r.status.should.equal(404);
      r.body.error.code.should.equal('Request_ResourceNotFound');
      (await s.graph('GET', '/users/nobody@contoso.onmicrosoft.com/manager')).status.should.equal(404);
    });

    it('lists directReports as the inverse of manager, by id or userPrincipalName, with /$count', async () => {
      const r = await s.graph('GET', '/users/NestorW@contoso.com/directReports');
      r.status.should.equal(200);
      ids(r).should.eql([u('adele'), u('diego'), u('megan')].sort());
      r.body.value.every((x) => x['@odata.type'] === '#microsoft.graph.user').should.be.true();
      const c = await s.graph('GET', `/users/${u('megan')}/directReports/$count`, { headers: EVENTUAL });
      c.status.should.equal(200);
      c.text.should.equal('2');
    });

    it('a deleted user leaves its reporting lines, and gets them back on restore', async () => {
      (await s.graph('DELETE', `/users/${u('megan')}`)).status.should.equal(204);
      (await s.graph('GET', `/users/${u('alex')}/manager`)).status.should.equal(404);
      ids(await s.graph('GET', `/users/${u('nestor')}/directReports`)).should.not.containEql(u('megan'));
      (await s.graph('POST', `/directory/deletedItems/${u('megan')}/restore`)).status.should.equal(200);
      (await s.graph('GET', `/users/${u('alex')}/manager`)).body.id.should.equal(u('megan'));
      ids(await s.graph('GET', `/users/${u('nestor')}/directReports`)).should.containEql(u('megan'));
    });

    it('the store refuses self-management', () => {
      s.state.setManager(u('lee'), u('lee')).should.equal('self');
      s.state.setManager(u('lee'), g('all')).should.equal('notUser');
      (s.state.managerOf(u('lee')) === undefined).should.be.true();
    });
  });

  describe('memberOf and transitive membership (Engineering is nested in VPN Users)', function () {
    it('GET /users/{id}/memberOf lists direct groups; transitiveMemberOf adds the groups of those groups', async () => {
      const direct = await s.graph('GET', `/users/${u('johanna')}/memberOf`);
      direct.status.should.equal(200);
      direct.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#directoryObjects`);
      ids(direct).should.eql([g('all'), g('engineering')].sort());
      direct.body.value[0]['@odata.type'].should.equal('#microsoft.graph.group');
      const trans = await s.graph('GET', `/users/${u('johanna')}/transitiveMemberOf`);
      ids(trans).should.eql([g('all'), g('engineering'), g('vpn')].sort());
    });

    it('GET /groups/{id}/memberOf and transitiveMemberOf', async () => {
      ids(await s.graph('GET', `/groups/${g('engineering')}/memberOf`)).should.eql([g('vpn')]);
      ids(await s.graph('GET', `/groups/${g('engineering')}/transitiveMemberOf`)).should.eql([g('vpn')]);
      (await s.graph('GET', `/groups/${g('vpn')}/memberOf`)).body.value.should.eql([]);
    });

    it('GET /groups/{id}/transitiveMembers flattens nested groups and lists the nested group itself', async () => {
      const r = await s.graph('GET', `/groups/${g('vpn')}/transitiveMembers`);
      r.status.should.equal(200);
      ids(r).should.eql([u('adele'), u('diego'), g('engineering'), u('johanna'), u('lidia'), u('grady')].sort());
      const direct = await s.graph('GET', `/groups/${g('vpn')}/members`);
      ids(direct).should.eql([u('adele'), u('diego'), g('engineering')].sort());
    });

    it('survives a membership loop (each object once)', async () => {
      (await s.graph('POST', `/groups/${g('engineering')}/members/$ref`, { body: ref(g('vpn')) })).status.should.equal(204);
      ids(await s.graph('GET', `/groups/${g('vpn')}/transitiveMembers`)).length.should.equal(6);
      ids(await s.graph('GET', `/users/${u('adele')}/transitiveMemberOf`)).should.eql([g('all'), g('engineering'), g('vpn')].sort());
    });
  });

  describe('type-cast segments', function () {
    it('/members/microsoft.graph.user lists users only, in the users context, without @odata.type', async () => {
      const r = await s.graph('GET', `/groups/${g('vpn')}/members/microsoft.graph.user`);
      r.status.should.equal(200);
      r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#users`);
      ids(r).should.eql([u('adele'), u('diego')].sort());
      r.body.value[0].should.not.have.property('@odata.type');
    });

    it('/transitiveMembers/microsoft.graph.user?$count=true&$select=… and /$count (ConsistencyLevel: eventual)', async () => {
      const r = await s.graph('GET', `/groups/${g('vpn')}/transitiveMembers/microsoft.graph.user?$count=true&$select=displayName,id`, { headers: EVENTUAL });
      r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#users(displayName,id)`);
      r.body['@odata.count'].should.equal(5);
      Object.keys(r.body.value[0]).sort().should.eql(['displayName', 'id']);
      const c = await s.graph('GET', `/groups/${g('vpn')}/transitiveMembers/microsoft.graph.user/$count`, { headers: EVENTUAL });
      c.text.should.equal('5');
      (await s.graph('GET', `/groups/${g('vpn')}/members/microsoft.graph.group/$count`, { headers: EVENTUAL })).text.should.equal('1');
    });

    it('/memberOf/microsoft.graph.group (+ /$count); a type that is not modelled lists nothing; an unknown type is an unknown segment', async () => {
      const r = await s.graph('GET', `/users/${u('johanna')}/memberOf/microsoft.graph.group`);
      r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#groups`);
      ids(r).length.should.equal(2);
      (await s.graph('GET', `/users/${u('johanna')}/memberOf/microsoft.graph.group/$count`, { headers: EVENTUAL })).text.should.equal('2');
      (await s.graph('GET', `/users/${u('johanna')}/memberOf/microsoft.graph.administrativeUnit`)).body.value.should.eql([]);
      const bad = await s.graph('GET', `/users/${u('johanna')}/memberOf/microsoft.graph.banana`);
      bad.status.should.equal(400);
      bad.body.error.message.should.equal("Resource not found for the segment 'microsoft.graph.banana'.");
    });

    it('/$count without ConsistencyLevel is refused as for every collection', async () => {
      (await s.graph('GET', `/groups/${g('vpn')}/transitiveMembers/$count`)).status.should.equal(400);
    });
  });

  describe('owners by $ref', function () {
    it('POST /groups/{id}/owners/$ref adds an owner (204); a duplicate is 400, a group as owner 400, an unknown object 404', async () => {
      const r = await s.graph('POST', `/groups/${g('sales')}/owners/$ref`, { body: { '@odata.id': `${s.graphBaseUrl}/users/${u('megan')}` } });
      r.status.should.equal(204);
      r.text.should.equal('');
      ids(await s.graph('GET', `/groups/${g('sales')}/owners`)).should.eql([u('megan'), u('nestor')].sort());
      const dup = await s.graph('POST', `/groups/${g('sales')}/owners/$ref`, { body: ref(u('megan')) });
      dup.status.should.equal(400);
      dup.body.error.message.should.equal("One or more added object references already exist for the following modified properties: 'owners'.");
      (await s.graph('POST', `/groups/${g('sales')}/owners/$ref`, { body: ref(g('vpn')) })).status.should.equal(400);
      (await s.graph('POST', `/groups/${g('sales')}/owners/$ref`, { body: ref('00000000-0000-4000-8000-00000000abcd') })).status.should.equal(404);
    });

    it('a service principal can own a group; owners/$count', async () => {
      const sp = sim.seedIds.servicePrincipal('hr');
      (await s.graph('POST', `/groups/${g('vpn')}/owners/$ref`, { body: ref(sp) })).status.should.equal(204);
      const r = await s.graph('GET', `/groups/${g('vpn')}/owners`);
      r.body.value.find((x) => x.id === sp)['@odata.type'].should.equal('#microsoft.graph.servicePrincipal');
      (await s.graph('GET', `/groups/${g('vpn')}/owners/$count`, { headers: EVENTUAL })).text.should.equal('2');
    });

    it('DELETE /groups/{id}/owners/{id}/$ref removes an owner (204), 404 for a non-owner, and refuses the last user owner', async () => {
      const last = await s.graph('DELETE', `/groups/${g('sales')}/owners/${u('nestor')}/$ref`);
      last.status.should.equal(400);
      last.body.error.code.should.equal('Request_BadRequest');
      last.body.error.message.should.equal('The group must have at least one owner, hence this owner cannot be removed.');
      (await s.graph('POST', `/groups/${g('sales')}/owners/$ref`, { body: ref(u('megan')) })).status.should.equal(204);
      (await s.graph('DELETE', `/groups/${g('sales')}/owners/${u('nestor')}/$ref`)).status.should.equal(204);
      ids(await s.graph('GET', `/groups/${g('sales')}/owners`)).should.eql([u('megan')]);
      (await s.graph('DELETE', `/groups/${g('sales')}/owners/${u('adele')}/$ref`)).status.should.equal(404);
    });
  });

  describe('DELETE /directoryObjects/{id}', function () {
    it('soft-deletes a user (restorable), hard-deletes a security group, 404 for an unknown id', async () => {
      (await s.graph('DELETE', `/directoryObjects/${u('grady')}`)).status.should.equal(204);
      (await s.graph('GET', `/users/${u('grady')}`)).status.should.equal(404);
      (await s.graph('GET', `/directory/deletedItems/${u('grady')}`)).status.should.equal(200);
      (await s.graph('DELETE', `/directoryObjects/${g('itadmins')}`)).status.should.equal(204);
      (await s.graph('GET', `/directory/deletedItems/${g('itadmins')}`)).status.should.equal(404);
      (await s.graph('DELETE', '/directoryObjects/00000000-0000-4000-8000-00000000abcd')).status.should.equal(404);
    });
  });
});
