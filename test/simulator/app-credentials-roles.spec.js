'use strict';
// Applications' owners, secrets (addPassword/removePassword), seeded certificates, federated identity
// credentials, Microsoft Graph's service principal and app role assignments, as Microsoft documents them.
const should = require('should');
const { start, sim } = require('./helpers');

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const USER_READ_ALL = 'df021288-bdef-4463-88db-98f22de89214';
const DAY = 86400000;

describe('simulator: application owners, credentials and app role assignments', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const HR = sim.seedIds.application('hr');
  const user = (k) => sim.seedIds.user(k);
  const ref = (id) => ({ '@odata.id': `${s.url}/v1.0/directoryObjects/${id}` });

  describe('owners [AOWN]', function () {
    it('lists owners as directoryObjects, adds by $ref (204, 400 when already an owner), removes by $ref (404 when not an owner)', async () => {
      const list = await s.graph('GET', `/applications/${HR}/owners?$select=id,displayName`);
      list.status.should.equal(200, list.text);
      list.body.value
        .map((o) => o.id)
        .sort()
        .should.eql([user('lidia'), user('diego')].sort());
      list.body.value[0]['@odata.type'].should.equal('#microsoft.graph.user');
      const add = await s.graph('POST', `/applications/${HR}/owners/$ref`, { body: ref(user('adele')) });
      add.status.should.equal(204, add.text);
      const again = await s.graph('POST', `/applications/${HR}/owners/$ref`, { body: ref(user('adele')) });
      again.status.should.equal(400);
      again.body.error.message.should.match(/already exist for the following modified properties: 'owners'/);
      const sp = await s.graph('POST', `/applications/${HR}/owners/$ref`, { body: ref(sim.seedIds.servicePrincipal('client')) });
      sp.status.should.equal(204, sp.text);
      const group = await s.graph('POST', `/applications/${HR}/owners/$ref`, { body: ref(sim.seedIds.group('vpn')) });
      group.status.should.equal(400);
      const gone = await s.graph('POST', `/applications/${HR}/owners/$ref`, { body: ref('00000000-0000-4000-8000-000000000001') });
      gone.status.should.equal(404);
      (await s.graph('DELETE', `/applications/${HR}/owners/${user('adele')}/$ref`)).status.should.equal(204);
      const notOwner = await s.graph('DELETE', `/applications/${HR}/owners/${user('adele')}/$ref`);
      notOwner.status.should.equal(404);
      notOwner.body.error.code.should.equal('Request_ResourceNotFound');
      // Every owner may go: an application can have none.
      (await s.graph('DELETE', `/applications/${HR}/owners/${user('lidia')}/$ref`)).status.should.equal(204);
      (await s.graph('DELETE', `/applications/${HR}/owners/${user('diego')}/$ref`)).status.should.equal(204);
    });

    it("addresses the application by (appId='…') too, and keeps its owners through a soft delete and restore", async () => {
      const appId = (await s.graph('GET', `/applications/${HR}`)).body.appId;
      const byAppId = await s.graph('GET', `/applications(appId='${appId}')/owners`);
      byAppId.body.value.should.have.length(2);
      (await s.graph('DELETE', `/applications/${HR}`)).status.should.equal(204);
      (await s.graph('GET', `/applications/${HR}/owners`)).status.should.equal(404);
      (await s.graph('POST', `/directory/deletedItems/${HR}/restore`)).status.should.equal(200);
      (await s.graph('GET', `/applications/${HR}/owners`)).body.value.should.have.length(2);
    });
  });

  describe('secrets and certificates [ADDPW, RMPW]', function () {
    it('addPassword answers 200 with the generated secretText once; the application keeps keyId, hint and dates only', async () => {
      const end = new Date(Date.now() + 90 * DAY).toISOString();
      const r = await s.graph('POST', `/applications/${HR}/addPassword`, {
        body: { passwordCredential: { displayName: 'rotation', endDateTime: end } },
      });
      r.status.should.equal(200, r.text);
      r.body.should.have.properties('keyId', 'hint', 'secretText', 'startDateTime', 'endDateTime');
      r.body.secretText.length.should.be.within(16, 64);
      r.body.hint.should.equal(r.body.secretText.slice(0, 3));
      new Date(r.body.endDateTime).toISOString().should.equal(end);
      r.body.displayName.should.equal('rotation');
      const app = (await s.graph('GET', `/applications/${HR}?$select=passwordCredentials`)).body;
      const stored = app.passwordCredentials.find((c) => c.keyId === r.body.keyId);
      stored.should.match({ hint: r.body.hint, displayName: 'rotation', secretText: null });
      JSON.stringify(app).should.not.containEql(r.body.secretText);
    });

    it('addPassword without a body lasts two years; an end before the start is refused', async () => {
      const r = await s.graph('POST', `/applications/${HR}/addPassword`, { body: {} });
      r.status.should.equal(200, r.text);
      const years = (Date.parse(r.body.endDateTime) - Date.parse(r.body.startDateTime)) / (365 * DAY);
      years.should.be.within(1.99, 2.01);
      const bad = await s.graph('POST', `/applications/${HR}/addPassword`, {
        body: { passwordCredential: { endDateTime: '2001-01-01T00:00:00Z' } },
      });
      bad.status.should.equal(400);
    });

    it('removePassword by keyId answers 204; an unknown keyId is a 400', async () => {
      const { keyId } = (await s.graph('POST', `/applications/${HR}/addPassword`, { body: {} })).body;
      (await s.graph('POST', `/applications/${HR}/removePassword`, { body: { keyId } })).status.should.equal(204);
      const app = (await s.graph('GET', `/applications/${HR}?$select=passwordCredentials`)).body;
      app.passwordCredentials.map((c) => c.keyId).should.not.containEql(keyId);
      (await s.graph('POST', `/applications/${HR}/removePassword`, { body: { keyId } })).status.should.equal(400);
      (await s.graph('POST', `/applications/${HR}/removePassword`, { body: {} })).status.should.equal(400);
    });

    it('seeds credentials that expire relative to now: an expired secret, a certificate within 30 days, later ones', async () => {
      const apps = (await s.graph('GET', '/applications?$select=displayName,passwordCredentials,keyCredentials')).body.value;
      const days = (c) => (Date.parse(c.endDateTime) - Date.now()) / DAY;
      const hr = apps.find((a) => a.displayName === 'Contoso HR Portal');
      days(hr.keyCredentials[0]).should.be.within(10, 11);
      hr.keyCredentials[0].should.match({ type: 'AsymmetricX509Cert', usage: 'Verify', key: null });
      const expenses = apps.find((a) => a.displayName === 'Contoso Expenses');
      days(expenses.passwordCredentials[0]).should.be.within(-5, -4);
      days(expenses.keyCredentials[0]).should.be.within(45, 46);
      should(expenses.passwordCredentials[0].secretText).be.null();
    });
  });

  describe('federated identity credentials [FIC]', function () {
    const github = (name, subject) => ({
      name,
      issuer: 'https://token.actions.githubusercontent.com',
      subject,
      audiences: ['api://AzureADTokenExchange'],
    });

    it('creates (201), lists, gets and deletes by id or by name', async () => {
      const list = await s.graph('GET', `/applications/${HR}/federatedIdentityCredentials`);
      list.status.should.equal(200, list.text);
      list.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#applications('${HR}')/federatedIdentityCredentials`);
      list.body.value.map((f) => f.name).should.eql(['github-production']);
      const c = await s.graph('POST', `/applications/${HR}/federatedIdentityCredentials`, {
        body: github('main', 'repo:contoso/hr-portal:ref:refs/heads/main'),
      });
      c.status.should.equal(201, c.text);
      c.body.should.match({
        name: 'main',
        subject: 'repo:contoso/hr-portal:ref:refs/heads/main',
        description: null,
        audiences: ['api://AzureADTokenExchange'],
      });
      (await s.graph('GET', `/applications/${HR}/federatedIdentityCredentials/main`)).body.id.should.equal(c.body.id);
      (await s.graph('DELETE', `/applications/${HR}/federatedIdentityCredentials/main`)).status.should.equal(204);
      (await s.graph('DELETE', `/applications/${HR}/federatedIdentityCredentials/${c.body.id}`)).status.should.equal(404);
      const filtered = await s.graph('GET', `/applications/${HR}/federatedIdentityCredentials?$filter=name eq 'github-production'`);
      filtered.body.value.should.have.length(1);
    });

    it('refuses a second credential of the same name (409), the same issuer and subject (400), two audiences, a name that is not URL friendly', async () => {
      const dupName = await s.graph('POST', `/applications/${HR}/federatedIdentityCredentials`, {
        body: github('github-production', 'repo:x/y:pull_request'),
      });
      dupName.status.should.equal(409);
      dupName.body.error.should.match({
        code: 'Request_MultipleObjectsWithSameKeyValue',
        message: 'FederatedIdentityCredential with name github-production already exists.',
      });
      const dupSubject = await s.graph('POST', `/applications/${HR}/federatedIdentityCredentials`, {
        body: github('other', 'repo:contoso/hr-portal:environment:production'),
      });
      dupSubject.status.should.equal(400);
      dupSubject.body.error.code.should.equal('InvalidFederatedIdentityCredentialValue');
      const two = await s.graph('POST', `/applications/${HR}/federatedIdentityCredentials`, {
        body: { ...github('two', 'a'), audiences: ['a', 'b'] },
      });
      two.status.should.equal(400);
      (await s.graph('POST', `/applications/${HR}/federatedIdentityCredentials`, { body: github('has space', 'b') })).status.should.equal(
        400,
      );
      (
        await s.graph('POST', `/applications/${HR}/federatedIdentityCredentials`, { body: { name: 'x', issuer: 'https://i' } })
      ).status.should.equal(400);
    });

    it('holds at most 20 per application', async () => {
      for (let i = 1; i < 20; i++) {
        const r = await s.graph('POST', `/applications/${HR}/federatedIdentityCredentials`, {
          body: github(`env-${i}`, `repo:contoso/hr:environment:e${i}`),
        });
        r.status.should.equal(201, r.text);
      }
      const over = await s.graph('POST', `/applications/${HR}/federatedIdentityCredentials`, {
        body: github('env-20', 'repo:contoso/hr:environment:e20'),
      });
      over.status.should.equal(400);
      over.body.error.message.should.match(/at most 20/);
    });
  });

  describe("Microsoft Graph's service principal and app role assignments [ARA]", function () {
    it("seeds Microsoft Graph's service principal with its application permissions and their real ids", async () => {
      const r = await s.graph('GET', `/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id,displayName,appOwnerOrganizationId,appRoles`);
      r.status.should.equal(200, r.text);
      r.body.displayName.should.equal('Microsoft Graph');
      r.body.appOwnerOrganizationId.should.not.equal(sim.TENANT_ID);
      const role = (value) => r.body.appRoles.find((a) => a.value === value);
      role('User.Read.All').should.match({ id: USER_READ_ALL, allowedMemberTypes: ['Application'], isEnabled: true });
      role('Group.ReadWrite.All').id.should.equal('62a82d76-70ea-41e2-9197-370581804d09');
      role('AppRoleAssignment.ReadWrite.All').id.should.equal('06b708a9-e830-4db3-a914-8e69da51d44f');
      role('LicenseAssignment.ReadWrite.All').id.should.equal('5facf0c1-8979-4e95-abcf-ff3d079771c0');
      role('User.RevokeSessions.All').id.should.equal('77f3a031-c388-4f99-b373-dc68676a979e');
    });

    it("has an application permission for every permission the nodes' operation tables name, so grantAppRole can grant each", async () => {
      const { allOperationPermissions } = require('../../dist/nodes/node-specs');
      const r = await s.graph('GET', `/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=appRoles`);
      const values = new Set(r.body.appRoles.map((a) => a.value));
      const named = new Set(
        allOperationPermissions()
          .map((p) => p.application)
          .filter(Boolean),
      );
      named.size.should.be.above(15);
      [...named].filter((p) => !values.has(p)).should.eql([]);
    });

    it("the simulator client's token roles are app role assignments on Microsoft Graph", async () => {
      const client = sim.seedIds.servicePrincipal('client');
      const r = await s.graph('GET', `/servicePrincipals/${client}/appRoleAssignments`);
      r.status.should.equal(200, r.text);
      r.body.value.length.should.be.above(0);
      r.body.value
        .every((a) => a.principalId === client && a.resourceDisplayName === 'Microsoft Graph' && a.principalType === 'ServicePrincipal')
        .should.be.true();
      // Graph's assignment ids are 43 base64url characters, not GUIDs.
      r.body.value[0].id.should.match(/^[A-Za-z0-9_-]{43}$/);
    });

    it('grants through appRoleAssignedTo (201), refuses a duplicate and an unknown role (400), revokes (204)', async () => {
      const graph = (await s.graph('GET', `/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id`)).body.id;
      const hr = sim.seedIds.servicePrincipal('hr');
      const body = { principalId: hr, resourceId: graph, appRoleId: USER_READ_ALL };
      const r = await s.graph('POST', `/servicePrincipals/${graph}/appRoleAssignedTo`, { body });
      r.status.should.equal(201, r.text);
      r.body.should.match({
        principalId: hr,
        resourceId: graph,
        appRoleId: USER_READ_ALL,
        principalType: 'ServicePrincipal',
        principalDisplayName: 'Contoso HR Portal',
        resourceDisplayName: 'Microsoft Graph',
      });
      const dup = await s.graph('POST', `/servicePrincipals/${graph}/appRoleAssignedTo`, { body });
      dup.status.should.equal(400);
      dup.body.error.message.should.equal('Permission being assigned already exists on the object.');
      const unknown = await s.graph('POST', `/servicePrincipals/${graph}/appRoleAssignedTo`, {
        body: { ...body, appRoleId: '11111111-1111-4111-8111-111111111111' },
      });
      unknown.status.should.equal(400);
      unknown.body.error.message.should.match(/^Permission being assigned was not found on application/);
      const mine = (await s.graph('GET', `/servicePrincipals/${hr}/appRoleAssignments`)).body.value;
      mine.map((a) => a.id).should.eql([r.body.id]);
      (await s.graph('GET', `/servicePrincipals/${graph}/appRoleAssignedTo`)).body.value.map((a) => a.id).should.containEql(r.body.id);
      const del = await s.graph('DELETE', `/servicePrincipals/${hr}/appRoleAssignments/${encodeURIComponent(r.body.id)}`);
      del.status.should.equal(204, del.text);
      (await s.graph('GET', `/servicePrincipals/${hr}/appRoleAssignments`)).body.value.should.eql([]);
      (await s.graph('DELETE', `/servicePrincipals/${hr}/appRoleAssignments/${encodeURIComponent(r.body.id)}`)).status.should.equal(404);
    });

    it('a permanently deleted principal takes its assignments with it', async () => {
      const graph = (await s.graph('GET', `/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id`)).body.id;
      const hr = sim.seedIds.servicePrincipal('hr');
      await s.graph('POST', `/servicePrincipals/${hr}/appRoleAssignments`, {
        body: { principalId: hr, resourceId: graph, appRoleId: USER_READ_ALL },
      });
      await s.graph('DELETE', `/servicePrincipals/${hr}`);
      (await s.graph('DELETE', `/directory/deletedItems/${hr}`)).status.should.equal(204);
      (await s.graph('GET', `/servicePrincipals/${graph}/appRoleAssignedTo`)).body.value.filter((a) => a.principalId === hr).should.eql([]);
    });
  });
});
