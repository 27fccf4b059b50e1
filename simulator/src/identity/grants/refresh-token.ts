// grant_type=refresh_token [AC, RT]. Every use returns a new refresh token; the old one is NOT
// revoked ("The Microsoft identity platform doesn't revoke old refresh tokens when used to fetch
// new access tokens", https://learn.microsoft.com/entra/identity-platform/refresh-tokens). A token
// unused for longer than `refreshTokenLifetimeSeconds` (90 days at Microsoft) answers AADSTS700082;
// one issued before the user's sessions were revoked answers AADSTS50173.
import { originOf } from '../../context';
import { aadError } from '../../http/errors';
import { delegatedClient } from '../delegated/client';
import { delegatedState } from '../delegated/state';
import { issueUserTokens, parseScopes, signInBlocked, userByKey } from '../delegated/user-tokens';
import { invalidScope } from './client-credentials';
import type { GrantHandler } from './registry';

export const refreshTokenGrant: GrantHandler = ({ ctx, req, form, tenant }) => {
  if (!form.refresh_token)
    return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'refresh_token'.", req);
  const state = delegatedState(ctx);
  const record = state.refreshTokens.get(form.refresh_token);
  // A refresh token issued to a confidential client must be redeemed with its credentials.
  const client = delegatedClient(ctx, req, form, tenant, { requireConfidential: record?.confidential });
  if (!client.ok) return client.response;
  if (!record || record.clientId !== client.app.clientId) {
    return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', req);
  }
  const issued = new Date(record.issuedAt).toISOString();
  const validFrom = state.validFrom.get(record.userId);
  if (validFrom !== undefined && record.issuedAt < validFrom) {
    return aadError(
      400,
      'invalid_grant',
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${issued}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${new Date(validFrom).toISOString()}'.`,
      req,
    );
  }
  const maxInactive = Number(ctx.config.refreshTokenLifetimeSeconds) * 1000;
  if (Date.now() - record.issuedAt > maxInactive) {
    const days = Number(ctx.config.refreshTokenLifetimeSeconds) / 86400;
    return aadError(
      400,
      'invalid_grant',
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${issued} and was inactive for ${days.toFixed(2)} days.`,
      req,
    );
  }
  const user = userByKey(ctx, record.userId);
  if (!user) return aadError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.', req);
  const blocked = signInBlocked(user, req);
  if (blocked) return blocked;
  // scope is optional on a refresh [AC]: without it the original grant's scopes are kept.
  const parsed = form.scope ? parseScopes(ctx, form.scope) : { scopes: record.scopes, oidcScopes: record.oidcScopes };
  if (!parsed) return invalidScope(req, form.scope);
  return issueUserTokens(
    ctx,
    originOf(ctx, req),
    { ...record, scopes: parsed.scopes, oidcScopes: form.scope ? parsed.oidcScopes : record.oidcScopes, confidential: client.confidential },
    user,
  );
};
