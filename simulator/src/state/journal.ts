// The change feed: every mutation of a directory object is appended here in order and emitted as a
// 'change' event. Delta queries read positions in this journal; change notifications (webhooks)
// subscribe to the event. One source for both, so they always agree.
import { EventEmitter } from 'events';

export type ResourceName = 'users' | 'groups' | 'applications' | 'servicePrincipals';

export type ChangeType =
  | 'created'
  | 'updated'
  | 'softDeleted' // restorable (delta: @removed reason "changed")
  | 'restored'
  | 'deleted' // permanent (delta: @removed reason "deleted")
  | 'memberAdded'
  | 'memberRemoved';

export interface ChangeEvent {
  seq: number;
  time: string;
  resource: ResourceName;
  id: string;
  type: ChangeType;
  /** Property names changed by an update. */
  changed?: string[];
  /** For member changes. */
  member?: { id: string; '@odata.type': string };
}

export class Journal extends EventEmitter {
  private events: ChangeEvent[] = [];
  private seq = 0;

  append(e: Omit<ChangeEvent, 'seq' | 'time'>): ChangeEvent {
    const full: ChangeEvent = { ...e, seq: ++this.seq, time: new Date().toISOString() };
    this.events.push(full);
    this.emit('change', full);
    return full;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Events with from < seq <= to (seq numbers are dense, so this is a slice). */
  between(from: number, to: number): ChangeEvent[] {
    const first = this.events.length ? this.events[0].seq : this.seq + 1;
    const start = Math.max(0, from + 1 - first);
    const end = Math.max(0, to + 1 - first);
    return this.events.slice(start, end);
  }

  all(): ChangeEvent[] {
    return this.events.slice();
  }

  /** Forget history but keep numbering monotonic (tokens from before a reset stay distinguishable). */
  clear(): void {
    this.events = [];
  }
}
