// Where an entra-delta node stopped, per starting point: the last deltaLink (round finished) or
// the nextLink of a round still in progress (one page per msg). Kept in the node's context (the
// default store, persistent when the user configures `localfilesystem`) with rememberDeltaLink,
// and only in memory otherwise, where it serves nothing but a round paced one page per msg.
// With settings.js `entraStateStore` (several Node-RED copies) they live in that shared store
// instead (encrypted, src/lib/secure-store.ts), so any copy continues from the last deltaLink.
import { deltaLinkProblem } from '../../lib/delta';
import type { RedNode } from '../../lib/red';
import type { StateStore } from '../../lib/secure-store';
import { t } from '../../lib/i18n';

export interface DeltaPosition {
  /** A whole @odata.deltaLink or @odata.nextLink as Graph returned it. */
  link: string;
  /** true: a nextLink (the round is not finished). */
  inRound: boolean;
  /** msg.parts id of a round paced one page per msg, and the next page's index. */
  partsId?: string;
  index?: number;
}

const CONTEXT_KEY = 'entraDeltaLinks';

export class DeltaPositions {
  private readonly memory = new Map<string, DeltaPosition>();

  constructor(
    private readonly node: RedNode,
    private readonly shared?: StateStore,
  ) {}

  /** The saved position of `key`; a saved one that cannot be used is discarded with a warning. */
  async get(key: string, persistent: boolean, baseUrl?: string): Promise<DeltaPosition | undefined> {
    if (!persistent) return this.memory.get(key);
    const all = await this.readAll();
    const stored: unknown = all[key];
    if (stored === undefined) return undefined;
    const problem = positionProblem(stored, baseUrl);
    if (problem) {
      this.node.warn(t('errors.state.discarded', { key, problem }));
      await this.set(key, undefined, persistent);
      return undefined;
    }
    return stored as DeltaPosition;
  }

  async set(key: string, position: DeltaPosition | undefined, persistent: boolean): Promise<void> {
    if (position) this.memory.set(key, position);
    else this.memory.delete(key);
    if (!persistent) return;
    const all = await this.readAll();
    if (position) all[key] = position;
    else delete all[key];
    if (this.shared) return this.shared.set(this.sharedKey(), all);
    await new Promise<void>((resolve, reject) =>
      this.node.context().set(CONTEXT_KEY, all, undefined, (err) => (err ? reject(err) : resolve())),
    );
  }

  private sharedKey(): string {
    return `entra-delta:${this.node.id}:${CONTEXT_KEY}`;
  }

  private async readAll(): Promise<Record<string, DeltaPosition>> {
    if (this.shared) {
      const value = await this.shared.get<Record<string, DeltaPosition>>(this.sharedKey());
      return value && typeof value === 'object' ? { ...value } : {};
    }
    return new Promise((resolve, reject) =>
      this.node
        .context()
        .get(CONTEXT_KEY, undefined, (err, value) => (err ? reject(err) : resolve(value && typeof value === 'object' ? { ...value } : {}))),
    );
  }
}

/** Why a saved position cannot be used; a link of another Graph host is for the caller to judge. */
function positionProblem(stored: unknown, baseUrl: string | undefined): string | undefined {
  if (!stored || typeof stored !== 'object') return t('errors.state.notObject');
  const p = stored as Record<string, unknown>;
  if (typeof p.link !== 'string' || !p.link.trim())
    return typeof p.link === 'string'
      ? t('errors.state.linkEmptyNotLink')
      : t('errors.state.linkNotLink', { what: p.link === null ? 'null' : typeof p.link });
  if (p.inRound !== undefined && typeof p.inRound !== 'boolean') return t('errors.state.inRound');
  if (baseUrl && sameOriginAs(p.link, baseUrl)) {
    const problem = deltaLinkProblem(p.link, baseUrl);
    if (problem) return problem;
  }
  return undefined;
}

function sameOriginAs(link: string, baseUrl: string): boolean {
  try {
    return new URL(link, baseUrl).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The starting point a position belongs to: the delta path without host, version or tokens, plus
 * the select/filter it was started with (another select is another sync), e.g.
 * `/users/delta?$select=displayName`.
 */
export function positionKey(url: string, select?: string, filter?: string): string {
  let path = url;
  try {
    path = new URL(url, 'https://graph.invalid/v1.0/').pathname;
  } catch {
    /* a relative path: kept as given */
  }
  path = path
    .split('?')[0]
    .replace(/^\/(v1\.0|beta)(?=\/)/i, '')
    .replace(/\/microsoft\.graph\.delta(\(\))?$/i, '/delta')
    .replace(/\/+$/, '')
    .toLowerCase();
  const extras = [select ? `$select=${select}` : '', filter ? `$filter=${filter}` : ''].filter(Boolean).join('&');
  return extras ? `${path}?${extras}` : path;
}
