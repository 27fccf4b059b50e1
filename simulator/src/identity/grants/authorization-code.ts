// grant_type=authorization_code [AC]: a code from /authorize, redeemed once (AADSTS54005 after
// that), within its lifetime (about 10 minutes at Microsoft; `authCodeLifetimeSeconds`), by the
// client it was issued to, with the same redirect_uri, and with the PKCE code_verifier matching the
// code_challenge (AADSTS50148).
import { createHash } from 'crypto';
import { originOf } from '../../context';
import { aadError } from '../../http/errors';
import { delegatedClient } from '../delegated/client';
import { delegatedState } from '../delegated/state';
import { issueUserTokens, signInBlocked, userByKey } from '../delegated/user-tokens';
import type { GrantHandler } from './registry';

export function pkceMatches(challenge: string, method: string | undefined, verifier: string): boolean {
  if ((method ?? 'plain').toUpperCase() === 'S256') return createHash('sha256').update(verifier).digest('base64url') === challenge;
  return verifier === challenge;
}

export const authorizationCodeGrant: GrantHandler = ({ ctx, req, form, tenant }) => {
  const client = delegatedClient(ctx, req, form, tenant);
  if (!client.ok) return client.response;
  if (!form.code) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'code'.", req);
  const state = delegatedState(ctx);
  const code = state.codes.get(form.code);
  if (!code || code.clientId !== client.app.clientId) {
    return aadError(400, 'invalid_grant', 70000, "The provided value for the 'code' parameter is not valid.", req);
  }
  if (code.redeemed) {
    return aadError(
      400,
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
      req,
    );
  }
  if (Date.now() > code.expiresAt) {
    return aadError(
      400,
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
      req,
    );
  }
  if (form.redirect_uri !== code.redirectUri) {
    return aadError(
      400,
      'invalid_grant',
      50011,
      `The redirect URI '${form.redirect_uri ?? ''}' specified in the request does not match the redirect URI of the authorization request.`,
      req,
    );
  }
  if (code.codeChallenge && (!form.code_verifier || !pkceMatches(code.codeChallenge, code.codeChallengeMethod, form.code_verifier))) {
    return aadError(
      400,
      'invalid_grant',
      50148,
      'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
      req,
    );
  }
  code.redeemed = true;
  const user = userByKey(ctx, code.userId);
  if (!user) return aadError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.', req);
  const blocked = signInBlocked(user, req);
  if (blocked) return blocked;
  return issueUserTokens(ctx, originOf(ctx, req), { ...code, confidential: client.confidential }, user, { nonce: code.nonce });
};
