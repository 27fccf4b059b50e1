// The control API under /_sim (no auth, JSON): tests and the CLI drive the simulator through it.
import { defaultConfig } from '../config';
import type { SimContext } from '../context';
import type { FaultSpec } from '../http/faults';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { certificateFromPem } from '../identity/client-auth';
import { applySeed, CLIENT_ID, CLIENT_SECRET, DEFAULT_ROLES, SeedName } from '../state/seed';
import { newGuid } from '../util/ids';

const json = (body: unknown, status = 200): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body,
});
const bad = (message: string) => json({ error: message }, 400);
const obj = (req: SimRequest): Record<string, unknown> =>
  req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};

export interface ControlState {
  seed: SeedName;
  largeUserCount: number;
  tokenLifetimeSeconds: number;
}

export function registerControlRoutes(ctx: SimContext, router: Router, initial: ControlState): void {
  router.get(/^\/_sim\/?$|^\/_sim\/info$/, () =>
    json({
      url: ctx.baseUrl,
      authorityHost: ctx.baseUrl,
      graphBaseUrl: `${ctx.baseUrl}/v1.0`,
      tenantId: ctx.store.tenant.id,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      domains: ctx.store.tenant.domains.map((d) => d.id),
      grants: ctx.grants.types(),
    }),
  );

  router.post(/^\/_sim\/reset$/, (req) => {
    const b = obj(req);
    const seed = (b.seed as SeedName | undefined) ?? initial.seed;
    if (!['small', 'empty', 'large'].includes(seed)) return bad(`Unknown seed '${seed}'.`);
    applySeed(ctx.store, seed, typeof b.largeUserCount === 'number' ? b.largeUserCount : initial.largeUserCount);
    ctx.faults.clear();
    ctx.recorder.clear();
    ctx.connections.reset();
    for (const k of Object.keys(ctx.config)) delete ctx.config[k];
    Object.assign(ctx.config, defaultConfig(initial.tokenLifetimeSeconds));
    ctx.emitReset?.();
    return json({ ok: true, seed });
  });

  router.get(/^\/_sim\/requests$/, () => json(ctx.recorder.list()));
  router.delete(/^\/_sim\/requests$/, () => {
    ctx.recorder.clear();
    return { status: 204, headers: {} };
  });

  router.get(/^\/_sim\/connections$/, () => json(ctx.connections.counts()));
  router.delete(/^\/_sim\/connections$/, () => {
    ctx.connections.reset();
    return { status: 204, headers: {} };
  });

  router.get(/^\/_sim\/faults$/, () =>
    json(
      ctx.faults.list().map(({ regex, queryRegex, ...f }) => ({
        ...f,
        remaining: f.remaining === Infinity ? 0 : f.remaining,
        held: ctx.faults.heldBy(f.id),
      })),
    ),
  );
  router.post(/^\/_sim\/faults$/, (req) => {
    const spec = obj(req) as FaultSpec;
    if (spec.path) {
      try {
        new RegExp(spec.path);
      } catch {
        return bad(`Invalid path regex '${spec.path}'.`);
      }
    }
    if (spec.query) {
      try {
        new RegExp(spec.query);
      } catch {
        return bad(`Invalid query regex '${spec.query}'.`);
      }
    }
    if (spec.status === undefined && !spec.reset && !spec.latencyMs && !spec.hang)
      return bad('A fault needs status, reset, hang or latencyMs.');
    const f = ctx.faults.add(spec);
    return json({ id: f.id }, 201);
  });
  router.delete(/^\/_sim\/faults$/, () => {
    ctx.faults.clear();
    return { status: 204, headers: {} };
  });
  router.delete(/^\/_sim\/faults\/(?<id>[^/]+)$/, (_req, p) =>
    ctx.faults.remove(p.id) ? { status: 204, headers: {} } : json({ error: 'No such fault' }, 404),
  );

  router.get(/^\/_sim\/config$/, () => json(ctx.config));
  router.patch(/^\/_sim\/config$/, (req) => {
    const b = obj(req);
    for (const [k, v] of Object.entries(b)) {
      const current = ctx.config[k];
      if (typeof current === 'number' && (typeof v !== 'number' || !(v >= 0))) return bad(`'${k}' must be a non-negative number.`);
    }
    Object.assign(ctx.config, b);
    return json(ctx.config);
  });

  /** What the identity quotas did since the last reset: 429s answered, requests and units charged. */
  router.get(/^\/_sim\/throttling$/, () =>
    json({ enabled: ctx.throttle?.enabled ?? false, throttled: ctx.throttle?.throttled ?? 0, charged: ctx.throttle?.charged }),
  );
  router.delete(/^\/_sim\/throttling$/, () => {
    ctx.throttle?.reset();
    return { status: 204, headers: {} };
  });

  router.post(/^\/_sim\/tokens\/invalidate$/, () => {
    ctx.tokens.invalidateAll();
    return { status: 204, headers: {} };
  });

  router.post(/^\/_sim\/token$/, (req) => {
    const b = obj(req);
    const clientId = typeof b.clientId === 'string' ? b.clientId : CLIENT_ID;
    const app = ctx.store.clientApps.get(clientId);
    if (!app) return bad(`Unknown client app '${clientId}'.`);
    const lifetime = typeof b.lifetimeSeconds === 'number' ? b.lifetimeSeconds : ctx.config.tokenLifetimeSeconds;
    const { token, claims } = ctx.tokens.issue({
      tenantId: ctx.store.tenant.id,
      appId: app.clientId,
      principalId: ctx.store.servicePrincipalIdOf(app.clientId),
      roles: Array.isArray(b.roles) ? (b.roles as string[]) : app.roles,
      lifetimeSeconds: lifetime,
    });
    return json({ access_token: token, token_type: 'Bearer', expires_in: lifetime, claims });
  });

  router.post(/^\/_sim\/apps$/, (req) => {
    const b = obj(req);
    const clientId = typeof b.clientId === 'string' ? b.clientId : newGuid();
    const existing = ctx.store.clientApps.get(clientId);
    const app = existing ?? {
      clientId,
      displayName: typeof b.displayName === 'string' ? b.displayName : `App ${clientId}`,
      secrets: [],
      certificates: [],
      roles: DEFAULT_ROLES.slice(),
    };
    if (typeof b.clientSecret === 'string') app.secrets.push(b.clientSecret);
    if (typeof b.certificatePem === 'string') {
      try {
        app.certificates.push(certificateFromPem(b.certificatePem));
      } catch (e) {
        return bad(`Invalid certificatePem: ${(e as Error).message}`);
      }
    }
    if (Array.isArray(b.roles)) app.roles = b.roles.map(String);
    if (Array.isArray(b.redirectUris)) app.redirectUris = b.redirectUris.map(String);
    if (typeof b.publicClient === 'boolean') app.publicClient = b.publicClient;
    if (!existing && !app.secrets.length && !app.certificates.length) {
      app.secrets.push(`secret-${newGuid()}`);
    }
    ctx.store.clientApps.set(clientId, app);
    return json(
      {
        clientId: app.clientId,
        displayName: app.displayName,
        clientSecret: app.secrets[app.secrets.length - 1],
        secrets: app.secrets,
        certificates: app.certificates.map((c) => ({ x5t: c.x5t, x5tS256: c.x5tS256 })),
        roles: app.roles,
        redirectUris: app.redirectUris ?? [],
        publicClient: !!app.publicClient,
      },
      201,
    );
  });

  router.post(/^\/_sim\/delta\/expire-tokens$/, () => {
    ctx.store.deltaGeneration += 1;
    return { status: 204, headers: {} };
  });

  /** The change feed (journal), for tools in another process: GET /_sim/journal?since=<seq>. */
  router.get(/^\/_sim\/journal$/, (req) => {
    const since = Number(req.query.get('since') ?? 0);
    return json({ lastSeq: ctx.store.journal.lastSeq, events: ctx.store.journal.between(since, ctx.store.journal.lastSeq) });
  });
}
