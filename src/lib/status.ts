// One status per node: "requesting" while requests are in flight (cleared only when the last one
// ends, as Node-RED's http request node does), progress for paging, a red ring with a short
// reason on failure, cleared on the next success. The texts are message keys (src/lib/i18n.ts).
import type { RedNode } from './red';
import { EntraError } from './errors';
import { t } from './i18n';
import type { Pacer, PacingState } from './pacing';

export class RequestStatus {
  private inFlight = 0;
  private text = '';
  private pacer?: Pacer;
  private unwatch?: () => void;

  constructor(private readonly node: RedNode) {}

  /** Shows the connection's pacing beside the progress ("added 4,000 / 20,000 · paced"). */
  watch(pacer: Pacer | undefined): void {
    this.unwatch?.();
    this.pacer = pacer;
    this.unwatch = pacer?.onChange(() => {
      if (this.inFlight > 0) this.show();
    });
  }

  /** The node's close. */
  close(): void {
    this.unwatch?.();
    this.unwatch = undefined;
  }

  begin(text = t('status.requesting')): void {
    this.inFlight++;
    this.text = text;
    this.show();
  }

  progress(text: string): void {
    this.text = text;
    this.show();
  }

  private show(): void {
    const note = pacingNote(this.pacer?.state());
    const throttled = this.pacer?.state().state === 'throttled';
    this.node.status({ fill: throttled ? 'yellow' : 'blue', shape: 'dot', text: note ? `${this.text} · ${note}` : this.text });
  }

  succeed(text?: string): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight === 0) this.node.status(text ? { fill: 'green', shape: 'dot', text } : {});
  }

  fail(err: unknown): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    // A delegated connection whose user must sign in again is a state to fix, not a request error.
    if (err instanceof EntraError && err.code === 'SignInRequired')
      this.node.status({ fill: 'yellow', shape: 'ring', text: t('status.signInAgain') });
    else this.node.status({ fill: 'red', shape: 'ring', text: shortReason(err) });
  }

  warn(text: string): void {
    this.node.status({ fill: 'yellow', shape: 'ring', text });
  }
}

/** "paced" while requests wait for budget, "throttled, retry in 3 s" while Graph's Retry-After holds them. */
export function pacingNote(state: PacingState | undefined, now: number = Date.now()): string | undefined {
  if (!state || state.state === 'idle') return undefined;
  if (state.state === 'paced') return t('status.paced');
  return t('status.throttled', { seconds: Math.max(1, Math.ceil(((state.resumeAt ?? now) - now) / 1000)) });
}

export function shortReason(err: unknown): string {
  if (err instanceof EntraError) {
    if (err.statusText) return truncate(err.statusText, 40);
    // Bad input: the input's name and the problem ("userId: is required"), not "InvalidInput".
    if (err.kind === 'input') return truncate(err.message, 40);
    const head = err.statusCode ? `${err.statusCode} ${err.code}` : err.code;
    return truncate(head, 40);
  }
  return truncate((err as Error)?.message ?? String(err), 40);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
