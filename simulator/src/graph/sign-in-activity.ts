// signInActivity on /users: returned only when selected; selecting or filtering it needs
// AuditLog.Read.All and an Entra ID P1/P2 tenant; it filters with eq, ne, not, ge, le but "not with
// any other filterable properties"; with it a page holds at most 500 users
// (https://learn.microsoft.com/graph/api/resources/signinactivity, https://learn.microsoft.com/graph/api/user-list,
// https://learn.microsoft.com/entra/identity/monitoring-health/howto-manage-inactive-user-accounts).
import type { SimContext } from '../context';
import { GraphErrors, graphError } from '../http/errors';
import type { SimRequest, SimResponse } from '../http/types';
import type { Obj } from '../state/store';
import { requirePermission } from './permissions';
import { param } from './query/collection';

export const SIGN_IN_ACTIVITY_PAGE = 500;

const CLAUSE =
  /^\s*(not\s*\(?\s*)?signInActivity\/(lastSignInDateTime|lastNonInteractiveSignInDateTime|lastSuccessfulSignInDateTime)\s+(eq|ne|ge|le)\s+(null|\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))\s*\)?\s*$/i;

export type SignInQuery = { error: SimResponse } | { req: SimRequest; match: (u: Obj) => boolean };

/** Premium and permission checks for a request that selects signInActivity (single user too). */
export function signInActivityAccess(ctx: SimContext, req: SimRequest): SimResponse | undefined {
  const denied = requirePermission(req, ['AuditLog.Read.All']);
  if (denied) return denied;
  // Observed code and message for tenants without Entra ID P1/P2 (PATCH /_sim/config {"premiumLicense": false}).
  if (ctx.config.premiumLicense === false) {
    return graphError(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    );
  }
  return undefined;
}

export function selectsSignInActivity(req: SimRequest): boolean {
  return (param(req, 'select') ?? '').split(',').some((s) => s.trim().toLowerCase() === 'signinactivity');
}

/** undefined when the request neither selects nor filters signInActivity. */
export function signInActivityQuery(ctx: SimContext, req: SimRequest): SignInQuery | undefined {
  const filter = param(req, 'filter') ?? '';
  const filtered = /signInActivity/i.test(filter);
  if (!filtered && !selectsSignInActivity(req)) return undefined;
  const denied = signInActivityAccess(ctx, req);
  if (denied) return { error: denied };
  let match: (u: Obj) => boolean = () => true;
  const query = new URLSearchParams();
  for (const [k, v] of req.query) {
    const name = k.replace(/^\$/, '').toLowerCase();
    if (name === 'filter' && filtered) continue;
    // A page holds at most 500 users when signInActivity is selected or filtered.
    query.append(k, name === 'top' && Number(v) > SIGN_IN_ACTIVITY_PAGE ? String(SIGN_IN_ACTIVITY_PAGE) : v);
  }
  if (![...query.keys()].some((k) => k.replace(/^\$/, '').toLowerCase() === 'top'))
    query.set('$top', String(Math.min(SIGN_IN_ACTIVITY_PAGE, 100)));
  if (filtered) {
    const m = CLAUSE.exec(filter);
    if (!m) return { error: GraphErrors.unsupportedQuery() };
    const [, not, prop, op, literal] = m;
    const value = literal.toLowerCase() === 'null' ? null : Date.parse(literal);
    const test = (u: Obj): boolean => {
      const raw = (u.signInActivity as Record<string, unknown> | null | undefined)?.[prop];
      const at = typeof raw === 'string' ? Date.parse(raw) : null;
      switch (op.toLowerCase()) {
        case 'eq':
          return at === value;
        case 'ne':
          return at !== value;
        // A user who never signed in has no date: not before, not after.
        case 'ge':
          return at !== null && value !== null && at >= value;
        default:
          return at !== null && value !== null && at <= value;
      }
    };
    match = not ? (u) => !test(u) : test;
  }
  return { req: { ...req, query }, match };
}
