// The connection as the editor's dialog currently shows it (it may not be deployed yet): the
// values typed in, `${ENV}` resolved as Node-RED resolves deployed nodes, and the stored
// credentials standing in for passwords the dialog did not change — but a stored secret or
// certificate only when the dialog's sign-in host is the one it was saved with (secret-binding).
import { notForAuthorityError, rebindTypedSecret, storedSecretAllowed } from '../../lib/auth/secret-binding';
import { resolveEndpoints } from '../../lib/clouds';
import { ConnectionSettings, settingsFromConfig } from '../../lib/connection-settings';
import type { RED } from '../../lib/red';
import { secureStore } from '../../lib/secure-store';

/** Node-RED sends this in place of a password credential the editor did not change. */
export const UNCHANGED_PASSWORD = '__PWRD__';

const CREDENTIALS = ['clientId', 'clientSecret', 'certificate', 'federatedTokenFile'];
const SECRETS = ['clientSecret', 'certificate', 'federatedTokenFile'];

export interface DialogValues {
  id: string;
  settings: ConnectionSettings;
  credentials: Record<string, unknown>;
}

export async function dialogValues(RED: RED, body: Record<string, any>, id = String(body.id ?? '')): Promise<DialogValues> {
  const stored = (id && RED.nodes.getCredentials(id)) || {};
  const credentials: Record<string, unknown> = {};
  const fromStore: string[] = [];
  for (const name of CREDENTIALS) {
    const given = body[name];
    const keep = given === undefined || given === '' || given === UNCHANGED_PASSWORD;
    if (keep && SECRETS.includes(name) && stored[name]) fromStore.push(name);
    credentials[name] = expandEnv(keep ? stored[name] : given);
  }
  const settings = settingsFromConfig(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, expandEnv(v)])));
  // Device code is a public client flow: it sends no secret, so none is handed to it.
  if (settings.authType === 'deviceCode') for (const name of SECRETS) delete credentials[name];
  const hasStoredSecret = SECRETS.some((name) => stored[name]);
  if (id && hasStoredSecret && settings.authType !== 'deviceCode') {
    const authority = resolveEndpoints(settings.cloud, settings.authorityHost, settings.graphBaseUrl).authorityHost;
    const store = secureStore(RED);
    // A connection deployed a moment ago may still be writing its binding.
    await (RED.nodes.getNode(id) as { secretBinding?: Promise<void> } | null)?.secretBinding;
    // The deployed node sees `${ENV}` credentials expanded: compare what it sees.
    const storedSecrets = Object.fromEntries(SECRETS.map((name) => [name, expandEnv(stored[name])]));
    if (fromStore.length > 0) {
      if (!(await storedSecretAllowed(store, id, storedSecrets, authority))) throw notForAuthorityError();
    } else {
      // Every secret was typed: when it is the stored one, whoever typed it knows it, and it may
      // now go to this sign-in host (also after the next deploy).
      const typed = Object.fromEntries(SECRETS.map((name) => [name, expandEnv(body[name])]));
      await rebindTypedSecret(store, id, typed, storedSecrets, authority);
    }
  }
  return { id, settings, credentials };
}

/** `${NAME}` typed in the dialog, as Node-RED resolves it for deployed nodes. */
export function expandEnv(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^\$\{(\S+)\}$/.exec(value);
  return m && process.env[m[1]] !== undefined ? process.env[m[1]] : value;
}
