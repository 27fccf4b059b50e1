// One pacing budget per connection, shared by every node and msg that uses it, so a bulk job
// runs at Graph's quota instead of into it (https://learn.microsoft.com/graph/throttling-limits,
// "Identity and access service limits"). Graph throttles with token buckets per app and tenant:
// resource units per 10 s by tenant size and writes per 150 s. This keeps the same buckets on the
// client side, a little below the documented sizes, and:
//   - caps the requests in flight (the same cap as the keep-alive agent's sockets);
//   - admits requests one at a time, in order, when their estimated cost fits;
//   - corrects the estimate with each answer's `x-ms-resource-unit`;
//   - lowers its level to what `x-ms-throttle-limit-percentage` says Graph has counted (it is sent
//     only above 80% and not always, so it is a correction, never the only signal);
//   - on a 429 (also inside $batch) holds every request of the connection until the Retry-After.
// With `enabled: false` only the cap on requests in flight and the 429 pause stay: the client then
// reacts to throttling instead of avoiding it.
import { cancelledError } from './errors';
import { batchCost, IDENTITY_QUOTAS, RequestCost, requestCost, TenantSize } from './request-cost';
import { parseRetryAfter, waitFor } from './retry';

export interface PacingOptions {
  enabled?: boolean;
  tenantSize?: TenantSize | string;
  /** Requests in flight at once (and sockets per host). */
  maxConcurrent?: number;
  /** Factor on the quota windows and budgets, for tests against a scaled simulator. */
  timeScale?: number;
  budgetScale?: number;
  /** Factor on the write budget only (default: budgetScale). */
  writeBudgetScale?: number;
  /** The longest a 429's Retry-After holds the connection (the connection's maxRetryWaitSeconds). */
  maxPauseMs?: number;
}

export type PacingStateName = 'idle' | 'paced' | 'throttled';

export interface PacingState {
  state: PacingStateName;
  /** With `throttled`: when requests resume (epoch ms). */
  resumeAt?: number;
}

export interface PacingPermit {
  /** The answer arrived: correct the charge from its headers (and $batch items), free the slot. */
  settle(status: number, headers: Record<string, string>, body?: Buffer | unknown): void;
  /** No answer (network error, abort): free the slot, keep the charge. */
  release(): void;
}

export const DEFAULT_MAX_CONCURRENT = 16;
/** Share of the documented rate and burst the client allows itself, for the clocks' drift. */
const RATE_MARGIN = 0.95;
const BURST_MARGIN = 0.75;
/** How long "paced" stays shown after the last wait for budget. */
const PACED_SHOWN_MS = 1500;

/** A token bucket that refills continuously; its level may go below 0 (owed units). */
class Bucket {
  level: number;
  private at: number;
  constructor(
    readonly budget: number,
    readonly windowMs: number,
    private readonly rate: number,
    now: number,
  ) {
    this.level = budget * BURST_MARGIN;
    this.at = now;
  }
  refill(now: number): void {
    this.level = Math.min(this.budget * BURST_MARGIN, this.level + (now - this.at) * this.rate);
    this.at = now;
  }
  waitMs(cost: number, now: number): number {
    this.refill(now);
    return this.level >= cost ? 0 : Math.ceil((cost - this.level) / this.rate);
  }
  usage(now: number): number {
    this.refill(now);
    return 1 - this.level / this.budget;
  }
}

export class Pacer {
  readonly enabled: boolean;
  readonly maxConcurrent: number;
  private readonly maxPauseMs: number;
  private readonly units: Bucket;
  private readonly writes: Bucket;
  private inFlight = 0;
  private readonly slotQueue: Array<() => void> = [];
  /** Admissions run one after another, in arrival order. */
  private admission: Promise<void> = Promise.resolve();
  private pausedUntil = 0;
  private lastWaitAt = 0;
  private current: PacingStateName = 'idle';
  private readonly listeners = new Set<(s: PacingState) => void>();
  private stateTimer?: NodeJS.Timeout;
  /** Counters for status texts, tests and the benchmark. */
  readonly stats = { requests: 0, throttled: 0, pacedMs: 0, resourceUnits: 0, writes: 0 };

  constructor(
    options: PacingOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.enabled = options.enabled !== false;
    this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent || DEFAULT_MAX_CONCURRENT));
    this.maxPauseMs = options.maxPauseMs !== undefined && options.maxPauseMs >= 0 ? options.maxPauseMs : Infinity;
    const size = (['S', 'M', 'L'].includes(String(options.tenantSize)) ? options.tenantSize : 'S') as TenantSize;
    const time = options.timeScale && options.timeScale > 0 ? options.timeScale : 1;
    const scale = options.budgetScale && options.budgetScale > 0 ? options.budgetScale : 1;
    const writeScale = options.writeBudgetScale && options.writeBudgetScale > 0 ? options.writeBudgetScale : scale;
    const make = (budget: number, windowMs: number, factor = scale) => {
      const b = Math.max(1, Math.round(budget * factor));
      const w = windowMs * time;
      return new Bucket(b, w, (b / w) * RATE_MARGIN, now());
    };
    this.units = make(IDENTITY_QUOTAS.resourceUnits[size], IDENTITY_QUOTAS.resourceUnits.windowMs);
    this.writes = make(IDENTITY_QUOTAS.writes.budget, IDENTITY_QUOTAS.writes.windowMs, writeScale);
  }

  /** Waits for a slot, the end of any 429 pause and room in the budgets; then the request may go. */
  async admit(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<PacingPermit> {
    await this.slot(signal);
    const isBatch = /\/\$batch\/?$/.test(new URL(url, 'https://x/').pathname);
    const cost = (isBatch ? batchCost(body) : undefined) ?? requestCost(method, url);
    const turn = this.admission.then(() => this.waitForBudget(cost, signal));
    this.admission = turn.catch(() => undefined);
    try {
      await turn;
    } catch (err) {
      this.freeSlot();
      throw err;
    }
    return this.permit(cost, isBatch);
  }

  state(): PacingState {
    if (this.pausedUntil > this.now()) return { state: 'throttled', resumeAt: this.pausedUntil };
    return { state: this.now() - this.lastWaitAt < PACED_SHOWN_MS ? 'paced' : 'idle' };
  }

  /** Called on every change of state (idle / paced / throttled). Returns the unsubscribe. */
  onChange(listener: (s: PacingState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    clearTimeout(this.stateTimer);
    this.listeners.clear();
  }

  private async slot(signal?: AbortSignal): Promise<void> {
    if (this.inFlight < this.maxConcurrent) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const take = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.slotQueue.indexOf(take);
        if (i >= 0) this.slotQueue.splice(i, 1);
        reject(cancelledError());
      };
      if (signal?.aborted) return reject(cancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });
      this.slotQueue.push(take);
    });
  }

  private freeSlot(): void {
    const next = this.slotQueue.shift();
    // The slot passes straight to the next in line.
    if (next) next();
    else this.inFlight--;
  }

  private async waitForBudget(cost: RequestCost, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      // Without pacing each request reacts to its own 429 only (the retry waits), as before.
      let wait = this.enabled ? this.pausedUntil - now : 0;
      if (this.enabled)
        wait = Math.max(wait, this.units.waitMs(cost.resourceUnits, now), cost.writes ? this.writes.waitMs(cost.writes, now) : 0);
      if (wait <= 0) break;
      if (this.enabled && this.pausedUntil <= now) {
        this.lastWaitAt = now + wait;
        this.stats.pacedMs += wait;
        this.changed();
      }
      await waitFor(wait, signal);
    }
    if (this.enabled) {
      this.units.level -= cost.resourceUnits;
      this.writes.level -= cost.writes;
    }
    this.stats.requests++;
  }

  private permit(cost: RequestCost, isBatch: boolean): PacingPermit {
    let done = false;
    const finish = () => {
      if (done) return false;
      done = true;
      this.freeSlot();
      return true;
    };
    return {
      release: () => void finish(),
      settle: (status, headers, body) => {
        if (!finish()) return;
        this.settle(cost, isBatch, status, headers, body);
      },
    };
  }

  private settle(cost: RequestCost, isBatch: boolean, status: number, headers: Record<string, string>, body: unknown): void {
    const now = this.now();
    if (status === 429) {
      // Graph did not count it; everyone waits for the Retry-After (or a second without one).
      this.refund(cost);
      this.pause(parseRetryAfter(headers['retry-after']) ?? 1000, headers['x-ms-throttle-scope']);
      return;
    }
    const batch = isBatch ? parseBatchAnswers(headers, body) : undefined;
    if (batch) {
      this.settleBatch(cost, batch);
    } else {
      const charged = Number(headers['x-ms-resource-unit']);
      if (Number.isFinite(charged) && charged > 0) this.correct(cost.resourceUnits - charged);
    }
    this.stats.resourceUnits += cost.resourceUnits;
    this.stats.writes += cost.writes;
    // Graph's own count of the limit nearest to its end: never believe more room than that.
    const used = Number(headers['x-ms-throttle-limit-percentage']);
    if (this.enabled && Number.isFinite(used) && used > 0) {
      const bucket = cost.writes > 0 && this.writes.usage(now) > this.units.usage(now) ? this.writes : this.units;
      bucket.refill(now);
      bucket.level = Math.min(bucket.level, bucket.budget * (1 - used));
    }
  }

  private settleBatch(
    cost: RequestCost,
    answers: Array<{ status: number; headers: Record<string, string>; method?: string; url?: string }>,
  ): void {
    let throttledFor: number | undefined;
    let scope: string | undefined;
    let charged = 0;
    let known = true;
    for (const a of answers) {
      if (a.status === 429) {
        throttledFor = Math.max(throttledFor ?? 0, parseRetryAfter(a.headers['retry-after']) ?? 1000);
        scope = scope ?? a.headers['x-ms-throttle-scope'];
        continue;
      }
      const n = Number(a.headers['x-ms-resource-unit']);
      if (Number.isFinite(n) && n > 0) charged += n;
      else known = false;
    }
    if (throttledFor !== undefined) {
      // Throttled items were not counted: give back their share (estimated per item).
      const each = answers.length ? cost.resourceUnits / answers.length : 0;
      const writesEach = answers.length ? cost.writes / answers.length : 0;
      const n = answers.filter((a) => a.status === 429).length;
      this.refund({ resourceUnits: each * n, writes: writesEach * n });
      this.pause(throttledFor, scope);
      if (known) this.correct(cost.resourceUnits - each * n - charged);
    } else if (known) {
      this.correct(cost.resourceUnits - charged);
    }
  }

  private correct(unitsOvercharged: number): void {
    if (this.enabled) this.units.level += unitsOvercharged;
  }

  private refund(cost: RequestCost): void {
    if (!this.enabled) return;
    this.units.level += cost.resourceUnits;
    this.writes.level += cost.writes;
  }

  private pause(ms: number, scope: string | undefined): void {
    const now = this.now();
    this.stats.throttled++;
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(ms, this.maxPauseMs));
    if (this.enabled) {
      // Graph's bucket is empty: start again from empty, not from our estimate.
      const bucket = /\/Write\//i.test(scope ?? '') ? this.writes : this.units;
      bucket.refill(now);
      bucket.level = Math.min(bucket.level, 0);
    }
    this.changed();
  }

  /** Tells listeners about a new state, and again when it lapses back to idle. */
  private changed(): void {
    const s = this.state();
    if (s.state !== this.current) {
      this.current = s.state;
      for (const l of this.listeners) l(s);
    }
    clearTimeout(this.stateTimer);
    if (s.state !== 'idle') {
      const until = s.state === 'throttled' ? s.resumeAt! : this.lastWaitAt + PACED_SHOWN_MS;
      this.stateTimer = setTimeout(() => this.changed(), Math.max(10, until - this.now() + 5));
      this.stateTimer.unref?.();
    }
  }
}

function parseBatchAnswers(
  headers: Record<string, string>,
  body: unknown,
): Array<{ status: number; headers: Record<string, string> }> | undefined {
  if (!/json/i.test(headers['content-type'] ?? '')) return undefined;
  let data: unknown = body;
  if (Buffer.isBuffer(body)) {
    if (body.length === 0 || body.length > 8 * 1024 * 1024) return undefined;
    try {
      data = JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
  }
  const responses = (data as { responses?: unknown })?.responses;
  if (!Array.isArray(responses)) return undefined;
  return responses.map((r: any) => ({
    status: Number(r?.status),
    headers: Object.fromEntries(Object.entries(r?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
  }));
}
