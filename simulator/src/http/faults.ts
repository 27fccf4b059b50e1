// Injected faults: match method + path regex, answer with a status/body/headers, add latency,
// or destroy the socket. Used for Graph and identity routes alike (and for requests inside $batch).
export interface FaultSpec {
  method?: string;
  /** Regex source matched against the raw path, e.g. "^/v1.0/users". */
  path?: string;
  status?: number;
  /** Sent verbatim as the Retry-After header. */
  retryAfter?: string;
  body?: unknown;
  headers?: Record<string, string>;
  latencyMs?: number;
  /** Destroy the socket: the client sees ECONNRESET. */
  reset?: boolean;
  /** Never answer: the request waits until the fault is removed (then it is served normally) or the client gives up. */
  hang?: boolean;
  /** Regex source matched against the raw query string (without '?'), e.g. "skiptoken". */
  query?: string;
  /** How many matching requests it applies to; default 1; 0 = until removed. */
  count?: number;
  /** How many matching requests it lets through (served normally) before it applies; default 0. */
  skip?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  remaining: number; // Infinity when count was 0
  /** Matching requests still to let through before it applies. */
  skipping: number;
  regex?: RegExp;
  queryRegex?: RegExp;
  hits: number;
}

/** What becomes of a request a hanging fault held. */
export type Release = 'serve' | 'drop';

export class FaultTable {
  private faults: Fault[] = [];
  private next = 1;

  add(spec: FaultSpec): Fault {
    const count = spec.count ?? 1;
    const fault: Fault = {
      ...spec,
      id: String(this.next++),
      remaining: count === 0 ? Infinity : count,
      skipping: Math.max(0, Math.floor(spec.skip ?? 0)),
      regex: spec.path ? new RegExp(spec.path) : undefined,
      queryRegex: spec.query ? new RegExp(spec.query) : undefined,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Requests held by `hang` faults, released when their fault is removed or the table cleared. */
  private held = new Map<string, Array<(how: Release) => void>>();

  /** Removes one fault: the requests it holds are served as usual. */
  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    this.release(id, 'serve');
    return this.faults.length !== before;
  }

  /**
   * Removes every fault (DELETE /_sim/faults, a reset): the requests they hold are dropped (their
   * sockets closed, nothing recorded), so that a request of one test is never answered, nor
   * recorded, in the next one.
   */
  clear(): void {
    this.faults = [];
    for (const id of [...this.held.keys()]) this.release(id, 'drop');
  }

  /** How many requests the hanging fault `id` holds now. */
  heldBy(id: string): number {
    return this.held.get(id)?.length ?? 0;
  }

  /**
   * Resolves when the hanging fault `id` is removed ('serve'), the table cleared ('drop'), or the
   * client gives up waiting ('drop', through `onClientGone`: it is then no longer held).
   */
  hold(id: string, onClientGone?: (listener: () => void) => void): Promise<Release> {
    return new Promise((resolve) => {
      const list = this.held.get(id) ?? [];
      list.push(resolve);
      this.held.set(id, list);
      onClientGone?.(() => {
        const now = this.held.get(id);
        const i = now ? now.indexOf(resolve) : -1;
        if (i < 0) return;
        now!.splice(i, 1);
        resolve('drop');
      });
    });
  }

  private release(id: string, how: Release): void {
    const list = this.held.get(id);
    this.held.delete(id);
    for (const resolve of list ?? []) resolve(how);
  }

  list(): Fault[] {
    return this.faults.slice();
  }

  /** Takes the first fault matching the request (consuming one use). */
  take(method: string, path: string, rawQuery = ''): Fault | undefined {
    const f = this.faults.find(
      (x) =>
        x.remaining > 0 &&
        (!x.method || x.method.toUpperCase() === method.toUpperCase()) &&
        (!x.regex || x.regex.test(path)) &&
        (!x.queryRegex || x.queryRegex.test(rawQuery)),
    );
    if (!f) return undefined;
    // Let through: served as if the fault were not there (later faults do not apply either).
    if (f.skipping > 0) {
      f.skipping -= 1;
      return undefined;
    }
    f.remaining -= 1;
    f.hits += 1;
    // A hanging fault stays listed (and removable) while it holds requests.
    if (f.remaining <= 0 && !f.hang) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }
}
