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
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
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
      const r = await s.graph('GET', `/groups/${g('vpn')}/transitiveMembers/microsoft.graph.user?$count=true&$select=displayName,id`, {
        headers: EVENTUAL,
      });
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
      const r = await s.graph('POST', `/groups/${g('sales')}/owners/$ref`, {
        body: { '@odata.id': `${s.graphBaseUrl}/users/${u('megan')}` },
      });
      r.status.should.equal(204);
      r.text.should.equal('');
      ids(await s.graph('GET', `/groups/${g('sales')}/owners`)).should.eql([u('megan'), u('nestor')].sort());
      const dup = await s.graph('POST', `/groups/${g('sales')}/owners/$ref`, { body: ref(u('megan')) });
      dup.status.should.equal(400);
      dup.body.error.message.should.equal(
        "One or more added object references already exist for the following modified properties: 'owners'.",
      );
      (await s.graph('POST', `/groups/${g('sales')}/owners/$ref`, { body: ref(g('vpn')) })).status.should.equal(400);
      (
        await s.graph('POST', `/groups/${g('sales')}/owners/$ref`, { body: ref('00000000-0000-4000-8000-00000000abcd') })
      ).status.should.equal(404);
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

  describe('$expand [query-parameters#expand-parameter]', function () {
    it('GET /groups/{id}?$expand=members lists the members with their @odata.type; nested $select picks their properties', async () => {
      const r = await s.graph('GET', `/groups/${g('vpn')}?$expand=members`);
      r.status.should.equal(200);
      r.body.members
        .map((m) => m.id)
        .sort()
        .should.eql([u('adele'), u('diego'), g('engineering')].sort());
      r.body.members.find((m) => m.id === g('engineering'))['@odata.type'].should.equal('#microsoft.graph.group');
      r.body.members.find((m) => m.id === u('adele')).userPrincipalName.should.equal('AdeleV@contoso.onmicrosoft.com');
      const sel = await s.graph('GET', `/groups/${g('vpn')}?$select=id,displayName&$expand=members($select=id,displayName)`);
      Object.keys(sel.body).sort().should.eql(['@odata.context', 'displayName', 'id', 'members']);
      Object.keys(sel.body.members[0]).sort().should.eql(['@odata.type', 'displayName', 'id']);
    });

    it('GET /users?$expand=manager puts the manager on those who have one, leaves it out for the others', async () => {
      const r = await s.graph('GET', '/users?$select=id,displayName&$expand=manager($select=id,displayName)');
      r.status.should.equal(200);
      const alex = r.body.value.find((x) => x.id === u('alex'));
      alex.manager.should.eql({ '@odata.type': '#microsoft.graph.user', id: u('megan'), displayName: 'Megan Bowen' });
      r.body.value.find((x) => x.id === u('nestor')).should.not.have.property('manager');
    });

    it('manager($levels=max) nests the chain up to the top (an advanced query, as documented)', async () => {
      const r = await s.graph(
        'GET',
        `/users/${u('alex')}?$expand=manager($levels=max;$select=id,displayName)&$select=id,displayName&$count=true`,
        { headers: EVENTUAL },
      );
      r.status.should.equal(200);
      r.body.manager.id.should.equal(u('megan'));
      r.body.manager.manager.id.should.equal(u('nestor'));
      r.body.manager.manager.should.not.have.property('manager');
      const one = await s.graph('GET', `/users/${u('alex')}?$expand=manager($levels=1)`);
      one.body.manager.should.not.have.property('manager');
    });

    it('expands directReports and memberOf on users, owners and memberOf on groups, owners on service principals', async () => {
      (await s.graph('GET', `/users/${u('megan')}?$expand=directReports`)).body.directReports.length.should.equal(2);
      (await s.graph('GET', `/users/${u('johanna')}?$expand=memberOf`)).body.memberOf.length.should.equal(2);
      (await s.graph('GET', `/groups/${g('sales')}?$expand=owners`)).body.owners.map((o) => o.id).should.eql([u('nestor')]);
      (await s.graph('GET', `/groups/${g('engineering')}?$expand=memberOf`)).body.memberOf.map((o) => o.id).should.eql([g('vpn')]);
      (await s.graph('GET', `/servicePrincipals/${sim.seedIds.servicePrincipal('hr')}?$expand=owners`)).body.owners.should.eql([]);
    });

    it('caps an expanded collection at 20 items (no nextLink) and a page with $expand at 100 objects', async () => {
      const many = await s.graph('POST', '/groups', {
        body: { displayName: 'Big', mailEnabled: false, mailNickname: 'big', securityEnabled: true },
      });
      for (let i = 0; i < 25; i++) {
        const nu = await s.graph('POST', '/users', {
          body: {
            accountEnabled: true,
            displayName: `U${i}`,
            mailNickname: `u${i}`,
            userPrincipalName: `u${i}@contoso.com`,
            passwordProfile: { password: 'Passw0rd!x' },
          },
        });
        (await s.graph('POST', `/groups/${many.body.id}/members/$ref`, { body: ref(nu.body.id) })).status.should.equal(204);
      }
      const r = await s.graph('GET', `/groups/${many.body.id}?$expand=members`);
      r.body.members.length.should.equal(20);
      r.body.should.not.have.property('members@odata.nextLink');
      const page = await s.graph('GET', '/users?$top=999&$expand=manager');
      page.body.value.length.should.equal(36);
      const big = await sim.startSimulator({ port: 0, quiet: true, seed: 'large', largeUserCount: 150 });
      try {
        const { access_token: t } = await big.control.token();
        const rr = await require('./helpers').request(big, 'GET', '/v1.0/users?$top=999&$expand=manager', { token: t });
        rr.body.value.length.should.equal(100);
        rr.body.should.have.property('@odata.nextLink');
      } finally {
        await big.close();
      }
    });

    it('answers an unknown navigation property, a structural property and photo as Graph does', async () => {
      const r = await s.graph('GET', `/users/${u('alex')}?$expand=bogus`);
      r.status.should.equal(400);
      r.body.error.code.should.equal('Request_BadRequest');
      r.body.error.message.should.equal("Could not find a property named 'bogus' on type 'microsoft.graph.user'.");
      const st = await s.graph('GET', '/groups?$expand=displayName');
      st.status.should.equal(400);
      st.body.error.message.should.equal(
        "Property 'displayName' on type 'microsoft.graph.group' is not a navigation property or complex property. Only navigation properties can be expanded.",
      );
      const photo = await s.graph('GET', `/users/${u('alex')}?$expand=photo`);
      photo.status.should.equal(400);
      photo.body.error.code.should.equal('ExpandNotSupported');
      photo.body.error.message.should.equal("Expand is not allowed for property 'Photo' according to the entity schema.");
      (await s.graph('GET', `/groups/${g('vpn')}/members?$expand=members`)).status.should.equal(400);
    });

    it('refuses $expand in an advanced query (ConsistencyLevel: eventual + $count=true) [AQ]', async () => {
      const r = await s.graph('GET', '/groups?$expand=members&$count=true', { headers: EVENTUAL });
      r.status.should.equal(400);
      r.body.error.code.should.equal('Request_UnsupportedQuery');
    });
  });
});
