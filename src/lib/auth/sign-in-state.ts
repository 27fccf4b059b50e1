// The `state` of an authorization code sign-in: random, single use, and valid for a few minutes.
// It is what ties the (unauthenticated) callback to the admin who clicked Authenticate, so an
// unknown, expired or already used state is refused and the code never redeemed. Used and expired
// states are remembered a while longer only to say which of the three it was.

import { randomBytes } from 'crypto';
import { Keyed, keyed } from './sign-in-messages';

export type StateRefusal = 'unknown' | 'expired' | 'used';
export type StateLookup<T> = { ok: true; entry: T } | { ok: false; reason: StateRefusal };

interface Slot<T> {
  entry?: T;
  expiresAt: number;
  used: boolean;
}

/** How long a used or expired state is remembered, to tell "used" and "expired" from "unknown". */
const REMEMBER_MS = 60 * 60 * 1000;

export class SignInStates<T> {
  private readonly slots = new Map<string, Slot<T>>();

  /** `dispose` releases an entry that will never be taken (expired, discarded). */
  constructor(
    private readonly ttlMs: () => number,
    private readonly now: () => number = Date.now,
    private readonly dispose: (entry: T) => void = () => {},
  ) {}

  /** Stores the entry under a new random state. */
  create(entry: T): { state: string; expiresAt: number } {
    this.sweep();
    const state = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs();
    this.slots.set(state, { entry, expiresAt, used: false });
    return { state, expiresAt };
  }

  /** Takes the entry out: it can never be taken again. */
  take(state: string | undefined): StateLookup<T> {
    this.sweep();
    const slot = state ? this.slots.get(state) : undefined;
    if (!slot) return { ok: false, reason: 'unknown' };
    if (slot.used) return { ok: false, reason: 'used' };
    const entry = slot.entry;
    slot.used = true;
    slot.entry = undefined;
    if (this.now() > slot.expiresAt || entry === undefined) {
      if (entry !== undefined) this.dispose(entry);
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, entry };
  }

  /** Drops the pending entries of one key (e.g. a connection signed out); their states read as used. */
  discard(match: (entry: T) => boolean): void {
    for (const slot of this.slots.values()) {
      if (slot.entry !== undefined && match(slot.entry)) {
        this.dispose(slot.entry);
        slot.entry = undefined;
        slot.used = true;
      }
    }
  }

  get size(): number {
    return this.slots.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [state, slot] of this.slots) {
      if (now > slot.expiresAt && slot.entry !== undefined) {
        this.dispose(slot.entry);
        slot.entry = undefined; // expired: keep only the fact
      }
      if (now > slot.expiresAt + REMEMBER_MS) this.slots.delete(state);
    }
  }
}

/** What the callback page says for each refusal (message keys of the connection's catalogue). */
export const REFUSALS: Record<StateRefusal, Keyed> = {
  unknown: keyed('signIn', 'linkUnknown'),
  expired: keyed('signIn', 'linkExpired'),
  used: keyed('signIn', 'linkUsed'),
};
