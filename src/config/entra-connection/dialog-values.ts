// The connection as the editor's dialog currently shows it (it may not be deployed yet): the
// values typed in, `${ENV}` resolved as Node-RED resolves deployed nodes, and the stored
// credentials standing in for passwords the dialog did not change.
import { ConnectionSettings, settingsFromConfig } from '../../lib/connection-settings';
import type { RED } from '../../lib/red';

/** Node-RED sends this in place of a password credential the editor did not change. */
export const UNCHANGED_PASSWORD = '__PWRD__';

const CREDENTIALS = ['clientId', 'clientSecret', 'certificate', 'federatedTokenFile'];

export interface DialogValues {
  id: string;
  settings: ConnectionSettings;
  credentials: Record<string, unknown>;
}

export function dialogValues(RED: RED, body: Record<string, any>, id = String(body.id ?? '')): DialogValues {
  const stored = (id && RED.nodes.getCredentials(id)) || {};
  const credentials: Record<string, unknown> = {};
  for (const name of CREDENTIALS) {
    const given = body[name];
    const value = given === undefined || given === '' || given === UNCHANGED_PASSWORD ? stored[name] : given;
    credentials[name] = expandEnv(value);
  }
  const settings = settingsFromConfig(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, expandEnv(v)])));
  return { id, settings, credentials };
}

/** `${NAME}` typed in the dialog, as Node-RED resolves it for deployed nodes. */
export function expandEnv(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^\$\{(\S+)\}$/.exec(value);
  return m && process.env[m[1]] !== undefined ? process.env[m[1]] : value;
}
