'use strict';
// entra-trigger end to end: a real Node-RED process serving HTTPS (the simulator's certificate),
// and the Graph simulator calling it back over HTTPS for the validation handshake, notifications
// and lifecycle events. The connection's webhookBaseUrl is the Node-RED URL.
require('should');
const { startNodeRed } = require('../support/node-red-process');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { simulatorConnection, simulatorCredentials, graphRequest, emitted } = require('../support/e2e-flows');
const { wait, until } = require('../support/until');

describe('e2e: entra-trigger in a real Node-RED (webhook handshake, notifications, lifecycle, restarts, polling)', function () {
  this.timeout(60000);
  let sim;
  let nr;
  let token;

  before(async function () {
    this.timeout(180000);
    sim = await startTestSimulator();
    nr = await startNodeRed({ adminAuth: true, env: simulatorEnv(sim) });
    token = (await sim.control.token()).access_token;
  });
  after(async function () {
    this.timeout(30000);
    // Nothing may be left behind: a deploy without the triggers deletes their subscriptions.
    if (nr) {
      await nr.deploy([]).catch(() => undefined);
      await nr.stop();
    }
    if (sim) await sim.close();
  });

  const graph = (method, p, body) => graphRequest(sim, token, method, p, body);
  const requests = async (method, re) => (await sim.control.requests()).filter((r) => r.method === method && re.test(r.path));

  const connectionNode = () =>
    simulatorConnection('e2e-conn', {
      webhookBaseUrl: nr.url,
      maxRetries: 1,
      retryBaseDelayMs: 10,
      credentials: simulatorCredentials(sim),
    });
  const emitter = {
    id: 'e2e-emit',
    type: 'function',
    z: 'e2e-tab',
    name: 'emit',
    func: "node.warn('EMIT ' + JSON.stringify({ topic: msg.topic, payload: msg.payload, resource: msg.resource, resync: msg.resync }));\nreturn null;",
    outputs: 1,
    wires: [[]],
  };
  // Subscriptions live 30 s and renew 90% before expiry (every ~3 s): renewal shows quickly,
  // and a restart never outlasts the subscription.
  const usersTrigger = {
    id: 'e2e-users',
    type: 'entra-trigger',
    z: 'e2e-tab',
    name: 'users',
    connection: 'e2e-conn',
    resource: 'users',
    delivery: 'subscription',
    changeType: 'updated,deleted',
    expirationDateTime: '0.5',
    renewalMarginMinutes: 60,
    path: '',
    wires: [['e2e-emit']],
  };
  const groupsTrigger = {
    id: 'e2e-groups',
    type: 'entra-trigger',
    z: 'e2e-tab',
    name: 'groups',
    connection: 'e2e-conn',
    resource: 'groups',
    delivery: 'subscription',
    changeType: 'updated',
    expirationDateTime: '',
    path: '/hooks/groups',
    wires: [['e2e-emit']],
  };
  const flows = (...nodes) => [{ id: 'e2e-tab', type: 'tab', label: 'Triggers' }, connectionNode(), emitter, ...nodes];
  const usersPath = '/entra-trigger/e2e-users';

  describe('subscription mode', function () {
    let sub;

    before(async function () {
      await sim.control.reset();
      await nr.deploy(flows(usersTrigger, groupsTrigger));
      await until(async () => (await sim.control.subscriptions()).length === 2, 15000, 'two subscriptions');
      sub = (await sim.control.subscriptions()).find((s) => s.resource === '/users');
    });

    it('passes the validation handshake and subscribes with its endpoint as notificationUrl and lifecycleNotificationUrl [VAL]', async function () {
      sub.notificationUrl.should.equal(`${nr.url}${usersPath}`);
      sub.lifecycleNotificationUrl.should.equal(sub.notificationUrl);
      sub.changeType.should.equal('updated,deleted');
      sub.clientState.length.should.be.within(32, 128);
      const validations = (await sim.control.deliveries()).filter((d) => d.kind === 'validation' && d.url === sub.notificationUrl);
      validations.length.should.equal(2); // notificationUrl and lifecycleNotificationUrl
      for (const v of validations) {
        v.status.should.equal(200);
        v.contentType.should.match(/^text\/plain/);
        v.response.should.equal(v.body);
      }
      const groups = (await sim.control.subscriptions()).find((s) => s.resource === '/groups');
      // Empty Expires: the longest Graph allows for groups, 41,760 minutes [LIFETIME].
      ((Date.parse(groups.expirationDateTime) - Date.now()) / 60000).should.be.within(41750, 41760);
      groups.notificationUrl.should.equal(`${nr.url}/hooks/groups`);
    });

    it('emits one msg per real notification after a change in the simulator (msg.topic = changeType), acknowledged with 202', async function () {
      const mark = nr.logMark();
      const adele = (await graph('GET', '/users/AdeleV@contoso.onmicrosoft.com')).body;
      await graph('PATCH', `/users/${adele.id}`, { jobTitle: 'Chief e2e officer' });
      await mark.waitFor(new RegExp(`EMIT .*Users/${adele.id}`), 10000);
      const [msg] = emitted(mark.text()).filter((m) => m.payload.resource === `Users/${adele.id}`);
      msg.topic.should.equal('updated');
      msg.payload.should.containEql({ changeType: 'updated', subscriptionId: sub.id, tenantId: sim.tenantId });
      msg.payload.resourceData.id.should.equal(adele.id);
      // The secret that proved the notification genuine is not handed to the flow.
      msg.payload.should.not.have.property('clientState');
      const delivered = (await sim.control.deliveries()).filter((d) => d.kind === 'notification' && d.subscriptionId === sub.id);
      delivered[delivered.length - 1].status.should.equal(202);
    });

    it('emits nothing for a forged notification (wrong clientState)', async function () {
      const mark = nr.logMark();
      const forged = {
        value: [
          {
            subscriptionId: sub.id,
            clientState: 'forged-state',
            changeType: 'deleted',
            resource: 'Users/forged-0000',
            resourceData: { id: 'forged-0000' },
          },
        ],
      };
      const r = await nr.httpNode('POST', usersPath, forged);
      r.status.should.equal(202);
      await mark.waitFor(/ignored 1 notification\(s\) with a wrong clientState/, 5000);
      await wait(300);
      mark.text().should.not.match(/EMIT .*forged-0000/);
    });

    it('answers only POST', async function () {
      (await nr.httpNode('GET', usersPath)).status.should.equal(405);
    });

    it('emits memberAdded / memberRemoved from a group notification carrying members@delta', async function () {
      const mark = nr.logMark();
      const group = (await graph('GET', "/groups?$filter=displayName eq 'Engineering'")).body.value[0];
      const megan = (await graph('GET', '/users/MeganB@contoso.com')).body;
      sim.state.addMember(group.id, megan.id);
      sim.state.removeMember(group.id, megan.id);
      // Two changes, two notifications delivered concurrently: they may arrive in either order
      // (Graph does not guarantee the order either).
      await mark.waitFor(/EMIT .*memberRemoved/, 10000);
      await mark.waitFor(/EMIT .*memberAdded/, 10000);
      await wait(300);
      const members = emitted(mark.text()).filter((m) => m.topic === 'memberAdded' || m.topic === 'memberRemoved');
      members
        .map((m) => m.topic)
        .sort()
        .should.eql(['memberAdded', 'memberRemoved']);
      for (const m of members)
        m.payload.should.containDeep({ groupId: group.id, member: { id: megan.id, '@odata.type': '#microsoft.graph.user' } });
    });

    it('renews before expiry with PATCH /subscriptions/{id}, keeping one subscription', async function () {
      const before = (await sim.control.subscriptions()).find((s) => s.id === sub.id).expirationDateTime;
      await until(async () => (await requests('PATCH', new RegExp(`/subscriptions/${sub.id}$`))).length > 0, 10000, 'a renewal');
      const after = await until(
        async () => {
          const s = (await sim.control.subscriptions()).find((x) => x.id === sub.id);
          return s && s.expirationDateTime > before && s;
        },
        5000,
        'a later expiry',
      );
      after.id.should.equal(sub.id);
      (await sim.control.subscriptions()).filter((s) => s.resource === '/users').length.should.equal(1);
    });

    it('answers reauthorizationRequired with POST /subscriptions/{id}/reauthorize [LIFE]', async function () {
      await sim.control.fireLifecycle(sub.id, 'reauthorizationRequired');
      await until(
        async () => (await requests('POST', new RegExp(`/subscriptions/${sub.id}/reauthorize$`))).length === 1,
        5000,
        'reauthorize',
      );
    });

    it('reuses its subscription after a Node-RED restart instead of creating another', async function () {
      this.timeout(120000);
      await sim.control.clearRequests();
      await nr.restart();
      await until(
        async () => (await requests('GET', new RegExp(`/subscriptions/${sub.id}$`))).length > 0,
        15000,
        'GET of the stored subscription',
      );
      await wait(500);
      (await requests('POST', /\/subscriptions$/)).length.should.equal(0);
      (await sim.control.subscriptions())
        .filter((s) => s.resource === '/users')
        .map((s) => s.id)
        .should.eql([sub.id]);
      // …and still accepts its notifications (the clientState came from the encrypted store).
      const mark = nr.logMark();
      const alex = (await graph('GET', '/users/AlexW@contoso.onmicrosoft.com')).body;
      await graph('PATCH', `/users/${alex.id}`, { jobTitle: 'after restart' });
      await mark.waitFor(new RegExp(`EMIT .*Users/${alex.id}`), 10000);
    });

    it('re-creates the subscription after subscriptionRemoved and reports it', async function () {
      const mark = nr.logMark();
      await sim.control.fireLifecycle(sub.id, 'subscriptionRemoved');
      await mark.waitFor(/EMIT .*"topic":"subscriptionRemoved"/, 15000);
      const users = (await sim.control.subscriptions()).filter((s) => s.resource === '/users');
      users.length.should.equal(1);
      users[0].id.should.not.equal(sub.id);
      sub = users[0];
    });

    it('re-creates the subscription when a renewal answers 404', async function () {
      const mark = nr.logMark();
      await sim.control.dropSubscription(sub.id);
      await mark.waitFor(/EMIT .*"topic":"renewalFailed"/, 15000);
      const users = (await sim.control.subscriptions()).filter((s) => s.resource === '/users');
      users.length.should.equal(1);
      users[0].id.should.not.equal(sub.id);
      sub = users[0];
    });

    it('deletes the old subscription when the settings change on redeploy, and never holds two', async function () {
      await nr.deploy(flows({ ...usersTrigger, changeType: 'deleted' }, groupsTrigger));
      const users = await until(
        async () => {
          const list = (await sim.control.subscriptions()).filter((s) => s.resource === '/users');
          return list.length === 1 && list[0].id !== sub.id && list;
        },
        15000,
        'a new subscription instead of the old one',
      );
      users[0].changeType.should.equal('deleted');
    });

    it('deletes its subscription and releases its route when the node is removed', async function () {
      await nr.deploy(flows());
      await until(async () => (await sim.control.subscriptions()).length === 0, 10000, 'no subscriptions');
      (await nr.httpNode('POST', usersPath, { value: [] })).status.should.equal(404);
      (await nr.httpNode('POST', '/hooks/groups', { value: [] })).status.should.equal(404);
    });
  });

  describe('webhook mode', function () {
    it('receives for a subscription managed elsewhere: validation, clientState check, 202, emit', async function () {
      await sim.control.reset();
      const hook = {
        id: 'e2e-hook',
        type: 'entra-trigger',
        z: 'e2e-tab',
        connection: 'e2e-conn',
        resource: 'webhook',
        path: '/hooks/mine',
        credentials: { clientState: 'webhook-secret' },
        wires: [['e2e-emit']],
      };
      await nr.deploy(flows(hook));
      // Node-RED 5 logs "Started flows" before every route is in place: wait for ours (405 to GET).
      await until(async () => (await nr.httpNode('GET', '/hooks/mine')).status === 405, 10000, 'the webhook route');
      const created = await graph('POST', '/subscriptions', {
        changeType: 'updated',
        resource: '/users',
        notificationUrl: `${nr.url}/hooks/mine`,
        clientState: 'webhook-secret',
        expirationDateTime: new Date(Date.now() + 600000).toISOString(),
      });
      created.status.should.equal(201, created.text);
      const mark = nr.logMark();
      const diego = (await graph('GET', '/users/DiegoS@contoso.onmicrosoft.com')).body;
      await graph('PATCH', `/users/${diego.id}`, { jobTitle: 'webhook' });
      await mark.waitFor(new RegExp(`EMIT .*Users/${diego.id}`), 10000);
      // Verified, then removed: the flow's msgs never show the secret.
      mark.text().should.not.match(/webhook-secret/);
      const forged = await nr.httpNode('POST', '/hooks/mine', {
        value: [{ clientState: 'nope', changeType: 'updated', resource: 'Users/forged-hook' }],
      });
      forged.status.should.equal(202);
      await mark.waitFor(/wrong clientState/, 5000);
      mark.text().should.not.match(/forged-hook/);
      await graph('DELETE', `/subscriptions/${created.body.id}`);
      await nr.deploy(flows());
    });
  });

  describe('polling mode', function () {
    it('resumes from the stored deltaLink across a restart: a change made while down is reported, nothing twice', async function () {
      this.timeout(120000);
      await sim.control.reset();
      const poll = {
        id: 'e2e-poll',
        type: 'entra-trigger',
        z: 'e2e-tab',
        connection: 'e2e-conn',
        resource: 'users',
        delivery: 'polling',
        pollIntervalSeconds: 0.3,
        changeType: 'updated,deleted',
        wires: [['e2e-emit']],
      };
      let mark = nr.logMark();
      await nr.deploy(flows(poll));
      await until(async () => (await requests('GET', /\/users\/delta$/)).length >= 2, 10000, 'two polls');
      const before = (
        await graph('POST', '/users', {
          accountEnabled: true,
          displayName: 'Before restart',
          mailNickname: 'beforerestart',
          userPrincipalName: 'beforerestart@contoso.com',
          passwordProfile: { password: 'Aa1!aaaaaa' },
        })
      ).body;
      await mark.waitFor(new RegExp(`EMIT .*Users/${before.id}`), 10000);
      await nr.stop();
      const during = (
        await graph('POST', '/users', {
          accountEnabled: true,
          displayName: 'While down',
          mailNickname: 'whiledown',
          userPrincipalName: 'whiledown@contoso.com',
          passwordProfile: { password: 'Aa1!aaaaaa' },
        })
      ).body;
      mark = nr.logMark();
      await nr.restart();
      await mark.waitFor(new RegExp(`EMIT .*Users/${during.id}`), 15000);
      await until(async () => (await requests('GET', /\/users\/delta$/)).length >= 6, 10000, 'more polls');
      const after = emitted(mark.text());
      after.filter((m) => m.payload.resource === `Users/${during.id}`).length.should.equal(1);
      after.filter((m) => m.payload.resource === `Users/${before.id}`).length.should.equal(0);
      after.find((m) => m.payload.resource === `Users/${during.id}`).resource.displayName.should.equal('While down');
      mark.text().should.match(/resuming users delta from the stored deltaLink/);
      await nr.deploy(flows());
    });
  });
});
