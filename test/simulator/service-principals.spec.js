'use strict';
// /servicePrincipals: seeded one per application, create from an existing application's appId only
// (400 NoBackingApplicationObject) and once per appId (409) [SPPOST], get by id or (appId='…') [SPGET],
// PATCH 204 [SPUPD], DELETE 204 (soft, restorable) [SPDEL], upsert [SPUPS] and /servicePrincipals/delta [SPDELTA].
const should = require('should');
const { start, sim, EVENTUAL } = require('./helpers');

describe('simulator: service principals', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const appIdOf = async (key) => (await s.graph('GET', `/applications/${sim.seedIds.application(key)}`)).body.appId;
  async function newApplication(displayName) {
    const r = await s.graph('POST', '/applications', { body: { displayName } });
    r.status.should.equal(201, r.text);
    return r.body;
  }
  async function round(url) {
    const items = [];
    let link = url;
    for (;;) {
      const r = await s.graph('GET', link);
      r.status.should.equal(200, r.text);
      items.push(...r.body.value);
      if (r.body['@odata.deltaLink']) return { items, deltaLink: r.body['@odata.deltaLink'] };
      link = r.body['@odata.nextLink'];
    }
  }

  it("seeds one service principal per application, the simulator client app included, with the application's appId and name, and Microsoft Graph's", async () => {
    const list = await s.graph('GET', '/servicePrincipals');
    list.status.should.equal(200, list.text);
    list.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#servicePrincipals`);
    list.body.value
      .map((p) => p.displayName)
      .sort()
      .should.eql(['Contoso Expenses', 'Contoso HR Portal', 'Entra-RED Simulator Client', 'Microsoft Graph']);
    const apps = (await s.graph('GET', '/applications?$select=appId')).body.value.map((a) => a.appId);
    list.body.value
      .map((p) => p.appId)
      .sort()
      .should.eql([...apps, sim.MICROSOFT_GRAPH_APP_ID].sort());
    const client = list.body.value.find((p) => p.appId === sim.CLIENT_ID);
    client.id.should.equal(sim.seedIds.servicePrincipal('client'));
    client.id.should.not.equal(sim.seedIds.application('client'));
    // Default properties [SPRES, SPPOST]
    client.should.match({
      accountEnabled: true,
      servicePrincipalType: 'Application',
      appOwnerOrganizationId: sim.TENANT_ID,
      appDisplayName: 'Entra-RED Simulator Client',
      appRoleAssignmentRequired: false,
      signInAudience: 'AzureADMyOrg',
      tags: [],
      deletedDateTime: null,
    });
    client.servicePrincipalNames.should.containEql(sim.CLIENT_ID);
    client.should.have.properties(
      'appRoles',
      'oauth2PermissionScopes',
      'info',
      'keyCredentials',
      'passwordCredentials',
      'replyUrls',
      'homepage',
    );
    const empty = await sim.startSimulator({ port: 0, quiet: true, seed: 'empty' });
    try {
      const { access_token: token } = await empty.control.token();
      const r = await require('./helpers').request(empty, 'GET', '/v1.0/servicePrincipals', { token });
      r.body.value.should.eql([]);
    } finally {
      await empty.close();
    }
  });

  it("gets one by id or by (appId='…') with $select; $count and $filter go through the query engine", async () => {
    const id = sim.seedIds.servicePrincipal('hr');
    const byId = await s.graph('GET', `/servicePrincipals/${id}?$select=displayName,appId`);
    byId.status.should.equal(200, byId.text);
    byId.body.should.eql({
      '@odata.context': `${s.url}/v1.0/$metadata#servicePrincipals(id,displayName,appId)/$entity`,
      id,
      displayName: 'Contoso HR Portal',
      appId: await appIdOf('hr'),
    });
    const byAppId = await s.graph('GET', `/servicePrincipals(appId='${sim.CLIENT_ID}')`);
    byAppId.status.should.equal(200);
    byAppId.body.id.should.equal(sim.seedIds.servicePrincipal('client'));
    (await s.graph('GET', "/servicePrincipals(appId='00000000-0000-4000-8000-000000000000')")).status.should.equal(404);
    const bad = await s.graph('GET', '/servicePrincipals/not-a-guid');
    bad.status.should.equal(400);
    bad.body.error.message.should.equal("Invalid object identifier 'not-a-guid'.");
    const filtered = await s.graph('GET', `/servicePrincipals?$filter=appId eq '${sim.CLIENT_ID}'&$select=id`);
    filtered.body.value.should.eql([{ id: sim.seedIds.servicePrincipal('client') }]);
    (await s.graph('GET', '/servicePrincipals/$count', { headers: EVENTUAL })).text.should.equal('4');
    (await s.graph('GET', '/servicePrincipals?$select=nope')).status.should.equal(400);
  });

  it("creates one from an existing application's appId: 201 + Location, properties from the application, body values win [SPPOST]", async () => {
    const app = await newApplication('Payroll');
    const r = await s.graph('POST', '/servicePrincipals', {
      body: { appId: app.appId, tags: ['WindowsAzureActiveDirectoryIntegratedApp'] },
    });
    r.status.should.equal(201, r.text);
    r.headers.location.should.equal(`${s.url}/v1.0/servicePrincipals/${r.body.id}`);
    r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#servicePrincipals/$entity`);
    r.body.should.match({
      appId: app.appId,
      displayName: 'Payroll',
      appDisplayName: 'Payroll',
      servicePrincipalType: 'Application',
      accountEnabled: true,
      appOwnerOrganizationId: sim.TENANT_ID,
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    });
    r.body.id.should.not.equal(app.id);
    r.body.should.not.have.property('createdDateTime'); // not a v1.0 servicePrincipal property (resources/serviceprincipal)
    (await s.graph('GET', `/servicePrincipals(appId='${app.appId}')`)).body.id.should.equal(r.body.id);
  });

  it('refuses a second service principal for the same appId with 409 Request_MultipleObjectsWithSameKeyValue [SPPOST]', async () => {
    const r = await s.graph('POST', '/servicePrincipals', { body: { appId: sim.CLIENT_ID } });
    r.status.should.equal(409, r.text);
    r.body.error.code.should.equal('Request_MultipleObjectsWithSameKeyValue');
    r.body.error.message.should.equal(
      `The service principal cannot be created, updated, or restored because the service principal name ${sim.CLIENT_ID} is already in use.`,
    );
    (await s.graph('GET', '/servicePrincipals/$count', { headers: EVENTUAL })).text.should.equal('4');
  });

  it('refuses an appId no application has (400 NoBackingApplicationObject), a missing appId and passwordCredentials [SPPOST]', async () => {
    const ghost = '0f0f0f0f-0000-4000-8000-000000000001';
    const r = await s.graph('POST', '/servicePrincipals', { body: { appId: ghost } });
    r.status.should.equal(400, r.text);
    r.body.error.code.should.equal('Request_BadRequest');
    r.body.error.message.should.equal(`The appId '${ghost}' of the service principal does not reference a valid application object.`);
    r.body.error.details.should.eql([{ code: 'NoBackingApplicationObject', message: r.body.error.message, target: 'appId' }]);
    r.body.error.innerError.should.have.property('request-id');
    (await s.graph('POST', '/servicePrincipals', { body: { displayName: 'no appId' } })).status.should.equal(400);
    const app = await newApplication('Secretive');
    const pw = await s.graph('POST', '/servicePrincipals', { body: { appId: app.appId, passwordCredentials: [{ displayName: 'x' }] } });
    pw.status.should.equal(400);
    pw.body.error.message.should.match(/passwordCredentials/);
    (await s.graph('POST', '/servicePrincipals', { body: { appId: app.appId, nope: 1 } })).status.should.equal(400);
    (await s.graph('GET', `/servicePrincipals(appId='${app.appId}')`)).status.should.equal(404);
  });

  it('PATCH answers 204 by id or by appId; appId and read-only properties are refused [SPUPD]', async () => {
    const id = sim.seedIds.servicePrincipal('hr');
    const p1 = await s.graph('PATCH', `/servicePrincipals/${id}`, { body: { appRoleAssignmentRequired: true } });
    p1.status.should.equal(204, p1.text);
    should(p1.body).be.undefined();
    const hrAppId = await appIdOf('hr');
    (await s.graph('PATCH', `/servicePrincipals(appId='${hrAppId}')`, { body: { notes: 'owned by HR' } })).status.should.equal(204);
    const got = (await s.graph('GET', `/servicePrincipals/${id}?$select=appRoleAssignmentRequired,notes`)).body;
    got.should.match({ appRoleAssignmentRequired: true, notes: 'owned by HR' });
    const ro = await s.graph('PATCH', `/servicePrincipals/${id}`, { body: { appId: sim.CLIENT_ID } });
    ro.status.should.equal(400);
    ro.body.error.message.should.equal("Property 'appId' is read-only and cannot be set.");
    (await s.graph('PATCH', `/servicePrincipals/${id}`, { body: { servicePrincipalType: 'Legacy' } })).status.should.equal(400);
    (await s.graph('PATCH', '/servicePrincipals/0f0f0f0f-0000-4000-8000-000000000002', { body: { notes: 'x' } })).status.should.equal(404);
  });

  it("upserts by PATCH (appId='…'): 201 with Prefer: create-if-missing, 204 when it exists, 404 without the header [SPUPS]", async () => {
    const app = await newApplication('Upserted');
    const key = `/servicePrincipals(appId='${app.appId}')`;
    (await s.graph('PATCH', key, { body: { notes: 'x' } })).status.should.equal(404);
    const c = await s.graph('PATCH', key, { body: { displayName: 'Upserted instance' }, headers: { prefer: 'create-if-missing' } });
    c.status.should.equal(201, c.text);
    c.body.should.match({ appId: app.appId, displayName: 'Upserted instance', appDisplayName: 'Upserted' });
    (await s.graph('PATCH', key, { body: { notes: 'y' }, headers: { prefer: 'create-if-missing' } })).status.should.equal(204);
    const ghost = await s.graph('PATCH', "/servicePrincipals(appId='0f0f0f0f-0000-4000-8000-000000000003')", {
      body: {},
      headers: { prefer: 'create-if-missing' },
    });
    ghost.body.error.details[0].code.should.equal('NoBackingApplicationObject');
  });

  it("DELETE answers 204 and soft-deletes: gone from get and list, in deletedItems; a new one may take the appId, then the old one can't be restored (409) [SPDEL]", async () => {
    const id = sim.seedIds.servicePrincipal('expenses');
    const appId = await appIdOf('expenses');
    (await s.graph('DELETE', `/servicePrincipals(appId='${appId}')`)).status.should.equal(204);
    (await s.graph('GET', `/servicePrincipals/${id}`)).status.should.equal(404);
    (await s.graph('DELETE', `/servicePrincipals/${id}`)).status.should.equal(404);
    (await s.graph('GET', '/servicePrincipals')).body.value.map((p) => p.id).should.not.containEql(id);
    const deleted = await s.graph('GET', '/directory/deletedItems/microsoft.graph.servicePrincipal');
    deleted.status.should.equal(200, deleted.text);
    deleted.body.value.map((p) => p.id).should.eql([id]);
    deleted.body.value[0].deletedDateTime.should.be.a.String();
    const fresh = await s.graph('POST', '/servicePrincipals', { body: { appId } });
    fresh.status.should.equal(201, fresh.text);
    const restore = await s.graph('POST', `/directory/deletedItems/${id}/restore`);
    restore.status.should.equal(409);
    restore.body.error.code.should.equal('Request_MultipleObjectsWithSameKeyValue');
    (await s.graph('DELETE', `/servicePrincipals/${fresh.body.id}`)).status.should.equal(204);
    const back = await s.graph('POST', `/directory/deletedItems/${id}/restore`);
    back.status.should.equal(200, back.text);
    back.body['@odata.type'].should.equal('#microsoft.graph.servicePrincipal');
    (await s.graph('GET', `/servicePrincipals(appId='${appId}')`)).body.id.should.equal(id);
  });

  describe('/servicePrincipals/delta [SPDELTA]', function () {
    it('a full round (over pages) lists every service principal, the next only what changed: created, updated, soft-deleted', async () => {
      await s.control.setConfig({ deltaPageSize: 2 });
      const first = await round('/servicePrincipals/delta?$select=displayName,appId,accountEnabled');
      first.items
        .map((p) => p.displayName)
        .sort()
        .should.eql(['Contoso Expenses', 'Contoso HR Portal', 'Entra-RED Simulator Client', 'Microsoft Graph']);
      first.deltaLink.should.startWith(`${s.url}/v1.0/servicePrincipals/delta?$deltatoken=`);
      const app = await newApplication('Ticketing');
      const created = (await s.graph('POST', '/servicePrincipals', { body: { appId: app.appId } })).body;
      const hr = sim.seedIds.servicePrincipal('hr');
      const expenses = sim.seedIds.servicePrincipal('expenses');
      await s.graph('PATCH', `/servicePrincipals/${hr}`, { body: { accountEnabled: false } });
      await s.graph('DELETE', `/servicePrincipals/${expenses}`);
      const next = await round(first.deltaLink);
      next.items.should.have.length(3);
      next.items.find((p) => p.id === created.id).should.match({ displayName: 'Ticketing', appId: app.appId });
      next.items.find((p) => p.id === hr).accountEnabled.should.equal(false);
      next.items.find((p) => p.id === expenses).should.eql({ id: expenses, '@removed': { reason: 'changed' } });
      // Nothing happened since: an empty round. Application changes are not service principal changes.
      await s.graph('PATCH', `/applications/${sim.seedIds.application('hr')}`, { body: { notes: 'x' } });
      (await round(next.deltaLink)).items.should.eql([]);
    });

    it('an id eq filter limits the round; tokens of another resource are refused; expired tokens answer 410 with a Location [DQO]', async () => {
      const client = sim.seedIds.servicePrincipal('client');
      const only = await round(`/servicePrincipals/delta?$filter=id eq '${client}'`);
      only.items.map((p) => p.id).should.eql([client]);
      const token = new URL(only.deltaLink).searchParams.get('$deltatoken');
      (await s.graph('GET', `/applications/delta?$deltatoken=${token}`)).status.should.equal(400);
      (await s.graph('GET', "/servicePrincipals/delta?$filter=startswith(displayName,'C')")).status.should.equal(400);
      await s.control.expireDeltaTokens();
      const gone = await s.graph('GET', only.deltaLink);
      gone.status.should.equal(410);
      gone.headers.location.should.startWith(`${s.url}/v1.0/servicePrincipals/delta?$filter=`);
    });
  });
});
