// What every authentication type shares: one token request in flight at a time per connection
// (concurrent first requests wait for the same answer), msal's cache reused, errors from the
// identity platform turned into readable ones.
import type { TokenSource } from '../graph-client';
import { EntraError } from '../errors';
import type { Endpoints } from '../clouds';
import type { PersistentTokenCache } from './token-cache';

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
}

/** Tokens are renewed this long before they expire, as msal-node does (DEFAULT_TOKEN_RENEWAL_OFFSET_SEC). */
const RENEWAL_OFFSET_MS = 300_000;

export abstract class SharedTokenSource implements TokenSource {
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
    const pending = this.acquire(force).then((token) => {
      for (const listener of this.listeners) {
        try {
          listener(token);
        } catch {
          /* an observer never breaks sign-in */
        }
      }
      return token;
    }).finally(() => {
      this[slot] = undefined;
    });
    this[slot] = pending;
    return pending;
  }

  protected abstract acquire(forceRefresh: boolean): Promise<string>;

  /** Lets getAccessToken reuse `token` until shortly before `expiresOn`. */
  protected remember(token: string, expiresOn: Date | null | undefined): void {
    this.memo = expiresOn ? { token, renewAt: expiresOn.getTime() - RENEWAL_OFFSET_MS } : undefined;
  }

  /** How this source signs in, for Test connection and the sidebar ("App Service managed identity"). */
  describe(): string {
    return 'signed in';
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

/** Turns an msal-node error into a sign-in error with the AADSTS reason in plain words. */
export function identityError(err: unknown): EntraError {
  const e = err as { errorCode?: string; errorMessage?: string; message?: string; subError?: string; status?: number; code?: string };
  const code = e.errorCode || e.code || 'sign_in_failed';
  const raw = e.errorMessage || e.message || String(err);
  // msal-node wraps the description ("Error(s): … - Timestamp: … - Description: AADSTS…: text
  // - Trace ID: … - Correlation ID: …"): keep the description up to the trace ids.
  const description = /Description:\s*([\s\S]*)/.exec(raw)?.[1] ?? raw;
  const firstLine = description.split(/\r?\n|\s-\s(?:Trace ID|Correlation ID|Timestamp)\b|\sTrace ID:/)[0].trim();
  const aadsts = /AADSTS\d+/.exec(raw)?.[0];
  const hint = aadsts ? AADSTS_HINTS[aadsts] : undefined;
  const message = `Sign-in failed (${code}): ${firstLine}${hint ? ` — ${hint}` : ''}`;
  return new EntraError(message, { code: aadsts ? `${code}:${aadsts}` : code, kind: 'identity', statusCode: e.status });
}

const AADSTS_HINTS: Record<string, string> = {
  AADSTS7000215: 'the client secret is wrong: copy the secret Value (not its ID) from Certificates & secrets',
  AADSTS7000222: 'the client secret has expired: create a new one in the app registration',
  AADSTS700016: 'no application with this client ID in the tenant: check the client ID and tenant ID',
  AADSTS90002: 'the tenant was not found: check the tenant ID or domain',
  AADSTS700027: 'the certificate assertion was refused: upload this certificate to the app registration',
  AADSTS70011: 'the scope is not valid for this flow',
  AADSTS50126: 'wrong user name or password',
  AADSTS700082: 'the refresh token has expired: sign in again',
  AADSTS70008: 'the sign-in has expired: sign in again',
  AADSTS50173: 'the grant was revoked: sign in again',
};
