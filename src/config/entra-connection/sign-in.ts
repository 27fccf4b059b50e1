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
import { readFileSync } from 'fs';
import { join } from 'path';
import { CryptoProvider } from '@azure/msal-node';
import { DelegatedTokenSource, PersistentTokenCache, readCachedAccounts, tokenCacheKey } from '../../lib/auth';
import { DeviceCodeSession } from '../../lib/auth/device-code-session';
import { CALLBACK_PATH, redirectUriText } from '../../lib/auth/redirect-uri';
import {
  answerText,
  englishText,
  errorAnswer,
  Keyed,
  KeyedError,
  keyed,
  render,
  SIGN_IN_PAGE_TEXTS,
} from '../../lib/auth/sign-in-messages';
import { REFUSALS, SignInStates } from '../../lib/auth/sign-in-state';
import { buildTokenSource, ConnectionSettings } from '../../lib/connection-settings';
import { english, fill } from '../../lib/i18n';
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
      if (!(source instanceof DelegatedTokenSource)) throw new KeyedError(keyed('signIn', 'notDelegated'));
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
    const invalidId = { ok: false, ...answerText(keyed('signIn', 'invalidId')) };
    const idOf = (req: any): string | undefined => (/^[\w.-]{1,64}$/.test(String(req.params.id ?? '')) ? String(req.params.id) : undefined);

    RED.httpAdmin.post('/entra-connection/:id/auth/start', write, async (req: any, res: any) => {
      const id = idOf(req);
      if (!id) return res.status(400).json(invalidId);
      try {
        const body = (await readJsonBody<Record<string, any>>(req, 256 * 1024)) ?? {};
        const problem = redirectUriText(body.redirectUri);
        if (problem) return res.status(400).json({ ok: false, ...answerText(problem) });
        const { settings, credentials } = await dialogValues(RED, body, id);
        if (settings.authType !== 'authorizationCode')
          return res.status(400).json({ ok: false, ...answerText(keyed('signIn', 'authenticateOnly')) });
        const source = this.source(id, settings, credentials);
        const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
        const { state, expiresAt } = this.states.create({ nodeId: id, source, redirectUri: body.redirectUri, codeVerifier: verifier });
        const url = await source.authCodeUrl({ redirectUri: body.redirectUri, state, codeChallenge: challenge });
        res.json({ ok: true, url, expiresAt: new Date(expiresAt).toISOString() });
      } catch (err) {
        res.status(400).json({ ok: false, ...errorAnswer(err) });
      }
    });

    RED.httpAdmin.get(`/${CALLBACK_PATH}`, async (req: any, res: any) => {
      const query = req.query ?? {};
      // A window of its own: in the browser's language (Accept-Language), not the runtime's.
      const page = pageTexts(req.headers?.['accept-language']);
      const taken = this.states.take(typeof query.state === 'string' ? query.state : undefined);
      if (!taken.ok) return resultPage(res, page, 400, page('refused'), page(REFUSALS[taken.reason]));
      const pending = taken.entry;
      try {
        if (typeof query.error === 'string') {
          const reason = typeof query.error_description === 'string' ? query.error_description : query.error;
          return resultPage(res, page, 400, page('failed'), page(keyed('signInPage', 'platformAnswered', { reason })));
        }
        if (typeof query.code !== 'string' || !query.code) return resultPage(res, page, 400, page('failed'), page('noCode'));
        const result = await pending.source.redeemCode({
          code: query.code,
          redirectUri: pending.redirectUri,
          codeVerifier: pending.codeVerifier,
        });
        const who = result.account?.username || result.account?.name;
        RED.log.info(render(keyed('log', 'routeSignedInAs', { id: pending.nodeId, account: who || keyed('signInPage', 'theUser') })));
        resultPage(res, page, 200, page('signedIn'), page(keyed('signInPage', 'signedInAs', { account: who || page('theUser') })));
      } catch (err) {
        resultPage(res, page, 400, page('failed'), (err as Error).message);
      } finally {
        pending.source.close();
      }
    });

    RED.httpAdmin.post('/entra-connection/:id/auth/device', write, async (req: any, res: any) => {
      const id = idOf(req);
      if (!id) return res.status(400).json(invalidId);
      try {
        const body = (await readJsonBody<Record<string, any>>(req, 256 * 1024)) ?? {};
        const { settings, credentials } = await dialogValues(RED, body, id);
        if (settings.authType !== 'deviceCode')
          return res.status(400).json({ ok: false, ...answerText(keyed('signIn', 'deviceCodeOnly')) });
        const node = RED.nodes.getNode(id) as { deviceCodeHooks?(): ConstructorParameters<typeof DeviceCodeSession>[1] } | null;
        const session = this.startDeviceCode(
          id,
          this.source(id, settings, credentials),
          node?.deviceCodeHooks?.() ?? {
            onCode: (c) => RED.log.info(render(keyed('log', 'routeDeviceCode', { id, uri: c.verificationUri, code: c.userCode }))),
          },
          true,
        );
        await session.waitForCode();
        res.json({ ok: session.status !== 'failed', ...session.view() });
      } catch (err) {
        res.status(400).json({ ok: false, status: 'failed', ...errorAnswer(err) });
      }
    });

    RED.httpAdmin.get('/entra-connection/:id/auth/status', read, async (req: any, res: any) => {
      const id = idOf(req);
      if (!id) return res.status(400).json(invalidId);
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
        res.status(500).json({ ok: false, ...errorAnswer(err) });
      }
    });

    RED.httpAdmin.post('/entra-connection/:id/auth/signout', write, async (req: any, res: any) => {
      const id = idOf(req);
      if (!id) return res.status(400).json(invalidId);
      try {
        await this.signOut(id);
        RED.log.info(render(keyed('log', 'routeSignedOut', { id })));
        res.json({ ok: true, signedIn: false });
      } catch (err) {
        res.status(500).json({ ok: false, ...errorAnswer(err) });
      }
    });
  }
}

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The page's language from the browser's Accept-Language: Japanese when it prefers ja, else English. */
export function pageLanguage(acceptLanguage: unknown): 'ja' | 'en-US' {
  const ranked = String(acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), i };
    })
    .filter((e) => e.lang && e.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  // The first language it has a catalogue for decides.
  const first = ranked.find((e) => e.lang === 'ja' || e.lang === 'en');
  return first?.lang === 'ja' ? 'ja' : 'en-US';
}

/**
 * The callback page's texts in the browser's language, from the connection's generated catalogue
 * (locales/<lang>/entra-connection.json beside this module; RED._ knows only the runtime's
 * language). Substitutions that are texts are rendered in the same language.
 */
export function pageTexts(acceptLanguage: unknown): PageTexts {
  const lang = pageLanguage(acceptLanguage);
  const catalogue = lang === 'ja' ? readCatalogue('ja') : undefined;
  const page = (text: Keyed | keyof typeof SIGN_IN_PAGE_TEXTS): string => {
    const k = typeof text === 'string' ? keyed('signInPage', text) : text;
    const subs: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(k.args ?? {})) subs[name] = typeof value === 'object' ? page(value) : value;
    const translated = catalogue ? english(catalogue, k.key) : englishText(k.key);
    return fill(translated !== k.key ? translated : englishText(k.key), subs);
  };
  return Object.assign(page, { lang });
}

export type PageTexts = ((text: Keyed | keyof typeof SIGN_IN_PAGE_TEXTS) => string) & { lang: string };

const catalogues = new Map<string, unknown>();
function readCatalogue(lang: string): unknown {
  if (!catalogues.has(lang)) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(join(__dirname, 'locales', lang, 'entra-connection.json'), 'utf8'));
    } catch {
      value = undefined;
    }
    catalogues.set(lang, value);
  }
  return catalogues.get(lang);
}

function resultPage(res: any, page: PageTexts, status: number, title: string, message: string): void {
  res.status(status);
  res.set({
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Referrer-Policy': 'no-referrer',
  });
  res.send(`<!DOCTYPE html><html lang="${page.lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:36em;margin:3em auto}</style></head>
<body><h1>${escapeHtml(title)}</h1><p id="entra-sign-in-result">${escapeHtml(message)}</p></body></html>`);
}
