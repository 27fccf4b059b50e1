// State that must outlive a Node-RED restart without a deploy (a trigger's subscription, a
// delegated connection's token cache, a polling deltaLink), encrypted (AES-256-GCM) with a key
// derived from Node-RED's own credential secret, so it is as safe as flows_cred.json and never
// lands in flows.json. Two backends:
// - FileBackend (the default): one small file per key in `<userDir>/.entra-id/`;
// - ContextBackend, when settings.js names a context store in `entraStateStore`: the global context
//   of that store (e.g. Redis), shared by every Node-RED copy that runs the same flows with the same
//   credentialSecret (README "Running several instances"). `store.shared` tells the users that other
//   processes may write the same keys: they re-read before acting.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ContextStore, RED } from './red';
import { t } from './i18n';

const VERSION = 1;

/** What the package keeps across restarts, whichever backend holds it. */
export interface StateStore {
  /** true: other Node-RED processes read and write the same keys (a shared context store). */
  readonly shared: boolean;
  get<T = unknown>(name: string): Promise<T | undefined>;
  set(name: string, value: unknown): Promise<void>;
  delete(name: string): Promise<void>;
}

interface Sealed {
  v: number;
  iv: string;
  tag: string;
  data: string;
}

function seal(key: Buffer, value: unknown): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(value), 'utf8')), cipher.final()]);
  return { v: VERSION, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function unseal<T>(key: Buffer, record: unknown): T | undefined {
  try {
    const { v, iv, tag, data } = (typeof record === 'string' ? JSON.parse(record) : record) as Sealed;
    if (v !== VERSION) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  } catch {
    // Written with another credential secret, or damaged: as good as absent.
    return undefined;
  }
}

/** Names are node ids and fixed words: hashed, so any id is a safe file name or context key. */
function hashedName(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 32);
}

export class FileBackend implements StateStore {
  readonly shared = false;

  constructor(
    private readonly dir: string,
    private readonly key: Buffer,
  ) {}

  private file(name: string): string {
    return path.join(this.dir, `${hashedName(name)}.json`);
  }

  async get<T = unknown>(name: string): Promise<T | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.file(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    return unseal<T>(this.key, text);
  }

  async set(name: string, value: unknown): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const record = seal(this.key, value);
    // Write then rename: a crash never leaves half a file.
    const target = this.file(name);
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(temp, JSON.stringify(record), { mode: 0o600 });
    await fs.rename(temp, target);
  }

  async delete(name: string): Promise<void> {
    await fs.rm(this.file(name), { force: true });
  }
}

/** The file backend under its first name (tests and older code construct it directly). */
export { FileBackend as SecureStore };

/** Keys in the context store start with this, so they are easy to tell from the flows' own. */
const CONTEXT_PREFIX = 'entra-id-state-';

/**
 * The global context of one named context store (settings.js `contextStorage`), values sealed as
 * in the files. The store plugin decides where they live (Redis, a database…): Node-RED's memory
 * and localfilesystem stores are per process and share nothing.
 */
export class ContextBackend implements StateStore {
  readonly shared = true;

  constructor(
    private readonly context: ContextStore,
    readonly storeName: string,
    private readonly key: Buffer,
  ) {}

  get<T = unknown>(name: string): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.context.get(CONTEXT_PREFIX + hashedName(name), this.storeName, (err, value) => {
        if (err) reject(err);
        else resolve(value === undefined || value === null ? undefined : unseal<T>(this.key, value));
      });
    });
  }

  set(name: string, value: unknown): Promise<void> {
    return this.write(name, seal(this.key, value));
  }

  delete(name: string): Promise<void> {
    return this.write(name, undefined);
  }

  private write(name: string, value: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      this.context.set(CONTEXT_PREFIX + hashedName(name), value, this.storeName, (err) => (err ? reject(err) : resolve()));
    });
  }
}

/** The context store named by settings.js `entraStateStore`, or undefined (files in the userDir). */
export function stateStoreName(RED: RED): string | undefined {
  const name = RED.settings.entraStateStore;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** Something that reaches the global context: any deployed node. */
export interface ContextOwner {
  context(): { global: ContextStore };
}

/** The global context of the last node seen: the same for every node of this runtime. */
let lastGlobal: ContextStore | undefined;

/**
 * The store for state that every copy of the flows should share (a trigger's subscription and
 * deltaLink, a delegated connection's token cache): the context store named by `entraStateStore`
 * when set, else the files of this userDir. `node` reaches the global context; null (a node not
 * deployed, e.g. a sign-in from the dialog) uses the one of a node seen before. Without `node`
 * the store is always this instance's files (state that belongs to this process).
 */
export function secureStore(RED: RED, node?: ContextOwner | null): StateStore {
  const name = node === undefined ? undefined : stateStoreName(RED);
  if (!name) {
    const userDir: string = RED.settings.userDir || process.cwd();
    return new FileBackend(path.join(userDir, '.entra-id'), storeKey(RED));
  }
  const configured = RED.settings.contextStorage as Record<string, unknown> | undefined;
  if (!configured || typeof configured !== 'object' || !(name in configured)) {
    throw new Error(t('errors.stateStore.missing', { name }));
  }
  const global = node?.context?.().global ?? lastGlobal;
  if (!global) throw new Error(t('errors.stateStore.notDeployed', { name }));
  if (node) lastGlobal = global;
  return new ContextBackend(global, name, storeKey(RED));
}

/**
 * secureStore(RED, node) for callers that must go on when `entraStateStore` is misconfigured: the
 * error goes to the log once and this instance's files stand in (nothing is shared then).
 */
export function sharedStore(RED: RED, node: ContextOwner | null): StateStore {
  try {
    return secureStore(RED, node);
  } catch (err) {
    const message = (err as Error).message;
    if (!reported.has(message)) {
      reported.add(message);
      RED.log.error(t('log.stateStore', { reason: message }));
    }
    return secureStore(RED);
  }
}
const reported = new Set<string>();

/**
 * A secret derived from the credential secret: the same on every Node-RED that has the same
 * credentialSecret (e.g. a trigger's clientState shared by every copy), different per `label`.
 */
export function derivedSecret(RED: RED, label: string): string {
  return createHmac('sha256', storeKey(RED)).update(`derived:${label}`).digest('base64url');
}

function storeKey(RED: RED): Buffer {
  const settings = RED.settings;
  let secret: unknown = settings.credentialSecret;
  if (secret === undefined || secret === null || secret === '') {
    // Node-RED generated its own secret (kept in .config.runtime.json) when none was set.
    try {
      secret = settings.get?.('_credentialSecret');
    } catch {
      secret = undefined;
    }
  }
  // credentialSecret: false means the user chose unencrypted credentials: the store follows
  // that choice with a fixed key (still not readable as plain text in the file).
  const material = typeof secret === 'string' && secret ? secret : 'node-red-entra-id:unencrypted-credentials';
  return createHash('sha256').update(`node-red-entra-id:${material}`).digest();
}
