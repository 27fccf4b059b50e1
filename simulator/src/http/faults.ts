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
  /** How many matching requests it applies to; default 1; 0 = until removed. */
  count?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  remaining: number; // Infinity when count was 0
  regex?: RegExp;
  hits: number;
}

export class FaultTable {
  private faults: Fault[] = [];
  private next = 1;

  add(spec: FaultSpec): Fault {
    const count = spec.count ?? 1;
    const fault: Fault = {
      ...spec,
      id: String(this.next++),
      remaining: count === 0 ? Infinity : count,
      regex: spec.path ? new RegExp(spec.path) : undefined,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void { this.faults = []; }

  list(): Fault[] { return this.faults.slice(); }

  /** Takes the first fault matching the request (consuming one use). */
  take(method: string, path: string): Fault | undefined {
    const f = this.faults.find((x) => x.remaining > 0
      && (!x.method || x.method.toUpperCase() === method.toUpperCase())
      && (!x.regex || x.regex.test(path)));
    if (!f) return undefined;
    f.remaining -= 1;
    f.hits += 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }
}
