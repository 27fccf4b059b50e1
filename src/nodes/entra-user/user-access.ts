// entra-user: sign-in and credentials — revoke sessions, reset the password, Temporary Access Pass,
// authentication methods. Secrets Graph returns or that the node generates go only on the msg
// property the contract names (msg.password, msg.temporaryAccessPass), never in msg.payload.
import { USER_ID } from './user-fields';
import { graphBody, type MicrosoftGraph } from '../../lib/body';
import { inputError } from '../../lib/errors';
import { generatePassword } from '../../lib/password';
import type { OperationTable } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';
import { userError } from './user-errors';

export const accessOperations: OperationTable = {
  // https://learn.microsoft.com/graph/api/user-revokesigninsessions: 200 {"value": true}.
  revokeSignInSessions: {
    label: 'Revoke sign-in sessions',
    summary: 'Invalidates the refresh tokens and session cookies of the user: they must sign in again.',
    method: 'POST',
    path: '/users/{id}/revokeSignInSessions',
    permissions: { application: 'User.RevokeSessions.All', delegated: 'User.RevokeSessions.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-revokesigninsessions',
    output: "Graph's answer: { value: true }.",
    inputs: { userId: USER_ID },
    request: (v) => ({ method: 'POST', url: fillPath('/users/{userId}/revokeSignInSessions', v), idempotent: true }),
  },
  // https://learn.microsoft.com/graph/api/user-update (passwordProfile): 204. Setting another user's
  // password also needs an admin role for the app (User Administrator or higher).
  resetPassword: {
    label: 'Reset password',
    summary: 'Sets a new password (given, or generated), by default one the user must change at the next sign-in.',
    method: 'PATCH',
    path: '/users/{id}',
    permissions: { application: 'User-PasswordProfile.ReadWrite.All', delegated: 'User-PasswordProfile.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-update',
    output: '{ id, passwordReset: true, forceChangePasswordNextSignIn, generated }; a generated password only on msg.password.',
    inputs: {
      userId: USER_ID,
      password: {
        kind: 'string',
        credential: true,
        label: 'Password',
        help: "The new password: typed in the dialog it is kept in Node-RED's credentials; it can also come from msg, context or an environment variable.",
      },
      generatePassword: {
        kind: 'boolean',
        default: false,
        label: 'Generate password',
        help: 'true: generate a password (20 characters, all four character classes, from a cryptographic random source) and set it on msg.password only: a secret, never in msg.payload, the status or the log.',
      },
      forceChangePasswordNextSignIn: {
        kind: 'boolean',
        default: true,
        label: 'Force password change',
        help: 'The user must choose a new password at the next sign-in.',
      },
    },
    validate: (v) => {
      if (!v.generatePassword && v.password === undefined) throw inputError('password', userError('passwordRequired'));
    },
    run: async (v, ctx) => {
      const generated = v.generatePassword === true ? generatePassword() : undefined;
      const passwordProfile = { password: generated ?? v.password, forceChangePasswordNextSignIn: v.forceChangePasswordNextSignIn };
      // Setting the same password twice is harmless: a dropped connection may be retried.
      const res = await ctx.request({
        method: 'PATCH',
        url: fillPath('/users/{userId}', v),
        body: graphBody<MicrosoftGraph.User>({ passwordProfile }),
        idempotent: true,
      });
      return {
        payload: {
          id: v.userId,
          passwordReset: true,
          forceChangePasswordNextSignIn: v.forceChangePasswordNextSignIn,
          generated: generated !== undefined,
        },
        statusCode: res.status,
        headers: res.headers,
        props: generated !== undefined ? { password: generated } : undefined,
      };
    },
  },
  // https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods: 201, the
  // pass is in this response only. Needs the Temporary Access Pass policy enabled for the user.
  createTemporaryAccessPass: {
    label: 'Create Temporary Access Pass',
    summary: 'Creates a time-limited passcode with which the user signs in to register passwordless methods.',
    method: 'POST',
    path: '/users/{id}/authentication/temporaryAccessPassMethods',
    permissions: { application: 'UserAuthenticationMethod.ReadWrite.All', delegated: 'UserAuthenticationMethod.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods',
    output:
      'The method without the pass (id, lifetimeInMinutes, isUsableOnce, startDateTime…); the pass, shown by Graph this once, only on msg.temporaryAccessPass: a secret, never in msg.payload, the status or the log.',
    inputs: {
      userId: USER_ID,
      lifetimeInMinutes: {
        kind: 'number',
        label: 'Lifetime (minutes)',
        placeholder: "the tenant's policy",
        help: "How long the pass is valid (10 to 43,200 minutes); empty: the tenant's policy.",
      },
      isUsableOnce: {
        kind: 'boolean',
        label: 'Usable once',
        help: "true: the pass works for one sign-in only; not set: the tenant's policy.",
      },
      startDateTime: {
        kind: 'string',
        label: 'Valid from',
        placeholder: '2027-01-31T08:00:00Z',
        help: 'An ISO 8601 date-time from which the pass works; empty: now.',
      },
    },
    validate: (v) => {
      if (
        v.lifetimeInMinutes !== undefined &&
        (!Number.isInteger(v.lifetimeInMinutes) || v.lifetimeInMinutes < 10 || v.lifetimeInMinutes > 43200)
      ) {
        throw inputError('lifetimeInMinutes', userError('lifetimeInMinutes'));
      }
      if (v.startDateTime !== undefined && Number.isNaN(Date.parse(v.startDateTime)))
        throw inputError('startDateTime', userError('startDateTime', { value: String(v.startDateTime) }));
    },
    run: async (v, ctx) => {
      const body = graphBody<MicrosoftGraph.TemporaryAccessPassAuthenticationMethod>({
        lifetimeInMinutes: v.lifetimeInMinutes,
        isUsableOnce: v.isUsableOnce,
        startDateTime: v.startDateTime !== undefined ? new Date(v.startDateTime).toISOString() : undefined,
      });
      const res = await ctx.request({
        method: 'POST',
        url: fillPath('/users/{userId}/authentication/temporaryAccessPassMethods', v),
        body,
      });
      const { temporaryAccessPass, ...method } = (res.data ?? {}) as Record<string, unknown>;
      return { payload: method, statusCode: res.status, headers: res.headers, props: { temporaryAccessPass } };
    },
  },
  // https://learn.microsoft.com/graph/api/authentication-list-methods
  listAuthenticationMethods: {
    label: 'List authentication methods',
    summary: "Lists the user's registered authentication methods (password, phone, Authenticator, FIDO2…).",
    method: 'GET',
    path: '/users/{id}/authentication/methods',
    permissions: { application: 'UserAuthenticationMethod.Read.All', delegated: 'UserAuthenticationMethod.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/authentication-list-methods',
    output: 'The array of methods, each with its @odata.type.',
    inputs: { userId: USER_ID },
    list: true,
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}/authentication/methods', v) }),
  },
};
