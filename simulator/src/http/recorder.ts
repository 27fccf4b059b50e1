// Every request received by the identity and Graph routes, in order (GET /_sim/requests).
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  time: string;
}

export class RequestRecorder {
  private items: RecordedRequest[] = [];
  /** Keeps memory bounded during benchmarks. */
  constructor(private readonly max = 50000) {}

  add(r: RecordedRequest): void {
    this.items.push(r);
    if (this.items.length > this.max) this.items.splice(0, this.items.length - this.max);
  }
  list(): RecordedRequest[] {
    return this.items.slice();
  }
  clear(): void {
    this.items = [];
  }
}
