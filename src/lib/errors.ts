// One error type for everything a node can report to a Catch node. Node-RED rebuilds msg.error
// from `message`, `code` and `stack` only (err.toString() becomes msg.error.message, and
// toString() is the message alone), so the message starts with the reason; the details that
// matter (status, request id) are plain fields that the runner copies onto the msg itself.
// Never attach an axios error: its config holds the token.

import { t } from './i18n';

export type ErrorKind = 'graph' | 'identity' | 'network' | 'input' | 'security' | 'cancelled';

export interface EntraErrorInit {
  code: string;
  kind: ErrorKind;
  statusCode?: number;
  requestId?: string;
  retryAfterMs?: number;
  /** Graph's own message when `message` is a friendlier rewrite of it. */
  graphMessage?: string;
  /** The parsed error response body (Graph's or the identity platform's), never request data. */
  body?: unknown;
  /** The failed response's headers (e.g. Location on a delta 410). Never request headers. */
  headers?: Record<string, string>;
  /** A short reason for the node status (e.g. "403 needs Group.ReadWrite.All"). */
  statusText?: string;
  /** msg.payload for the Catch node (e.g. a bulk result listing what failed). */
  payload?: unknown;
}

export class EntraError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly statusCode?: number;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly graphMessage?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly statusText?: string;
  readonly payload?: unknown;

  constructor(message: string, init: EntraErrorInit) {
    super(message);
    // The name tells the kind in stacks and logs; toString() below leaves it out of msg.error.message.
    this.name =
      init.kind === 'input'
        ? 'InputError'
        : init.kind === 'network'
          ? 'NetworkError'
          : init.kind === 'identity'
            ? 'SignInError'
            : init.kind === 'security'
              ? 'SecurityError'
              : init.kind === 'cancelled'
                ? 'CancelledError'
                : 'GraphError';
    this.code = init.code;
    this.kind = init.kind;
    this.statusCode = init.statusCode;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.graphMessage = init.graphMessage;
    this.body = init.body;
    this.headers = init.headers;
    this.statusText = init.statusText;
    this.payload = init.payload;
  }

  /**
   * Node-RED sets msg.error.message to err.toString(): the reason alone ("Not found: …",
   * "userId: is required"), as the docs show it, without a "GraphError: " prefix.
   */
  override toString(): string {
    return this.message;
  }
}

export function inputError(input: string, problem: string): EntraError {
  return new EntraError(`${input}: ${problem}`, { code: 'InvalidInput', kind: 'input' });
}

/**
 * A request that was not sent, or a wait before a retry that was cut short, because its node
 * closed (redeploy, stop): code `Cancelled`. Never reaches a Catch node: the runner turns it into
 * one warning per msg (runner.ts, issue 11 item 13).
 */
export function cancelledError(): EntraError {
  return new EntraError(t('errors.cancelled'), {
    code: 'Cancelled',
    kind: 'cancelled',
    statusText: t('status.cancelled'),
  });
}

export function isCancelled(err: unknown): boolean {
  return err instanceof EntraError && err.code === 'Cancelled';
}

export function isEntraError(err: unknown): err is EntraError {
  return err instanceof EntraError;
}

/** An unexpected error, told as its message alone (msg.error.message never starts with "Error: "). */
class UnexpectedError extends Error {
  override toString(): string {
    return this.message;
  }
}

/** Any thrown value as an Error whose message is safe to show (no request config attached). */
export function toSafeError(err: unknown): Error {
  if (err instanceof EntraError) return err;
  if (err instanceof Error) {
    const safe = new UnexpectedError(err.message);
    (safe as Error & { code?: string }).code = (err as Error & { code?: string }).code;
    return safe;
  }
  return new UnexpectedError(String(err));
}
