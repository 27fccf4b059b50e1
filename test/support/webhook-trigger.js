'use strict';
// An entra-trigger in webhook mode loaded with the test helper, and Graph-shaped notifications posted to it.
//   const t = await loadWebhookTrigger(sim, { path: '/wh', clientState: 'state', trigger: { fetchResource: true } });
//   await postNotifications(t.httpNode, '/wh', userNotifications(userIds(5), 'state', sim.tenantId)).expect(202);
const supertest = require('supertest');
const { helper, connection, packageNodes } = require('./helper');

/**
 * A flow of one webhook-mode entra-trigger (id "trigger", its `path`, its Client state in the
 * credentials) wired to a helper node "out", on a connection "wh-conn" to the simulator. Resolves
 * with { httpNode, flow, credentials }: httpNode is the helper's app the endpoint lives on; flow
 * and credentials deploy the same again (a full redeploy).
 */
async function loadWebhookTrigger(sim, { path, clientState, trigger = {}, conn = {} }) {
  let httpNode;
  const grab = (RED) => {
    httpNode = RED.httpNode;
  };
  const c = connection(sim, { id: 'wh-conn', ...conn });
  const flow = [
    { id: 'f1', type: 'tab' },
    c.node,
    {
      id: 'trigger',
      z: 'f1',
      x: 100,
      y: 100,
      type: 'entra-trigger',
      connection: c.node.id,
      resource: 'webhook',
      path,
      wires: [['out']],
      ...trigger,
    },
    { id: 'out', z: 'f1', x: 100, y: 100, type: 'helper' },
  ];
  const credentials = { ...c.credentials, trigger: { clientState } };
  await new Promise((resolve) => helper.load(packageNodes().concat(grab), flow, credentials, resolve));
  return { httpNode, flow, credentials };
}

/** `n` made-up user ids, numbered from `from` (…-000000000000, …-000000000001, …). */
const userIds = (n, from = 0) => Array.from({ length: n }, (_, i) => `0a6f2c1e-4b8d-4e2a-9f3c-${String(from + i).padStart(12, '0')}`);

/** "updated" change notifications for the users `ids`, as Graph posts them to a webhook. */
const userNotifications = (ids, clientState, tenantId) =>
  ids.map((id) => ({
    subscriptionId: 'sub-1',
    clientState,
    changeType: 'updated',
    resource: `Users/${id}`,
    resourceData: { '@odata.type': '#Microsoft.Graph.User', id },
    tenantId,
  }));

/** POSTs { value: notifications } to the webhook at `path`: a supertest request (await it, or .expect()). */
const postNotifications = (httpNode, path, notifications) => supertest(httpNode).post(path).send({ value: notifications });

module.exports = { loadWebhookTrigger, userIds, userNotifications, postNotifications };
