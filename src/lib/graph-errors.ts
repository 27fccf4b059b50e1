// Turns a failed Graph response into an EntraError. Branch on error.code, never on the message
// (https://learn.microsoft.com/graph/errors); the friendly texts below only prefix Graph's own.
import { EntraError } from './errors';
import { t } from './i18n';
import type { SharedMessages } from './messages';
import { parseRetryAfter } from './retry';

interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: Record<string, string>; innererror?: Record<string, string> };
}

/** What the failing operation knows that Graph's answer does not say. */
export interface ErrorContext {
  /** The application permission the operation needs: named when Graph answers 403. */
  permission?: string;
  /** What a 404 means for this operation (e.g. "Not a member"), instead of "Not found". */
  notFound?: string;
}

interface FriendlyRule {
  /** The texts: `errors.graph.<key>` (msg.error.message's reason) and `status.graph.<key>` (the node status). */
  key: keyof SharedMessages['errors']['graph'] & keyof SharedMessages['status']['graph'];
  /** What Graph answered, as the README's error table says it (generated: scripts/generate.js). */
  answer: string;
  status: number;
  code?: RegExp;
  /** Graph uses Request_BadRequest for many things: a few are told apart by their message only. */
  message?: RegExp;
  /** A reason other than the key's, from what the operation knows (the permission, what a 404 means). */
  text?: (c: ErrorContext) => string | undefined;
  /**
   * The node status (40 characters) when not the key's. The same Graph answer gives the same
   * status in every node ("404 not found", never the resource's own code).
   */
  short?: (c: ErrorContext) => string | undefined;
}

const INSUFFICIENT = /Authorization_RequestDenied|accessDenied|Forbidden/i;

/**
 * Short, readable reasons for the errors users meet most: the first matching rule wins. The
 * reason prefixes Graph's own message; Graph's code and request id are kept on the error.
 */
const FRIENDLY: FriendlyRule[] = [
  // An operation's own 404 text ("Not a member: …") gives the status its first words.
  {
    key: 'notFound',
    answer: '404, any code',
    status: 404,
    text: (c) => c.notFound,
    short: (c) =>
      c.notFound && !c.notFound.startsWith(t('errors.graph.notFound')) ? `404 ${c.notFound.split(':')[0].toLowerCase()}` : undefined,
  },
  {
    key: 'needs',
    answer: '403 `Authorization_RequestDenied` (or `accessDenied`, `Forbidden`), for an operation that names its application permission',
    status: 403,
    code: INSUFFICIENT,
    // Without a permission to name, the `insufficient` texts (the next rule's).
    text: (c) => (c.permission ? t('errors.graph.needs', { permission: c.permission }) : t('errors.graph.insufficient')),
    short: (c) => (c.permission ? t('status.graph.needs', { permission: c.permission }) : t('status.graph.insufficient')),
  },
  {
    // Never matched first (the rule above covers these answers): documents the texts without a permission.
    key: 'insufficient',
    answer: '403 `Authorization_RequestDenied`, for entra-raw, entra-delta and the operations whose permission depends on an input',
    status: 403,
    code: INSUFFICIENT,
  },
  { key: 'unauthenticated', answer: '401', status: 401 },
  { key: 'throttled', answer: '429, after the retries', status: 429 },
  { key: 'unavailable', answer: '503, after the retries', status: 503 },
  { key: 'gatewayTimeout', answer: '504, after the retries', status: 504 },
  // The same answers for the owners link (group and application owners): Graph names the property.
  {
    key: 'alreadyOwner',
    answer: "400 `Request_BadRequest` *added object references already exist … 'owners'*",
    status: 400,
    code: /Request_BadRequest/,
    message: /added object references already exist.*'owners'/i,
  },
  {
    key: 'notOwner',
    answer: "400 `Request_BadRequest` *removed object references do not exist … 'owners'*",
    status: 400,
    code: /Request_BadRequest/,
    message: /removed object references do not exist.*'owners'/i,
  },
  // "the last owner (a user object) of the group cannot be removed" (https://learn.microsoft.com/graph/api/group-delete-owners).
  {
    key: 'lastOwner',
    answer: '400 `Request_BadRequest` *… at least one owner …*',
    status: 400,
    code: /Request_BadRequest/,
    message: /at least one owner/i,
  },
  // An app role assignment that exists already (serviceprincipal-post-approleassignedto; Observed wording).
  {
    key: 'alreadyGranted',
    answer: '400 `Request_BadRequest` *Permission being assigned already exists …*',
    status: 400,
    code: /Request_BadRequest/,
    message: /Permission being assigned already exists/i,
  },
  // Licences (https://learn.microsoft.com/graph/api/user-assignlicense): the user needs a usage location first.
  {
    key: 'noUsageLocation',
    answer: '400 `Request_BadRequest` *… invalid usage location …*',
    status: 400,
    code: /Request_BadRequest/,
    message: /invalid usage location/i,
  },
  {
    key: 'noLicencesLeft',
    answer: '400 `Request_BadRequest` *… does not have any available licenses …*',
    status: 400,
    code: /Request_BadRequest/,
    message: /does not have any available licenses/i,
  },
  // signInActivity needs Microsoft Entra ID P1 or P2 (https://learn.microsoft.com/graph/api/resources/signinactivity).
  {
    key: 'needsPremium',
    answer: '403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant`',
    status: 403,
    code: /RequestFromNonPremiumTenant/i,
  },
  // Duplicate member add (https://learn.microsoft.com/graph/api/group-post-members: 400 when already a member).
  {
    key: 'alreadyMember',
    answer: '400 `Request_BadRequest` *added object references already exist …*',
    status: 400,
    code: /Request_BadRequest/,
    message: /added object references already exist/i,
  },
  {
    key: 'notMember',
    answer: '400 `Request_BadRequest` *removed object references do not exist …*',
    status: 400,
    code: /Request_BadRequest/,
    message: /removed object references do not exist/i,
  },
  {
    key: 'alreadyExists',
    answer: '400 `Request_BadRequest` *… already exists …*',
    status: 400,
    code: /Request_BadRequest/,
    message: /already exists?/i,
  },
  { key: 'conflict', answer: '409, any code', status: 409 },
  // Group and application ids are GUIDs: a name or a typo is "Invalid object identifier '…'".
  {
    key: 'invalidId',
    answer: "400 `Request_BadRequest` *Invalid object identifier '…'*",
    status: 400,
    code: /Request_BadRequest/,
    message: /invalid object identifier|invalid guid/i,
  },
  { key: 'badRequest', answer: '400 `Request_BadRequest`, any other message', status: 400, code: /Request_BadRequest/ },
  { key: 'unsupportedQuery', answer: '400 `Request_UnsupportedQuery`', status: 400, code: /Request_UnsupportedQuery/ },
];

/** The reason a rule gives msg.error.message: the operation's own, else the key's. */
function reasonOf(rule: FriendlyRule, c: ErrorContext): string {
  return rule.text?.(c) ?? t(`errors.graph.${rule.key}`);
}

/** The node status a rule gives. */
function shortOf(rule: FriendlyRule, c: ErrorContext): string {
  return rule.short?.(c) ?? t(`status.graph.${rule.key}`);
}

/**
 * The README's error table (scripts/generate.js): each Graph answer with the key of its texts, in
 * the order the rules are tried.
 */
export function graphErrorTable(): { answer: string; key: string }[] {
  return FRIENDLY.map(({ answer, key }) => ({ answer, key }));
}

function findRule(status: number, code: string, graphMessage: string): FriendlyRule | undefined {
  return FRIENDLY.find((f) => f.status === status && (!f.code || f.code.test(code)) && (!f.message || f.message.test(graphMessage)));
}

export function friendlyPrefix(status: number, code: string, graphMessage = '', context: ErrorContext = {}): string | undefined {
  const rule = findRule(status, code, graphMessage);
  return rule && reasonOf(rule, context);
}

/** "<friendly reason>: <Graph's message>" (Graph's message alone when no rule applies). */
export function friendlyMessage(status: number, code: string, graphMessage: string, context: ErrorContext = {}): string {
  const prefix = friendlyPrefix(status, code, graphMessage, context);
  return prefix && !graphMessage.startsWith(prefix) ? `${prefix}: ${graphMessage}` : graphMessage;
}

export function graphErrorFromResponse(
  status: number,
  headers: Record<string, string>,
  body: unknown,
  extra?: { context?: string; error?: ErrorContext },
): EntraError {
  let parsed: GraphErrorBody | undefined;
  if (body && typeof body === 'object') parsed = body as GraphErrorBody;
  else if (typeof body === 'string' && body.trim().startsWith('{')) {
    try {
      parsed = JSON.parse(body);
    } catch {
      /* not JSON */
    }
  }
  const err = parsed?.error;
  const inner = err?.innerError ?? err?.innererror ?? {};
  const code = err?.code || `HTTP${status}`;
  // Graph may echo a huge input (a 10 MB id) in its message: it goes to msg.error and the log.
  const graphMessage = clipMessage(err?.message || `HTTP ${status}`);
  const requestId = inner['request-id'] || headers['request-id'];
  const context = extra?.error ?? {};
  const message = [extra?.context, friendlyMessage(status, code, graphMessage, context)].filter(Boolean).join(': ');
  const rule = findRule(status, code, graphMessage);
  return new EntraError(message, {
    code,
    kind: 'graph',
    statusCode: status,
    requestId,
    graphMessage,
    statusText: rule && shortOf(rule, context),
    retryAfterMs: parseRetryAfter(headers['retry-after']),
    body: parsed ?? (typeof body === 'string' ? body.slice(0, 2000) : undefined),
    headers,
  });
}

/**
 * The same Graph error told with what the operation knows (the permission it needs, what a 404
 * means for it). Other errors are returned unchanged.
 */
export function withErrorContext(err: unknown, context: ErrorContext): unknown {
  // Only errors made from a Graph response (they carry Graph's own message).
  if (!(err instanceof EntraError) || err.kind !== 'graph' || err.statusCode === undefined || err.graphMessage === undefined) return err;
  const graphMessage = err.graphMessage;
  const rule = findRule(err.statusCode, err.code, graphMessage);
  if (!rule) return err;
  return new EntraError(friendlyMessage(err.statusCode, err.code, graphMessage, context), {
    code: err.code,
    kind: err.kind,
    statusCode: err.statusCode,
    requestId: err.requestId,
    graphMessage,
    statusText: shortOf(rule, context),
    retryAfterMs: err.retryAfterMs,
    body: err.body,
    headers: err.headers,
  });
}

/** A $batch answer's error as { code, message } in the same words as a direct request's. */
export function batchFailure(
  status: number,
  body: unknown,
  context: ErrorContext = {},
): { code: string; message: string; statusCode: number } {
  const e = (body as GraphErrorBody | undefined)?.error;
  const code = e?.code || `HTTP${status}`;
  return { code, message: friendlyMessage(status, code, e?.message || `HTTP ${status}`, context), statusCode: status };
}

function clipMessage(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'timed out',
  ECONNABORTED: 'timed out',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed',
  EPIPE: 'connection closed',
  ERR_CANCELED: 'cancelled',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

export function networkError(code: string | undefined, host: string, detail?: string): EntraError {
  const c = code || 'ENETWORK';
  const words = NETWORK_WORDS[c] || detail || 'network error';
  return new EntraError(t('errors.network', { host, reason: words, code: c }), { code: c, kind: 'network' });
}

/**
 * A 2xx whose body is not what was asked for (a cut-off JSON page, a proxy's HTML page, a 201
 * without the new object's id): never a success. The status and the first bytes say what came.
 */
export function invalidResponse(
  status: number,
  headers: Record<string, string>,
  body: Buffer | string | unknown,
  reason: string,
): EntraError {
  const text = Buffer.isBuffer(body)
    ? body.subarray(0, 200).toString('utf8')
    : typeof body === 'string'
      ? body.slice(0, 200)
      : (JSON.stringify(body ?? null)?.slice(0, 200) ?? '');
  const first = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  const type = headers['content-type'] ? `, ${headers['content-type']}` : '';
  return new EntraError(t('errors.invalidResponse', { reason, detail: `HTTP ${status}${type}`, first: JSON.stringify(first) }), {
    code: 'InvalidResponse',
    kind: 'graph',
    statusCode: status,
    requestId: headers['request-id'],
    headers,
    statusText: t('status.graph.invalidResponse', { status }),
  });
}
