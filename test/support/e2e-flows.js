'use strict';
// Pieces of the flows e2e specs deploy to a real Node-RED next to the simulator, and of what they read back.
//   simulatorConnection('eu-conn', { maxRetries: 2 })   // entra-connection on the ENTRA_* variables (simulatorEnv)
//   simulatorCredentials(sim)                           // the app's clientId/clientSecret as literal credentials
//   graphRequest(sim, token, 'PATCH', `/users/${id}`, body)   // Graph on the simulator over HTTPS, with a token
//   emitted(mark.text())                                // msgs a function node logged as "EMIT {json}"
//   fromMsgPayload(['userId', 'select'])                // node inputs read from msg.payload.<name>
//   await httpNodeWhenRouted(nr, 'POST', '/eu/get', body) // nr.httpNode, once the http-in route is in place
const { httpRequest } = require('./node-red-process');

/**
 * An entra-connection config node (client credentials) that reads tenant, authority and Graph URL
 * from the environment simulatorEnv(sim) sets, and by default its credentials too; `props` adds
 * to it or replaces (maxRetries, webhookBaseUrl, credentials, …).
 */
function simulatorConnection(id, props = {}) {
  return {
    id,
    type: 'entra-connection',
    name: 'Simulator',
    authType: 'clientCredentials',
    tenantId: '${ENTRA_TENANT_ID}',
    cloud: 'custom',
    authorityHost: '${ENTRA_AUTHORITY_HOST}',
    graphBaseUrl: '${ENTRA_GRAPH_BASE_URL}',
    credentials: { clientId: '${ENTRA_CLIENT_ID}', clientSecret: '${ENTRA_CLIENT_SECRET}' },
    ...props,
  };
}

/** The simulator app's credentials, as literal values (not environment references). */
const simulatorCredentials = (sim) => ({ clientId: sim.clientId, clientSecret: sim.clientSecret });

/** A request to the simulator's Graph with a bearer `token` → { status, body, text }. */
const graphRequest = (sim, token, method, p, body) =>
  httpRequest(`${sim.graphBaseUrl}${p}`, { method, body, headers: { Authorization: `Bearer ${token}` } });

/** The msgs a function node logged with node.warn('EMIT ' + JSON.stringify(…)), in log `text`. */
const emitted = (text) => [...text.matchAll(/EMIT (\{.*\})\s*$/gm)].map((m) => JSON.parse(m[1]));

/** Node properties that read each input `name` from msg.payload.<name> (typed input "msg"). */
const fromMsgPayload = (names) =>
  Object.fromEntries(
    names.flatMap((n) => [
      [n, `payload.${n}`],
      [`${n}Type`, 'msg'],
    ]),
  );

/**
 * nr.httpNode(method, path, body, opts), asked again (up to 50 times, 100 ms apart) while Node-RED
 * answers 404 "Cannot POST": it may log "Started flows" a moment before an http-in route is registered.
 */
async function httpNodeWhenRouted(nr, method, p, body, opts) {
  for (let tries = 0; ; tries++) {
    const r = await nr.httpNode(method, p, body, opts);
    if (r.status === 404 && /Cannot POST/.test(r.text) && tries < 50) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    return r;
  }
}

module.exports = { simulatorConnection, simulatorCredentials, graphRequest, emitted, fromMsgPayload, httpNodeWhenRouted };
