// Delegated sign-in for the connection dialog, as admin endpoints:
//   POST <admin>/entra-connection/:id/auth/start     Authenticate: → the authorize URL (PKCE, single-use state)
//   GET  <admin>/entra-connection/auth/callback      where the identity platform sends the browser back
//   POST <admin>/entra-connection/:id/auth/device    Sign in with a device code: → the code to enter
//   GET  <admin>/entra-connection/:id/auth/status    signed-in account, device code progress
//   POST <admin>/entra-connection/:id/auth/signout   forgets the account and its tokens
// Starting, device code and sign-out need `entra-connection.write`, status `entra-connection.read`.
// The callback cannot carry the editor's token (a new browser window): the random single-use
// state, expiring after `entraConnectionSignInTimeout` seconds, and PKCE are what protect it.
// Sign-ins work with the dialog's values, before a deploy: the token cache is keyed by the
// connection's id, and the deployed node picks it up (or reloads it) from the encrypted store.
import { CryptoProvider } from '@azure/msal-node';
import { DelegatedTokenSource, PersistentTokenCache, readCachedAccounts, tokenCacheKey } from '../../lib/auth';
import { DeviceCodeSession } from '../../lib/auth/device-code-session';
import { CALLBACK_PATH, redirectUriProblem } from '../../lib/auth/redirect-uri';
import { REFUSALS, SignInStates } from '../../lib/auth/sign-in-state';
import { buildTokenSource, ConnectionSettings } from '../../lib/connection-settings';
import { readJsonBody } from '../../lib/http-body';
import type { RED } from '../../lib/red';
import { sharedStore } from '../../lib/secure-store';
import { dialogValues } from './dialog-values';

export const DEFAULT_SIGN_IN_TIMEOUT_SECONDS = 600;

interface PendingSignIn {
  nodeId: string;
  source: DelegatedTokenSource;
  redirectUri: string;
  codeVerifier: string;
}

/** What the connection node exposes to the sign-in routes (when it is deployed). */
export interface SignInAware {
  signInProblem?: string;
}

export class SignIn {
  readonly states: SignInStates<PendingSignIn>;
  readonly deviceSessions = new Map<string, DeviceCodeSession>();

  constructor(private readonly RED: RED) {
    this.states = new SignInStates<PendingSignIn>(
      () => this.timeoutSeconds() * 1000,
      Date.now,
      (p) => p.source.close(),
    );
  }

  timeoutSeconds(): number {
    const v = Number(this.RED.settings.entraConnectionSignInTimeout);
    return Number.isFinite(v) && v > 0 ? v : DEFAULT_SIGN_IN_TIMEOUT_SECONDS;
  }

  /** A token source of its own for one sign-in, sharing the connection's persistent cache. */
  source(nodeId: string, settings: ConnectionSettings, credentials: Record<string, unknown>): DelegatedTokenSource {
    const tokenCache = new PersistentTokenCache(sharedStore(this.RED, this.RED.nodes.getNode(nodeId)), tokenCacheKey(nodeId));
    try {
      const source = buildTokenSource(nodeId, settings, credentials, { tokenCache });
      if (!(source instanceof DelegatedTokenSource))
        throw new Error('this connection does not sign in as a user: choose authorization code or device code');
      return source;
    } catch (err) {
      tokenCache.close();
      throw err;
    }
  }

  /** Starts (or returns the running) device code sign-in of a connection. */
  startDeviceCode(
    nodeId: string,
    source: DelegatedTokenSource,
    hooks: ConstructorParameters<typeof DeviceCodeSession>[1] = {},
    restart = false,
  ): DeviceCodeSession {
    const running = this.deviceSessions.get(nodeId);
    if (running?.active && !restart) {
      source.close();
      return running;
    }
    running?.cancel();
    const session = new DeviceCodeSession(source, hooks);
    this.deviceSessions.set(nodeId, session);
    return session;
  }

  async signOut(nodeId: string): Promise<void> {
    this.deviceSessions.get(nodeId)?.cancel();
    this.deviceSessions.delete(nodeId);
    this.states.discard((p) => p.nodeId === nodeId);
    const cache = new PersistentTokenCache(sharedStore(this.RED, this.RED.nodes.getNode(nodeId)), tokenCacheKey(nodeId));
    await cache.clear();
    cache.close();
  }

  registerRoutes(): void {
    const RED = this.RED;
    const write = RED.auth.needsPermission('entra-connection.write');
    const read = RED.auth.needsPermission('entra-connection.read');
    const idOf = (req: any): string | undefined => (/^[\w.-]{1,64}$/.test(String(req.params.id ?? '')) ? String(req.params.id) : undefined);

    RED.httpAdmin.post('/entra-connection/:id/auth/start', write, async (req: any, res: any) => {
      const id = idOf(req);
      if (!id) return res.status(400).json({ ok: false, message: 'invalid connection id' });
      try {
        const body = (await readJsonBody<Record<string, any>>(req, 256 * 1024)) ?? {};
        const problem = redirectUriProblem(body.redirectUri);
        if (problem) return res.status(400).json({ ok: false, message: problem });
        const { settings, credentials } = await dialogValues(RED, body, id);
        if (settings.authType !== 'authorizationCode')
          return res.status(400).json({ ok: false, message: 'Authenticate is for authType authorizationCode' });
        const source = this.source(id, settings, credentials);
        const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
        const { state, expiresAt } = this.states.create({ nodeId: id, source, redirectUri: body.redirectUri, codeVerifier: verifier });
        const url = await source.authCodeUrl({ redirectUri: body.redirectUri, state, codeChallenge: challenge });
        res.json({ ok: true, url, expiresAt: new Date(expiresAt).toISOString() });
      } catch (err) {
        res.status(400).json({ ok: false, message: (err as Error).message });
      }
    });

    RED.httpAdmin.get(`/${CALLBACK_PATH}`, async (req: any, res: any) => {
      const query = req.query ?? {};
      const taken = this.states.take(typeof query.state === 'string' ? query.state : undefined);
      if (!taken.ok) return resultPage(res, 400, 'Sign-in refused', REFUSALS[taken.reason]);
      const pending = taken.entry;
      try {
        if (typeof query.error === 'string') {
          const reason = typeof query.error_description === 'string' ? query.error_description : query.error;
          return resultPage(res, 400, 'Sign-in failed', `The identity platform answered: ${reason}`);
        }
        if (typeof query.code !== 'string' || !query.code)
          return resultPage(res, 400, 'Sign-in failed', 'The identity platform sent no authorization code.');
        const result = await pending.source.redeemCode({
          code: query.code,
          redirectUri: pending.redirectUri,
          codeVerifier: pending.codeVerifier,
        });
        const who = result.account?.username || result.account?.name || 'the user';
        RED.log.info(`entra-connection ${pending.nodeId}: signed in as ${who}`);
        resultPage(res, 200, 'Signed in', `Signed in as ${who} — you can close this window.`);
      } catch (err) {
        resultPage(res, 400, 'Sign-in failed', (err as Error).message);
      } finally {
        pending.source.close();
      }
    });

    RED.httpAdmin.post('/entra-connection/:id/auth/device', write, async (req: any, res: any) => {
      const id = idOf(req);
      if (!id) return res.status(400).json({ ok: false, message: 'invalid connection id' });
      try {
        const body = (await readJsonBody<Record<string, any>>(req, 256 * 1024)) ?? {};
        const { settings, credentials } = await dialogValues(RED, body, id);
        if (settings.authType !== 'deviceCode')
          return res.status(400).json({ ok: false, message: 'Sign in with a code is for authType deviceCode' });
        const node = RED.nodes.getNode(id) as { deviceCodeHooks?(): ConstructorParameters<typeof DeviceCodeSession>[1] } | null;
        const session = this.startDeviceCode(
          id,
          this.source(id, settings, credentials),
          node?.deviceCodeHooks?.() ?? {
            onCode: (c) => RED.log.info(`entra-connection ${id}: ${c.message}`),
          },
          true,
        );
        await session.waitForCode();
        res.json({ ok: session.status !== 'failed', ...session.view() });
      } catch (err) {
        res.status(400).json({ ok: false, status: 'failed', message: (err as Error).message });
      }
    });

    RED.httpAdmin.get('/entra-connection/:id/auth/status', read, async (req: any, res: any) => {
      const id = idOf(req);
      if (!id) return res.status(400).json({ ok: false, message: 'invalid connection id' });
      try {
        const accounts = await readCachedAccounts(sharedStore(RED, RED.nodes.getNode(id)), tokenCacheKey(id));
        const node = RED.nodes.getNode(id) as SignInAware | null;
        const account = accounts[0];
        res.json({
          ok: true,
          signedIn: !!account,
          account: account ? { username: account.username, name: account.name } : undefined,
          problem: node?.signInProblem,
          deviceCode: this.deviceSessions.get(id)?.view(),
        });
      } catch (err) {
        res.status(500).json({ ok: false, message: (err as Error).message });
      }
    });

    RED.httpAdmin.post('/entra-connection/:id/auth/signout', write, async (req: any, res: any) => {
      const id = idOf(req);
      if (!id) return res.status(400).json({ ok: false, message: 'invalid connection id' });
      try {
        await this.signOut(id);
        RED.log.info(`entra-connection ${id}: signed out`);
        res.json({ ok: true, signedIn: false });
      } catch (err) {
        res.status(500).json({ ok: false, message: (err as Error).message });
      }
    });
  }
}

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function resultPage(res: any, status: number, title: string, message: string): void {
  res.status(status);
  res.set({
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Referrer-Policy': 'no-referrer',
  });
  res.send(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}</style></head>
<body><h1>${escapeHtml(title)}</h1><p id="entra-sign-in-result">${escapeHtml(message)}</p></body></html>`);
}
