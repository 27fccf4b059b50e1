// A lease in the shared state store (settings.js `entraStateStore`): at most one Node-RED copy
// does a job at a time (a polling trigger's delta rounds), and another takes over when the holder
// stops renewing (killed, scaled down). No coordination service: a record { holder, expires } that
// the holder rewrites before each round. A context store has no compare-and-set, so a copy writes
// its claim, waits a moment and reads it back, and acts only when its claim is still there: two
// copies that claim at the same moment both see the later write. What a race can still cost (both
// read the record as free, and one reads back before the other has written) is one round done by
// two copies: its changes emitted twice. Nothing is lost.
import { randomBytes } from 'crypto';
import type { StateStore } from './secure-store';

/** This process: a new one after every start, so a restarted copy never mistakes an old claim for its own. */
export const INSTANCE_ID = `${process.pid}-${randomBytes(6).toString('hex')}`;

export interface LeaseRecord {
  holder: string;
  /** Epoch milliseconds. */
  expires: number;
}

export interface LeaseOptions {
  store: StateStore;
  key: string;
  /** How long a claim holds without renewal. */
  durationMs: number;
  /** Wait between writing a claim and reading it back. */
  settleMs?: number;
  holder?: string;
  now?: () => number;
}

export class Lease {
  readonly holder: string;
  private readonly now: () => number;

  constructor(private readonly o: LeaseOptions) {
    this.holder = o.holder ?? INSTANCE_ID;
    this.now = o.now ?? Date.now;
  }

  /** The record as stored now (undefined: nobody holds it). */
  async current(): Promise<LeaseRecord | undefined> {
    const r = await this.o.store.get<LeaseRecord>(this.o.key);
    return r && typeof r.holder === 'string' && typeof r.expires === 'number' ? r : undefined;
  }

  /**
   * Takes or renews the lease: true when this copy holds it until `durationMs` from now. A claim of
   * another copy that has not expired is left alone.
   */
  async acquire(): Promise<boolean> {
    const before = await this.current();
    if (before && before.holder !== this.holder && before.expires > this.now()) return false;
    const renewal = before?.holder === this.holder && before.expires > this.now();
    await this.o.store.set(this.o.key, { holder: this.holder, expires: this.now() + this.o.durationMs } satisfies LeaseRecord);
    // A renewal of a claim nobody contested needs no second look; a new claim does.
    if (renewal) return true;
    const settle = this.o.settleMs ?? 150;
    if (settle > 0) await new Promise((r) => setTimeout(r, settle + Math.floor(Math.random() * settle)));
    const after = await this.current();
    return after?.holder === this.holder;
  }

  /** Gives the lease up (a clean stop): another copy takes over at its next try. */
  async release(): Promise<void> {
    const r = await this.current();
    if (r?.holder === this.holder) await this.o.store.delete(this.o.key);
  }
}
