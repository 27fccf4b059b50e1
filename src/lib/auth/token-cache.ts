// msal-node's token cache for a delegated connection (account, refresh token, access tokens),
// persisted encrypted through a key-value store (src/lib/secure-store.ts) on every change, so a
// rotated refresh token survives a Node-RED restart without a deploy. Never flows.json, never
// context, never only memory.
//
// Several msal app instances may share one cache key in a process (the deployed connection, and the
// admin endpoints signing in with the dialog's values before a deploy): a write by one makes the
// others reload from the store before their next access. A shared store (settings.js
// `entraStateStore`: several Node-RED copies) is re-read before every access instead: a sign-in or a
// rotated refresh token written by another process is seen at once.
import { EventEmitter } from 'events';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';

export interface KeyValueStore {
  get<T = unknown>(name: string): Promise<T | undefined>;
  set(name: string, value: unknown): Promise<void>;
  delete(name: string): Promise<void>;
  /** Other processes write the same keys. */
  readonly shared?: boolean;
}

/** An msal cache with nothing in it (deserializing it empties the in-memory cache). */
export const EMPTY_CACHE = JSON.stringify({ Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} });

const changes = new EventEmitter();
changes.setMaxListeners(0);

export function tokenCacheKey(connectionId: string): string {
  return `entra-connection:${connectionId}:token-cache`;
}

export interface CachedAccount {
  username: string;
  name?: string;
  homeAccountId: string;
  tenantId?: string;
}

export class PersistentTokenCache implements ICachePlugin {
  /** The in-memory msal cache matches the store. */
  private loaded = false;
  private readonly onChange = (origin: unknown) => {
    if (origin !== this) this.loaded = false;
  };
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: KeyValueStore,
    readonly key: string,
  ) {
    changes.on(key, this.onChange);
  }

  /** The cache as last read from or written to the store. */
  private snapshot = EMPTY_CACHE;

  // msal-node clears its in-memory cache before silent lookups and expects this to fill it every
  // time (TokenCache.overwriteCache): deserialize always, read the file only when it changed.
  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!this.loaded || this.store.shared) {
      const data = await this.store.get<string>(this.key);
      this.snapshot = typeof data === 'string' && data ? data : EMPTY_CACHE;
      this.loaded = true;
    }
    context.tokenCache.deserialize(this.snapshot);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    this.snapshot = context.tokenCache.serialize();
    await this.store.set(this.key, this.snapshot);
    changes.emit(this.key, this);
  }

  /** Forgets everything (sign out): the store entry and every instance's memory. */
  async clear(): Promise<void> {
    await this.store.delete(this.key);
    this.loaded = false;
    changes.emit(this.key, this);
  }

  /** The accounts in the stored cache (msal's memory may still hold accounts signed out elsewhere). */
  async accounts(): Promise<CachedAccount[]> {
    if (!this.loaded || this.store.shared) {
      const data = await this.store.get<string>(this.key);
      this.snapshot = typeof data === 'string' && data ? data : EMPTY_CACHE;
      this.loaded = true;
    }
    return accountsOf(this.snapshot);
  }

  /** Called after any instance in this process changed the cache (sign-in, refresh, sign-out). */
  onChanged(listener: () => void): void {
    const wrapped = () => listener();
    this.listeners.add(wrapped);
    changes.on(this.key, wrapped);
  }

  close(): void {
    changes.off(this.key, this.onChange);
    for (const l of this.listeners) changes.off(this.key, l);
    this.listeners.clear();
  }
}

export async function readCachedAccounts(store: KeyValueStore, key: string): Promise<CachedAccount[]> {
  const data = await store.get<string>(key);
  return typeof data === 'string' && data ? accountsOf(data) : [];
}

function accountsOf(data: string): CachedAccount[] {
  try {
    const parsed = JSON.parse(data) as {
      Account?: Record<string, { username?: string; name?: string; home_account_id?: string; realm?: string }>;
    };
    return Object.values(parsed.Account ?? {}).map((a) => ({
      username: a.username ?? '',
      name: a.name,
      homeAccountId: a.home_account_id ?? '',
      tenantId: a.realm,
    }));
  } catch {
    return [];
  }
}
