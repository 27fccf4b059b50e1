// entra-user: sign-in and credentials — revoke sessions, reset the password, Temporary Access Pass,
// authentication methods. Secrets Graph returns or that the node generates go only on the msg
// property the contract names (msg.password, msg.temporaryAccessPass), never in msg.payload.
import { inputError } from '../../lib/errors';
import { generatePassword } from '../../lib/password';
import type { OperationTable } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';

export const accessOperations: OperationTable = {
  // https://learn.microsoft.com/graph/api/user-revokesigninsessions: 200 {"value": true}.
  revokeSignInSessions: {
    permission: 'User.RevokeSessions.All',
    inputs: { userId: { kind: 'string', required: true } },
    request: (v) => ({ method: 'POST', url: fillPath('/users/{userId}/revokeSignInSessions', v), idempotent: true }),
  },
  // https://learn.microsoft.com/graph/api/user-update (passwordProfile): 204. Setting another user's
  // password also needs an admin role for the app (User Administrator or higher).
  resetPassword: {
    permission: 'User-PasswordProfile.ReadWrite.All',
    inputs: {
      userId: { kind: 'string', required: true },
      password: { kind: 'string', credential: true },
      generatePassword: { kind: 'boolean', default: false },
      forceChangePasswordNextSignIn: { kind: 'boolean', default: true },
    },
    validate: (v) => {
      if (!v.generatePassword && v.password === undefined) throw inputError('password', 'is required unless generatePassword is true');
    },
    run: async (v, ctx) => {
      const generated = v.generatePassword === true ? generatePassword() : undefined;
      const passwordProfile = { password: generated ?? v.password, forceChangePasswordNextSignIn: v.forceChangePasswordNextSignIn };
      // Setting the same password twice is harmless: a dropped connection may be retried.
      const res = await ctx.request({ method: 'PATCH', url: fillPath('/users/{userId}', v), body: { passwordProfile }, idempotent: true });
      return {
        payload: { id: v.userId, passwordReset: true, forceChangePasswordNextSignIn: v.forceChangePasswordNextSignIn, generated: generated !== undefined },
        statusCode: res.status, headers: res.headers,
        props: generated !== undefined ? { password: generated } : undefined,
      };
    },
  },
  // https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods: 201, the
  // pass is in this response only. Needs the Temporary Access Pass policy enabled for the user.
  createTemporaryAccessPass: {
    permission: 'UserAuthenticationMethod.ReadWrite.All',
    inputs: {
      userId: { kind: 'string', required: true },
      lifetimeInMinutes: { kind: 'number' },
      isUsableOnce: { kind: 'boolean' },
      startDateTime: { kind: 'string' },
    },
    validate: (v) => {
      if (v.lifetimeInMinutes !== undefined && (!Number.isInteger(v.lifetimeInMinutes) || v.lifetimeInMinutes < 10 || v.lifetimeInMinutes > 43200)) {
        throw inputError('lifetimeInMinutes', 'must be a whole number of minutes between 10 and 43200 (30 days)');
      }
      if (v.startDateTime !== undefined && Number.isNaN(Date.parse(v.startDateTime))) throw inputError('startDateTime', `must be an ISO 8601 date-time, got "${v.startDateTime}"`);
    },
    run: async (v, ctx) => {
      const body = { lifetimeInMinutes: v.lifetimeInMinutes, isUsableOnce: v.isUsableOnce, startDateTime: v.startDateTime !== undefined ? new Date(v.startDateTime).toISOString() : undefined };
      const res = await ctx.request({ method: 'POST', url: fillPath('/users/{userId}/authentication/temporaryAccessPassMethods', v), body });
      const { temporaryAccessPass, ...method } = (res.data ?? {}) as Record<string, unknown>;
      return { payload: method, statusCode: res.status, headers: res.headers, props: { temporaryAccessPass } };
    },
  },
  // https://learn.microsoft.com/graph/api/authentication-list-methods
  listAuthenticationMethods: {
    permission: 'UserAuthenticationMethod.Read.All',
    inputs: { userId: { kind: 'string', required: true } },
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}/authentication/methods', v) }),
  },
};
