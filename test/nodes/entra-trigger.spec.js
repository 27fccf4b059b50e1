'use strict';
// entra-trigger in Node-RED's test helper: polling mode against the simulator's delta, and the
// settings checked at deploy. (Subscription and webhook modes need Graph to reach Node-RED over
// HTTPS: test/e2e/trigger.spec.js runs them in a real Node-RED process.)
const fs = require('fs');
const os = require('os');
const path = require('path');
require('should');
const { helper, loadNodes, connection } = require('../support/helper');
const { startTestSimulator } = require('../support/simulator');
const { httpRequest } = require('../support/node-red-process');

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

describe('entra-trigger node (polling, settings)', function () {
  this.timeout(20000);
  let sim;
  let userDir;
  let token;

  before(async () => {
    sim = await startTestSimulator();
  });
  after(async () => {
    await sim.close();
    helper.settings({});
  });
  beforeEach(async () => {
    await sim.control.reset({ seed: 'small' });
    token = (await sim.control.token()).access_token;
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-trigger-'));
    helper.settings({ userDir });
  });
  afterEach(async () => {
    await helper.unload();
    fs.rmSync(userDir, { recursive: true, force: true });
  });

  const graph = (method, p, body) =>
    httpRequest(`${sim.graphBaseUrl}${p}`, { method, body, headers: { Authorization: `Bearer ${token}` } });
  const newUser = (nick) => ({
    accountEnabled: true,
    displayName: nick,
    mailNickname: nick,
    userPrincipalName: `${nick}@contoso.com`,
    passwordProfile: { password: 'Aa1!aaaaaa' },
  });
  const deltaRequests = async () => (await sim.control.requests()).filter((r) => /\/delta$/.test(r.path));

  async function flow(props) {
    const c = connection(sim);
    await loadNodes(
      [
        { id: 'f1', type: 'tab' },
        c.node,
        {
          id: 'trigger',
          z: 'f1',
          type: 'entra-trigger',
          connection: c.node.id,
          delivery: 'polling',
          pollIntervalSeconds: 0.15,
          wires: [['out']],
          ...props,
        },
        { id: 'out', z: 'f1', type: 'helper' },
      ],
      c.credentials,
    );
    const received = [];
    helper.getNode('out').on('input', (m) => received.push(m));
    return { trigger: helper.getNode('trigger'), received };
  }
  async function until(fn, ms = 5000) {
    const end = Date.now() + ms;
    while (!(await fn())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await wait(25);
    }
  }
  /** Waits until the poller has finished one more round after this call. */
  async function nextRound() {
    const n = (await deltaRequests()).length;
    await until(async () => (await deltaRequests()).length >= n + 2);
  }

  it('starts from now ($deltatoken=latest): existing users produce nothing, a new user is "updated" with msg.resource', async function () {
    const { received } = await flow({ resource: 'users' });
    await until(async () => (await deltaRequests()).length >= 1);
    (await deltaRequests())[0].query.should.containEql({ $deltatoken: 'latest' });
    await nextRound();
    received.should.eql([]);
    const u = (await graph('POST', '/users', newUser('pollnew'))).body;
    await until(() => received.length >= 1);
    const msg = received[0];
    msg.topic.should.equal('updated');
    msg.payload.should.eql({
      changeType: 'updated',
      resource: `Users/${u.id}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.User', '@odata.id': `Users/${u.id}`, id: u.id },
    });
    msg.resource.id.should.equal(u.id);
    msg.resource.displayName.should.equal('pollnew');
  });

  it('reports a soft delete as "updated" with msg.resource["@removed"], a permanent one as "deleted", filtered by changeType', async function () {
    const u = (await graph('POST', '/users', newUser('gone'))).body;
    const { received } = await flow({ resource: 'users', changeType: 'deleted' });
    await until(async () => (await deltaRequests()).length >= 1);
    await graph('PATCH', `/users/${u.id}`, { jobTitle: 'filtered out' });
    await nextRound();
    received.should.eql([]);
    await helper.unload();
    const all = await flow({ resource: 'users', changeType: 'updated,deleted' });
    await until(async () => (await deltaRequests()).length >= 3);
    await nextRound();
    await graph('DELETE', `/users/${u.id}`);
    await until(() => all.received.length >= 1);
    all.received[0].topic.should.equal('updated');
    all.received[0].resource['@removed'].should.eql({ reason: 'changed' });
    await graph('DELETE', `/directory/deletedItems/${u.id}`);
    await until(() => all.received.length >= 2);
    all.received[1].topic.should.equal('deleted');
    all.received[1].payload.changeType.should.equal('deleted');
  });

  it('emits memberAdded / memberRemoved for groups, and nothing else for a membership-only change', async function () {
    const { received } = await flow({ resource: 'groups', changeType: 'updated' });
    await until(async () => (await deltaRequests()).length >= 1);
    const group = (await graph('GET', "/groups?$filter=displayName eq 'IT Admins'")).body.value[0];
    const adele = (await graph('GET', '/users/AdeleV@contoso.onmicrosoft.com')).body;
    sim.state.addMember(group.id, adele.id);
    await until(() => received.length >= 1);
    await nextRound();
    received.map((m) => m.topic).should.eql(['memberAdded']);
    received[0].payload.should.eql({
      changeType: 'memberAdded',
      groupId: group.id,
      member: { id: adele.id, '@odata.type': '#microsoft.graph.user' },
      resource: `Groups/${group.id}`,
    });
    sim.state.removeMember(group.id, adele.id);
    await graph('PATCH', `/groups/${group.id}`, { description: 'changed too' });
    await until(() => received.length >= 3);
    received
      .slice(1)
      .map((m) => m.topic)
      .sort()
      .should.eql(['memberRemoved', 'updated']);
    received.find((m) => m.topic === 'updated').resource.should.containEql({ id: group.id, description: 'changed too' });
  });

  it('with fullSync, the first poll reports every existing user', async function () {
    const { received } = await flow({ resource: 'users', fullSync: true });
    await until(() => received.length >= 11);
    received.every((m) => m.topic === 'updated').should.be.true();
    (await deltaRequests())[0].query.should.not.have.property('$deltatoken');
  });

  it('restarts the sync after 410 Gone and says so (msg.resync, status)', async function () {
    const { trigger, received } = await flow({ resource: 'users' });
    const statuses = [];
    trigger.on('call:status', (call) => statuses.push(call.args[0]));
    await until(async () => (await deltaRequests()).length >= 1);
    await nextRound();
    await sim.control.expireDeltaTokens();
    await until(() => received.length >= 11);
    received.every((m) => m.resync === true).should.be.true();
    await until(() => statuses.some((s) => /sync restarted/.test(s.text)));
  });

  it('fetches the changed object into msg.resource with fetchResource', async function () {
    const { received } = await flow({ resource: 'users', fetchResource: true });
    await until(async () => (await deltaRequests()).length >= 1);
    const u = (await graph('POST', '/users', newUser('fetched'))).body;
    await until(() => received.length >= 1);
    received[0].resource.userPrincipalName.should.equal('fetched@contoso.com');
    (await sim.control.requests()).some((r) => r.method === 'GET' && r.path === `/v1.0/users/${u.id}`).should.be.true();
  });

  it('refuses changeType created for users at deploy, with a clear error and no request', async function () {
    await sim.control.clearRequests();
    const { trigger } = await flow({ resource: 'users', delivery: 'subscription', changeType: 'created,updated' });
    const errors = helper.log().args.filter((a) => a[0].level === helper.log().ERROR && a[0].id === trigger.id);
    errors.length.should.equal(1);
    errors[0][0].msg.should.match(/changeType: users and groups support only updated and deleted/);
    await wait(100);
    // Nothing sent to Graph (the connection's own token request at deploy aside).
    (await sim.control.requests()).filter((r) => r.path.startsWith('/v1.0/')).length.should.equal(0);
  });

  it('warns (status) instead of subscribing when the connection has no webhookBaseUrl', async function () {
    await sim.control.clearRequests();
    const { trigger } = await flow({ resource: 'groups', delivery: 'subscription' });
    const warnings = helper.log().args.filter((a) => a[0].level === helper.log().WARN && a[0].id === trigger.id);
    warnings[0][0].msg.should.match(/webhookBaseUrl is empty/);
    await wait(100);
    (await sim.control.subscriptions()).should.eql([]);
  });
});
