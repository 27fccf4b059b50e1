// In-flight work ends with its node (issue 11 item 13). Every msg a node is handling is a Job
// with its own AbortController; the node's close aborts them all: a request still waiting (in the
// pacer's queue, or out a Retry-After before its retry) is not sent, and no further request of
// that msg goes out. A request already on the wire is let finish (GraphRequest.signal), and the
// close waits for it at most closeGraceMs(). Each msg so interrupted gets exactly one warning
// saying what was done (for bulk operations: how many of how many, and which), its done() is
// called without an error (the flow it belonged to is gone: a Catch node of the old flow would
// see nothing either) and nothing more is sent on its behalf.
import { isCancelled } from './errors';
import { t } from './i18n';
import type { DoneFn, RED } from './red';
import { formatCount } from './status';

/** How far a multi-request operation got: `done` of `total`, and the ids of each outcome so far. */
export interface Progress {
  done: number;
  total: number;
  /** e.g. { added: [ids], alreadyMembers: [ids], failed: [ids] } (msg.payload's own names). */
  lists: Record<string, string[]>;
  /** The ids not carried out yet: not sent, or throttled by Graph and not sent again ($batch). */
  notDone?: string[];
}

/**
 * How long a node's close waits for its requests on the wire: Node-RED gives every close
 * `nodeCloseTimeout` (15 s by default) before it logs "Close timed out"; this ends 2 s earlier,
 * and never waits more than 10 s.
 */
export function closeGraceMs(RED: Pick<RED, 'settings'> | undefined): number {
  let configured = NaN;
  try {
    // RED.settings.get() throws for a setting that settings.js leaves out: read the property.
    configured = Number(RED?.settings?.nodeCloseTimeout);
  } catch {
    // the default below
  }
  const nodeCloseTimeout = Number.isFinite(configured) && configured > 0 ? configured : 15_000;
  return Math.min(10_000, Math.max(nodeCloseTimeout - 2000, nodeCloseTimeout / 2));
}

/** Waits for `work` to settle, at most `graceMs`; never rejects. */
export async function withinGrace(work: Promise<unknown> | undefined, graceMs: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    }),
  ]);
  clearTimeout(timer);
}

/** One msg in the hands of a node. */
export class Job {
  private readonly controller = new AbortController();
  /** Graph's answers to this msg's requests (each page, each $batch, each retried attempt). */
  answers = 0;
  /** The status of the last answer. */
  lastStatus?: number;
  /** Msgs sent on for this msg (one per page with pageOutput perPage). */
  sent = 0;
  progress?: Progress;
  /** The warning (or the abandonment) has been written: nothing more happens for this msg. */
  reported = false;

  constructor(
    /** What the warnings name: the node type and its operation ("entra-group addMember"). */
    public label: string,
    readonly done: DoneFn,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The node closed while this msg was being handled. */
  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  cancel(): void {
    this.controller.abort();
  }
}

/** A node's jobs, and its close. */
export class InFlightWork {
  private readonly jobs = new Map<Job, Promise<unknown>>();
  private closed = false;

  /** A new msg: a Job already cancelled when the node has closed. */
  begin(label: string, done: DoneFn): Job {
    const job = new Job(label, done);
    if (this.closed) job.cancel();
    return job;
  }

  /** `running` settles when the msg's handling has ended (sent, failed or cancelled). */
  track(job: Job, running: Promise<unknown>): void {
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.jobs.set(job, settled);
    void settled.then(() => this.jobs.delete(job));
  }

  get size(): number {
    return this.jobs.size;
  }

  /**
   * The node's close: cancels every job and waits (at most `graceMs`) for those with a request on
   * the wire. Resolves with the jobs still running after that wait.
   */
  async close(graceMs: number): Promise<Job[]> {
    this.closed = true;
    for (const job of this.jobs.keys()) job.cancel();
    if (this.jobs.size === 0) return [];
    await withinGrace(Promise.all(this.jobs.values()), graceMs);
    return [...this.jobs.keys()];
  }
}

const MAX_IDS = 100;

/**
 * The one warning of a msg whose node closed while it was handled: what was done. `err` is how
 * the handling ended (undefined: it completed, its last request having been on the wire).
 */
export function interruptedText(job: Job, err: unknown): string {
  const operation = job.label;
  if (err !== undefined && !isCancelled(err)) {
    return t('cancel.failed', { operation, answers: job.answers, reason: (err as Error)?.message ?? String(err) });
  }
  if (err === undefined) return t('cancel.completed', { operation, answers: job.answers });
  if (job.progress) {
    const p = job.progress;
    const lists = formatLists(p.lists) + (p.notDone?.length ? `; ${t('cancel.notDone', { ids: formatIds(p.notDone) })}` : '');
    return t('cancel.bulk', { operation, done: formatCount(p.done), total: formatCount(p.total), lists });
  }
  if (job.answers === 0) return t('cancel.notSent', { operation });
  return t('cancel.after', { operation, answers: job.answers, status: job.lastStatus ?? '', sent: job.sent });
}

/** A request still on the wire when the close stopped waiting: its outcome is not reported. */
export function abandonedText(job: Job, graceMs: number): string {
  return t('cancel.abandoned', { operation: job.label, seconds: Math.round(graceMs / 100) / 10, answers: job.answers });
}

/** "added: a, b; alreadyMembers: c" (lists left empty are left out; "none" when all are). */
export function formatLists(lists: Record<string, string[]>): string {
  const parts = Object.entries(lists)
    .filter(([, ids]) => ids.length > 0)
    .map(([name, ids]) => `${name}: ${formatIds(ids)}`);
  return parts.length ? parts.join('; ') : t('cancel.nothing');
}

/** "a, b, c" (the first 100, then "(and N more)"). */
function formatIds(ids: string[]): string {
  const shown = ids.slice(0, MAX_IDS).join(', ');
  return `${shown}${ids.length > MAX_IDS ? ` ${t('cancel.more', { count: ids.length - MAX_IDS })}` : ''}`;
}
