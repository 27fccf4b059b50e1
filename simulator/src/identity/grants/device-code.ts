// grant_type=urn:ietf:params:oauth:grant-type:device_code [DC]: the device polls until the user
// has entered the code. Documented polling errors: authorization_pending (keep polling),
// authorization_declined, bad_verification_code, expired_token. No Retry-After on these answers
// (msal would throttle its own polls, GRAPH-FACTS §6).
import { originOf } from '../../context';
import { aadError } from '../../http/errors';
import { delegatedClient } from '../delegated/client';
import { delegatedState } from '../delegated/state';
import { issueUserTokens, signInBlocked, userByKey } from '../delegated/user-tokens';
import type { GrantHandler } from './registry';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export const deviceCodeGrant: GrantHandler = ({ ctx, req, form, tenant }) => {
  const client = delegatedClient(ctx, req, form, tenant);
  if (!client.ok) return client.response;
  if (!form.device_code)
    return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'device_code'.", req);
  const entry = delegatedState(ctx).deviceCodes.get(form.device_code);
  if (!entry || entry.clientId !== client.app.clientId || entry.redeemed) {
    return aadError(400, 'bad_verification_code', 70000, "The provided value for the input parameter 'device_code' is not valid.", req);
  }
  if (entry.state === 'declined') {
    return aadError(400, 'authorization_declined', 70000, 'The end user declined the authorization request.', req);
  }
  if (Date.now() > entry.expiresAt) {
    return aadError(
      400,
      'expired_token',
      70020,
      "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
      req,
    );
  }
  if (entry.state === 'pending') {
    return aadError(
      400,
      'authorization_pending',
      70016,
      'The provided request has not yet been authorized by the user. The user must input their code.',
      req,
    );
  }
  entry.redeemed = true;
  const user = userByKey(ctx, entry.userId);
  if (!user) return aadError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.', req);
  const blocked = signInBlocked(user, req);
  if (blocked) return blocked;
  return issueUserTokens(
    ctx,
    originOf(ctx, req),
    { userId: user.id, clientId: entry.clientId, scopes: entry.scopes, oidcScopes: entry.oidcScopes, confidential: client.confidential },
    user,
  );
};
