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
// Identity: subscriptionId, changeType, resource, resourceData id and @odata.id, lifecycleEvent,
// tenantId, and a group notification's members@delta (two membership changes of one group are
// different notifications: each has its own member msgs). Not clientState: it is checked (and
// removed) before a notification gets here, so a rejected notification never enters this memory.

/** The most emitted notifications remembered for `dedupeSeconds` (the oldest are forgotten first). */
export const MAX_REMEMBERED = 10_000;

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
    while (this.emitted.size > this.max) this.emitted.delete(this.emitted.keys().next().value as string);
  }

  /** Notifications waiting and emitted ones remembered (for tests). */
  get size(): { waiting: number; remembered: number } {
    return { waiting: this.waiting.size, remembered: this.emitted.size };
  }

  private forgetExpired(): void {
    const oldest = this.now() - this.windowMs;
    for (const [key, at] of this.emitted) {
      if (at > oldest) break;
      this.emitted.delete(key);
    }
  }
}
