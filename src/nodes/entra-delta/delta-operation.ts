// entra-delta's one operation: a delta round (or one page of it) from where the node stopped.
// The round itself is src/lib/delta.ts (nextLinks, members@delta merging, 410 resync); this
// decides where to start, remembers where it stopped and shapes the msgs.
// https://learn.microsoft.com/graph/delta-query-overview
import { deltaRound, DeltaPage } from '../../lib/delta';
import type { Values } from '../../lib/inputs';
import type { NodeSpec } from '../../lib/operations';
import { PAGE_OUTPUT, SELECT } from '../../lib/shared-inputs';
import { MAX_PAGE_SIZE, selectParam } from '../../lib/list-query';
import type { NodeMessage } from '../../lib/red';
import type { OperationContext, OperationResult, OperationTable } from '../../lib/runner';
import { sharedStore } from '../../lib/secure-store';
import { t } from '../../lib/i18n';
import { formatCount } from '../../lib/status';
import { DeltaPosition, DeltaPositions, positionKey } from './delta-position';

export const DEFAULT_DELTA_URL = '/users/delta';

// Graph chooses delta page sizes; len only has to be above 1 for a Join node to flatten the pages.
const PARTS_LEN = MAX_PAGE_SIZE;

const TOKEN_IN_URL = /[?&]\$(skiptoken|deltatoken)=[^&]/i;

/** One DeltaPositions per node instance (memory positions live as long as the node). */
const positionsByNode = new WeakMap<object, DeltaPositions>();

export function deltaOperations(): OperationTable {
  return {
    delta: {
      label: 'List changes',
      summary: 'A delta round: every object on the first round, then only what changed since the last deltaLink.',
      method: 'GET',
      path: '/users/delta (or the URL given)',
      permissions: {
        application: null,
        delegated: null,
        note: 'the read permission of the collection, e.g. User.Read.All for /users/delta, Group.Read.All for /groups/delta',
      },
      docs: 'https://learn.microsoft.com/graph/delta-query-overview',
      output:
        'The changed objects (a removed one is { id, "@removed": { reason } }); msg.deltaLink when the round is finished, msg.nextLink when it has more pages; msg.resync after a 410 Gone.',
      details: 'msg.reset = true forgets where the node stopped and starts a full sync.',
      inputs: {
        url: {
          kind: 'string',
          default: DEFAULT_DELTA_URL,
          label: 'URL',
          placeholder: DEFAULT_DELTA_URL,
          help: "The delta function relative to the connection's Graph base (/users/delta, /groups/delta, /applications/delta…), or a whole nextLink or deltaLink of an earlier round.",
        },
        select: {
          ...SELECT,
          placeholder: 'displayName,jobTitle,accountEnabled',
          help: 'The properties to return and track, comma-separated or an array; sent only on a fresh start (on groups, include members to get members@delta).',
        },
        filter: {
          kind: 'string',
          label: 'Filter',
          placeholder: "id eq '…' or id eq '…'",
          help: "Sent only on a fresh start; on users and groups Graph allows only id eq '…' clauses joined with or (50 at most).",
        },
        skipToken: { kind: 'string', label: 'Skip token', help: 'The $skiptoken of a previous nextLink: continues that round.' },
        deltaToken: {
          kind: 'string',
          label: 'Delta token',
          placeholder: 'latest: start from now',
          help: 'The $deltatoken of a previous deltaLink (the changes since that round); latest starts from now.',
        },
        returnMinimal: {
          kind: 'boolean',
          default: false,
          label: 'Return minimal',
          help: 'Sends Prefer: return=minimal: on rounds from a deltaLink Graph returns only the properties that changed.',
        },
        rememberDeltaLink: {
          kind: 'boolean',
          default: false,
          label: 'Remember deltaLink',
          help: "Keeps the last deltaLink of this URL in the node's default context store and continues from it (a persistent store such as localfilesystem survives restarts).",
        },
        followPages: {
          kind: 'boolean',
          plain: true,
          default: true,
          label: 'Pages',
          placeholder: 'follow nextLinks to the deltaLink (unticked: one page per input msg)',
          help: 'Ticked: one input msg runs a whole round; unticked: one page per input msg, and the next msg continues from msg.nextLink.',
        },
        pageOutput: {
          ...PAGE_OUTPUT,
          choices: { array: 'all changes in one message', perPage: 'one message per page (msg.parts)' },
          help: 'All changes in one message (an object Graph split over pages is merged), or one message per page with msg.parts.',
        },
      },
      run: runDelta,
    },
  };
}

export const deltaNode: NodeSpec = {
  type: 'entra-delta',
  paletteLabel: 'entra delta',
  icon: 'entra-delta.svg',
  label: 'delta',
  summary:
    'Lists what changed in a Microsoft Graph collection since the last time (a delta query on users, groups, applications…); with Remember deltaLink an inject node on a timer is a complete incremental sync.',
  operations: deltaOperations(),
};

async function runDelta(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const { node, config, msg, client } = ctx;
  let positions = positionsByNode.get(node);
  if (!positions) {
    // Several Node-RED copies (settings.js entraStateStore): the remembered deltaLink is shared.
    const store = sharedStore(ctx.RED, node);
    positionsByNode.set(node, (positions = new DeltaPositions(node, store.shared ? store : undefined)));
  }
  const followPages = config.followPages !== false && config.followPages !== 'false';
  const perPage = config.pageOutput === 'perPage';
  const persistent = v.rememberDeltaLink === true;
  const select = selectParam(v.select);
  const key = positionKey(v.url, select, v.filter);

  // Where to start: a link the msg/node gives explicitly, else where the node stopped, else fresh.
  const explicitLink = TOKEN_IN_URL.test(v.url) || v.skipToken !== undefined || v.deltaToken !== undefined;
  if (msg.reset === true) await positions.set(key, undefined, persistent);
  let stored = explicitLink || msg.reset === true ? undefined : await positions.get(key, persistent, client.baseUrl);
  // A link from another Graph host (the connection changed) cannot be used: start over.
  if (stored && !sameOrigin(stored.link, client.baseUrl)) stored = undefined;

  let url: string;
  let query: Record<string, string | undefined> | undefined;
  if (stored) {
    url = stored.link;
  } else {
    url = v.url;
    // $select/$filter only on a fresh start: Graph encodes them into the tokens after that.
    const fresh =
      !TOKEN_IN_URL.test(v.url) && v.skipToken === undefined && (v.deltaToken === undefined || v.deltaToken.toLowerCase() === 'latest');
    query = {
      $skiptoken: v.skipToken,
      $deltatoken: v.deltaToken,
      $select: fresh ? select : undefined,
      $filter: fresh ? v.filter : undefined,
    };
  }
  const restartUrl = freshUrl(v.url, select, v.filter);
  const headers = { Prefer: v.returnMinimal ? 'return=minimal' : undefined };
  const debug = config.debugRequest === true || config.debugRequest === 'true';

  // msg.parts: per round when followPages; across input msgs when one page per msg.
  const continuing = stored?.inRound === true;
  let partsId = continuing && stored?.partsId ? stored.partsId : ctx.RED.util.generateId();
  let index = continuing && typeof stored?.index === 'number' ? stored.index : 0;
  let resynced = false;
  // A resync restarts the round: its pages form a new sequence (Join drops the old one on timeout).
  const restartParts = () => {
    resynced = true;
    partsId = ctx.RED.util.generateId();
    index = 0;
  };

  const emitPage = (page: DeltaPage, isResync: boolean) => {
    const out = ctx.RED.util.cloneMessage(msg) as NodeMessage;
    delete out.reset;
    out.payload = page.items;
    out.statusCode = page.response.status;
    out.headers = page.response.headers;
    setLinks(out, page.nextLink, page.deltaLink);
    if (isResync) out.resync = true;
    out.parts = { id: partsId, index, type: 'array', len: PARTS_LEN, ...(page.deltaLink ? { count: index + 1 } : {}) };
    index++;
    ctx.send(out);
  };

  let sentPages = 0;
  let items = 0;
  const round = await deltaRound(client, {
    url,
    query,
    headers,
    followPages,
    restartUrl,
    request: { debug, log: (line) => node.log(line) },
    onPage:
      perPage && followPages
        ? (page) => {
            const first = page.resync && !resynced;
            if (first) restartParts();
            emitPage(page, first);
            sentPages++;
            items += page.items.length;
            ctx.status.progress(t('status.changesPage', { page: sentPages, changes: formatCount(items) }));
          }
        : undefined,
  });
  if (round.resync && !followPages) restartParts();

  const next: DeltaPosition | undefined = round.deltaLink
    ? { link: round.deltaLink, inRound: false }
    : round.nextLink
      ? { link: round.nextLink, inRound: true, partsId, index: index + 1 }
      : undefined;
  // Without rememberDeltaLink only a round paced one page per msg is continued (in memory).
  if (persistent || next?.inRound) await positions.set(key, next, persistent);
  else await positions.set(key, undefined, false);

  // Said in the log and a yellow status (until the next success) as well as in msg.resync.
  const warning = round.resync
    ? {
        log: t('errors.resync', { key }),
        status: t('status.resynced'),
      }
    : undefined;
  if (perPage && followPages) return { payload: undefined, sent: true, warning };

  const props: Record<string, unknown> = {};
  if (round.resync) props.resync = true;
  if (!followPages && perPage) {
    props.parts = { id: partsId, index, type: 'array', len: PARTS_LEN, ...(round.deltaLink ? { count: index + 1 } : {}) };
  }
  const result: OperationResult = { payload: round.items, statusCode: round.last.status, headers: round.last.headers, props, warning };
  delete msg.reset;
  setLinks(msg, round.nextLink, round.deltaLink);
  return result;
}

function setLinks(msg: NodeMessage, nextLink: string | undefined, deltaLink: string | undefined): void {
  delete msg.nextLink;
  delete msg.deltaLink;
  if (deltaLink) msg.deltaLink = deltaLink;
  else if (nextLink) msg.nextLink = nextLink;
}

function sameOrigin(link: string, baseUrl: string): boolean {
  try {
    return new URL(link, baseUrl).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}

/** Where a 410 without a Location restarts: the starting path with its select/filter. */
function freshUrl(url: string, select?: string, filter?: string): string {
  const base = url.replace(/[?&]\$(skiptoken|deltatoken)=[^&]*/gi, '').replace(/\?$/, '');
  const params = [select ? `$select=${encodeURIComponent(select)}` : '', filter ? `$filter=${encodeURIComponent(filter)}` : ''].filter(
    Boolean,
  );
  if (!params.length || TOKEN_IN_URL.test(url)) return base;
  return `${base}${base.includes('?') ? '&' : '?'}${params.join('&')}`;
}
