// Per-route permission checks for the routes whose Graph permission is not one the seeded client
// always holds (sign-in activity, authentication methods, invitations). An app-only token carries
// application permissions in `roles`, a delegated one its scopes in `scp`.
import { graphError } from '../http/errors';
import type { SimRequest, SimResponse } from '../http/types';

export function granted(req: SimRequest): string[] {
  const roles = Array.isArray(req.auth?.roles) ? req.auth!.roles.map(String) : [];
  const scp = typeof req.auth?.scp === 'string' ? req.auth.scp.split(' ').filter(Boolean) : [];
  return [...roles, ...scp];
}

/** 403 Authorization_RequestDenied unless the token holds one of `anyOf` [ERR]. */
export function requirePermission(req: SimRequest, anyOf: string[]): SimResponse | undefined {
  const have = new Set(granted(req).map((p) => p.toLowerCase()));
  if (anyOf.some((p) => have.has(p.toLowerCase()))) return undefined;
  return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}
