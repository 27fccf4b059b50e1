// State that must outlive a Node-RED restart without a deploy (a trigger's subscription, a
// delegated connection's token cache, a polling deltaLink): one small file per key in
// `<userDir>/.entra-id/`, encrypted (AES-256-GCM) with a key derived from Node-RED's own
// credential secret, so it is as safe as flows_cred.json and never lands in flows.json.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { RED } from './red';

const VERSION = 1;

export class SecureStore {
  constructor(private readonly dir: string, private readonly key: Buffer) {}

  private file(name: string): string {
    // Names are node ids and fixed words: hash them so any id is a safe file name.
    return path.join(this.dir, `${createHash('sha256').update(name).digest('hex').slice(0, 32)}.json`);
  }

  async get<T = unknown>(name: string): Promise<T | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.file(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const { v, iv, tag, data } = JSON.parse(text);
      if (v !== VERSION) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as T;
    } catch {
      // Written with another credential secret, or damaged: as good as absent.
      return undefined;
    }
  }

  async set(name: string, value: unknown): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(value), 'utf8')), cipher.final()]);
    const record = { v: VERSION, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
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

/** The store of this Node-RED instance (one per userDir). */
export function secureStore(RED: RED): SecureStore {
  const userDir: string = RED.settings.userDir || process.cwd();
  return new SecureStore(path.join(userDir, '.entra-id'), storeKey(RED));
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
