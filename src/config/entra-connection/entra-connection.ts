// The entra-connection config node: where to sign in, with which app, and the one GraphClient
// that every node using this connection shares (one token cache, one retry policy).
import type { SharedTokenSource } from '../../lib/auth';
import { buildTokenSource, settingsFromConfig } from '../../lib/connection-settings';
import { resolveEndpoints } from '../../lib/clouds';
import type { EntraConnection } from '../../lib/connection';
import { GraphClient } from '../../lib/graph-client';
import { readJsonBody } from '../../lib/http-body';
import type { NodeDefBase, RED, RedNode } from '../../lib/red';

/** Node-RED sends this in place of a password credential the editor did not change. */
const UNCHANGED_PASSWORD = '__PWRD__';

export = function (RED: RED) {
  function EntraConnectionNode(this: RedNode & EntraConnection & { tokens?: SharedTokenSource }, config: NodeDefBase) {
    RED.nodes.createNode(this, config);
    const node = this;
    const settings = settingsFromConfig(config);
    const users = new Map<string, { id: string; status(s: object): void }>();
    node.tenantId = settings.tenantId;
    node.webhookBaseUrl = settings.webhookBaseUrl ?? '';
    node.maxRetries = settings.maxRetries;
    node.retryBaseDelayMs = settings.retryBaseDelayMs;
    node.addUser = (user) => users.set(user.id, user);
    node.removeUser = (user) => users.delete(user.id);
    try {
      const endpoints = resolveEndpoints(settings.cloud, settings.authorityHost, settings.graphBaseUrl);
      node.graphBaseUrl = endpoints.graphBaseUrl;
      node.tokens = buildTokenSource(node.id, settings, node.credentials ?? {});
      node.client = new GraphClient({
        baseUrl: endpoints.graphBaseUrl,
        tokens: node.tokens,
        maxRetries: settings.maxRetries,
        retryBaseDelayMs: settings.retryBaseDelayMs,
        timeoutMs: settings.timeoutSeconds * 1000,
        log: (line) => node.log(line),
      });
    } catch (err) {
      node.configError = err as Error;
      node.graphBaseUrl = settings.graphBaseUrl ?? '';
      node.error(`Connection settings: ${(err as Error).message}`);
    }
    node.on('close', (_removed: boolean, done: () => void) => {
      Promise.resolve(node.tokens?.close()).finally(() => done());
    });
  }

  RED.nodes.registerType('entra-connection', EntraConnectionNode, {
    credentials: {
      clientId: { type: 'text' },
      clientSecret: { type: 'password' },
      certificate: { type: 'password' },
    },
  });

  // "Test connection" in the dialog: acquire a token with the values being edited (stored
  // credentials stand in for passwords the editor did not change).
  RED.httpAdmin.post('/entra-connection/test', RED.auth.needsPermission('entra-connection.write'), async (req: any, res: any) => {
    try {
      const body = (await readJsonBody<Record<string, any>>(req, 256 * 1024)) ?? {};
      const stored = (body.id && RED.nodes.getCredentials(body.id)) || {};
      const credentials: Record<string, any> = {};
      for (const name of ['clientId', 'clientSecret', 'certificate']) {
        const given = body[name];
        credentials[name] = given === undefined || given === '' || given === UNCHANGED_PASSWORD ? stored[name] : given;
        credentials[name] = expandEnv(credentials[name]);
      }
      const settings = settingsFromConfig(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, expandEnv(v)])));
      const tokens = buildTokenSource(body.id || 'test', settings, credentials);
      await tokens.getAccessToken();
      await tokens.close();
      res.json({ ok: true, message: `Signed in: the identity platform issued a token for ${resolveEndpoints(settings.cloud, settings.authorityHost, settings.graphBaseUrl).defaultScope}` });
    } catch (err) {
      res.json({ ok: false, message: (err as Error).message });
    }
  });
};

/** `${NAME}` typed in the dialog, as Node-RED resolves it for deployed nodes. */
function expandEnv(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^\$\{(\S+)\}$/.exec(value);
  return m && process.env[m[1]] !== undefined ? process.env[m[1]] : value;
}
