'use strict';
// entra-group beyond the seed, in Node-RED (test helper, compiled package) against the simulator:
// owners (one or many, the last-owner rule explained), nested membership, group-based licensing,
// deleted groups.
require('should');
const { helper, useSimulator, nodeFlow } = require('../support/helper');
const { loadSimulator } = require('../support/certs');

describe('entra-group node: owners, nesting, licences, deleted groups', function () {
  this.timeout(20000);
  let sim;
  const { seedIds } = loadSimulator();
  const VPN = seedIds.group('vpn');
  const ENGINEERING = seedIds.group('engineering');
  const SALES = seedIds.group('sales');
  const user = (k) => seedIds.user(k);

  useSimulator((s) => {
    sim = s;
  });

  const flow = (props, opts) => nodeFlow(sim, 'entra-group', props, opts);
  const graph = async (method, pathRe) => (await sim.control.requests()).filter((r) => r.method === method && pathRe.test(r.path));
  const ownersOf = (g) => [...sim.state.owners.get(g)];

  it('listOwners lists the owners with the list options', async function () {
    const n = await flow({ operation: 'listOwners', groupId: SALES, select: 'id,displayName' });
    const { kind, msg } = await n.run();
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.payload.map((o) => o.displayName).should.eql(['Nestor Wilke']);
    (await graph('GET', /owners/))[0].path.should.equal(`/v1.0/groups/${SALES}/owners`);
  });

  it('addOwner adds one by $ref; an existing owner goes to Catch as "Already an owner"', async function () {
    const n = await flow({ operation: 'addOwner', groupId: SALES, ownerId: 'payload', ownerIdType: 'msg' });
    const { kind, msg } = await n.run({ payload: user('megan') });
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.payload.should.eql({ groupId: SALES, ownerId: user('megan'), added: true });
    (await graph('POST', /owners\/\$ref$/))[0].body.should.eql({ '@odata.id': `${sim.graphBaseUrl}/directoryObjects/${user('megan')}` });
    const dup = await n.run({ payload: user('megan') });
    dup.kind.should.equal('error');
    dup.msg.error.message.should.match(/^Already an owner/);
  });

  it('addOwner of a list goes through $batch: { added, alreadyOwners, failed }', async function () {
    const ghost = '00000000-0000-4000-8000-0000000000cd';
    const n = await flow({ operation: 'addOwner', groupId: SALES, ownerId: 'payload', ownerIdType: 'msg' });
    const { kind, msg } = await n.run({ payload: [user('alex'), user('nestor'), ghost, user('isaiah')] });
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.payload.added.should.eql([user('alex'), user('isaiah')]);
    msg.payload.alreadyOwners.should.eql([user('nestor')]);
    msg.payload.failed.map((f) => f.id).should.eql([ghost]);
    msg.payload.failed[0].message.should.match(/^Not found: the owner does not exist/);
    (await graph('POST', /\$batch$/)).should.have.length(1);
    ownersOf(SALES)
      .sort()
      .should.eql([user('nestor'), user('alex'), user('isaiah')].sort());
  });

  it('removeOwner removes one by $ref; the last user owner is refused as Graph refuses it, explained', async function () {
    sim.state.owners.get(SALES).add(user('megan'));
    const n = await flow({ operation: 'removeOwner', groupId: SALES, ownerId: 'payload', ownerIdType: 'msg' });
    const first = await n.run({ payload: user('megan') });
    first.kind.should.equal('output', JSON.stringify(first.msg.error));
    first.msg.payload.should.eql({ groupId: SALES, ownerId: user('megan'), removed: true });
    (await graph('DELETE', /owners/))[0].path.should.equal(`/v1.0/groups/${SALES}/owners/${user('megan')}/$ref`);
    const last = await n.run({ payload: user('nestor') });
    last.kind.should.equal('error');
    last.msg.statusCode.should.equal(400);
    last.msg.error.message.should.match(
      /^Cannot remove the last owner: a group keeps at least one user owner \(add another owner first\): The group must have at least one owner/,
    );
    ownersOf(SALES).should.eql([user('nestor')]);
    const notOwner = await n.run({ payload: user('megan') });
    notOwner.msg.error.message.should.match(/^Not an owner/);
  });

  it('removeOwner of a list: { removed, notOwners, failed }, the last owner among the failed', async function () {
    sim.state.owners.get(SALES).add(user('megan'));
    const n = await flow({ operation: 'removeOwner', groupId: SALES, ownerId: 'payload', ownerIdType: 'msg' });
    const { kind, msg } = await n.run({ payload: [user('megan'), user('alex'), user('nestor')] });
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.payload.removed.should.eql([user('megan')]);
    msg.payload.notOwners.should.eql([user('alex')]);
    msg.payload.failed.map((f) => f.id).should.eql([user('nestor')]);
    msg.payload.failed[0].message.should.match(/^Cannot remove the last owner/);
  });

  it('listTransitiveMembers includes members of nested groups; onlyUsers casts to microsoft.graph.user', async function () {
    const all = await flow({ operation: 'listTransitiveMembers', groupId: VPN, select: 'id' });
    const ids = (await all.run()).msg.payload.map((m) => m.id);
    ids.should.containEql(ENGINEERING);
    ids.should.containEql(user('johanna'));
    await helper.unload();
    const users = await flow({ operation: 'listTransitiveMembers', groupId: VPN, onlyUsers: 'true', onlyUsersType: 'bool', select: 'id' });
    const { msg } = await users.run();
    msg.payload
      .map((m) => m.id)
      .sort()
      .should.eql([user('adele'), user('diego'), user('johanna'), user('lidia'), user('grady')].sort());
    (await graph('GET', /transitiveMembers/))[1].path.should.equal(`/v1.0/groups/${VPN}/transitiveMembers/microsoft.graph.user`);
  });

  it('listMemberOf: direct parents, or every ancestor with transitive', async function () {
    sim.state.members.get(SALES).add(VPN);
    const direct = await flow({ operation: 'listMemberOf', groupId: ENGINEERING, select: 'id,displayName' });
    (await direct.run()).msg.payload.map((g) => g.displayName).should.eql(['VPN Users']);
    await helper.unload();
    const all = await flow({
      operation: 'listMemberOf',
      groupId: ENGINEERING,
      transitive: 'true',
      transitiveType: 'bool',
      select: 'id,displayName',
    });
    (await all.run()).msg.payload
      .map((g) => g.displayName)
      .sort()
      .should.eql(['Sales and Marketing', 'VPN Users']);
    (await graph('GET', /memberOf/i))
      .map((r) => r.path)
      .should.eql([`/v1.0/groups/${ENGINEERING}/memberOf`, `/v1.0/groups/${ENGINEERING}/transitiveMemberOf`]);
  });

  it('assignLicense takes SKU part numbers and plan names, as entra-user: one GET /subscribedSkus, then a POST of skuIds (202 with the group)', async function () {
    const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
    const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
    const TEAMS1 = '57ff2da0-773e-42df-b2af-ffb7a2317929';
    const n = await flow({
      operation: 'assignLicense',
      groupId: VPN,
      addLicenses: 'payload.add',
      addLicensesType: 'msg',
      removeLicenses: 'payload.remove',
      removeLicensesType: 'msg',
    });
    const { kind, msg } = await n.run({ payload: { add: [{ skuPartNumber: 'ENTERPRISEPACK', disabledPlans: ['TEAMS1'] }, 'ems'] } });
    kind.should.equal('output', JSON.stringify(msg.error));
    msg.statusCode.should.equal(202);
    msg.payload.id.should.equal(VPN);
    const [post] = await graph('POST', /assignLicense$/);
    post.path.should.equal(`/v1.0/groups/${VPN}/assignLicense`);
    post.body.should.eql({
      addLicenses: [
        { skuId: E3, disabledPlans: [TEAMS1] },
        { skuId: EMS, disabledPlans: [] },
      ],
      removeLicenses: [],
    });
    sim.state.groups
      .get(VPN)
      .assignedLicenses.map((l) => l.skuId)
      .should.eql([E3, EMS]);
    const removed = await n.run({ payload: { remove: ['EMS'] } });
    removed.kind.should.equal('output', JSON.stringify(removed.msg.error));
    (await graph('POST', /assignLicense$/))[1].body.should.eql({ addLicenses: [], removeLicenses: [EMS] });
    sim.state.groups.get(VPN).assignedLicenses.should.eql([{ skuId: E3, disabledPlans: [TEAMS1] }]);
    (await graph('GET', /subscribedSkus/)).should.have.length(1);
  });

  it('assignLicense: an unknown part number is bad input before any POST; an unknown group goes to Catch as "Not found"', async function () {
    const typo = await flow({ operation: 'assignLicense', groupId: VPN, addLicenses: 'ENTERPRISEPAK' });
    const bad = await typo.run();
    bad.kind.should.equal('error');
    bad.msg.error.message.should.match(/addLicenses: no subscribed SKU with part number "ENTERPRISEPAK"/);
    (await graph('POST', /assignLicense$/)).should.have.length(0);
    await helper.unload();
    const ghost = '00000000-0000-4000-8000-00000000abcd';
    const missing = await flow({ operation: 'assignLicense', groupId: ghost, addLicenses: 'EMS' });
    const nf = await missing.run();
    nf.kind.should.equal('error');
    nf.msg.statusCode.should.equal(404);
    nf.msg.error.message.should.match(new RegExp(`^Not found: no group with id ${ghost}`));
  });

  it('listDeleted, restore and deletePermanently (confirm) of a Microsoft 365 group', async function () {
    sim.state.softDelete('groups', SALES);
    const list = await flow({ operation: 'listDeleted', select: 'id,displayName' });
    (await list.run()).msg.payload.should.eql([{ id: SALES, displayName: 'Sales and Marketing' }]);
    (await graph('GET', /deletedItems/))[0].path.should.equal('/v1.0/directory/deletedItems/microsoft.graph.group');
    await helper.unload();
    const refuse = await flow({ operation: 'deletePermanently', groupId: SALES, confirm: 'false', confirmType: 'bool' });
    (await refuse.run()).msg.error.message.should.match(/^confirm: must be true/);
    await helper.unload();
    const restore = await flow({ operation: 'restore', groupId: SALES });
    const restored = await restore.run();
    restored.kind.should.equal('output', JSON.stringify(restored.msg.error));
    restored.msg.payload.id.should.equal(SALES);
    ownersOf(SALES).should.eql([user('nestor')]);
    await helper.unload();
    sim.state.softDelete('groups', SALES);
    const purge = await flow({ operation: 'deletePermanently', groupId: SALES, confirm: 'true', confirmType: 'bool' });
    (await purge.run()).msg.payload.should.eql({ id: SALES, deletedPermanently: true });
    sim.state.deleted.has(SALES).should.be.false();
  });
});
