// What the Entra ID nodes of this Node-RED are doing, for the editor's "Entra ID" sidebar: per
// connection its sign-in and throttling, per trigger its subscription or polling state and counts,
// per node its last errors. One registry per process (every node module shares this module).
// Nothing secret goes in: no tokens, no secrets, no clientState, no request bodies.
import type { Keyed } from './auth/sign-in-messages';
import type { EntraError } from './errors';

export interface ConnectionActivity {
  id: string;
  name?: string;
  authType: string;
  /** How it signs in ("App Service managed identity (system-assigned)"), once it has. */
  source?: string;
  /** `source` as a message key of the connection's catalogue (the sidebar shows it in the editor's language). */
  sourceText?: Keyed;
  kind?: 'application' | 'delegated';
  account?: string;
  tokenExpiresOn?: string;
  granted?: string[];
  missing?: { id: string; type: string; name?: string; operation: string; needs: string }[];
  signInError?: string;
  throttling: { count: number; last429?: string; retryAfter?: string };
}

export interface TriggerActivity {
  id: string;
  name?: string;
  connection?: string;
  resource: string;
  delivery: string;
  subscription?: { id?: string; resource: string; expirationDateTime?: string; nextRenewal?: string; state: string };
  polling?: { intervalSeconds: number; lastPoll?: string; lastChange?: string };
  /** Notifications received, emitted, refused (wrong clientState), dropped, and repeated deliveries dropped. */
  counts: { received: number; emitted: number; refused: number; dropped: number; duplicates: number };
}

export interface NodeErrorEntry {
  time: string;
  operation?: string;
  code?: string;
  statusCode?: number;
  requestId?: string;
  message: string;
}

export interface ActivitySnapshot {
  connections: ConnectionActivity[];
  triggers: TriggerActivity[];
  errors: { id: string; type: string; name?: string; entries: NodeErrorEntry[] }[];
}

const KEEP_ERRORS = 5;

class ActivityRegistry {
  readonly connections = new Map<string, ConnectionActivity>();
  readonly triggers = new Map<string, TriggerActivity>();
  readonly errors = new Map<string, { id: string; type: string; name?: string; entries: NodeErrorEntry[] }>();
  private readonly listeners = new Set<() => void>();

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        /* a listener never breaks a node */
      }
    }
  }

  connection(id: string, init: () => ConnectionActivity): ConnectionActivity {
    let c = this.connections.get(id);
    if (!c) {
      c = init();
      this.connections.set(id, c);
    }
    return c;
  }

  trigger(id: string, init: () => TriggerActivity): TriggerActivity {
    let t = this.triggers.get(id);
    if (!t) {
      t = init();
      this.triggers.set(id, t);
    }
    return t;
  }

  nodeError(node: { id: string; type: string; name?: string }, err: Error | EntraError, operation?: string): void {
    const e = err as Partial<EntraError>;
    const entry: NodeErrorEntry = {
      time: new Date().toISOString(),
      operation,
      code: e.code,
      statusCode: e.statusCode,
      requestId: e.requestId,
      message: err.message,
    };
    const record = this.errors.get(node.id) ?? { id: node.id, type: node.type, name: node.name, entries: [] };
    record.entries.unshift(entry);
    record.entries.length = Math.min(record.entries.length, KEEP_ERRORS);
    this.errors.set(node.id, record);
    this.changed();
  }

  /** A node was removed or redeployed: its state goes (its errors stay until it is removed). */
  forget(id: string, removed: boolean): void {
    this.connections.delete(id);
    this.triggers.delete(id);
    if (removed) this.errors.delete(id);
    this.changed();
  }

  snapshot(): ActivitySnapshot {
    return {
      connections: [...this.connections.values()],
      triggers: [...this.triggers.values()],
      errors: [...this.errors.values()],
    };
  }
}

export const activity = new ActivityRegistry();
