'use strict';
// Issue 11 item 13: in-flight work ends with its node. A close (redeploy, stop) cancels what a
// msg has not sent yet (a request waiting out a Retry-After, the rest of a bulk add), lets a
// request already on the wire finish, and writes one warning per interrupted msg saying what was
// done. Against the simulator; its recorded requests show what Graph received.
require('should');
const { helper, useSimulator, nodeFlow, nodeSettings } = require('../support/helper');
const { loadSimulator } = require('../support/certs');
const { until } = require('../support/until');
const { holdRequests } = require('../support/held-requests');
const { loadWebhookTrigger, userIds, userNotifications, postNotifications } = require('../support/webhook-trigger');

describe('in-flight work ends with its node (close = redeploy)', function () {
  this.timeout(20000);
  let sim;
  const { seedIds, largeUserId } = loadSimulator();
  const IT_ADMINS = seedIds.group('itadmins');
  const ADELE = seedIds.user('adele');

  useSimulator((s) => {
    sim = s;
  });

  // A timeout long enough for a 15 s Retry-After to be waited out rather than refused.
  const flow = (type, props) => nodeFlow(sim, type, props, { conn: { timeoutSeconds: 60, maxRetries: 3 } });
  const graph = async (method, pathRe) => (await sim.control.requests()).filter((r) => r.method === method && pathRe.test(r.path));

  /** What the warning of a cancelled list says of the ids not done. */
  const NOT_DONE = 'not carried out (not sent yet, or throttled by Graph and not sent again)';

  /** The node's warnings (node.warn), and whatever reaches its output or its Catch node. */
  function watch(n) {
    const warnings = [];
    const orig = n.node.warn.bind(n.node);
    n.node.warn = (w) => {
      warnings.push(String(w));
      orig(w);
    };
    const outputs = [];
    n.out.on('input', (m) => outputs.push(['output', m]));
    n.caught.on('input', (m) => outputs.push(['error', m]));
    return { warnings, outputs };
  }

  /** Closes every node as a redeploy does; resolves with how long the close took. */
  async function redeploy() {
    const start = Date.now();
    await helper.unload();
    return Date.now() - start;
  }

  /** The node shows the connection's 429 hold: the request is waiting out its Retry-After. */
  function waitingOutRetryAfter(node) {
    let throttled = false;
    const orig = node.status.bind(node);
    node.status = (s) => {
      if (s && /throttled, retry in/.test(s.text || '')) throttled = true;
      orig(s);
    };
    return () => throttled;
  }

  it('a DELETE waiting out Retry-After is not sent after close, and the close returns at once', async function () {
    const n = await flow('entra-user', { operation: 'delete', userId: ADELE });
    const { warnings, outputs } = watch(n);
    const throttled = waitingOutRetryAfter(n.node);
    // Retry-After 2 (not 15) so that the test can see, within seconds, that the retry never comes.
    await sim.control.addFault({ method: 'DELETE', path: '^/v1.0/users/', status: 429, retryAfter: '2' });
    n.node.receive({ payload: 'delete Adele' });
    await until(throttled, 8000, 'the DELETE to wait out its Retry-After');
    const took = await redeploy();
    took.should.be.below(1000);
    // Past the Retry-After: the retry was never sent.
    await new Promise((r) => setTimeout(r, 2500));
    const deletes = await graph('DELETE', /^\/v1\.0\/users\//);
    deletes.map((r) => r.status).should.eql([429]);
    sim.state.users.has(ADELE).should.be.true();
    warnings.should.have.length(1);
    warnings[0].should.match(
      /^entra-user delete cancelled by redeploy \(the node closed\) after 1 answer\(s\) from Graph \(the last 429\)/,
    );
    warnings[0].should.match(/no further request was sent/);
    outputs.should.eql([]);
  });

  /** The simulator's large tenant with `count` users: their ids. */
  async function largeTenant(count) {
    await sim.control.reset({ seed: 'large', largeUserCount: count });
    return Array.from({ length: count }, (_, i) => largeUserId(i));
  }

  /** An addMember of the list in msg.payload to IT Admins, in a flow whose connection waits out a 15 s Retry-After. */
  const addMembersFlow = () =>
    flow('entra-group', { operation: 'addMember', groupId: IT_ADMINS, groupMemberOdataId: 'payload', groupMemberOdataIdType: 'msg' });

  it('a bulk add of 100 members cancelled by close warns once with how many of how many and which were added, and sends nothing more', async function () {
    const list = await largeTenant(100);
    const n = await addMembersFlow();
    const { warnings, outputs } = watch(n);
    const throttled = waitingOutRetryAfter(n.node);
    // Chunks 1 and 2 (40 members) go through; chunk 3 is throttled with Retry-After: 15.
    await sim.control.addFault({ method: 'PATCH', path: '^/v1.0/groups/', status: 429, retryAfter: '15', skip: 2 });
    n.node.receive({ payload: list });
    await until(throttled, 8000, 'the third chunk to wait out its Retry-After');
    const took = await redeploy();
    took.should.be.below(1000);
    const patches = await graph('PATCH', /^\/v1\.0\/groups\//);
    patches.map((r) => r.status).should.eql([204, 204, 429]);
    (await graph('POST', /\$batch/)).should.eql([]);
    [...sim.state.members.get(IT_ADMINS)].should.containDeep(list.slice(0, 40));
    [...sim.state.members.get(IT_ADMINS)].should.not.containDeep([list[40]]);
    warnings.should.eql([
      `entra-group addMember cancelled by redeploy (the node closed) after 40 of 100; added: ${list.slice(0, 40).join(', ')}; ${NOT_DONE}: ${list.slice(40).join(', ')}; no further request was sent`,
    ]);
    outputs.should.eql([]);
  });

  it('a bulk add whose refused PATCH is retried member by member through $batch, two of them throttled: cancelled by close while they wait, one warning naming the 18 added and the 7 not carried out', async function () {
    const list = await largeTenant(25);
    const n = await addMembersFlow();
    const { warnings, outputs } = watch(n);
    // The first PATCH (20 members) is refused: the node adds them one by one through $batch, where
    // the 6th and the 7th are throttled with Retry-After: 15.
    await sim.control.addFault({
      method: 'PATCH',
      path: `^/v1\\.0/groups/${IT_ADMINS}$`,
      status: 400,
      body: { error: { code: 'Request_BadRequest', message: 'One of the references is refused.' } },
    });
    await sim.control.addFault({
      method: 'POST',
      path: `^/v1\\.0/groups/${IT_ADMINS}/members/\\$ref$`,
      status: 429,
      retryAfter: '15',
      skip: 5,
      count: 2,
    });
    n.node.receive({ payload: list });
    await until(async () => (await graph('POST', /\$batch$/)).length === 1, 8000, 'the $batch answered');
    const took = await redeploy();
    took.should.be.below(1000);
    (await graph('PATCH', /^\/v1\.0\/groups\//)).map((r) => r.status).should.eql([400]);
    (await graph('POST', /\$batch$/)).map((r) => r.status).should.eql([200]);
    const throttled = [list[5], list[6]];
    const added = list.slice(0, 20).filter((id) => !throttled.includes(id));
    const members = sim.state.members.get(IT_ADMINS);
    list.filter((id) => members.has(id)).should.eql(added);
    warnings.should.eql([
      `entra-group addMember cancelled by redeploy (the node closed) after 18 of 25; added: ${added.join(', ')}; ${NOT_DONE}: ${[...throttled, ...list.slice(20)].join(', ')}; no further request was sent`,
    ]);
    outputs.should.eql([]);
  });

  /** A removeMember of a list from IT Admins, in a flow whose connection waits out a 15 s Retry-After. */
  const removeMembersFlow = () =>
    flow('entra-group', { operation: 'removeMember', groupId: IT_ADMINS, memberId: 'payload', memberIdType: 'msg' });

  it('a removeMember of 25 through $batch whose second $batch waits out a Retry-After: one warning naming the ids removed and not members in the first, and the 5 not carried out', async function () {
    const list = await largeTenant(25);
    // Members, except two of the first $batch (answered 404: not members).
    const notMembers = [list[3], list[7]];
    for (const id of list) if (!notMembers.includes(id)) sim.state.addMember(IT_ADMINS, id);
    const n = await removeMembersFlow();
    const { warnings, outputs } = watch(n);
    const throttled = waitingOutRetryAfter(n.node);
    // The first $batch (20 removals) is served; the second (5) is throttled with Retry-After: 15.
    await sim.control.addFault({ method: 'POST', path: '^/v1\\.0/\\$batch$', status: 429, retryAfter: '15', skip: 1 });
    n.node.receive({ payload: list });
    await until(throttled, 8000, 'the second $batch to wait out its Retry-After');
    const took = await redeploy();
    took.should.be.below(1000);
    (await graph('POST', /\$batch$/)).map((r) => r.status).should.eql([200, 429]);
    const members = sim.state.members.get(IT_ADMINS);
    list
      .slice(0, 20)
      .filter((id) => members.has(id))
      .should.eql([]);
    list
      .slice(20)
      .filter((id) => members.has(id))
      .should.eql(list.slice(20));
    const removed = list.slice(0, 20).filter((id) => !notMembers.includes(id));
    warnings.should.eql([
      `entra-group removeMember cancelled by redeploy (the node closed) after 20 of 25; removed: ${removed.join(', ')}; notMembers: ${notMembers.join(', ')}; ${NOT_DONE}: ${list.slice(20).join(', ')}; no further request was sent`,
    ]);
    outputs.should.eql([]);
  });

  it('a removeMember whose $batch answers two removals 429 (Retry-After 15): cancelled by close while they wait, one warning naming the four removed and the two not carried out', async function () {
    const list = await largeTenant(6);
    for (const id of list) sim.state.addMember(IT_ADMINS, id);
    const n = await removeMembersFlow();
    const { warnings, outputs } = watch(n);
    // Inside the $batch: the removals of the 2nd and the 5th are throttled, every time.
    const throttledIds = [list[1], list[4]];
    await sim.control.addFault({
      method: 'DELETE',
      path: `^/v1\\.0/groups/${IT_ADMINS}/members/(${throttledIds.join('|')})/\\$ref$`,
      status: 429,
      retryAfter: '15',
      count: 0,
    });
    n.node.receive({ payload: list });
    await until(async () => (await graph('POST', /\$batch$/)).length === 1, 8000, 'the $batch answered');
    const took = await redeploy();
    took.should.be.below(1000);
    // The throttled removals were not sent again.
    (await graph('POST', /\$batch$/)).map((r) => r.status).should.eql([200]);
    const members = sim.state.members.get(IT_ADMINS);
    list.filter((id) => members.has(id)).should.eql(throttledIds);
    warnings.should.eql([
      `entra-group removeMember cancelled by redeploy (the node closed) after 4 of 6; removed: ${list
        .filter((id) => !throttledIds.includes(id))
        .join(', ')}; ${NOT_DONE}: ${throttledIds.join(', ')}; no further request was sent`,
    ]);
    outputs.should.eql([]);
  });

  it('a request already on the wire is let finish: the close waits for its answer, and the msg is warned, not sent on', async function () {
    const n = await flow('entra-user', { operation: 'delete', userId: ADELE });
    const { warnings, outputs } = watch(n);
    // The simulator holds the DELETE (it is on the wire) until the fault is removed.
    const hold = await holdRequests(sim, { method: 'DELETE', path: '^/v1.0/users/' });
    n.node.receive({ payload: 'delete Adele' });
    await hold.reached(1, 'the DELETE');
    let closed = false;
    const closing = redeploy().then((ms) => {
      closed = true;
      return ms;
    });
    await new Promise((r) => setTimeout(r, 300));
    closed.should.be.false('the close waits for the request on the wire');
    await hold.release();
    await closing;
    sim.state.users.has(ADELE).should.be.false('the DELETE was served and applied');
    const deletes = await graph('DELETE', /^\/v1\.0\/users\//);
    deletes.map((r) => r.status).should.eql([204]);
    warnings.should.have.length(1);
    warnings[0].should.match(/^entra-user delete completed after the node closed \(redeploy\): its last request was already on the wire/);
    outputs.should.eql([]);
  });

  it('a request on the wire past the close grace is abandoned with one warning; the close still returns', async function () {
    // nodeCloseTimeout 1 s: the close waits half of it for the request on the wire.
    nodeSettings({ nodeCloseTimeout: 1000 });
    try {
      const n = await flow('entra-user', { operation: 'delete', userId: ADELE });
      const { warnings, outputs } = watch(n);
      const hold = await holdRequests(sim, { method: 'DELETE', path: '^/v1.0/users/' });
      n.node.receive({ payload: 'delete Adele' });
      await hold.reached(1, 'the DELETE');
      const took = await redeploy();
      took.should.be.within(400, 3000);
      warnings.should.have.length(1);
      warnings[0].should.match(/^entra-user delete: a request was still on the wire 0\.5 s after the node closed/);
      await hold.release();
      outputs.should.eql([]);
    } finally {
      nodeSettings();
    }
  });

  it('entra-trigger: notifications waiting for their fetchResource GET are not fetched or emitted after close; one warning with the count', async function () {
    const { httpNode } = await loadWebhookTrigger(sim, {
      path: '/wh-closing',
      clientState: 'closing-state',
      trigger: { fetchResource: true },
      conn: { timeoutSeconds: 60 },
    });
    const trigger = helper.getNode('trigger');
    const warnings = [];
    trigger.warn = (w) => warnings.push(String(w));
    const received = [];
    helper.getNode('out').on('input', (m) => received.push(m));
    const pacer = helper.getNode('wh-conn').client.pacer;
    // Every GET of a user is throttled with Retry-After: 15.
    await sim.control.addFault({ method: 'GET', path: '^/v1.0/[Uu]sers/', status: 429, retryAfter: '15', count: 0 });
    await postNotifications(httpNode, '/wh-closing', userNotifications(userIds(5), 'closing-state', sim.tenantId)).expect(202);
    await until(() => pacer.state().state === 'throttled', 8000, 'the first GET to wait out its Retry-After');
    const took = await redeploy();
    took.should.be.below(1000);
    (await graph('GET', /^\/v1\.0\/[Uu]sers\//)).map((r) => r.status).should.eql([429]);
    warnings.should.eql([
      '5 notification message(s) not emitted: the node closed (redeploy) while they waited for their fetchResource GET',
    ]);
    received.should.eql([]);
  });
});
