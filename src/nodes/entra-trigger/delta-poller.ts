// Polling instead of webhooks, for Node-RED instances that Graph cannot reach: a delta round on
// /users/delta or /groups/delta every interval (https://learn.microsoft.com/graph/delta-query-overview).
// The deltaLink is kept in the encrypted userDir store after every round, so a restart resumes
// where it stopped: changes made while Node-RED was down are reported, none twice.
// With a shared store (several Node-RED copies, settings.js `entraStateStore`) only the copy that
// holds the lease polls (src/lib/lease.ts), and it reloads the shared deltaLink before each round,
// so a copy that takes over continues where the last round of another ended.
import { deltaLinkProblem, deltaRound } from '../../lib/delta';
import { withinGrace } from '../../lib/in-flight';
import type { GraphClient } from '../../lib/graph-client';
import type { Lease } from '../../lib/lease';
import type { StateStore } from '../../lib/secure-store';
import type { TriggerResource } from './change-messages';
import { t } from '../../lib/i18n';
import { logLine, warning } from './trigger-texts';

export interface StoredDelta {
  hash: string;
  deltaLink: string;
}

export interface RoundResult {
  items: any[];
  /** The sync state had expired (410 Gone): this round started over. */
  resync: boolean;
  /** The first round of a sync from now: no items by design. */
  initial: boolean;
}

export interface DeltaPollerOptions {
  client: GraphClient;
  store: StateStore;
  key: string;
  /** Several copies: poll only while holding this lease. */
  lease?: Lease;
  /** Called when another copy holds the lease (true) and when this copy polls again (false). */
  onStandby?(standby: boolean): void;
  hash: string;
  resource: TriggerResource;
  intervalMs: number;
  /** How long stop() waits for a request of a round that is on the wire (default 10 s). */
  closeGraceMs?: number;
  /** First round: every existing object (true) or only changes from now on (false). */
  fullSync: boolean;
  onRound(result: RoundResult): Promise<void> | void;
  onError(err: Error): void;
  log(line: string): void;
  /** A problem the user should see (a saved deltaLink that was discarded). Defaults to `log`. */
  warn?(line: string): void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export class DeltaPoller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private closed = false;
  private deltaLink?: string;
  /** Aborted by stop(): a round's next page or retry is not requested (issue 11 item 13). */
  private readonly stopping = new AbortController();

  constructor(private readonly o: DeltaPollerOptions) {}

  async start(): Promise<void> {
    let stored = await this.o.store.get<StoredDelta>(this.o.key);
    const problem = stored === undefined ? undefined : storedProblem(stored, this.o.hash, this.o.client.baseUrl);
    if (problem) {
      // Unusable on every interval: start over (from now, or a full sync as configured).
      (this.o.warn ?? this.o.log)(warning('discardedDelta', { resource: this.o.resource, problem }));
      await this.o.store.delete(this.o.key);
      stored = undefined;
    }
    if (stored && stored.hash === this.o.hash) {
      this.deltaLink = stored.deltaLink;
      this.o.log(logLine('resuming', { resource: this.o.resource }));
    }
    this.schedule(0);
  }

  async stop(graceMs = this.o.closeGraceMs ?? 10_000): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // A round waiting out a Retry-After ends now; a request on the wire may finish (at most graceMs).
    this.stopping.abort();
    await withinGrace(this.running, graceMs);
    // A clean stop hands the polling over at once instead of after the lease.
    await this.o.lease?.release().catch(() => undefined);
  }

  /** With a lease: whether this copy may poll now (and the deltaLink another copy left). */
  private async mayPoll(): Promise<boolean> {
    const lease = this.o.lease;
    if (!lease) return true;
    if (!(await lease.acquire())) {
      if (this.standby !== true) {
        this.o.log(logLine('standby', { resource: this.o.resource }));
        this.o.onStandby?.(true);
      }
      this.standby = true;
      return false;
    }
    if (this.standby) this.o.log(logLine('tookOver', { resource: this.o.resource }));
    else if (this.standby === undefined) this.o.log(logLine('holdsLease', { resource: this.o.resource }));
    if (this.standby !== false) this.o.onStandby?.(false);
    this.standby = false;
    const stored = await this.o.store.get<StoredDelta>(this.o.key);
    if (stored && stored.hash === this.o.hash) this.deltaLink = stored.deltaLink;
    return true;
  }

  private standby?: boolean;

  private schedule(ms: number): void {
    if (this.closed) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.running = this.poll().finally(() => {
          this.running = undefined;
          this.schedule(this.o.intervalMs);
        });
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
  }

  private async poll(): Promise<void> {
    try {
      if (!(await this.mayPoll()) || this.closed) return;
      const initial = !this.deltaLink;
      const start = `/${this.o.resource}/delta`;
      const round = await deltaRound(this.o.client, {
        url: this.deltaLink ?? start,
        // "Sync from now": only a deltaLink, no objects (https://learn.microsoft.com/graph/delta-query-overview).
        query: this.deltaLink || this.o.fullSync ? undefined : { $deltatoken: 'latest' },
        // Groups: only changed properties, so a membership-only change is recognisable as one
        // (https://learn.microsoft.com/graph/api/user-delta, Prefer: return=minimal).
        headers: this.o.resource === 'groups' ? { Prefer: 'return=minimal' } : undefined,
        restartUrl: start,
        request: { signal: this.stopping.signal },
      });
      // Closed meanwhile: neither emit nor move on; the next start repeats this round.
      if (this.closed) return;
      await this.o.onRound({ items: round.items, resync: round.resync, initial: initial && !this.o.fullSync });
      if (round.deltaLink) {
        this.deltaLink = round.deltaLink;
        await this.o.store.set(this.o.key, { hash: this.o.hash, deltaLink: round.deltaLink } satisfies StoredDelta);
      }
    } catch (err) {
      // Closed meanwhile: the round was cancelled (or failed after the close); nothing to report.
      if (this.closed) return;
      this.o.onError(err as Error);
    }
  }
}

/** Why a saved delta state of these settings cannot be used (one of other settings is just not used). */
function storedProblem(stored: unknown, hash: string, baseUrl: string): string | undefined {
  if (!stored || typeof stored !== 'object') return t('errors.state.notObject');
  const s = stored as Record<string, unknown>;
  if (typeof s.hash !== 'string') return t('errors.state.noHash');
  if (s.hash !== hash) return undefined;
  return deltaLinkProblem(s.deltaLink, baseUrl);
}
