'use strict';
// The deploy-time permission check: the connection reads what its token grants (application
// `roles`) and each node whose configured operation (from its operation table) needs more shows a
// yellow "needs …" status and logs one warning, before any request is sent.
require('should');
const { helper, useSimulator, loadNodes, connection } = require('../support/helper');

// The helper spies on the node prototype: keep the calls made on this node.
const callsOf = (node, method) =>
  node[method]
    .getCalls()
    .filter((c) => c.thisValue === node)
    .map((c) => c.args[0]);

/** Resolves with the first status call of `node` that matches `pred`, or rejects after `ms`. */
function statusOf(node, pred, ms = 5000) {
  const seen = callsOf(node, 'status').find(pred);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching status on ${node.id} within ${ms} ms`)), ms);
    node.on('call:status', (call) => {
      if (pred(call.args[0])) {
        clearTimeout(timer);
        resolve(call.args[0]);
      }
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('permission check at deploy', function () {
  this.timeout(20000);
  let sim;
  useSimulator((s) => {
    sim = s;
  });

  async function deploy(roles, nodes) {
    const app = await sim.control.registerApp({ roles });
    const c = connection(sim, {}, { clientId: app.clientId, clientSecret: app.clientSecret });
    await loadNodes(
      [
        { id: 'f1', type: 'tab' },
        c.node,
        ...nodes.map((n) => ({ z: 'f1', connection: c.node.id, wires: [['out']], ...n })),
        { id: 'out', z: 'f1', type: 'helper' },
        { id: 'catch', z: 'f1', type: 'catch', scope: null, wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper' },
      ],
      c.credentials,
    );
    return app;
  }

  it("shows 'needs User.ReadWrite.All' on an update node when the app has only User.Read.All, and warns once", async function () {
    await deploy(
      ['User.Read.All'],
      [
        {
          id: 'leaver',
          type: 'entra-user',
          name: 'Disable leaver',
          operation: 'update',
          userId: 'x',
          accountEnabled: 'false',
          accountEnabledType: 'bool',
        },
        { id: 'lister', type: 'entra-user', operation: 'list' },
      ],
    );
    const leaver = helper.getNode('leaver');
    const s = await statusOf(leaver, (st) => st && st.fill === 'yellow');
    s.text.should.equal('needs User.ReadWrite.All');
    const warnings = callsOf(leaver, 'warn').map(String);
    warnings.should.have.length(1);
    warnings[0].should.equal(
      "entra-user 'Disable leaver' (update) needs User.ReadWrite.All, which the connection's token does not grant (granted: User.Read.All)",
    );
    // The list operation is allowed: no yellow status, no warning.
    const lister = helper.getNode('lister');
    callsOf(lister, 'status')
      .filter((st) => st && st.fill === 'yellow')
      .should.have.length(0);
    callsOf(lister, 'warn').should.have.length(0);
    // Only a token was requested: the check sent nothing to Graph.
    (await sim.control.requests()).filter((r) => r.path.startsWith('/v1.0/')).should.have.length(0);
  });

  it('counts a higher-privileged permission (Directory.ReadWrite.All) as granting User.ReadWrite.All and Group.Read.All', async function () {
    await deploy(
      ['Directory.ReadWrite.All'],
      [
        { id: 'upd', type: 'entra-user', operation: 'update', userId: 'x' },
        { id: 'grp', type: 'entra-group', operation: 'list' },
      ],
    );
    await sleep(500);
    for (const id of ['upd', 'grp']) {
      const node = helper.getNode(id);
      callsOf(node, 'status')
        .filter((st) => st && st.fill === 'yellow')
        .should.have.length(0, id);
      callsOf(node, 'warn').should.have.length(0, id);
    }
  });

  it('accepts Group.ReadWrite.All for group-based licensing only: a user assignLicense still needs LicenseAssignment.ReadWrite.All', async function () {
    await deploy(
      ['Group.ReadWrite.All'],
      [
        { id: 'grpLic', type: 'entra-group', operation: 'assignLicense', groupId: 'x' },
        { id: 'usrLic', type: 'entra-user', operation: 'assignLicense', userId: 'x' },
      ],
    );
    const s = await statusOf(helper.getNode('usrLic'), (st) => st && st.fill === 'yellow');
    s.text.should.equal('needs LicenseAssignment.ReadWrite.All');
    // Both nodes were checked against the same token.
    const grp = helper.getNode('grpLic');
    callsOf(grp, 'status')
      .filter((st) => st && st.fill === 'yellow')
      .should.have.length(0);
    callsOf(grp, 'warn').should.have.length(0);
  });

  it('does not check an operation taken from msg.operation', async function () {
    await deploy(['User.Read.All'], [{ id: 'dyn', type: 'entra-user', operation: 'msg' }]);
    await sleep(500);
    callsOf(helper.getNode('dyn'), 'warn').should.have.length(0);
  });

  it('names the group member permission when the app may read only users', async function () {
    await deploy(['User.Read.All'], [{ id: 'gm', type: 'entra-group', name: 'Members', operation: 'listMembers', groupId: 'x' }]);
    const gm = helper.getNode('gm');
    (await statusOf(gm, (st) => st && st.fill === 'yellow')).text.should.equal('needs GroupMember.Read.All');
  });
});
