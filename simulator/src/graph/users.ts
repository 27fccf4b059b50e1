// /users: create, get (id or userPrincipalName), list, update, delete (soft) [UPOST, UGET, ULIST, UUPD, UDEL].
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import type { Obj } from '../state/store';
import { getEntity, listCollection, contextUrl, defaultProjection } from './query/collection';
import { delegatedState } from '../identity/delegated/state';
import { created, noContent, ok } from './respond';
import { graphTime } from '../util/ids';
import { inheritedLicenses, withInheritedLicenses } from '../state/licensing';
import { userSchema } from './schema';
import { checkBody, requiredMissing } from './writes';
import { selectsSignInActivity, signInActivityAccess, signInActivityQuery } from './sign-in-activity';

/** /users/{id}, /users/{upn} and /users('{upn}') (UPNs starting with '$' [UGET]). */
export const USER_KEY = String.raw`\/users(?:\/(?<id>[^/()]+)|\('(?<qid>[^/]+)'\))`;

export function userKey(p: Record<string, string>): string {
  return (p.id ?? p.qid ?? '').replace(/''/g, "'");
}

/** Password complexity of Entra ID: 8–256 characters and 3 of 4 character classes. */
function weakPassword(pw: unknown): boolean {
  if (typeof pw !== 'string' || pw.length < 8 || pw.length > 256) return true;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  return classes < 3;
}

export function upnProblem(ctx: SimContext, upn: unknown, exceptId?: string): SimResponse | undefined {
  if (typeof upn !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(upn)) {
    return GraphErrors.badRequest("Invalid value specified for property 'userPrincipalName' of resource 'User'.");
  }
  const domain = upn.split('@')[1];
  if (!ctx.store.isVerifiedDomain(domain)) {
    return GraphErrors.badRequest(
      `The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization. Domain '${domain}' is not verified in this tenant.`,
    );
  }
  if (ctx.store.upnTaken(upn, exceptId)) {
    // Observed exact message (GRAPH-FACTS §1.1).
    return GraphErrors.badRequest('Another object with the same value for property userPrincipalName already exists.');
  }
  return undefined;
}

export function registerUserRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;
  // Users as Graph shows them: group-based licences among assignedLicenses (state/licensing.ts).
  const users = (): Obj[] => {
    const inherited = inheritedLicenses(store);
    return [...store.collection('users').values()].map((u) => withInheritedLicenses(u, inherited));
  };
  const spec = (req: SimRequest, countOnly = false) => ({
    schemas: [userSchema],
    schemaOf: () => userSchema,
    items: users,
    contextFragment: 'users',
    countOnly,
    resourceLabel: 'User',
  });

  router.get(/^\/users\/?$/, (req) => {
    const signIns = signInActivityQuery(ctx, req);
    if (!signIns) return listCollection(ctx, req, spec(req));
    if ('error' in signIns) return signIns.error;
    return listCollection(ctx, signIns.req, { ...spec(req), items: () => users().filter(signIns.match) });
  });
  router.get(/^\/users\/\$count$/, (req) => listCollection(ctx, req, spec(req, true)));

  router.post(/^\/users\/?$/, (req) => {
    const b = checkBody(req, userSchema);
    if (!b.ok) return b.response;
    const props = b.props;
    const missing = requiredMissing(
      props,
      ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile'],
      'user',
    );
    if (missing) return missing;
    const upn = upnProblem(ctx, props.userPrincipalName);
    if (upn) return upn;
    const pp = props.passwordProfile as Record<string, unknown>;
    if (weakPassword(pp?.password)) {
      return GraphErrors.badRequest(
        'The specified password does not comply with password complexity requirements. Please provide a different password.',
      );
    }
    const obj = store.create('users', {
      businessPhones: [],
      givenName: null,
      surname: null,
      jobTitle: null,
      mail: null,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      userType: 'Member',
      otherMails: [],
      proxyAddresses: [],
      imAddresses: [],
      ...props,
    });
    const body = { '@odata.context': `${contextUrl(ctx, req, 'users')}/$entity`, ...defaultProjection(obj, userSchema, undefined) };
    return created(body, `${ctx.baseUrl}/v1.0/users/${obj.id}`);
  });

  const find = (p: Record<string, string>): Obj | undefined => store.getUser(userKey(p));

  // /me and /me/… reach these routes as /users/{signed-in user}…: the dispatcher (graph/index.ts) rewrites
  // them, and answers an app-only token's /me with Graph's 400 [UGET].

  // revokeSignInSessions: the user's refresh tokens stop working (AADSTS50173 on the next refresh).
  const revoke = (_req: SimRequest, u: Obj | undefined, key: string) => {
    if (!u) return GraphErrors.notFound(key);
    delegatedState(ctx).revokeUser(u.id);
    return ok({ '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#Edm.Boolean`, value: true });
  };
  router.post(new RegExp(`^${USER_KEY}\\/revokeSignInSessions$`), (req, p) => revoke(req, find(p), userKey(p)));

  router.get(new RegExp(`^${USER_KEY}$`), (req, p) => {
    const u = find(p);
    if (!u) return GraphErrors.notFound(userKey(p));
    const denied = selectsSignInActivity(req) ? signInActivityAccess(ctx, req) : undefined;
    if (denied) return denied;
    return getEntity(ctx, req, withInheritedLicenses(u, inheritedLicenses(store)), userSchema, 'users');
  });

  router.patch(new RegExp(`^${USER_KEY}$`), (req, p) => {
    const u = find(p);
    if (!u) return GraphErrors.notFound(userKey(p));
    const b = checkBody(req, userSchema);
    if (!b.ok) return b.response;
    if (b.props.userPrincipalName !== undefined) {
      const e = upnProblem(ctx, b.props.userPrincipalName, u.id);
      if (e) return e;
    }
    if (b.props.passwordProfile !== undefined && weakPassword((b.props.passwordProfile as Record<string, unknown>)?.password)) {
      return GraphErrors.badRequest(
        'The specified password does not comply with password complexity requirements. Please provide a different password.',
      );
    }
    // A password reset is a password change [resources/user: lastPasswordChangeDateTime].
    store.update('users', u.id, b.props.passwordProfile !== undefined ? { ...b.props, lastPasswordChangeDateTime: graphTime() } : b.props);
    return noContent(); // [UUPD] 204, empty body
  });

  router.delete(new RegExp(`^${USER_KEY}$`), (_req, p) => {
    const u = find(p);
    if (!u) return GraphErrors.notFound(userKey(p));
    store.softDelete('users', u.id); // [UDEL] restorable for 30 days
    return noContent();
  });
}
