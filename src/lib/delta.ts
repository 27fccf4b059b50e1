// Delta query rounds (https://learn.microsoft.com/graph/delta-query-overview): follow nextLinks
// until the deltaLink, merge objects that Graph splits across pages (a large group's
// members@delta arrives in slices, https://learn.microsoft.com/graph/delta-query-groups), and
// restart from scratch when Graph answers 410 Gone with a Location to resync from.
import { EntraError } from './errors';
import type { GraphClient, GraphRequest, GraphResponse } from './graph-client';
import { resolveGraphUrl } from './url-guard';
import { t } from './i18n';

/**
 * Why a deltaLink or nextLink cannot be followed (saved or just answered), or undefined when it can:
 * it must be a non-empty string on the connection's Graph URL. A link that is not would fail on
 * every later round, so it is never saved.
 */
export function deltaLinkProblem(link: unknown, baseUrl: string): string | undefined {
  if (typeof link !== 'string') return `the deltaLink is ${link === null ? 'null' : typeof link}, not a string`;
  if (!link.trim()) return 'the deltaLink is empty';
  try {
    resolveGraphUrl(baseUrl, link);
  } catch {
    return "the deltaLink is not on the connection's Graph URL";
  }
  return undefined;
}

function checkLink(name: string, link: unknown, baseUrl: string, response: GraphResponse): string | undefined {
  if (link === undefined || link === null) return undefined;
  const problem = deltaLinkProblem(link, baseUrl);
  if (problem) {
    throw new EntraError(t('errors.unusableLink', { name, problem: problem.replace('the deltaLink', 'it') }), {
      code: 'InvalidResponse',
      kind: 'graph',
      statusCode: response.status,
      requestId: response.headers?.['request-id'],
      statusText: t('status.unusableLink', { name }),
    });
  }
  return link as string;
}

export interface DeltaPage {
  items: any[];
  nextLink?: string;
  deltaLink?: string;
  response: GraphResponse;
  /** True for pages after a 410 resync restarted the round. */
  resync: boolean;
}

export interface DeltaRoundOptions {
  /** A delta path (`/users/delta`) or a whole nextLink/deltaLink from an earlier round. */
  url: string;
  /** Only for a fresh start: `$select`, `$filter`, `$deltatoken=latest`… (tokens carry them after). */
  query?: GraphRequest['query'];
  headers?: GraphRequest['headers'];
  /** false: one page only (the caller continues from `nextLink`). Default true. */
  followPages?: boolean;
  /** Called for each page as it arrives (one message per page). */
  onPage?(page: DeltaPage, index: number): void | Promise<void>;
  /** Extra request fields (debug, log). */
  request?: Partial<GraphRequest>;
  /** Where to restart when Graph answers 410 without a Location header. */
  restartUrl?: string;
}

export interface DeltaRoundResult {
  /** Changed objects, one per id, in the order Graph first reported them. */
  items: any[];
  deltaLink?: string;
  nextLink?: string;
  /** True when the sync state had expired and the round started over (a full resync). */
  resync: boolean;
  pages: number;
  last: GraphResponse;
}

export async function deltaRound(client: GraphClient, options: DeltaRoundOptions): Promise<DeltaRoundResult> {
  const followPages = options.followPages !== false;
  const merged = new Map<string, any>();
  const anonymous: any[] = [];
  let resync = false;
  let pages = 0;
  let url = options.url;
  let query = options.query;
  let last: GraphResponse | undefined;
  for (;;) {
    let response: GraphResponse;
    try {
      response = await client.request({ ...options.request, method: 'GET', url, query, headers: options.headers });
    } catch (err) {
      // 410 Gone: the sync state expired; Graph's Location says where to start again.
      if (err instanceof EntraError && err.statusCode === 410 && !resync) {
        resync = true;
        url = err.headers?.location || options.restartUrl || stripTokens(url);
        query = undefined;
        merged.clear();
        anonymous.length = 0;
        continue;
      }
      throw err;
    }
    last = response;
    const data = response.data ?? {};
    const nextLink = checkLink('@odata.nextLink', data['@odata.nextLink'], client.baseUrl, response);
    const deltaLink = checkLink('@odata.deltaLink', data['@odata.deltaLink'], client.baseUrl, response);
    const page: DeltaPage = { items: Array.isArray(data.value) ? data.value : [], nextLink, deltaLink, response, resync };
    await options.onPage?.(page, pages);
    pages++;
    for (const item of page.items) mergeItem(merged, anonymous, item);
    if (page.deltaLink || !page.nextLink || !followPages) {
      return {
        items: [...merged.values(), ...anonymous],
        deltaLink: page.deltaLink,
        nextLink: page.deltaLink ? undefined : page.nextLink,
        resync,
        pages,
        last,
      };
    }
    url = page.nextLink;
    query = undefined;
  }
}

/** Same object on several pages: later properties win, members@delta slices are concatenated. */
export function mergeItem(merged: Map<string, any>, anonymous: any[], item: any): void {
  if (!item || typeof item !== 'object' || typeof item.id !== 'string') {
    anonymous.push(item);
    return;
  }
  const existing = merged.get(item.id);
  if (!existing) {
    merged.set(item.id, { ...item });
    return;
  }
  for (const [key, value] of Object.entries(item)) {
    if (key.endsWith('@delta') && Array.isArray(value) && Array.isArray(existing[key])) existing[key] = existing[key].concat(value);
    else existing[key] = value;
  }
}

function stripTokens(url: string): string {
  return url.replace(/([?&])\$(skiptoken|deltatoken)=[^&]*/gi, '$1').replace(/[?&]+$/, '');
}
