'use strict';
// entra-app beyond the seed, in Node-RED (test helper, compiled package) against the simulator:
// secrets (the new one only on msg.secret), the expiring-credentials report, federated credentials
// with the GitHub Actions preset, owners, deleted applications.
const should = require('should');
const { helper, useSimulator, nodeFlow, recordStatus } = require('../support/helper');
const { loadSimulator } = require('../support/certs');

describe('entra-app node: secrets, expiring credentials, federated credentials, owners, deleted items', function () {
  this.timeout(20000);
  let sim;
  const { seedIds } = loadSimulator();
  const HR = seedIds.application('hr');
  const EXPENSES = seedIds.application('expenses');

  useSimulator((s) => {
    sim = s;
  });

  const flow = (props, opts) => nodeFlow(sim, 'entra-app', props, opts);
  const graph = async (method, pathRe) => (await sim.control.requests()).filter((r) => r.method === method && pathRe.test(r.path));
  const hrAppId = () => sim.state.applications.get(HR).appId;

  describe('addPassword / removePassword', function () {
    it('addPassword puts the new secret on msg.secret only: msg.payload keeps keyId, hint and dates', async function () {
      const n = await flow({
        operation: 'addPassword',
        applicationObjectId: HR,
        displayName: 'rotation 2027',
        endDateTime: '2027-06-30T00:00:00Z',
      });
      const statuses = recordStatus(n.node);
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(200);
      msg.secret.should.be.a.String();
      msg.secret.length.should.be.within(16, 64);
      msg.payload.should.have.properties('keyId', 'hint', 'startDateTime', 'endDateTime');
      msg.payload.should.match({
        id: HR,
        displayName: 'rotation 2027',
        endDateTime: '2027-06-30T00:00:00.000Z',
        hint: msg.secret.slice(0, 3),
      });
      msg.payload.should.not.have.property('secretText');
      JSON.stringify(msg.payload).should.not.containEql(msg.secret);
      JSON.stringify(statuses).should.not.containEql(msg.secret);
      const [req] = await graph('POST', /addPassword$/);
      req.path.should.equal(`/v1.0/applications/${HR}/addPassword`);
      req.body.should.eql({ passwordCredential: { displayName: 'rotation 2027', endDateTime: '2027-06-30T00:00:00.000Z' } });
    });

    it('never logs the secret, even with debugRequest', async function () {
      const n = await flow({ operation: 'addPassword', applicationObjectId: hrAppId(), idType: 'appId', debugRequest: true });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      (await graph('POST', /addPassword$/))[0].path.should.equal(`/v1.0/applications(appId='${hrAppId()}')/addPassword`);
      const lines = helper
        .log()
        .args.map((a) => JSON.stringify(a[0]))
        .filter((l) => /addPassword/.test(l));
      lines.length.should.be.above(1);
      lines.join('\n').should.not.containEql(msg.secret);
      lines.join('\n').should.match(/secretText[\\"]*:[\\"]*\[redacted\]/);
    });

    it('refuses an endDateTime that is not a date before sending anything', async function () {
      const n = await flow({ operation: 'addPassword', applicationObjectId: HR, endDateTime: 'next year' });
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.error.message.should.match(/^endDateTime: must be an ISO 8601 date-time/);
      (await graph('POST', /addPassword/)).should.have.length(0);
    });

    it('removePassword POSTs the keyId (204): msg.payload says which one was removed', async function () {
      const keyId = sim.state.applications.get(HR).passwordCredentials[0].keyId;
      const n = await flow({ operation: 'removePassword', applicationObjectId: HR, keyId: 'payload', keyIdType: 'msg' });
      const { kind, msg } = await n.run({ payload: keyId });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(204);
      msg.payload.should.eql({ id: HR, keyId, removed: true });
      (await graph('POST', /removePassword$/))[0].body.should.eql({ keyId });
      sim.state.applications.get(HR).passwordCredentials.should.eql([]);
    });

    it('names Application.ReadWrite.All when Graph answers 403', async function () {
      const app = await sim.control.registerApp({ roles: [] });
      const n = await flow(
        { operation: 'addPassword', applicationObjectId: HR },
        { connCredentials: { clientId: app.clientId, clientSecret: app.clientSecret } },
      );
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.error.message.should.match(/Application\.ReadWrite\.All/);
      should(msg.secret).be.undefined();
    });
  });

  describe('listExpiringCredentials', function () {
    it('lists secrets and certificates expiring within 30 days (default) or expired, soonest first, from every page', async function () {
      await sim.control.setConfig({ collectionPageSizeLimit: 1 });
      const n = await flow({ operation: 'listExpiringCredentials' });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload
        .map((c) => [c.app.displayName, c.kind, c.daysLeft, c.expired])
        .should.eql([
          ['Contoso Expenses', 'password', -5, true],
          ['Contoso HR Portal', 'certificate', 10, false],
        ]);
      msg.payload[0].should.have.properties('keyId', 'displayName', 'endDateTime');
      msg.payload[0].app.should.eql({ id: EXPENSES, appId: sim.state.applications.get(EXPENSES).appId, displayName: 'Contoso Expenses' });
      const reqs = await graph('GET', /^\/v1\.0\/applications$/);
      reqs.length.should.be.above(1);
      reqs[0].query.$select.should.equal('id,appId,displayName,passwordCredentials,keyCredentials');
    });

    it('withinDays widens the window; pageOutput perPage sends one msg per Graph page with msg.parts', async function () {
      const wide = await flow({ operation: 'listExpiringCredentials', withinDays: '60', withinDaysType: 'num' });
      (await wide.run()).msg.payload.map((c) => c.daysLeft).should.eql([-5, 10, 45]);
      await helper.unload();
      await sim.control.setConfig({ collectionPageSizeLimit: 2 });
      const n = await flow({ operation: 'listExpiringCredentials', withinDays: '60', withinDaysType: 'num', pageOutput: 'perPage' });
      const msgs = [];
      n.out.on('input', (m) => msgs.push(m));
      n.node.receive({});
      await new Promise((r) => setTimeout(r, 1500));
      msgs.length.should.equal(2);
      msgs[1].parts.should.match({ index: 1, count: 2 });
      msgs.flatMap((m) => m.payload).length.should.equal(3);
    });

    it('refuses a negative withinDays', async function () {
      const n = await flow({ operation: 'listExpiringCredentials', withinDays: '-1', withinDaysType: 'num' });
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.error.message.should.match(/^withinDays: must be 0 or more/);
    });
  });

  describe('federated identity credentials', function () {
    it('addFederatedCredential with the GitHub Actions preset derives issuer, subject and name; the audience defaults to api://AzureADTokenExchange', async function () {
      const n = await flow({
        operation: 'addFederatedCredential',
        applicationObjectId: HR,
        preset: 'githubActions',
        githubRepository: 'contoso/hr-portal',
        githubEntityType: 'branch',
        githubEntityValue: 'main',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(201);
      const [req] = await graph('POST', /federatedIdentityCredentials$/);
      req.body.should.eql({
        name: 'github-contoso-hr-portal-branch-main',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:contoso/hr-portal:ref:refs/heads/main',
        audiences: ['api://AzureADTokenExchange'],
      });
      msg.payload.name.should.equal('github-contoso-hr-portal-branch-main');
    });

    it('the preset builds environment, tag and pull request subjects; explicit name and subject win', async function () {
      const cases = [
        [
          { githubEntityType: 'environment', githubEntityValue: 'production', name: 'prod' },
          'prod',
          'repo:contoso/web:environment:production',
        ],
        [
          { githubEntityType: 'tag', githubEntityValue: 'v1.2.0' },
          'github-contoso-web-tag-v1.2.0',
          'repo:contoso/web:ref:refs/tags/v1.2.0',
        ],
        [{ githubEntityType: 'pullRequest' }, 'github-contoso-web-pull-request', 'repo:contoso/web:pull_request'],
      ];
      for (const [props, name, subject] of cases) {
        const n = await flow({
          operation: 'addFederatedCredential',
          applicationObjectId: HR,
          preset: 'githubActions',
          githubRepository: 'contoso/web',
          ...props,
        });
        const { kind, msg } = await n.run();
        kind.should.equal('output', JSON.stringify(msg.error));
        msg.payload.should.match({ name, subject });
        await helper.unload();
      }
    });

    it('refuses a preset without a valid repository, and a custom credential without a subject, before sending anything', async function () {
      const a = await flow({
        operation: 'addFederatedCredential',
        applicationObjectId: HR,
        preset: 'githubActions',
        githubRepository: 'contoso',
        githubEntityValue: 'main',
      });
      (await a.run()).msg.error.message.should.match(/^githubRepository: must be owner\/repository/);
      await helper.unload();
      const b = await flow({ operation: 'addFederatedCredential', applicationObjectId: HR, name: 'x', issuer: 'https://issuer.example' });
      (await b.run()).msg.error.message.should.equal('subject: is required');
      (await graph('POST', /federatedIdentityCredentials/)).should.have.length(0);
    });

    it("the dialog's credentialName is the credential's name, and the node's own name is never sent as it", async function () {
      // As the dialog saves it: version, the node's name (its label) and credentialName with its type.
      const n = await flow({
        version: 2,
        name: 'Trust the deploy job',
        operation: 'addFederatedCredential',
        applicationObjectId: HR,
        credentialName: 'deploy-main',
        credentialNameType: 'str',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:contoso/web:ref:refs/heads/main',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      (await graph('POST', /federatedIdentityCredentials$/))[0].body.name.should.equal('deploy-main');
      await helper.unload();
      // An empty credentialName with a preset: the derived name, not the node's name.
      const p = await flow({
        version: 2,
        name: 'GitHub trust',
        operation: 'addFederatedCredential',
        applicationObjectId: HR,
        credentialName: '',
        credentialNameType: 'str',
        preset: 'githubActions',
        githubRepository: 'contoso/web',
        githubEntityType: 'tag',
        githubEntityValue: 'v2',
      });
      (await p.run()).msg.payload.name.should.equal('github-contoso-web-tag-v2');
    });

    it("a flow written with the contract's name input reads it: name + nameType msg takes msg.name", async function () {
      const n = await flow({
        operation: 'addFederatedCredential',
        applicationObjectId: HR,
        name: 'name',
        nameType: 'msg',
        issuer: 'https://issuer.example',
        subject: 'svc:a',
      });
      const { kind, msg } = await n.run({ name: 'from-msg' });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.name.should.equal('from-msg');
      (await graph('POST', /federatedIdentityCredentials$/))[0].body.name.should.equal('from-msg');
    });

    it("a second credential of the same name goes to Catch with Graph's 409", async function () {
      const n = await flow({
        operation: 'addFederatedCredential',
        applicationObjectId: HR,
        name: 'github-production',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:x/y:pull_request',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.statusCode.should.equal(409);
      msg.error.code.should.equal('Request_MultipleObjectsWithSameKeyValue');
      msg.error.message.should.match(/^Already exists: FederatedIdentityCredential with name github-production already exists\./);
    });

    it('listFederatedCredentials lists them; removeFederatedCredential deletes one by name', async function () {
      const list = await flow({ operation: 'listFederatedCredentials', applicationObjectId: HR });
      (await list.run()).msg.payload.map((f) => f.name).should.eql(['github-production']);
      await helper.unload();
      const n = await flow({
        operation: 'removeFederatedCredential',
        applicationObjectId: hrAppId(),
        idType: 'appId',
        federatedCredentialId: 'github-production',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.should.eql({ appId: hrAppId(), federatedCredentialId: 'github-production', removed: true });
      (await graph('DELETE', /federatedIdentityCredentials/))[0].path.should.equal(
        `/v1.0/applications(appId='${hrAppId()}')/federatedIdentityCredentials/github-production`,
      );
      const again = await n.run();
      again.kind.should.equal('error');
      again.msg.error.message.should.match(/^Not found: the application has no federated credential with id or name 'github-production'/);
    });
  });

  describe('owners', function () {
    const lidia = () => seedIds.user('lidia');
    const adele = () => seedIds.user('adele');

    it('listOwners, addOwner ($ref with a directoryObjects @odata.id), removeOwner ($ref)', async function () {
      const list = await flow({ operation: 'listOwners', applicationObjectId: HR });
      (await list.run()).msg.payload.map((o) => o.id).should.containEql(lidia());
      await helper.unload();
      const add = await flow({ operation: 'addOwner', applicationObjectId: HR, ownerId: 'payload', ownerIdType: 'msg' });
      const added = await add.run({ payload: adele() });
      added.kind.should.equal('output', JSON.stringify(added.msg.error));
      added.msg.payload.should.eql({ id: HR, ownerId: adele(), added: true });
      (await graph('POST', /owners\/\$ref$/))[0].body.should.eql({ '@odata.id': `${sim.graphBaseUrl}/directoryObjects/${adele()}` });
      const dup = await add.run({ payload: adele() });
      dup.kind.should.equal('error');
      dup.msg.error.message.should.match(/^Already an owner/);
      await helper.unload();
      const remove = await flow({ operation: 'removeOwner', applicationObjectId: HR, ownerId: adele() });
      (await remove.run()).msg.payload.should.eql({ id: HR, ownerId: adele(), removed: true });
      (await graph('DELETE', /owners/))[0].path.should.equal(`/v1.0/applications/${HR}/owners/${adele()}/$ref`);
      const notOwner = await remove.run();
      notOwner.msg.error.message.should.match(/^Not an owner/);
    });

    it('addOwner and removeOwner of a list go through $batch: { added, alreadyOwners, failed } and { removed, notOwners, failed }', async function () {
      const ghost = '00000000-0000-4000-8000-0000000000ac';
      const [alex, megan] = [seedIds.user('alex'), seedIds.user('megan')];
      const seeded = [...sim.state.owners.get(HR)];
      const add = await flow({ operation: 'addOwner', applicationObjectId: HR, ownerId: 'payload', ownerIdType: 'msg' });
      const added = await add.run({ payload: [alex, lidia(), ghost, { id: megan }] });
      added.kind.should.equal('output', JSON.stringify(added.msg.error));
      added.msg.payload.id.should.equal(HR);
      added.msg.payload.added.should.eql([alex, megan]);
      added.msg.payload.alreadyOwners.should.eql([lidia()]);
      added.msg.payload.failed.map((f) => f.id).should.eql([ghost]);
      added.msg.payload.failed[0].message.should.match(/^Not found: the owner does not exist/);
      (await graph('POST', /\$batch$/)).should.have.length(1);
      (await graph('POST', /owners\/\$ref$/)).should.have.length(0);
      await helper.unload();
      const remove = await flow({ operation: 'removeOwner', applicationObjectId: HR, ownerId: 'payload', ownerIdType: 'msg' });
      const removed = await remove.run({ payload: [alex, megan, adele()] });
      removed.kind.should.equal('output', JSON.stringify(removed.msg.error));
      removed.msg.payload.should.eql({ id: HR, removed: [alex, megan], notOwners: [adele()], failed: [] });
      [...sim.state.owners.get(HR)].should.eql(seeded);
      const none = await remove.run({ payload: [alex] });
      none.kind.should.equal('output', JSON.stringify(none.msg.error));
      none.msg.payload.notOwners.should.eql([alex]);
      await helper.unload();
      const ghostApp = await flow({ operation: 'addOwner', applicationObjectId: ghost, ownerId: 'payload', ownerIdType: 'msg' });
      const allFailed = await ghostApp.run({ payload: [alex, megan] });
      allFailed.kind.should.equal('error');
      allFailed.msg.error.message.should.match(/^None of the 2 owners could be added: .*Not found: no application with object id/);
    });

    it('addOwner of an unknown object says the owner does not exist; of an unknown application, that the application does not', async function () {
      const ghost = '00000000-0000-4000-8000-0000000000ab';
      const a = await flow({ operation: 'addOwner', applicationObjectId: HR, ownerId: ghost });
      (await a.run()).msg.error.message.should.match(/^Not found: the owner does not exist/);
      await helper.unload();
      const b = await flow({ operation: 'addOwner', applicationObjectId: ghost, ownerId: adele() });
      (await b.run()).msg.error.message.should.match(/^Not found: no application with object id/);
    });
  });

  describe('deleted applications', function () {
    it('listDeleted, restore and deletePermanently (which needs confirm true)', async function () {
      sim.state.softDelete('applications', HR);
      const list = await flow({ operation: 'listDeleted', select: 'id,displayName,deletedDateTime' });
      const listed = (await list.run()).msg.payload;
      listed.map((a) => a.id).should.eql([HR]);
      (await graph('GET', /deletedItems/))[0].path.should.equal('/v1.0/directory/deletedItems/microsoft.graph.application');
      await helper.unload();

      const refuse = await flow({ operation: 'deletePermanently', applicationObjectId: HR });
      const refused = await refuse.run();
      refused.kind.should.equal('error');
      refused.msg.error.message.should.match(/^confirm: must be true/);
      (await graph('DELETE', /deletedItems/)).should.have.length(0);
      await helper.unload();

      const restore = await flow({ operation: 'restore', applicationObjectId: HR });
      const restored = await restore.run();
      restored.kind.should.equal('output', JSON.stringify(restored.msg.error));
      restored.msg.payload.id.should.equal(HR);
      sim.state.applications.has(HR).should.be.true();
      const again = await restore.run();
      again.msg.error.message.should.match(/^Not found: no deleted application with id/);
      await helper.unload();

      sim.state.softDelete('applications', HR);
      const purge = await flow({ operation: 'deletePermanently', applicationObjectId: HR, confirm: 'true', confirmType: 'bool' });
      const purged = await purge.run();
      purged.kind.should.equal('output', JSON.stringify(purged.msg.error));
      purged.msg.payload.should.eql({ id: HR, deletedPermanently: true });
      sim.state.deleted.has(HR).should.be.false();
    });
  });
});
