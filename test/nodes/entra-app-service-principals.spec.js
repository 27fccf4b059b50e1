'use strict';
// entra-app's service principal operations and application permissions (grantAppRole by name),
// in Node-RED (test helper, compiled package) against the simulator.
require('should');
const { helper, useSimulator, nodeFlow, recordStatus } = require('../support/helper');
const { loadSimulator } = require('../support/certs');

describe('entra-app node: service principals and application permissions', function () {
  this.timeout(20000);
  let sim;
  const { seedIds, appRoleIdOf, MICROSOFT_GRAPH_APP_ID } = loadSimulator();
  const HR_SP = seedIds.servicePrincipal('hr');
  const GRAPH_SP = seedIds.servicePrincipal('microsoftGraph');

  useSimulator((s) => {
    sim = s;
  });

  const flow = (props, opts) => nodeFlow(sim, 'entra-app', props, opts);
  const graph = async (method, pathRe) => (await sim.control.requests()).filter((r) => r.method === method && pathRe.test(r.path));
  const appIdOf = (key) => sim.state.applications.get(seedIds.application(key)).appId;
  const assignmentsOf = (principalId) => [...sim.state.appRoleAssignments.values()].filter((a) => a.principalId === principalId);

  it('createServicePrincipal POSTs {appId} (201); a second one for the same appId goes to Catch as 409', async function () {
    const created = await flow({ operation: 'create', displayName: 'Payroll' });
    const appId = (await created.run()).msg.payload.appId;
    await helper.unload();
    const n = await flow({ operation: 'createServicePrincipal', appId: 'payload', appIdType: 'msg' });
    const { kind, msg } = await n.run({ payload: appId });
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.statusCode.should.equal(201);
    msg.payload.should.match({ appId, displayName: 'Payroll' });
    (await graph('POST', /^\/v1\.0\/servicePrincipals$/))[0].body.should.eql({ appId });
    const again = await n.run({ payload: appId });
    again.kind.should.equal('error');
    again.msg.statusCode.should.equal(409);
    again.msg.error.message.should.match(/^Already exists/);
  });

  it("getServicePrincipal by object id or by appId (/servicePrincipals(appId='…'))", async function () {
    const byId = await flow({ operation: 'getServicePrincipal', servicePrincipalId: HR_SP });
    (await byId.run()).msg.payload.displayName.should.equal('Contoso HR Portal');
    await helper.unload();
    const byAppId = await flow({ operation: 'getServicePrincipal', servicePrincipalId: MICROSOFT_GRAPH_APP_ID, idType: 'appId' });
    const { msg } = await byAppId.run();
    msg.payload.id.should.equal(GRAPH_SP);
    (await graph('GET', /servicePrincipals\(/))[0].path.should.equal(`/v1.0/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`);
  });

  it('an appId given as an object id is "Not found" with a hint to set Id type', async function () {
    const n = await flow({ operation: 'getServicePrincipal', servicePrincipalId: appIdOf('hr') });
    const { kind, msg } = await n.run();
    kind.should.equal('error');
    msg.error.message.should.match(/^Not found: no service principal with object id .* set Id type to appId/);
  });

  it('listServicePrincipals with list options; deleteServicePrincipal (204, soft)', async function () {
    const list = await flow({
      operation: 'listServicePrincipals',
      filter: `appId eq '${MICROSOFT_GRAPH_APP_ID}'`,
      select: 'id,displayName',
    });
    (await list.run()).msg.payload.should.eql([{ id: GRAPH_SP, displayName: 'Microsoft Graph' }]);
    await helper.unload();
    const del = await flow({ operation: 'deleteServicePrincipal', servicePrincipalId: appIdOf('expenses'), idType: 'appId' });
    const { msg } = await del.run();
    msg.payload.should.eql({ appId: appIdOf('expenses'), deleted: true });
    sim.state.deleted.has(seedIds.servicePrincipal('expenses')).should.be.true();
  });

  describe('grantAppRole', function () {
    it("grants a Microsoft Graph application permission by name: reads Graph's appRoles, then POSTs appRoleAssignedTo", async function () {
      const n = await flow({ operation: 'grantAppRole', servicePrincipalId: HR_SP, permission: 'User.Read.All' });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(201);
      msg.payload.should.match({
        principalId: HR_SP,
        resourceId: GRAPH_SP,
        appRoleId: appRoleIdOf('User.Read.All'),
        permission: 'User.Read.All',
        resourceDisplayName: 'Microsoft Graph',
        alreadyGranted: false,
      });
      const [lookup] = await graph('GET', /servicePrincipals\(appId=/);
      lookup.path.should.equal(`/v1.0/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`);
      const [post] = await graph('POST', /appRoleAssignedTo$/);
      post.path.should.equal(`/v1.0/servicePrincipals/${GRAPH_SP}/appRoleAssignedTo`);
      post.body.should.eql({ principalId: HR_SP, resourceId: GRAPH_SP, appRoleId: 'df021288-bdef-4463-88db-98f22de89214' });
      assignmentsOf(HR_SP)
        .map((a) => a.appRoleId)
        .should.eql([appRoleIdOf('User.Read.All')]);
    });

    it('the principal may be given by appId; granting twice goes to Catch ("Already granted") unless ignoreExisting', async function () {
      const props = { operation: 'grantAppRole', servicePrincipalId: appIdOf('hr'), idType: 'appId', permission: 'Group.Read.All' };
      const n = await flow(props);
      (await n.run()).kind.should.equal('output');
      const dup = await n.run();
      dup.kind.should.equal('error');
      dup.msg.error.message.should.match(/^Already granted: Permission being assigned already exists on the object\./);
      await helper.unload();
      const idem = await flow({ ...props, ignoreExisting: 'true', ignoreExistingType: 'bool' });
      const { kind, msg } = await idem.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.should.match({ principalId: HR_SP, appRoleId: appRoleIdOf('Group.Read.All'), alreadyGranted: true });
      assignmentsOf(HR_SP).should.have.length(1);
    });

    it('an unknown permission says so (with the close names) and a delegated one is told apart; nothing is POSTed', async function () {
      const n = await flow({ operation: 'grantAppRole', servicePrincipalId: HR_SP, permission: 'payload', permissionType: 'msg' });
      const statuses = recordStatus(n.node);
      const a = await n.run({ payload: 'User.ReadAll' });
      a.kind.should.equal('error');
      a.msg.error.message.should.match(
        /^permission: User\.ReadAll is not an application permission of Microsoft Graph \(did you mean .*User\.Read\.All/,
      );
      a.msg.error.code.should.equal('UnknownPermission');
      statuses[statuses.length - 1].text.should.equal('unknown permission');
      const b = await n.run({ payload: 'User.Read' });
      b.msg.error.message.should.match(/User\.Read is a delegated permission of Microsoft Graph/);
      (await graph('POST', /appRoleAssignedTo/)).should.have.length(0);
    });

    it("grants another resource's app role, by the resource's appId", async function () {
      // The HR portal exposes an app role that applications may hold.
      const hrApp = sim.state.servicePrincipals.get(HR_SP);
      hrApp.appRoles = [
        {
          id: '5f0a2b7e-1c1d-4e4e-9f9f-0a0b0c0d0e0f',
          value: 'Payroll.Export',
          displayName: 'Export payroll',
          description: 'x',
          allowedMemberTypes: ['Application'],
          isEnabled: true,
          origin: 'Application',
        },
      ];
      const n = await flow({
        operation: 'grantAppRole',
        servicePrincipalId: seedIds.servicePrincipal('expenses'),
        resourceAppId: appIdOf('hr'),
        permission: 'Payroll.Export',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.should.match({ resourceId: HR_SP, appRoleId: '5f0a2b7e-1c1d-4e4e-9f9f-0a0b0c0d0e0f', permission: 'Payroll.Export' });
    });

    it('a principal without a service principal is "Not found" with what to do', async function () {
      const created = await flow({ operation: 'create', displayName: 'No SP yet' });
      const appId = (await created.run()).msg.payload.appId;
      await helper.unload();
      const n = await flow({ operation: 'grantAppRole', servicePrincipalId: appId, idType: 'appId', permission: 'User.Read.All' });
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.error.message.should.match(/^Not found: no service principal with application \(client\) id .*createServicePrincipal/);
    });

    it('names AppRoleAssignment.ReadWrite.All when Graph answers 403', async function () {
      const app = await sim.control.registerApp({ roles: [] });
      const n = await flow(
        { operation: 'grantAppRole', servicePrincipalId: HR_SP, permission: 'User.Read.All' },
        { connCredentials: { clientId: app.clientId, clientSecret: app.clientSecret } },
      );
      const { msg } = await n.run();
      msg.error.message.should.match(/AppRoleAssignment\.ReadWrite\.All/);
    });
  });

  it('listAppRoleAssignments lists what a service principal holds; revokeAppRole deletes one by its id', async function () {
    const client = seedIds.servicePrincipal('client');
    const list = await flow({ operation: 'listAppRoleAssignments', servicePrincipalId: client });
    const held = (await list.run()).msg.payload;
    held.map((a) => a.appRoleId).should.containEql(appRoleIdOf('Group.ReadWrite.All'));
    await helper.unload();
    const target = held.find((a) => a.appRoleId === appRoleIdOf('Group.ReadWrite.All'));
    const n = await flow({ operation: 'revokeAppRole', servicePrincipalId: client, assignmentId: target.id });
    const { kind, msg } = await n.run();
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.payload.should.eql({ id: client, assignmentId: target.id, revoked: true });
    (await graph('DELETE', /appRoleAssignments/))[0].path.should.equal(`/v1.0/servicePrincipals/${client}/appRoleAssignments/${target.id}`);
    assignmentsOf(client)
      .map((a) => a.id)
      .should.not.containEql(target.id);
    const again = await n.run();
    again.msg.error.message.should.match(/^Not found: the service principal has no app role assignment/);
  });
});
