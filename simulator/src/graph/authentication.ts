// Authentication methods of a user and the Temporary Access Pass with its policy.
//   GET  /users/{id}/authentication/methods                      [authentication-list-methods]
//   POST /users/{id}/authentication/temporaryAccessPassMethods   → 201 with the pass, shown only here
//   GET  /users/{id}/authentication/temporaryAccessPassMethods   (the pass is never returned again)
//   GET|PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass
// https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods,
// https://learn.microsoft.com/graph/api/resources/temporaryaccesspassauthenticationmethodconfiguration
// A user has one Temporary Access Pass: a new one replaces the previous one.
import { randomInt } from 'crypto';
import type { SimContext } from '../context';
import { GraphErrors, graphError } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest } from '../http/types';
import { graphTime, newGuid, seededGuid } from '../util/ids';
import { requirePermission } from './permissions';
import { contextUrl } from './query/collection';
import { created, noContent, ok } from './respond';
import { USER_KEY, userKey } from './users';

/** The id Graph gives every user's password method [authentication-list-methods example]. */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

export interface TapPolicy {
  state: 'enabled' | 'disabled';
  defaultLifetimeInMinutes: number;
  defaultLength: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  isUsableOnce: boolean;
}

interface Tap {
  id: string;
  temporaryAccessPass: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

interface AuthState {
  policy: TapPolicy;
  taps: Map<string, Tap>;
}

/** The policy's documented defaults; the simulator's tenant has it enabled so recipes run as is. */
const defaultPolicy = (): TapPolicy => ({
  state: 'enabled',
  defaultLifetimeInMinutes: 60,
  defaultLength: 8,
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  isUsableOnce: false,
});

function state(ctx: SimContext): AuthState {
  let s = ctx.extensions.authentication as AuthState | undefined;
  if (!s) {
    const fresh: AuthState = { policy: defaultPolicy(), taps: new Map() };
    s = fresh;
    ctx.extensions.authentication = s;
    const previous = ctx.emitReset;
    ctx.emitReset = () => {
      previous?.();
      fresh.policy = defaultPolicy();
      fresh.taps.clear();
    };
  }
  return s;
}

// A pass of the policy's length; Microsoft's mixes letters, digits and symbols (e.g. "+drkzqAD").
const PASS_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789+-*!#%';
const newPass = (length: number): string => Array.from({ length }, () => PASS_CHARS[randomInt(PASS_CHARS.length)]).join('');

function tapView(t: Tap, withPass: boolean): Record<string, unknown> {
  const start = Date.parse(t.startDateTime);
  const end = start + t.lifetimeInMinutes * 60_000;
  const now = Date.now();
  const reason = now < start ? 'NotYetValid' : now > end ? 'Expired' : 'EnabledByPolicy';
  return {
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
    id: t.id,
    temporaryAccessPass: withPass ? t.temporaryAccessPass : null,
    createdDateTime: t.createdDateTime,
    startDateTime: t.startDateTime,
    lifetimeInMinutes: t.lifetimeInMinutes,
    isUsableOnce: t.isUsableOnce,
    isUsable: reason === 'EnabledByPolicy',
    methodUsabilityReason: reason,
  };
}

const POLICY_PATH = /^\/policies\/authenticationMethodsPolicy\/authenticationMethodConfigurations\/TemporaryAccessPass$/i;

export function registerAuthenticationRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;
  const READ = ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'];
  const WRITE = ['UserAuthenticationMethod.ReadWrite.All'];

  router.get(new RegExp(`^${USER_KEY}\\/authentication\\/methods\\/?$`), (req: SimRequest, p) => {
    const denied = requirePermission(req, READ);
    if (denied) return denied;
    const u = store.getUser(userKey(p));
    if (!u) return GraphErrors.notFound(userKey(p));
    const value: Record<string, unknown>[] = [
      {
        '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
        id: PASSWORD_METHOD_ID,
        password: null,
        createdDateTime: (u.lastPasswordChangeDateTime as string | undefined) ?? (u.createdDateTime as string | undefined) ?? null,
      },
    ];
    // A phone method for users with a mobile number in the seed (Adele has one below).
    if (u.userPrincipalName === 'AdeleV@contoso.onmicrosoft.com') {
      value.push({
        '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
        id: '3179e48a-750b-4051-897c-87b9720928f7',
        phoneNumber: '+1 4255550110',
        phoneType: 'mobile',
        smsSignInState: 'notAllowedByPolicy',
      });
      value.push({
        '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
        id: seededGuid('authenticator:adele'),
        displayName: "Adele's phone",
        deviceTag: 'SoftwareTokenActivated',
        phoneAppVersion: '6.2401.0119',
        createdDateTime: '2024-01-16T08:00:00Z',
      });
    }
    const tap = state(ctx).taps.get(u.id);
    if (tap) value.push(tapView(tap, false));
    return ok({ '@odata.context': contextUrl(ctx, req, `users('${u.id}')/authentication/methods`), value });
  });

  router.get(new RegExp(`^${USER_KEY}\\/authentication\\/temporaryAccessPassMethods\\/?$`), (req, p) => {
    const denied = requirePermission(req, READ);
    if (denied) return denied;
    const u = store.getUser(userKey(p));
    if (!u) return GraphErrors.notFound(userKey(p));
    const tap = state(ctx).taps.get(u.id);
    return ok({
      '@odata.context': contextUrl(ctx, req, `users('${u.id}')/authentication/temporaryAccessPassMethods`),
      value: tap ? [tapView(tap, false)] : [],
    });
  });

  router.post(new RegExp(`^${USER_KEY}\\/authentication\\/temporaryAccessPassMethods\\/?$`), (req, p) => {
    const denied = requirePermission(req, WRITE);
    if (denied) return denied;
    const u = store.getUser(userKey(p));
    if (!u) return GraphErrors.notFound(userKey(p));
    const s = state(ctx);
    const policy = s.policy;
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    // Messages below are Inferred: Microsoft documents the rules, not the wording.
    if (policy.state !== 'enabled')
      return graphError(400, 'badRequest', 'Temporary Access Pass is not enabled for this user by the authentication methods policy.');
    const lifetime = b.lifetimeInMinutes === undefined ? policy.defaultLifetimeInMinutes : b.lifetimeInMinutes;
    if (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime < 10 || lifetime > 43200) {
      return graphError(400, 'badRequest', "Invalid value specified for property 'lifetimeInMinutes': it must be between 10 and 43200.");
    }
    if (lifetime < policy.minimumLifetimeInMinutes || lifetime > policy.maximumLifetimeInMinutes) {
      return graphError(
        400,
        'badRequest',
        `The lifetime of the Temporary Access Pass must be between ${policy.minimumLifetimeInMinutes} and ${policy.maximumLifetimeInMinutes} minutes, as the authentication methods policy allows.`,
      );
    }
    const once = b.isUsableOnce === undefined ? policy.isUsableOnce : b.isUsableOnce;
    if (typeof once !== 'boolean') return GraphErrors.badRequest("Invalid value specified for property 'isUsableOnce'.");
    // A multi-use pass only when the policy allows it [authentication-post-temporaryaccesspassmethods].
    if (!once && policy.isUsableOnce)
      return graphError(400, 'badRequest', 'The authentication methods policy allows only one-time Temporary Access Passes.');
    let start = graphTime();
    if (b.startDateTime !== undefined) {
      if (typeof b.startDateTime !== 'string' || Number.isNaN(Date.parse(b.startDateTime)))
        return GraphErrors.badRequest("Invalid value specified for property 'startDateTime'.");
      start = graphTime(new Date(b.startDateTime));
    }
    const tap: Tap = {
      id: newGuid(),
      temporaryAccessPass: newPass(policy.defaultLength),
      createdDateTime: new Date().toISOString(),
      startDateTime: start,
      lifetimeInMinutes: lifetime,
      isUsableOnce: once,
    };
    s.taps.set(u.id, tap);
    return created({
      '@odata.context': contextUrl(ctx, req, `users('${u.id}')/authentication/temporaryAccessPassMethods/$entity`),
      ...tapView(tap, true),
    });
  });

  router.delete(new RegExp(`^${USER_KEY}\\/authentication\\/temporaryAccessPassMethods\\/(?<mid>[^/]+)$`), (req, p) => {
    const denied = requirePermission(req, WRITE);
    if (denied) return denied;
    const u = store.getUser(userKey(p));
    const taps = state(ctx).taps;
    if (!u || taps.get(u.id)?.id !== p.mid) return GraphErrors.notFound(p.mid);
    taps.delete(u.id);
    return noContent();
  });

  const POLICY_PERMS = ['Policy.ReadWrite.AuthenticationMethod'];
  const policyView = (req: SimRequest) => ({
    '@odata.context': contextUrl(ctx, req, 'policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity'),
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
    id: 'TemporaryAccessPass',
    ...state(ctx).policy,
    includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
  });
  router.get(POLICY_PATH, (req) => requirePermission(req, [...POLICY_PERMS, 'Policy.Read.All']) ?? ok(policyView(req)));
  router.patch(POLICY_PATH, (req) => {
    const denied = requirePermission(req, POLICY_PERMS);
    if (denied) return denied;
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const policy = state(ctx).policy;
    for (const [k, v] of Object.entries(b)) {
      if (k.startsWith('@odata.') || k === 'id') continue;
      if (!(k in policy)) return GraphErrors.badRequest(`Property '${k}' does not exist as a declared property or extension property.`);
      if (k === 'state' && v !== 'enabled' && v !== 'disabled')
        return GraphErrors.badRequest("Invalid value specified for property 'state'.");
      if (typeof v !== typeof policy[k as keyof TapPolicy]) return GraphErrors.badRequest(`Invalid value specified for property '${k}'.`);
    }
    Object.assign(policy, Object.fromEntries(Object.entries(b).filter(([k]) => k in policy)));
    return noContent();
  });
}
