'use strict';
const should = require('should');
const { GraphClient } = require('../../dist/lib/graph-client');
const { deltaRound } = require('../../dist/lib/delta');
const { startTestSimulator } = require('../support/simulator');

describe('deltaRound (against the simulator)', function () {
  this.timeout(15000);
  let sim;
  let client;
  before(async () => {
    sim = await startTestSimulator();
  });
  after(async () => sim.close());
  beforeEach(async () => {
    await sim.control.reset({ seed: 'small' });
    const tokens = { getAccessToken: async () => (await sim.control.token()).access_token };
    client = new GraphClient({ baseUrl: sim.graphBaseUrl, tokens, retryBaseDelayMs: 10 });
  });

  async function graph(method, url, body) {
    return client.request({ method, url, body });
  }

  it('follows nextLinks to the deltaLink and returns every object once', async function () {
    await sim.control.setConfig({ deltaPageSize: 3 });
    const round = await deltaRound(client, { url: '/users/delta', query: { $select: 'id,displayName' } });
    round.pages.should.be.above(2);
    should(round.deltaLink).match(/\$deltatoken=/);
    should(round.nextLink).be.undefined();
    const all = (await client.collectAll({ method: 'GET', url: '/users', query: { $top: 999 } })).items;
    round.items
      .map((u) => u.id)
      .sort()
      .should.eql(all.map((u) => u.id).sort());
  });

  it('returns only what changed since the deltaLink, with @removed for a deleted user', async function () {
    const first = await deltaRound(client, { url: '/users/delta', query: { $select: 'id,displayName,jobTitle' } });
    const users = (await graph('GET', '/users?$top=2')).data.value;
    await graph('PATCH', `/users/${users[0].id}`, { jobTitle: 'Astronaut' });
    await graph('DELETE', `/users/${users[1].id}`);
    const next = await deltaRound(client, { url: first.deltaLink });
    next.items.should.have.length(2);
    next.items.find((u) => u.id === users[0].id).jobTitle.should.equal('Astronaut');
    next.items.find((u) => u.id === users[1].id)['@removed'].should.eql({ reason: 'changed' });
  });

  it('stops after one page when followPages is false and hands back the nextLink', async function () {
    await sim.control.setConfig({ deltaPageSize: 2 });
    const round = await deltaRound(client, { url: '/users/delta', followPages: false });
    round.items.should.have.length(2);
    round.nextLink.should.match(/\$skiptoken=/);
    should(round.deltaLink).be.undefined();
  });

  it('starts from now with $deltatoken=latest: a deltaLink and no objects', async function () {
    const round = await deltaRound(client, { url: '/groups/delta', query: { $deltatoken: 'latest' } });
    round.items.should.have.length(0);
    round.deltaLink.should.match(/\$deltatoken=/);
  });

  it('merges a group whose members@delta Graph splits over several pages', async function () {
    await sim.control.setConfig({ deltaMembersPageSize: 2, deltaPageSize: 50 });
    const round = await deltaRound(client, { url: '/groups/delta', query: { $select: 'id,displayName,members' } });
    const groups = (await graph('GET', '/groups?$top=999')).data.value;
    round.items.should.have.length(groups.length);
    let checked = 0;
    for (const g of groups) {
      const members = (await graph('GET', `/groups/${g.id}/members?$top=999`)).data.value;
      const item = round.items.find((i) => i.id === g.id);
      if (members.length > 2) {
        item['members@delta']
          .map((m) => m.id)
          .sort()
          .should.eql(members.map((m) => m.id).sort());
        checked++;
      }
    }
    checked.should.be.above(0);
  });

  it('restarts a full sync when Graph answers 410 Gone, and says so', async function () {
    const first = await deltaRound(client, { url: '/users/delta' });
    await sim.control.expireDeltaTokens();
    const again = await deltaRound(client, { url: first.deltaLink });
    again.resync.should.be.true();
    again.items.length.should.equal(first.items.length);
    again.deltaLink.should.match(/\$deltatoken=/);
  });
});
