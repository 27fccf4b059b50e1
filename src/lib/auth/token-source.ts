// What every authentication type shares: one token request in flight at a time per connection
// (concurrent first requests wait for the same answer), msal's cache reused, errors from the
// identity platform turned into readable ones.
import type { TokenSource } from '../graph-client';
import { EntraError } from '../errors';
import type { Endpoints } from '../clouds';
import type { PersistentTokenCache } from './token-cache';
import { t } from '../i18n';
import { SHARED_MESSAGES } from '../messages';
import { Keyed, keyed, render } from './sign-in-messages';

export interface AuthSettings {
  nodeId: string;
  authType: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  certificate?: string;
  /** Client credentials: a file whose content (a token of a trusted issuer) is the client assertion. */
  federatedTokenFile?: string;
  /** Managed identity: `system`, or a user-assigned identity by `clientId`, `resourceId` or `objectId`. */
  managedIdentityIdType?: string;
  managedIdentityId?: string;
  scopes: string[];
  endpoints: Endpoints;
  /** Delegated flows: where msal's cache (account, refresh token) is kept. */
  tokenCache?: PersistentTokenCache;
  /** Delegated flows: the refresh token was refused for good (revoked, expired). */
  onSignInRequired?(err: EntraError): void;
  /** Delegated flows: called when nobody has signed in yet; may start a sign-in and return a hint. */
  whenNotSignedIn?(): Promise<string | undefined>;
  /** The longest wait for one token request (the connection's timeout); default 100 s. */
  timeoutMs?: number;
  /** The longest a 429/503's Retry-After of the identity platform holds token requests; default 60 s. */
  maxRetryWaitMs?: number;
}

export const DEFAULT_TOKEN_TIMEOUT_MS = 100_000;
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/** Tokens are renewed this long before they expire, as msal-node does (DEFAULT_TOKEN_RENEWAL_OFFSET_SEC). */
const RENEWAL_OFFSET_MS = 300_000;

export abstract class SharedTokenSource implements TokenSource {
  /** Deadline of one token request and cap on a Retry-After (set by createTokenSource). */
  limits = { timeoutMs: DEFAULT_TOKEN_TIMEOUT_MS, maxRetryWaitMs: DEFAULT_MAX_RETRY_WAIT_MS };
  /** After a 429/503 with Retry-After: no token request before `until`. */
  private hold?: { until: number; status?: number };
  private inFlight?: Promise<string>;
  private inFlightForced?: Promise<string>;
  private memo?: { token: string; renewAt: number };
  private readonly listeners = new Set<(token: string) => void>();

  /** Called with every token newly acquired (not with the ones handed out again): what it grants is read from it. */
  onToken(listener: (token: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async getAccessToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    const force = !!options.forceRefresh;
    // A token known to be fresh is handed out without asking msal-node's cache on every request.
    if (!force && this.memo && Date.now() < this.memo.renewAt) return this.memo.token;
    const slot = force ? 'inFlightForced' : 'inFlight';
    const existing = this[slot];
    if (existing) return existing;
    // The identity platform asked to wait (429/503 Retry-After, capped): say until when, ask nothing.
    const holdMs = this.hold ? this.hold.until - Date.now() : 0;
    if (holdMs > 0) throw throttledError(this.hold!.status, holdMs);
    this.hold = undefined;
    const pending = withDeadline(this.acquire(force), this.limits.timeoutMs)
      .catch((err: unknown) => {
        throw this.afterFailure(err);
      })
      .then((token) => {
        for (const listener of this.listeners) {
          try {
            listener(token);
          } catch {
            /* an observer never breaks sign-in */
          }
        }
        return token;
      })
      .finally(() => {
        this[slot] = undefined;
      });
    this[slot] = pending;
    return pending;
  }

  protected abstract acquire(forceRefresh: boolean): Promise<string>;

  /** A refusal with Retry-After holds the next requests for that long, never longer than the cap. */
  private afterFailure(err: unknown): unknown {
    const e = err as EntraError;
    const status = e?.statusCode;
    const retryAfterMs = e instanceof EntraError ? e.retryAfterMs : undefined;
    if (!(retryAfterMs !== undefined && (status === 429 || (status !== undefined && status >= 500)))) return err;
    const waitMs = Math.min(Math.max(0, retryAfterMs), Math.max(0, this.limits.maxRetryWaitMs));
    if (waitMs <= 0) return err;
    this.hold = { until: Date.now() + waitMs, status };
    return new EntraError(t('errors.signIn.wait', { message: e.message, status: String(status), seconds: Math.ceil(waitMs / 1000) }), {
      code: e.code,
      kind: 'identity',
      statusCode: status,
      retryAfterMs: waitMs,
      statusText: t('status.signInWait', { status: String(status), seconds: Math.ceil(waitMs / 1000) }),
    });
  }

  /** Lets getAccessToken reuse `token` until shortly before `expiresOn`. */
  protected remember(token: string, expiresOn: Date | null | undefined): void {
    this.memo = expiresOn ? { token, renewAt: expiresOn.getTime() - RENEWAL_OFFSET_MS } : undefined;
  }

  /** How this source signs in, for Test connection and the sidebar ("App Service managed identity"), in Node-RED's language. */
  describe(): string {
    return render(this.describeText());
  }

  /** describe() as a message key of the connection's catalogue (the dialog shows it in the editor's language). */
  describeText(): Keyed {
    return keyed('test', 'sourceDefault');
  }

  /** Releases timers or stores; called when the connection closes. */
  close(): void | Promise<void> {}
}

/** msal-node config shared by every flow: the authority, and knownAuthorities for custom hosts. */
export function msalAuthority(settings: AuthSettings): { authority: string; knownAuthorities?: string[] } {
  const authority = `${settings.endpoints.authorityHost}/${encodeURIComponent(settings.tenantId)}`;
  // A custom authority (the simulator, a proxy) is trusted as given: listing it stops msal-node
  // from asking login.microsoftonline.com for instance discovery.
  return settings.endpoints.custom ? { authority, knownAuthorities: [new URL(settings.endpoints.authorityHost).host] } : { authority };
}

/**
 * Resolves or rejects as `work` does, or rejects after `ms` (TokenTimeout). The request itself is
 * not awaited any longer: the next msg asks again instead of waiting on an answer that never comes.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new EntraError(t('errors.signIn.timedOut', { time: formatSeconds(ms) }), {
          code: 'TokenTimeout',
          kind: 'identity',
          statusText: t('status.signInTimedOut'),
        }),
      );
    }, ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function throttledError(status: number | undefined, waitMs: number): EntraError {
  const s = Math.ceil(waitMs / 1000);
  return new EntraError(t('errors.signIn.throttled', { status: status ?? 429, seconds: s }), {
    code: 'TokenEndpointThrottled',
    kind: 'identity',
    statusCode: status,
    retryAfterMs: waitMs,
    statusText: t('status.signInThrottled', { seconds: s }),
  });
}

/** Turns an msal-node error into a sign-in error with the AADSTS reason in plain words. */
export function identityError(err: unknown, refusal?: { status: number; retryAfterMs?: number }): EntraError {
  const e = err as { errorCode?: string; errorMessage?: string; message?: string; subError?: string; status?: number; code?: string };
  const code = e.errorCode || e.code || 'sign_in_failed';
  const raw = e.errorMessage || e.message || String(err);
  // msal-node wraps the description ("Error(s): … - Timestamp: … - Description: AADSTS…: text
  // - Trace ID: … - Correlation ID: …"): keep the description up to the trace ids.
  const description = /Description:\s*([\s\S]*)/.exec(raw)?.[1] ?? raw;
  const firstLine = description.split(/\r?\n|\s-\s(?:Trace ID|Correlation ID|Timestamp)\b|\sTrace ID:/)[0].trim();
  const aadsts = /AADSTS\d+/.exec(raw)?.[0];
  const hint = aadsts && Object.hasOwn(AADSTS_HINTS, aadsts) ? t(`errors.signIn.hints.${aadsts}`) : undefined;
  const message = t('errors.signIn.failed', { code, reason: firstLine }) + (hint ? ` — ${hint}` : '');
  return new EntraError(message, {
    code: aadsts ? `${code}:${aadsts}` : code,
    kind: 'identity',
    statusCode: e.status ?? refusal?.status,
    retryAfterMs: refusal?.retryAfterMs,
    // The same status in every node of the connection: what failed and the identity platform's code.
    statusText: t('status.signInFailed', { code: aadsts ?? code }),
  });
}

/** The AADSTS codes whose hint (errors.signIn.hints.<code>, src/lib/messages.ts) says what to do. */
const AADSTS_HINTS = SHARED_MESSAGES.errors.signIn.hints;
