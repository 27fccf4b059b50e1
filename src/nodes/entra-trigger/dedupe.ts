// Graph delivers change notifications at least once: a notification the trigger answered too late
// (a loaded machine: no 2xx within 3 s) is delivered again, and would be emitted twice.
// - Always: a notification identical to one still waiting in the trigger (acknowledged, its
//   messages not emitted yet: queued for their fetchResource GET or behind earlier messages) is
//   dropped. Nothing is lost: the one emitted later carries the same information and its GET
//   reads the object after both arrived. So a message stops "waiting" once its GET is sent: a
//   notification arriving after that may report a change the GET did not see, and is kept.
// - Opt-in (`dedupeSeconds` > 0): a notification identical to one emitted within the last N seconds
//   is dropped too, remembering at most MAX_REMEMBERED of them. Two real changes of the same object
//   within the window then give one msg: that is the trade-off, and why it is off by default.
// - Always, exactly: a notification that carries its own `id` (changeNotification.id, "Unique ID
//   for the notification", optional in Graph) is dropped when a notification of that id (and
//   subscription) was acknowledged before: the same notification delivered again, never another
//   change. Remembered DELIVERY_MEMORY_MS (Graph retries for up to 4 hours), at most MAX_REMEMBERED.
// Identity: subscriptionId, changeType, resource, resourceData id and @odata.id, lifecycleEvent,
// tenantId, and a group notification's members@delta (two membership changes of one group are
// different notifications: each has its own member msgs). Not clientState: it is checked (and
// removed) before a notification gets here, so a rejected notification never enters this memory.

/** The most emitted notifications remembered for `dedupeSeconds` (the oldest are forgotten first). */
export const MAX_REMEMBERED = 10_000;

/** How long the id of an acknowledged notification is remembered: Graph retries for up to 4 hours. */
export const DELIVERY_MEMORY_MS = 4 * 3600_000;

/** A notification's own id with its subscription's, the same on each delivery of it; undefined without one. */
export function deliveryId(n: any): string | undefined {
  return typeof n?.id === 'string' && n.id !== '' ? JSON.stringify([n.subscriptionId ?? null, n.id]) : undefined;
}

/** What makes two notifications the same delivery of one change. */
export function notificationKey(n: any): string {
  const data = n?.resourceData && typeof n.resourceData === 'object' ? n.resourceData : undefined;
  return JSON.stringify([
    n?.subscriptionId ?? null,
    n?.changeType ?? null,
    n?.resource ?? null,
    data?.id ?? null,
    data?.['@odata.id'] ?? null,
    n?.lifecycleEvent ?? null,
    n?.tenantId ?? null,
    data?.['members@delta'] ?? null,
  ]);
}

export class NotificationDedupe {
  /** Keys of notifications with messages not emitted yet, and how many of those messages. */
  private readonly waiting = new Map<string, number>();
  /** Keys of notifications emitted, and when (insertion order is age order). */
  private readonly emitted = new Map<string, number>();
  /** Ids (deliveryId) of notifications acknowledged, and when (insertion order is age order). */
  private readonly delivered = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly max = MAX_REMEMBERED,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a notification of this key is to be dropped: one is waiting, or was emitted within the window. */
  isDuplicate(key: string): boolean {
    if (this.waiting.has(key)) return true;
    if (this.windowMs <= 0) return false;
    this.forgetExpired();
    return this.emitted.has(key);
  }

  /** Whether a notification of this id (deliveryId) was acknowledged before: it is delivered again. */
  wasDelivered(id: string): boolean {
    forgetOlder(this.delivered, this.now() - DELIVERY_MEMORY_MS);
    return this.delivered.has(id);
  }

  /** Notifications of these ids were acknowledged (taken to be emitted). */
  acknowledged(ids: Iterable<string>): void {
    for (const id of ids) {
      this.delivered.delete(id);
      this.delivered.set(id, this.now());
    }
    trim(this.delivered, this.max);
  }

  /** A message of this key is waiting to be emitted. */
  hold(key: string): void {
    this.waiting.set(key, (this.waiting.get(key) ?? 0) + 1);
  }

  /** A message of this key no longer waits: its GET is sent, it was emitted, or it left (a close). */
  unhold(key: string): void {
    const left = (this.waiting.get(key) ?? 1) - 1;
    if (left > 0) this.waiting.set(key, left);
    else this.waiting.delete(key);
  }

  /** A message of this key was emitted (or its GET sent): with a window, repeats are dropped from now on for its length. */
  remember(key: string): void {
    if (this.windowMs <= 0) return;
    this.emitted.delete(key);
    this.emitted.set(key, this.now());
    trim(this.emitted, this.max);
  }

  /** Notifications waiting, emitted ones remembered and ids of acknowledged ones (for tests). */
  get size(): { waiting: number; remembered: number; delivered: number } {
    return { waiting: this.waiting.size, remembered: this.emitted.size, delivered: this.delivered.size };
  }

  private forgetExpired(): void {
    forgetOlder(this.emitted, this.now() - this.windowMs);
  }
}

/** Forgets the entries of an age-ordered memory from before `oldest`. */
function forgetOlder(memory: Map<string, number>, oldest: number): void {
  for (const [key, at] of memory) {
    if (at > oldest) break;
    memory.delete(key);
  }
}

/** Forgets the oldest entries of an age-ordered memory beyond `max`. */
function trim(memory: Map<string, number>, max: number): void {
  while (memory.size > max) memory.delete(memory.keys().next().value as string);
}
