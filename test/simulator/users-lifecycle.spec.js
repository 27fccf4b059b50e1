'use strict';
// Licences, authentication methods and the Temporary Access Pass, invitations, restore of deleted
// users and signInActivity: the simulator as Microsoft documents these APIs.
require('should');
const { start, request } = require('./helpers');

const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const P1 = '078d2b04-f1bd-4111-bbd4-b4b1b354cef4';
const TAP_POLICY = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass';

describe('simulator: licences, authentication methods, invitations, restore, sign-in activity', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const newUser = async (nick, extra = {}) =>
    (
      await s.graph('POST', '/users', {
        body: {
          accountEnabled: true,
          displayName: `Test ${nick}`,
          mailNickname: nick,
          userPrincipalName: `${nick}@contoso.onmicrosoft.com`,
          passwordProfile: { password: 'xWwvJ]6NMw+bWH-d', forceChangePasswordNextSignIn: true },
          ...extra,
        },
      })
    ).body;
  const sku = async (part) => (await s.graph('GET', '/subscribedSkus')).body.value.find((k) => k.skuPartNumber === part);

  describe('licences [subscribedsku-list, user-assignlicense, user-list-licensedetails]', () => {
    it('lists subscribed SKUs with real part numbers, prepaid and consumed units; $filter is refused', async () => {
      const r = await s.graph('GET', '/subscribedSkus');
      r.status.should.equal(200);
      r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#subscribedSkus`);
      r.body.value.map((k) => k.skuPartNumber).should.containDeep(['ENTERPRISEPACK', 'SPE_E5', 'EMS', 'AAD_PREMIUM']);
      const e3 = r.body.value.find((k) => k.skuId === E3);
      e3.should.have.properties({
        skuPartNumber: 'ENTERPRISEPACK',
        appliesTo: 'User',
        capabilityStatus: 'Enabled',
        id: `${s.tenantId}_${E3}`,
      });
      e3.prepaidUnits.enabled.should.equal(25);
      e3.consumedUnits.should.equal(5);
      e3.servicePlans.map((p) => p.servicePlanName).should.containEql('EXCHANGE_S_ENTERPRISE');
      (await s.graph('GET', "/subscribedSkus?$filter=skuPartNumber eq 'EMS'")).status.should.equal(400);
      const sel = await s.graph('GET', '/subscribedSkus?$select=skuId,skuPartNumber');
      Object.keys(sel.body.value[0]).sort().should.eql(['id', 'skuId', 'skuPartNumber']);
    });

    it('needs a usage location: 400 "invalid usage location" until usageLocation is set, then 200 with the user', async () => {
      const u = await newUser('lic1');
      const body = { addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] };
      const refused = await s.graph('POST', `/users/${u.id}/assignLicense`, { body });
      refused.status.should.equal(400);
      refused.body.error.code.should.equal('Request_BadRequest');
      refused.body.error.message.should.equal('License assignment cannot be done for user with invalid usage location.');
      (await s.graph('PATCH', `/users/${u.id}`, { body: { usageLocation: 'GB' } })).status.should.equal(204);
      const r = await s.graph('POST', `/users/${u.id}/assignLicense`, { body });
      r.status.should.equal(200);
      r.body.id.should.equal(u.id);
      r.body.assignedLicenses.should.eql([{ skuId: E3, disabledPlans: [] }]);
      (await sku('ENTERPRISEPACK')).consumedUnits.should.equal(6);
      const details = await s.graph('GET', `/users/${u.id}/licenseDetails`);
      details.body.value.map((d) => d.skuPartNumber).should.eql(['ENTERPRISEPACK']);
    });

    it('counts consumed units: an assignment beyond the enabled units fails, a removal frees one', async () => {
      (await sku('AAD_PREMIUM')).consumedUnits.should.equal(2);
      const a = await newUser('lic2', { usageLocation: 'US' });
      const b = await newUser('lic3', { usageLocation: 'US' });
      const add = { addLicenses: [{ skuId: P1 }], removeLicenses: [] };
      (await s.graph('POST', `/users/${a.id}/assignLicense`, { body: add })).status.should.equal(200);
      const full = await s.graph('POST', `/users/${b.id}/assignLicense`, { body: add });
      full.status.should.equal(400);
      full.body.error.message.should.equal(`Subscription with SKU ${P1} does not have any available licenses.`);
      (await s.graph('POST', `/users/${a.id}/assignLicense`, { body: { addLicenses: [], removeLicenses: [P1] } })).status.should.equal(200);
      (await s.graph('POST', `/users/${b.id}/assignLicense`, { body: add })).status.should.equal(200);
    });

    it('validates SKUs, disabled plans and both lists before changing anything', async () => {
      const u = await newUser('lic4', { usageLocation: 'US' });
      (
        await s.graph('POST', `/users/${u.id}/assignLicense`, {
          body: { addLicenses: [{ skuId: '00000000-0000-0000-0000-000000000000' }], removeLicenses: [] },
        })
      ).status.should.equal(400);
      (await s.graph('POST', `/users/${u.id}/assignLicense`, { body: { addLicenses: [{ skuId: E3 }] } })).status.should.equal(400);
      (
        await s.graph('POST', `/users/${u.id}/assignLicense`, {
          body: { addLicenses: [{ skuId: E3, disabledPlans: ['11111111-1111-4111-8111-111111111111'] }], removeLicenses: [] },
        })
      ).status.should.equal(400);
      const ok = await s.graph('POST', `/users/${u.id}/assignLicense`, {
        body: { addLicenses: [{ skuId: E3, disabledPlans: ['57ff2da0-773e-42df-b2af-ffb7a2317929'] }], removeLicenses: [] },
      });
      ok.status.should.equal(200);
      const details = await s.graph('GET', `/users/${u.id}/licenseDetails`);
      details.body.value[0].servicePlans.find((p) => p.servicePlanName === 'TEAMS1').provisioningStatus.should.equal('Disabled');
      (await s.graph('PATCH', `/users/${u.id}`, { body: { assignedLicenses: [] } })).status.should.equal(400);
    });

    describe('group-based licensing [group-assignlicense]', () => {
      const { seedIds } = require('../../simulator/dist/state/seed');
      const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
      const VPN = seedIds.group('vpn');

      it('answers 202 Accepted with the group and a Location; assignedLicenses only with $select; direct user members consume units', async () => {
        (await sku('EMS')).consumedUnits.should.equal(1);
        const r = await s.graph('POST', `/groups/${VPN}/assignLicense`, {
          body: { addLicenses: [{ skuId: EMS, disabledPlans: [] }], removeLicenses: [] },
        });
        r.status.should.equal(202);
        r.headers.location.should.endWith(`/directoryObjects/${VPN}/Microsoft.DirectoryServices.Group`);
        r.body.should.have.properties({ id: VPN, displayName: 'VPN Users', securityEnabled: true });
        r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#groups/$entity`);
        r.body.should.not.have.property('assignedLicenses');
        const got = await s.graph('GET', `/groups/${VPN}?$select=id,assignedLicenses`);
        got.body.assignedLicenses.should.eql([{ skuId: EMS, disabledPlans: [] }]);
        (await s.graph('GET', `/groups/${VPN}`)).body.should.not.have.property('assignedLicenses');
        // Adele and Diego (direct members); not the members of Engineering, nested in VPN Users.
        (await sku('EMS')).consumedUnits.should.equal(3);
        const unlicensed = await s.graph('GET', `/groups/${seedIds.group('sales')}?$select=assignedLicenses`);
        unlicensed.body.assignedLicenses.should.eql([]);
      });

      it('a user licensed through a group and directly uses one unit; removing the group licence frees the others', async () => {
        const body = { addLicenses: [{ skuId: EMS, disabledPlans: [] }], removeLicenses: [] };
        (await s.graph('POST', `/groups/${seedIds.group('sales')}/assignLicense`, { body })).status.should.equal(202);
        // Alex and Isaiah, and Megan who already holds EMS directly.
        (await sku('EMS')).consumedUnits.should.equal(3);
        const removed = await s.graph('POST', `/groups/${seedIds.group('sales')}/assignLicense`, {
          body: { addLicenses: [], removeLicenses: [EMS] },
        });
        removed.status.should.equal(202);
        (await sku('EMS')).consumedUnits.should.equal(1);
      });

      it("shows group licences among the members' assignedLicenses and licenseDetails; they are removed from the group, not the user", async () => {
        const adele = seedIds.user('adele');
        const johanna = seedIds.user('johanna');
        const TEAMS1 = '57ff2da0-773e-42df-b2af-ffb7a2317929';
        const body = {
          addLicenses: [
            { skuId: EMS, disabledPlans: [] },
            { skuId: E3, disabledPlans: [TEAMS1] },
          ],
          removeLicenses: [],
        };
        (await s.graph('POST', `/groups/${VPN}/assignLicense`, { body })).status.should.equal(202);
        // Adele holds E3 directly (all plans) and through VPN Users (TEAMS1 off): listed once, TEAMS1 on.
        const got = await s.graph('GET', `/users/${adele}?$select=id,assignedLicenses`);
        got.body.assignedLicenses.should.eql([
          { skuId: E3, disabledPlans: [] },
          { skuId: EMS, disabledPlans: [] },
        ]);
        const listed = await s.graph('GET', `/users?$select=id,assignedLicenses&$filter=id eq '${adele}'`);
        listed.body.value[0].assignedLicenses.map((l) => l.skuId).should.eql([E3, EMS]);
        (await s.graph('GET', `/users/${adele}/licenseDetails`)).body.value
          .map((d) => d.skuPartNumber)
          .should.eql(['ENTERPRISEPACK', 'EMS']);
        // licenseAssignmentStates tells them apart: assignedByGroup null (direct) or the group's id.
        const states = (await s.graph('GET', `/users/${adele}?$select=licenseAssignmentStates`)).body.licenseAssignmentStates;
        states
          .map((st) => [st.skuId, st.assignedByGroup, st.state])
          .should.eql([
            [E3, null, 'Active'],
            [EMS, VPN, 'Active'],
            [E3, VPN, 'Active'],
          ]);
        states[2].disabledPlans.should.eql([TEAMS1]);
        (await s.graph('GET', `/users/${adele}`)).body.should.not.have.property('licenseAssignmentStates');
        // Johanna (Engineering, nested in VPN Users) gets nothing from it.
        (await s.graph('GET', `/users/${johanna}?$select=assignedLicenses`)).body.assignedLicenses.should.eql([
          { skuId: E3, disabledPlans: [] },
        ]);
        const direct = await s.graph('POST', `/users/${adele}/assignLicense`, { body: { addLicenses: [], removeLicenses: [EMS] } });
        direct.status.should.equal(400);
        direct.body.error.message.should.equal(
          'User license is inherited from a group membership and it cannot be removed directly from the user.',
        );
        (
          await s.graph('POST', `/groups/${VPN}/assignLicense`, { body: { addLicenses: [], removeLicenses: [EMS, E3] } })
        ).status.should.equal(202);
        (await s.graph('GET', `/users/${adele}?$select=assignedLicenses`)).body.assignedLicenses.should.eql([
          { skuId: E3, disabledPlans: [] },
        ]);
      });

      it('accepts an assignment beyond the free units: the members it cannot license use none', async () => {
        (await sku('AAD_PREMIUM')).consumedUnits.should.equal(2);
        const r = await s.graph('POST', `/groups/${seedIds.group('engineering')}/assignLicense`, {
          body: { addLicenses: [{ skuId: P1, disabledPlans: [] }], removeLicenses: [] },
        });
        r.status.should.equal(202);
        (await sku('AAD_PREMIUM')).consumedUnits.should.equal(3);
      });

      it('refuses unknown SKUs and plans, missing lists and licences the group does not have; 404 / 400 for unknown or malformed ids', async () => {
        const post = (id, body) => s.graph('POST', `/groups/${id}/assignLicense`, { body });
        const bad = await post(VPN, { addLicenses: [{ skuId: '00000000-0000-0000-0000-000000000000' }], removeLicenses: [] });
        bad.status.should.equal(400);
        bad.body.error.code.should.equal('Request_BadRequest');
        (
          await post(VPN, { addLicenses: [{ skuId: EMS, disabledPlans: ['11111111-1111-4111-8111-111111111111'] }], removeLicenses: [] })
        ).status.should.equal(400);
        const noList = await post(VPN, { addLicenses: [] });
        noList.status.should.equal(400);
        noList.body.error.message.should.equal("Invalid value specified for property 'removeLicenses' of resource 'Group'.");
        const notHeld = await post(VPN, { addLicenses: [], removeLicenses: [E3] });
        notHeld.status.should.equal(400);
        notHeld.body.error.message.should.equal('Group does not have a corresponding license.');
        (await s.graph('GET', `/groups/${VPN}?$select=assignedLicenses`)).body.assignedLicenses.should.eql([]);
        (await post('00000000-0000-4000-8000-000000000404', { addLicenses: [], removeLicenses: [] })).status.should.equal(404);
        (await post('VPN Users', { addLicenses: [], removeLicenses: [] })).status.should.equal(400);
        (await s.graph('PATCH', `/groups/${VPN}`, { body: { assignedLicenses: [] } })).status.should.equal(400);
      });
    });
  });

  describe('authentication methods and Temporary Access Pass [authentication-post-temporaryaccesspassmethods]', () => {
    it('creates a pass (201, shown once), lists it without the pass among the methods; a new one replaces it', async () => {
      const r = await s.graph('POST', '/users/AlexW@contoso.onmicrosoft.com/authentication/temporaryAccessPassMethods', {
        body: { lifetimeInMinutes: 60, isUsableOnce: true },
      });
      r.status.should.equal(201);
      r.body['@odata.type'].should.equal('#microsoft.graph.temporaryAccessPassAuthenticationMethod');
      r.body.temporaryAccessPass.should.match(/^.{8}$/);
      r.body.should.have.properties({
        lifetimeInMinutes: 60,
        isUsableOnce: true,
        isUsable: true,
        methodUsabilityReason: 'EnabledByPolicy',
      });
      const methods = await s.graph('GET', '/users/AlexW@contoso.onmicrosoft.com/authentication/methods');
      methods.body.value
        .map((m) => m['@odata.type'])
        .should.eql(['#microsoft.graph.passwordAuthenticationMethod', '#microsoft.graph.temporaryAccessPassAuthenticationMethod']);
      methods.body.value[0].id.should.equal('28c10230-6103-485e-b985-444c60001490');
      (methods.body.value[1].temporaryAccessPass === null).should.be.true();
      const again = await s.graph('POST', '/users/AlexW@contoso.onmicrosoft.com/authentication/temporaryAccessPassMethods', { body: {} });
      again.body.lifetimeInMinutes.should.equal(60);
      const list = await s.graph('GET', '/users/AlexW@contoso.onmicrosoft.com/authentication/temporaryAccessPassMethods');
      list.body.value.map((m) => m.id).should.eql([again.body.id]);
    });

    it('follows the policy: disabled, lifetime outside its range, multi-use when one-time only; a later start is NotYetValid', async () => {
      const path = '/users/AlexW@contoso.onmicrosoft.com/authentication/temporaryAccessPassMethods';
      (await s.graph('POST', path, { body: { lifetimeInMinutes: 600 } })).status.should.equal(400);
      const later = await s.graph('POST', path, { body: { startDateTime: new Date(Date.now() + 86400000).toISOString() } });
      later.body.methodUsabilityReason.should.equal('NotYetValid');
      (await s.graph('PATCH', TAP_POLICY, { body: { isUsableOnce: true } })).status.should.equal(204);
      (await s.graph('POST', path, { body: { isUsableOnce: false } })).status.should.equal(400);
      (await s.graph('PATCH', TAP_POLICY, { body: { state: 'disabled' } })).status.should.equal(204);
      const off = await s.graph('POST', path, { body: {} });
      off.status.should.equal(400);
      off.body.error.message.should.match(/not enabled/);
      (await s.graph('GET', TAP_POLICY)).body.state.should.equal('disabled');
    });

    it('needs UserAuthenticationMethod permissions (403 Authorization_RequestDenied)', async () => {
      const { access_token: token } = await s.control.token({ roles: ['User.ReadWrite.All'] });
      const res = await request(s, 'GET', '/v1.0/users/AlexW@contoso.onmicrosoft.com/authentication/methods', { token });
      res.status.should.equal(403);
      res.body.error.code.should.equal('Authorization_RequestDenied');
      const tap = await request(s, 'POST', '/v1.0/users/AlexW@contoso.onmicrosoft.com/authentication/temporaryAccessPassMethods', {
        token,
        body: {},
      });
      tap.status.should.equal(403);
    });
  });

  describe('invitations [invitation-post]', () => {
    it('creates a guest user with userType Guest and an #EXT# user principal name; the same address again gives the same guest', async () => {
      const r = await s.graph('POST', '/invitations', {
        body: {
          invitedUserEmailAddress: 'ann@fabrikam.com',
          inviteRedirectUrl: 'https://myapps.microsoft.com',
          invitedUserDisplayName: 'Ann F',
        },
      });
      r.status.should.equal(201);
      r.body.should.have.properties({
        invitedUserEmailAddress: 'ann@fabrikam.com',
        invitedUserType: 'Guest',
        status: 'PendingAcceptance',
        sendInvitationMessage: false,
      });
      r.body.inviteRedeemUrl.should.startWith('https://login.microsoftonline.com/redeem?rd=');
      const guest = await s.graph(
        'GET',
        `/users/${r.body.invitedUser.id}?$select=id,userType,userPrincipalName,mail,displayName,externalUserState`,
      );
      guest.body.should.have.properties({
        userType: 'Guest',
        userPrincipalName: 'ann_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        mail: 'ann@fabrikam.com',
        displayName: 'Ann F',
        externalUserState: 'PendingAcceptance',
      });
      const byUpn = await s.graph('GET', '/users/ann_fabrikam.com%23EXT%23@contoso.onmicrosoft.com');
      byUpn.body.id.should.equal(r.body.invitedUser.id);
      const again = await s.graph('POST', '/invitations', {
        body: { invitedUserEmailAddress: 'ann@fabrikam.com', inviteRedirectUrl: 'https://myapps.microsoft.com' },
      });
      again.body.invitedUser.id.should.equal(r.body.invitedUser.id);
      (await s.graph('POST', '/invitations', { body: { invitedUserEmailAddress: 'ann@fabrikam.com' } })).status.should.equal(400);
    });
  });

  describe('restore of deleted users [directory-deleteditems-restore]', () => {
    it('refuses a restore whose user principal name was taken, restores with newUserPrincipalName', async () => {
      const u = await newUser('gone');
      await s.graph('DELETE', `/users/${u.id}`);
      (await s.graph('GET', '/directory/deletedItems/microsoft.graph.user')).body.value.map((x) => x.id).should.containEql(u.id);
      await newUser('gone');
      const clash = await s.graph('POST', `/directory/deletedItems/${u.id}/restore`);
      clash.status.should.equal(400);
      clash.body.error.message.should.equal('Another object with the same value for property userPrincipalName already exists.');
      const r = await s.graph('POST', `/directory/deletedItems/${u.id}/restore`, {
        body: { newUserPrincipalName: 'gone2@contoso.onmicrosoft.com' },
      });
      r.status.should.equal(200);
      r.body['@odata.type'].should.equal('#microsoft.graph.user');
      r.body.userPrincipalName.should.equal('gone2@contoso.onmicrosoft.com');
    });

    it('refuses a proxy address conflict unless autoReconcileProxyConflict drops it', async () => {
      const u = await newUser('px');
      s.state.users.get(u.id).proxyAddresses = ['SMTP:shared@contoso.com'];
      await s.graph('DELETE', `/users/${u.id}`);
      const other = await newUser('px2');
      s.state.users.get(other.id).proxyAddresses = ['smtp:shared@contoso.com'];
      const clash = await s.graph('POST', `/directory/deletedItems/${u.id}/restore`, { body: {} });
      clash.status.should.equal(400);
      clash.body.error.message.should.match(/proxyAddresses/);
      (
        await s.graph('POST', `/directory/deletedItems/${u.id}/restore`, { body: { autoReconcileProxyConflict: true } })
      ).status.should.equal(200);
      (await s.graph('GET', `/users/${u.id}?$select=proxyAddresses`)).body.proxyAddresses.should.eql([]);
    });
  });

  describe('signInActivity [resources/signinactivity, user-list]', () => {
    it('is returned only when selected, and filters on its dates (le) without users that never signed in', async () => {
      (await s.graph('GET', '/users/AdeleV@contoso.onmicrosoft.com?$select=id,displayName')).body.should.not.have.property(
        'signInActivity',
      );
      const one = await s.graph('GET', '/users/AdeleV@contoso.onmicrosoft.com?$select=id,signInActivity');
      one.body.signInActivity.lastSuccessfulSignInDateTime.should.match(/^\d{4}-\d{2}-\d{2}T/);
      const cut = new Date(Date.now() - 90 * 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const r = await s.graph(
        'GET',
        `/users?$filter=signInActivity/lastSuccessfulSignInDateTime le ${cut}&$select=displayName,signInActivity`,
      );
      r.status.should.equal(200);
      r.body.value
        .map((u) => u.displayName)
        .sort()
        .should.eql(['Isaiah Langer', 'Lidia Holloway', 'Pradeep Gupta']);
    });

    it('refuses signInActivity combined with another filter, and without AuditLog.Read.All or a premium tenant (403)', async () => {
      const combined = await s.graph(
        'GET',
        '/users?$filter=signInActivity/lastSignInDateTime le 2024-01-01T00:00:00Z and accountEnabled eq true',
      );
      combined.status.should.equal(400);
      combined.body.error.code.should.equal('Request_UnsupportedQuery');
      const { access_token: token } = await s.control.token({ roles: ['User.Read.All'] });
      const denied = await request(s, 'GET', '/v1.0/users?$select=signInActivity', { token });
      denied.status.should.equal(403);
      await s.control.setConfig({ premiumLicense: false });
      const basic = await s.graph('GET', '/users?$select=signInActivity');
      basic.status.should.equal(403);
      basic.body.error.code.should.equal('Authentication_RequestFromNonPremiumTenantOrB2CTenant');
    });

    it('caps a page at 500 users when signInActivity is selected', async () => {
      await s.control.reset({ seed: 'large', largeUserCount: 1200 });
      const r = await s.graph('GET', '/users?$select=id,signInActivity&$top=999');
      r.body.value.should.have.length(500);
      r.body['@odata.nextLink'].should.match(/\$top=999/);
    });
  });
  describe('manager writes and checkMemberGroups [user-post-manager, user-delete-manager, directoryobject-checkmembergroups]', () => {
    const { seedIds } = require('../../simulator/dist/state/seed');
    it('sets a manager with PUT $ref (204), shows it in directReports, removes it with DELETE (204, then 404)', async () => {
      const grady = seedIds.user('grady');
      const lee = seedIds.user('lee');
      const put = await s.graph('PUT', `/users/${grady}/manager/$ref`, { body: { '@odata.id': `${s.graphBaseUrl}/users/${lee}` } });
      put.status.should.equal(204);
      (await s.graph('GET', `/users/${grady}/manager`)).body.id.should.equal(lee);
      (await s.graph('GET', `/users/${lee}/directReports`)).body.value.map((u) => u.id).should.containEql(grady);
      (await s.graph('DELETE', `/users/${grady}/manager/$ref`)).status.should.equal(204);
      (await s.graph('GET', `/users/${grady}/manager`)).status.should.equal(404);
      (await s.graph('DELETE', `/users/${grady}/manager/$ref`)).status.should.equal(404);
    });

    it('refuses a user as its own manager, a group as manager and an unknown object', async () => {
      const grady = seedIds.user('grady');
      (
        await s.graph('PUT', `/users/${grady}/manager/$ref`, { body: { '@odata.id': `${s.graphBaseUrl}/users/${grady}` } })
      ).status.should.equal(400);
      (
        await s.graph('PUT', `/users/${grady}/manager/$ref`, {
          body: { '@odata.id': `${s.graphBaseUrl}/directoryObjects/${seedIds.group('vpn')}` },
        })
      ).status.should.equal(400);
      (
        await s.graph('PUT', `/users/${grady}/manager/$ref`, {
          body: { '@odata.id': `${s.graphBaseUrl}/users/00000000-0000-4000-8000-000000000000` },
        })
      ).status.should.equal(404);
    });

    it('checks memberships transitively (nested groups) and takes at most 20 ids', async () => {
      // Johanna is in Engineering, which is nested in VPN Users.
      const ids = [seedIds.group('vpn'), seedIds.group('sales'), seedIds.group('engineering')];
      const r = await s.graph('POST', `/users/${seedIds.user('johanna')}/checkMemberGroups`, { body: { groupIds: ids } });
      r.status.should.equal(200);
      r.body.value.should.eql([seedIds.group('vpn'), seedIds.group('engineering')]);
      const many = Array.from({ length: 21 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      (await s.graph('POST', `/users/${seedIds.user('johanna')}/checkMemberGroups`, { body: { groupIds: many } })).status.should.equal(400);
    });
  });
});
