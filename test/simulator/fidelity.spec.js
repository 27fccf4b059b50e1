'use strict';
// The simulator answers as v1.0 documents: default property sets, ids in tokens and subscriptions,
// and Graph's error for a path segment it does not know.
require('should');
const { start, sim, request } = require('./helpers');
const { startServer } = require('../support/https-server');

const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

describe('simulator: v1.0 fidelity (default properties, ids, unknown segments)', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  describe('default properties [group-get, application-get]', function () {
    it("a group has group-get's default set: resourceProvisioningOptions, resourceBehaviorOptions, onPremises*, serviceProvisioningErrors", async () => {
      const r = await s.graph('GET', `/groups/${sim.seedIds.group('sales')}`);
      for (const p of [
        'resourceProvisioningOptions',
        'resourceBehaviorOptions',
        'onPremisesDomainName',
        'onPremisesLastSyncDateTime',
        'onPremisesNetBiosName',
        'onPremisesSamAccountName',
        'onPremisesSecurityIdentifier',
        'onPremisesSyncEnabled',
        'onPremisesProvisioningErrors',
        'serviceProvisioningErrors',
      ])
        r.body.should.have.property(p);
      // The seeded Sales and Marketing group is Teams-enabled, as a flow tells one apart.
      r.body.resourceProvisioningOptions.should.eql(['Team']);
      const created = await s.graph('POST', '/groups', {
        body: {
          displayName: 'New',
          mailEnabled: false,
          mailNickname: 'new1',
          securityEnabled: true,
          resourceBehaviorOptions: ['WelcomeEmailDisabled'],
        },
      });
      created.status.should.equal(201);
      created.body.resourceBehaviorOptions.should.eql(['WelcomeEmailDisabled']);
      created.body.resourceProvisioningOptions.should.eql([]);
      created.body.onPremisesProvisioningErrors.should.eql([]);
    });

    it('an application has isDeviceOnlyAuthSupported, addIns, samlMetadataUrl, certification; certification is read-only', async () => {
      const r = await s.graph('POST', '/applications', { body: { displayName: 'Typed' } });
      r.status.should.equal(201);
      r.body.should.containEql({ isDeviceOnlyAuthSupported: null, addIns: [], samlMetadataUrl: null, certification: null });
      r.body.api.should.containEql({ acceptMappedClaims: null, knownClientApplications: [] });
      const seeded = await s.graph('GET', `/applications/${sim.seedIds.application('hr')}`);
      seeded.body.should.have.properties('isDeviceOnlyAuthSupported', 'addIns', 'samlMetadataUrl', 'certification');
      const ro = await s.graph('PATCH', `/applications/${r.body.id}`, { body: { certification: { isPublisherAttested: true } } });
      ro.status.should.equal(400);
    });

    it('a service principal has no createdDateTime (not a v1.0 property): not returned, not selectable', async () => {
      const r = await s.graph('GET', `/servicePrincipals/${sim.seedIds.servicePrincipal('hr')}`);
      r.body.should.not.have.property('createdDateTime');
      const sel = await s.graph('GET', `/servicePrincipals?$select=createdDateTime`);
      sel.status.should.equal(400);
      sel.body.error.message.should.equal("Could not find a property named 'createdDateTime' on type 'microsoft.graph.servicePrincipal'.");
    });
  });

  describe('ids as Graph issues them', function () {
    it("an app-only token's oid and sub are its service principal's object id, not the appId", async () => {
      const r = await request(s, 'POST', `/${sim.TENANT_ID}/oauth2/v2.0/token`, {
        form: {
          grant_type: 'client_credentials',
          client_id: sim.CLIENT_ID,
          client_secret: sim.CLIENT_SECRET,
          scope: 'https://graph.microsoft.com/.default',
        },
      });
      r.status.should.equal(200);
      const c = claimsOf(r.body.access_token);
      c.oid.should.equal(sim.seedIds.servicePrincipal('client'));
      c.sub.should.equal(c.oid);
      c.appid.should.equal(sim.CLIENT_ID);
      claimsOf(s.token).oid.should.equal(sim.seedIds.servicePrincipal('client'));
    });

    it("a subscription's creatorId is the creating app's service principal", async () => {
      const endpoint = await startServer((rec) => {
        const token = new URL(rec.url, 'https://x').searchParams.get('validationToken');
        return token !== null ? { status: 200, headers: { 'content-type': 'text/plain' }, body: token } : { status: 202, body: '' };
      });
      try {
        const r = await s.graph('POST', '/subscriptions', {
          body: {
            changeType: 'updated',
            notificationUrl: `${endpoint.url}/hook`,
            resource: '/users',
            expirationDateTime: new Date(Date.now() + 3600e3).toISOString(),
          },
        });
        r.status.should.equal(201, r.text);
        r.body.creatorId.should.equal(sim.seedIds.servicePrincipal('client'));
        r.body.applicationId.should.equal(sim.CLIENT_ID);
        r.body.should.not.have.property('notificationContentType');
      } finally {
        await endpoint.close();
      }
    });
  });

  describe('an unmodelled route: 400 "Resource not found for the segment" naming the segment Graph cannot resolve', function () {
    const segmentOf = async (path) => {
      const r = await s.graph('GET', path);
      r.status.should.equal(400);
      r.body.error.code.should.equal('BadRequest');
      return /segment '(.*)'\.$/.exec(r.body.error.message)[1];
    };
    it('names the first unknown segment, wherever it is', async () => {
      (await segmentOf('/nonsense')).should.equal('nonsense');
      (await segmentOf(`/users/${sim.seedIds.user('adele')}/notARelationship`)).should.equal('notARelationship');
      (await segmentOf(`/groups/${sim.seedIds.group('vpn')}/members/extra/more`)).should.equal('more');
      (await segmentOf(`/users/${sim.seedIds.user('adele')}/manager/deeper`)).should.equal('deeper');
    });
  });
});
