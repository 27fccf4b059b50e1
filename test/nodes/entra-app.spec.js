'use strict';
const should = require('should');
const { useSimulator, nodeFlow, recordStatus } = require('../support/helper');
const { loadSimulator } = require('../support/certs');

// entra-app in Node-RED (test helper, compiled package) against the Graph simulator.
describe('entra-app node', function () {
  this.timeout(20000);
  let sim;
  const { seedIds } = loadSimulator();
  const HR = seedIds.application('hr');

  useSimulator((s) => {
    sim = s;
  });

  const flow = (props, opts) => nodeFlow(sim, 'entra-app', props, opts);
  const graph = async (method, pathRe) => (await sim.control.requests()).filter((r) => r.method === method && pathRe.test(r.path));
  const hrAppId = () => sim.state.applications.get(HR).appId;

  it('create POSTs /applications with displayName and additionalProperties; the object id differs from the appId', async function () {
    const n = await flow({
      operation: 'create',
      displayName: 'My App',
      additionalProperties: '{"signInAudience":"AzureADMultipleOrgs"}',
      additionalPropertiesType: 'json',
    });
    const { kind, msg } = await n.run();
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.statusCode.should.equal(201);
    msg.payload.id.should.not.equal(msg.payload.appId);
    const [req] = await graph('POST', /^\/v1\.0\/applications$/);
    req.body.should.eql({ displayName: 'My App', signInAudience: 'AzureADMultipleOrgs' });
  });

  it('get by object id (default) GETs /applications/{id}', async function () {
    const n = await flow({ operation: 'get', applicationObjectId: HR });
    const { msg } = await n.run();
    msg.payload.id.should.equal(HR);
    (await graph('GET', /applications/))[0].path.should.equal(`/v1.0/applications/${HR}`);
  });

  it("get with idType appId GETs /applications(appId='…')", async function () {
    const n = await flow({ operation: 'get', applicationObjectId: 'payload', applicationObjectIdType: 'msg', idType: 'appId' });
    const { kind, msg } = await n.run({ payload: hrAppId() });
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.payload.id.should.equal(HR);
    (await graph('GET', /applications/))[0].path.should.equal(`/v1.0/applications(appId='${hrAppId()}')`);
  });

  it('get of an appId as an object id is "Not found" with a hint to set Id type', async function () {
    const n = await flow({ operation: 'get', applicationObjectId: hrAppId() });
    const { kind, msg } = await n.run();
    kind.should.equal('error');
    msg.statusCode.should.equal(404);
    msg.error.message.should.match(/Not found: no application with object id .* set Id type to appId/);
  });

  it('refuses an unknown idType before sending anything', async function () {
    const n = await flow({ operation: 'get', applicationObjectId: HR, idType: 'name' });
    const { kind, msg } = await n.run();
    kind.should.equal('error');
    msg.error.message.should.equal('idType: must be objectId or appId, got "name"');
    (await graph('GET', /applications/)).should.have.length(0);
  });

  it('list GETs /applications with the list options', async function () {
    const n = await flow({ operation: 'list', select: 'id,appId,displayName', filter: "startswith(displayName,'Contoso')" });
    const { msg } = await n.run();
    msg.payload
      .map((a) => a.displayName)
      .sort()
      .should.eql(['Contoso Expenses', 'Contoso HR Portal']);
    const [req] = await graph('GET', /^\/v1\.0\/applications$/);
    req.query.$filter.should.equal("startswith(displayName,'Contoso')");
  });

  it('delete by appId DELETEs /applications(appId=…); the application goes to deleted items', async function () {
    const appId = hrAppId();
    const n = await flow({ operation: 'delete', applicationObjectId: appId, idType: 'appId' });
    const { kind, msg } = await n.run();
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.statusCode.should.equal(204);
    msg.payload.should.eql({ appId, deleted: true });
    (await graph('DELETE', /applications/))[0].path.should.equal(`/v1.0/applications(appId='${appId}')`);
    sim.state.deleted.has(HR).should.be.true();
  });

  it('delete by object id DELETEs /applications/{id}: { id, deleted: true }', async function () {
    const n = await flow({ operation: 'delete', applicationObjectId: HR });
    const { msg } = await n.run();
    msg.payload.should.eql({ id: HR, deleted: true });
    (await graph('DELETE', /applications/))[0].path.should.equal(`/v1.0/applications/${HR}`);
  });

  it("upsert PATCHes /applications(uniqueName='…') with Prefer: create-if-missing: 201 then 204", async function () {
    const n = await flow({ operation: 'upsert', uniqueName: 'app-65278', displayName: 'payload', displayNameType: 'msg' });
    const first = await n.run({ payload: 'Display name' });
    first.kind.should.equal('output', JSON.stringify(first.msg.error));
    first.msg.statusCode.should.equal(201);
    first.msg.created.should.be.true();
    first.msg.payload.uniqueName.should.equal('app-65278');
    const second = await n.run({ payload: 'Renamed' });
    second.msg.statusCode.should.equal(204);
    second.msg.created.should.be.false();
    second.msg.payload.should.eql({ uniqueName: 'app-65278', displayName: 'Renamed' });
    const reqs = await graph('PATCH', /applications/);
    reqs
      .map((r) => [r.path, r.headers.prefer, r.body])
      .should.eql([
        ["/v1.0/applications(uniqueName='app-65278')", 'create-if-missing', { displayName: 'Display name' }],
        ["/v1.0/applications(uniqueName='app-65278')", 'create-if-missing', { displayName: 'Renamed' }],
      ]);
    sim.state.applications.get(first.msg.payload.id).displayName.should.equal('Renamed');
  });

  it('upsert with useAsUpsert false: no Prefer header, a missing application is not found', async function () {
    const n = await flow({ operation: 'upsert', uniqueName: "o'brien", displayName: 'X', useAsUpsert: 'false', useAsUpsertType: 'bool' });
    const statuses = recordStatus(n.node);
    const { kind, msg } = await n.run();
    kind.should.equal('error');
    msg.error.message.should.match(/^Not found: no application with uniqueName 'o'brien' \(Use as upsert is off/);
    statuses[statuses.length - 1].text.should.equal('404 not found');
    const [req] = await graph('PATCH', /applications/);
    req.path.should.equal("/v1.0/applications(uniqueName='o''brien')");
    should(req.headers.prefer).be.undefined();
  });

  it('names Application.ReadWrite.All when Graph answers 403 to a create', async function () {
    const app = await sim.control.registerApp({ roles: [] });
    const n = await flow(
      { operation: 'create', displayName: 'X' },
      { connCredentials: { clientId: app.clientId, clientSecret: app.clientSecret } },
    );
    const { msg } = await n.run();
    msg.error.message.should.match(/needs the Application\.ReadWrite\.All application permission/);
    msg.error.code.should.equal('Authorization_RequestDenied');
  });
});
