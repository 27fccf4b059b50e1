// The entra-connection config node: where to sign in, with which app, and the one GraphClient
// that every node using this connection shares (one token cache, one retry policy). Delegated
// connections (authorizationCode, deviceCode) keep msal's cache in the encrypted userDir store and
// tell their nodes (yellow status) when someone must sign in again.
import { PersistentTokenCache, SharedTokenSource, tokenCacheKey } from '../../lib/auth';
import type { DeviceCodeInfo, DeviceCodeSession } from '../../lib/auth/device-code-session';
import type { EntraError } from '../../lib/errors';
import { checkRuntimeBinding } from '../../lib/auth/secret-binding';
import { buildTokenSource, DELEGATED_AUTH_TYPES, DelegatedHooks, settingsFromConfig } from '../../lib/connection-settings';
import { resolveEndpoints } from '../../lib/clouds';
import type { EntraConnection } from '../../lib/connection';
import { GraphClient } from '../../lib/graph-client';
import { readJsonBody } from '../../lib/http-body';
import { closeGraceMs } from '../../lib/in-flight';
import { activity } from '../../lib/activity';
import { PermissionWatch } from '../../lib/permission-watch';
import { NodeRef, nodeProblems, TokenGrants, tokenGrants } from '../../lib/permissions';
import { errorAnswer, Keyed, keyed, render, sharedKeyed } from '../../lib/auth/sign-in-messages';
import type { NodeDefBase, RED, RedNode, StatusObject } from '../../lib/red';
import { secureStore, sharedStore } from '../../lib/secure-store';
import { t, useRuntimeMessages } from '../../lib/i18n';
import { registerActivityRoutes } from './activity-routes';
import { dialogValues } from './dialog-values';
import { DEFAULT_SIGN_IN_TIMEOUT_SECONDS, SignIn } from './sign-in';

type User = { id: string; status(s: object): void };
type ConnectionNode = RedNode &
  EntraConnection & {
    tokens?: SharedTokenSource;
    signInProblem?: string;
    /** Settles once the stored secret's binding to its authority has been checked (or written). */
    secretBinding?: Promise<void>;
    deviceCodeHooks?(): { onCode(info: DeviceCodeInfo): void; onEnd(session: DeviceCodeSession): void };
  };

export = function (RED: RED) {
  // Status texts, error reasons and log lines in Node-RED's language, from this module's catalogue
  // (the connection's own sections too: signIn, log, test).
  useRuntimeMessages(RED, 'entra-connection');
  const signIn = new SignIn(RED);

  function EntraConnectionNode(this: ConnectionNode, config: NodeDefBase) {
    RED.nodes.createNode(this, config);
    const node = this;
    const settings = settingsFromConfig(config);
    const users = new Map<string, User>();
    // The sign-in state every user shows (undefined: nothing to say).
    let shown: StatusObject | undefined;
    const show = (status: StatusObject | undefined, problem?: string) => {
      shown = status;
      node.signInProblem = problem;
      for (const u of users.values()) u.status(status ?? {});
    };
    node.tenantId = settings.tenantId;
    node.webhookBaseUrl = settings.webhookBaseUrl ?? '';
    node.maxRetries = settings.maxRetries;
    node.retryBaseDelayMs = settings.retryBaseDelayMs;
    node.addUser = (user) => {
      users.set(user.id, user);
      if (shown) user.status(shown);
    };
    node.removeUser = (user) => users.delete(user.id);

    const delegated = DELEGATED_AUTH_TYPES.includes(settings.authType);
    let tokenCache: PersistentTokenCache | undefined;
    const hooks: DelegatedHooks = {};
    if (delegated) {
      tokenCache = new PersistentTokenCache(sharedStore(RED, node), tokenCacheKey(node.id));
      hooks.tokenCache = tokenCache;
      hooks.onSignInRequired = (err: EntraError) => {
        node.warn(err.message);
        show({ fill: 'yellow', shape: 'ring', text: t('status.signInAgain') }, err.message);
      };
      if (settings.authType === 'deviceCode') hooks.whenNotSignedIn = () => startDeviceCodeAtRuntime();
      // A sign-in (from the dialog, before or after this deploy) or a sign-out elsewhere.
      tokenCache.onChanged(() => void showAccountState(true));
      void showAccountState(false);
    }

    async function showAccountState(changed: boolean): Promise<void> {
      const accounts = await tokenCache!.accounts().catch(() => []);
      if (accounts.length === 0) show({ fill: 'yellow', shape: 'ring', text: t('status.notSignedIn') }, render(keyed('signIn', 'nobody')));
      // Someone signed in (or a refresh succeeded): a "sign in" status no longer applies.
      else if (changed && shown) show(undefined);
    }

    // Device code hooks for sessions of this connection: the code goes to the log and the status.
    node.deviceCodeHooks = () => ({
      onCode: (info) => {
        // Our own line in Node-RED's language (msal's info.message is the identity platform's English).
        const line = render(keyed('log', 'deviceCode', { uri: info.verificationUri, code: info.userCode }));
        node.warn(line);
        show(
          {
            fill: 'yellow',
            shape: 'ring',
            text: t('status.signInCode', { code: info.userCode, uri: info.verificationUri.replace(/^https?:\/\//, '') }),
          },
          line,
        );
      },
      onEnd: (session) => {
        if (session.status === 'signedIn') {
          node.log(render(keyed('log', 'signedInAs', { account: session.account ?? '' })));
          show(undefined);
        } else if (session.status !== 'cancelled') {
          node.warn(session.describe());
          show(
            {
              fill: 'yellow',
              shape: 'ring',
              text: session.status === 'expired' ? t('status.signInCodeExpired') : t('status.signInState', { state: session.status }),
            },
            session.describe(),
          );
        }
      },
    });

    // On a device without a browser: the first node that needs a token starts the device code flow.
    async function startDeviceCodeAtRuntime(): Promise<string> {
      let session = signIn.deviceSessions.get(node.id);
      if (!session?.active) {
        const source = signIn.source(node.id, settings, node.credentials ?? {});
        session = signIn.startDeviceCode(node.id, source, node.deviceCodeHooks!());
      }
      const code = await session.waitForCode();
      return code ? render(keyed('signIn', 'openAndEnter', { uri: code.verificationUri, code: code.userCode })) : session.describe();
    }

    const permissions = new PermissionWatch();
    node.permissions = permissions;
    node.requirePermissions = (user) => permissions.add(user);
    node.releasePermissions = (id) => permissions.remove(id);
    let deployCheck: NodeJS.Timeout | undefined;
    // What the editor's Entra ID sidebar shows of this connection (nothing secret).
    const shownActivity = activity.connection(node.id, () => ({ id: node.id, authType: settings.authType, throttling: { count: 0 } }));
    shownActivity.name = config.name || undefined;
    shownActivity.authType = settings.authType;
    const publish = () => {
      const g = permissions.grants;
      if (g)
        Object.assign(shownActivity, {
          kind: g.kind,
          granted: g.granted,
          account: g.account,
          tokenExpiresOn: g.expiresOn?.toISOString(),
          signInError: undefined,
        });
      shownActivity.missing = permissions.problems();
      activity.changed();
    };
    permissions.onChange(publish);

    try {
      const endpoints = resolveEndpoints(settings.cloud, settings.authorityHost, settings.graphBaseUrl);
      node.graphBaseUrl = endpoints.graphBaseUrl;
      node.tokens = buildTokenSource(node.id, settings, node.credentials ?? {}, hooks);
      // The stored secret goes only to the sign-in host it was saved with (see secret-binding):
      // every token request, the deploy check's too, waits for that check.
      const binding =
        settings.authType === 'deviceCode'
          ? Promise.resolve()
          : checkRuntimeBinding(secureStore(RED), node.id, node.credentials ?? {}, endpoints.authorityHost);
      binding.catch((err: Error) => node.error(render(keyed('log', 'connectionSettings', { reason: err.message }))));
      node.secretBinding = binding.catch(() => undefined);
      node.tokens.onToken((token) => {
        shownActivity.source = node.tokens?.describe();
        shownActivity.sourceText = node.tokens?.describeText();
        permissions.observe(token);
      });
      const source = node.tokens;
      const tokens = { getAccessToken: async (options?: { forceRefresh?: boolean }) => (await binding, source.getAccessToken(options)) };
      // At deploy: one token, so that what it grants is known before the first request (and a
      // missing permission is a yellow status, not a 403 later). A user sign-in only when someone
      // has signed in: never start a device code sign-in from here.
      deployCheck = setTimeout(() => {
        void (async () => {
          if (tokenCache && (await tokenCache.accounts().catch(() => [])).length === 0) return;
          await tokens.getAccessToken();
        })().catch((err) => {
          // The nodes report sign-in errors on their first request; the sidebar shows it now.
          shownActivity.signInError = (err as Error).message;
          activity.changed();
        });
      }, 0);
      node.client = new GraphClient({
        baseUrl: endpoints.graphBaseUrl,
        tokens,
        maxRetries: settings.maxRetries,
        retryBaseDelayMs: settings.retryBaseDelayMs,
        timeoutMs: settings.timeoutSeconds * 1000,
        maxRetryWaitMs: settings.maxRetryWaitSeconds * 1000,
        maxResponseBytes: settings.maxResponseMB * 1024 * 1024,
        log: (line) => node.log(line),
        onThrottled: (retryAfter) => {
          shownActivity.throttling = { count: shownActivity.throttling.count + 1, last429: new Date().toISOString(), retryAfter };
          activity.changed();
        },
        pacing: {
          enabled: settings.pacing,
          tenantSize: settings.tenantSize,
          maxConcurrent: settings.maxConcurrentRequests,
          // settings.js only, for tests and the benchmark against a simulator with scaled quotas.
          ...pacingScale(RED.settings.entraConnectionPacingScale),
        },
      });
      // The connection's own state in the log: when Graph throttles it, and for how long.
      node.client.pacer.onChange((s) => {
        if (s.state === 'throttled')
          node.log(render(keyed('log', 'throttled', { seconds: Math.ceil(((s.resumeAt ?? Date.now()) - Date.now()) / 1000) })));
      });
    } catch (err) {
      tokenCache?.close();
      node.configError = err as Error;
      node.graphBaseUrl = settings.graphBaseUrl ?? '';
      node.error(render(keyed('log', 'connectionSettings', { reason: (err as Error).message })));
    }
    node.on('close', (removed: boolean, done: () => void) => {
      clearTimeout(deployCheck);
      activity.forget(node.id, removed);
      // A sign-in in progress belongs to the connection, not to this deploy: stop it only on removal.
      if (removed) {
        signIn.deviceSessions.get(node.id)?.cancel();
        signIn.deviceSessions.delete(node.id);
      }
      // Requests on the wire (a user node's msg the redeploy interrupted) may finish first: their
      // nodes wait for them as long (in-flight.ts).
      Promise.resolve(node.client?.close(closeGraceMs(RED)))
        .catch(() => undefined)
        .then(() => node.tokens?.close())
        .finally(() => done());
    });
  }

  RED.nodes.registerType('entra-connection', EntraConnectionNode, {
    credentials: {
      clientId: { type: 'text' },
      clientSecret: { type: 'password' },
      certificate: { type: 'password' },
      federatedTokenFile: { type: 'text' },
    },
    settings: {
      // How long an Authenticate link stays valid (seconds).
      entraConnectionSignInTimeout: { value: DEFAULT_SIGN_IN_TIMEOUT_SECONDS, exportable: false },
      // { timeScale, budgetScale, writeBudgetScale }: the quota windows and budgets the pacing assumes, scaled as the
      // simulator's throttleTimeScale / throttleBudgetScale (tests, benchmark). Not for production.
      entraConnectionPacingScale: { value: undefined, exportable: false },
    },
  });

  signIn.registerRoutes();
  registerActivityRoutes(RED);

  // "Test connection" in the dialog: acquire a token with the values being edited (stored
  // credentials stand in for passwords the editor did not change).
  RED.httpAdmin.post('/entra-connection/test', RED.auth.needsPermission('entra-connection.write'), async (req: any, res: any) => {
    try {
      const body = (await readJsonBody<Record<string, any>>(req, 256 * 1024)) ?? {};
      const { id, settings, credentials } = await dialogValues(RED, body);
      const delegated = DELEGATED_AUTH_TYPES.includes(settings.authType);
      let source = '';
      let sourceText: Keyed = keyed('test', 'sourceDefault');
      let grants: TokenGrants | undefined;
      const tokenCache = delegated
        ? new PersistentTokenCache(sharedStore(RED, id ? RED.nodes.getNode(id) : null), tokenCacheKey(id || 'test'))
        : undefined;
      try {
        const tokens = buildTokenSource(id || 'test', settings, credentials, { tokenCache });
        try {
          grants = tokenGrants(await tokens.getAccessToken());
          sourceText = tokens.describeText();
          source = render(sourceText);
        } finally {
          await tokens.close();
        }
      } finally {
        // Released even when the settings are refused before a token source exists.
        tokenCache?.close();
      }
      const scope = delegated
        ? settings.scopes
        : resolveEndpoints(settings.cloud, settings.authorityHost, settings.graphBaseUrl).defaultScope;
      // The nodes of the open flows that use this connection (the editor sends them).
      const nodes: NodeRef[] = Array.isArray(body.nodes)
        ? body.nodes.filter((n: unknown) => n && typeof n === 'object' && typeof (n as NodeRef).type === 'string')
        : [];
      const problems = grants ? nodeProblems(nodes, grants) : [];
      // Each line a message key: `message` in Node-RED's language, `messageLines` for the editor's.
      const granted = grants?.granted.length ? grants.granted.join(', ') : sharedKeyed('errors.permissions.none');
      const lines: Keyed[] = [keyed('test', 'signedIn', { source: sourceText, scope })];
      if (grants) lines.push(keyed('test', grants.kind === 'application' ? 'applicationGranted' : 'delegatedGranted', { granted }));
      for (const p of problems) lines.push(keyed('test', 'problem', { problem: problemText(p), granted }));
      if (grants?.kind === 'delegated') lines.push(keyed('test', 'delegatedNote'));
      res.json({
        ok: true,
        source,
        message: lines.map(render).join('\n'),
        messageLines: lines,
        permissions: grants
          ? {
              kind: grants.kind,
              granted: grants.granted,
              account: grants.account,
              expiresOn: grants.expiresOn?.toISOString(),
              missing: problems,
            }
          : undefined,
      });
    } catch (err) {
      res.json({ ok: false, ...errorAnswer(err) });
    }
  });
};

/** describeProblem() as a message key of the shared section. */
function problemText(p: { type: string; name?: string; operation: string; needs: string }): Keyed {
  const args = { type: p.type, name: p.name ?? '', operation: p.operation, needs: p.needs };
  return sharedKeyed(p.name ? 'errors.permissions.problemNamed' : 'errors.permissions.problem', args);
}

function pacingScale(value: unknown): { timeScale?: number; budgetScale?: number; writeBudgetScale?: number } {
  const v = (value ?? {}) as { timeScale?: unknown; budgetScale?: unknown; writeBudgetScale?: unknown };
  const n = (x: unknown) => (typeof x === 'number' && x > 0 ? x : undefined);
  return { timeScale: n(v.timeScale), budgetScale: n(v.budgetScale), writeBudgetScale: n(v.writeBudgetScale) };
}
