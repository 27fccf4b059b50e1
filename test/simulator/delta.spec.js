'use strict';
// Delta queries for users and groups, read from the change feed [DQO, DQU, DQG, UDELTA].
require('should');
const { start, sim } = require('./helpers');

describe('simulator: delta queries and the change feed', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  async function round(url, headers) {
    const items = [];
    let link = url;
    let pages = 0;
    let last;
    for (;;) {
      last = await s.graph('GET', link, { headers });
      last.status.should.equal(200);
      pages += 1;
      items.push(...last.body.value);
      const hasNext = '@odata.nextLink' in last.body,
        hasDelta = '@odata.deltaLink' in last.body;
      (hasNext !== hasDelta).should.be.true(); // exactly one of them [DQO]
      if (hasDelta) return { items, pages, deltaLink: last.body['@odata.deltaLink'], last };
      link = last.body['@odata.nextLink'];
    }
  }
  const newUser = (nick) => ({
    accountEnabled: true,
    displayName: `D ${nick}`,
    mailNickname: nick,
    userPrincipalName: `${nick}@contoso.com`,
    passwordProfile: { password: 'Aa1!aaaaaa' },
  });

  it('journals every mutation in order and emits it as an event (change feed for delta and webhooks)', async () => {
    const seen = [];
    const listener = (e) => seen.push(e);
    s.state.journal.on('change', listener);
    try {
      const u = (await s.graph('POST', '/users', { body: newUser('feed') })).body;
      await s.graph('PATCH', `/users/${u.id}`, { body: { jobTitle: 'x' } });
      await s.graph('DELETE', `/users/${u.id}`);
      seen.map((e) => e.type).should.eql(['created', 'updated', 'softDeleted']);
      seen[1].changed.should.eql(['jobTitle']);
      (await s.control.journal(0)).events.length.should.equal(3);
    } finally {
      s.state.journal.removeListener('change', listener);
    }
  });

  it('initial round spans several pages (deltaPageSize) and ends with a deltaLink [DQO, DQU]', async () => {
    await s.control.setConfig({ deltaPageSize: 4 });
    const r = await round('/users/delta?$select=displayName,jobTitle');
    r.items.length.should.equal(11);
    r.pages.should.equal(3);
    r.deltaLink.should.startWith(`${s.url}/v1.0/users/delta?$deltatoken=`);
    r.last.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#users(displayName,jobTitle)`);
    Object.keys(r.items[0]).sort().should.eql(['displayName', 'id', 'jobTitle']);
  });

  it('no changes → empty value and a new deltaLink; /microsoft.graph.delta is the same function [DQG, DQO]', async () => {
    const r = await round('/users/microsoft.graph.delta');
    const again = await s.graph('GET', r.deltaLink);
    again.body.value.should.eql([]);
    again.body.should.have.property('@odata.deltaLink');
  });

  it('reports creation, update of tracked props only, soft delete ("changed") and permanent delete ("deleted") [DQU]', async () => {
    const r0 = await round('/users/delta?$select=displayName,jobTitle');
    const a = (await s.graph('POST', '/users', { body: newUser('da') })).body;
    const b = (await s.graph('POST', '/users', { body: newUser('db') })).body;
    const adele = sim.seedIds.user('adele'),
      alex = sim.seedIds.user('alex');
    await s.graph('PATCH', `/users/${adele}`, { body: { jobTitle: 'Boss' } });
    await s.graph('PATCH', `/users/${alex}`, { body: { department: 'Untracked' } }); // not selected → not reported
    await s.graph('DELETE', `/users/${a.id}`);
    await s.graph('DELETE', `/users/${b.id}`);
    await s.graph('DELETE', `/directory/deletedItems/${b.id}`);
    const r1 = await round(r0.deltaLink);
    const byId = Object.fromEntries(r1.items.map((i) => [i.id, i]));
    byId[adele].jobTitle.should.equal('Boss');
    byId.should.not.have.property(alex);
    byId[a.id]['@removed'].should.eql({ reason: 'changed' });
    byId[b.id]['@removed'].should.eql({ reason: 'deleted' });
  });

  it('Prefer: return=minimal returns only changed properties and Preference-Applied [UDELTA]', async () => {
    const r0 = await round('/users/delta?$select=displayName,jobTitle,department');
    const adele = sim.seedIds.user('adele');
    await s.graph('PATCH', `/users/${adele}`, { body: { jobTitle: 'Boss' } });
    const r1 = await s.graph('GET', r0.deltaLink, { headers: { prefer: 'return=minimal' } });
    r1.headers['preference-applied'].should.equal('return=minimal');
    r1.body.value.should.eql([{ id: adele, jobTitle: 'Boss' }]);
  });

  it('$filter=id eq … (OR-ed) limits the objects; other filters → 400 Request_UnsupportedQuery [DQO]', async () => {
    const adele = sim.seedIds.user('adele'),
      alex = sim.seedIds.user('alex');
    const r = await round(`/users/delta?$filter=${encodeURIComponent(`id eq '${adele}' or id eq '${alex}'`)}`);
    r.items
      .map((i) => i.id)
      .sort()
      .should.eql([adele, alex].sort());
    const bad = await s.graph('GET', `/users/delta?$filter=${encodeURIComponent("displayName eq 'x'")}`);
    bad.status.should.equal(400);
    bad.body.error.code.should.equal('Request_UnsupportedQuery');
  });

  it('$deltatoken=latest returns only a deltaLink; later changes show up from there [DQO]', async () => {
    const l = await s.graph('GET', '/users/delta?$deltatoken=latest');
    l.body.value.should.eql([]);
    l.body.should.not.have.property('@odata.nextLink');
    const u = (await s.graph('POST', '/users', { body: newUser('late') })).body;
    const r = await round(l.body['@odata.deltaLink']);
    r.items.map((i) => i.id).should.eql([u.id]);
  });

  it('groups carry members@delta: additions and @removed removals [DQG]', async () => {
    const r0 = await round('/groups/delta');
    const vpn = sim.seedIds.group('vpn');
    r0.items.find((g) => g.id === vpn)['members@delta'].length.should.equal(3);
    const u = (await s.graph('POST', '/users', { body: newUser('member') })).body;
    s.state.addMember(vpn, u.id); // membership change through the store (the $ref routes are another module)
    s.state.removeMember(vpn, sim.seedIds.user('adele'));
    const r1 = await round(r0.deltaLink);
    const g = r1.items.find((x) => x.id === vpn);
    g['members@delta'].should.eql([
      { '@odata.type': '#microsoft.graph.user', id: u.id },
      { '@odata.type': '#microsoft.graph.user', id: sim.seedIds.user('adele'), '@removed': { reason: 'deleted' } },
    ]);
  });

  it("splits a large group's members@delta across pages: the same group re-appears [DQG]", async () => {
    await s.control.setConfig({ deltaMembersPageSize: 4, deltaPageSize: 2 });
    const all = sim.seedIds.group('all');
    const r = await round(`/groups/delta?$filter=${encodeURIComponent(`id eq '${all}'`)}`);
    r.items.length.should.equal(3); // 11 members in slices of 4
    r.items.every((g) => g.id === all).should.be.true();
    r.pages.should.equal(2);
    r.items.reduce((n, g) => n + g['members@delta'].length, 0).should.equal(11);
  });

  it('expired tokens answer 410 Gone with a Location to restart; a TTL-expired one 400 syncStateNotFound [DQO, devblog 2020-07-03]', async () => {
    const r0 = await round('/users/delta?$select=displayName');
    await s.control.expireDeltaTokens();
    const gone = await s.graph('GET', r0.deltaLink);
    gone.status.should.equal(410);
    gone.body.error.code.should.equal('resyncRequired');
    gone.headers.location.should.startWith(`${s.url}/v1.0/users/delta?`);
    const restart = await round(gone.headers.location);
    restart.items.length.should.equal(11);
    Object.keys(restart.items[0]).sort().should.eql(['displayName', 'id']);
    await s.control.setConfig({ deltaTokenTtlSeconds: 0 });
    await new Promise((r) => setTimeout(r, 5));
    const old = await s.graph('GET', restart.deltaLink);
    old.status.should.equal(400);
    old.body.error.code.should.equal('syncStateNotFound');
  });
});
