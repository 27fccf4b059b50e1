'use strict';
const should = require('should');
const { useSimulator, nodeFlow } = require('../support/helper');
const { loadSimulator } = require('../support/certs');

// entra-group update and entra-app update: operations added as table entries only (the editor,
// help, catalogues and docs follow from the table). Graph answers 204; msg.payload is the id and
// what was sent. Also consistencyLevel as a boolean on a list operation.
describe('operations added as table entries', function () {
  this.timeout(20000);
  let sim;
  const { seedIds } = loadSimulator();
  const ENGINEERING = seedIds.group('engineering');
  const HR = seedIds.application('hr');
  useSimulator((s) => {
    sim = s;
  });
  const graph = async (method, pathRe) => (await sim.control.requests()).filter((r) => r.method === method && pathRe.test(r.path));

  describe('entra-group update', function () {
    it('PATCHes /groups/{id} with the given properties only; msg.payload is the id and what was sent', async function () {
      const n = await nodeFlow(sim, 'entra-group', {
        operation: 'update',
        groupId: ENGINEERING,
        description: 'Builds things',
        visibility: 'Private',
        additionalProperties: '{"classification":"Internal"}',
        additionalPropertiesType: 'json',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(204);
      msg.payload.should.eql({ id: ENGINEERING, description: 'Builds things', visibility: 'Private', classification: 'Internal' });
      const [req] = await graph('PATCH', new RegExp(`^/v1\\.0/groups/${ENGINEERING}$`));
      req.body.should.eql({ description: 'Builds things', visibility: 'Private', classification: 'Internal' });
      sim.state.groups.get(ENGINEERING).description.should.equal('Builds things');
    });

    it('refuses an update with nothing to change, before any request', async function () {
      const n = await nodeFlow(sim, 'entra-group', { operation: 'update', groupId: ENGINEERING });
      const { kind, msg } = await n.run();
      kind.should.equal('error');
      msg.error.message.should.match(/nothing to update/);
      (await graph('PATCH', /groups/)).should.eql([]);
    });
  });

  describe('entra-app update', function () {
    it('PATCHes /applications/{id}; msg.payload is the id and what was sent', async function () {
      const n = await nodeFlow(sim, 'entra-app', {
        operation: 'update',
        applicationObjectId: HR,
        displayName: 'HR portal v2',
        signInAudience: 'AzureADMultipleOrgs',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(204);
      msg.payload.should.eql({ id: HR, displayName: 'HR portal v2', signInAudience: 'AzureADMultipleOrgs' });
      sim.state.applications.get(HR).displayName.should.equal('HR portal v2');
    });

    it("addresses the application by its client id with Id type appId: /applications(appId='…')", async function () {
      const appId = sim.state.applications.get(HR).appId;
      const n = await nodeFlow(sim, 'entra-app', {
        operation: 'update',
        applicationObjectId: appId,
        idType: 'appId',
        displayName: 'By client id',
      });
      const { kind, msg } = await n.run();
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.payload.should.eql({ appId, displayName: 'By client id' });
      const [req] = await graph('PATCH', /^\/v1\.0\/applications\(appId=/);
      req.body.should.eql({ displayName: 'By client id' });
    });
  });

  describe('consistencyLevel is a boolean', function () {
    const cases = [
      ['true (bool)', { consistencyLevel: 'true', consistencyLevelType: 'bool' }, 'eventual'],
      ['false (bool)', { consistencyLevel: 'false', consistencyLevelType: 'bool' }, undefined],
      ['not set', { consistencyLevel: '', consistencyLevelType: 'default' }, undefined],
      ['the text "eventual" (a 0.1.0 config)', { consistencyLevel: 'eventual' }, 'eventual'],
      ['"eventual" from msg', { consistencyLevel: 'payload.level', consistencyLevelType: 'msg' }, 'eventual'],
    ];
    for (const [name, props, header] of cases) {
      it(`${name} → ConsistencyLevel ${header ?? 'not sent'}`, async function () {
        const n = await nodeFlow(sim, 'entra-user', { operation: 'list', filter: "startswith(displayName,'A')", ...props });
        const { kind, msg } = await n.run({ payload: { level: 'eventual' } });
        kind.should.equal('output', JSON.stringify(msg.error));
        const [req] = await graph('GET', /^\/v1\.0\/users$/);
        should(req.headers.consistencylevel).equal(header);
      });
    }
  });
});
