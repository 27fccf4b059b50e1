// entra-user: guests, deleted users and inactive users.
// https://learn.microsoft.com/graph/api/invitation-post, https://learn.microsoft.com/graph/api/directory-deleteditems-list,
// https://learn.microsoft.com/graph/api/directory-deleteditems-restore, https://learn.microsoft.com/graph/api/directory-deleteditems-delete,
// https://learn.microsoft.com/graph/api/resources/signinactivity
import { USER_ID } from './user-fields';
import { graphBody, type MicrosoftGraph } from '../../lib/body';
import { EntraError, inputError } from '../../lib/errors';

import { LIST_INPUTS, listHeaders, listQuery, selectParam } from '../../lib/list-query';
import { OperationTable, runList } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';
import { userError } from './user-errors';
import { t } from '../../lib/i18n';

/** With signInActivity selected or filtered Graph pages at most 500 users (user-list). */
const SIGN_IN_PAGE = 500;
const INACTIVE_SELECT = ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'userType', 'createdDateTime'];

const graphTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface SignInUser {
  createdDateTime?: string | null;
  signInActivity?: { lastSuccessfulSignInDateTime?: string | null } | null;
}

export const lifecycleOperations: OperationTable = {
  invite: {
    label: 'Invite guest user',
    summary: 'Invites an external user as a guest (B2B collaboration).',
    method: 'POST',
    path: '/invitations',
    permissions: { application: 'User.Invite.All', delegated: 'User.Invite.All' },
    docs: 'https://learn.microsoft.com/graph/api/invitation-post',
    output: 'The invitation (201), with invitedUser.id (the new guest) and inviteRedeemUrl.',
    inputs: {
      invitedUserEmailAddress: {
        kind: 'string',
        required: true,
        label: 'Email address',
        placeholder: 'guest@fabrikam.com',
        help: "The guest's email address.",
      },
      inviteRedirectUrl: {
        kind: 'string',
        required: true,
        label: 'Redirect URL',
        placeholder: 'https://myapps.microsoft.com',
        help: 'Where the guest lands after redeeming the invitation.',
      },
      sendInvitationMessage: { kind: 'boolean', default: true, label: 'Send email', help: 'Whether Microsoft sends the invitation email.' },
      invitedUserDisplayName: { kind: 'string', label: 'Guest display name', help: "The guest's display name." },
      customizedMessageBody: { kind: 'string', label: 'Message', help: 'A message added to the invitation email.' },
    },
    validate: (v) => {
      if (!/^[^@\s]+@[^@\s]+$/.test(v.invitedUserEmailAddress))
        throw inputError('invitedUserEmailAddress', userError('email', { value: String(v.invitedUserEmailAddress) }));
      if (!/^https?:\/\//i.test(v.inviteRedirectUrl))
        throw inputError('inviteRedirectUrl', userError('redirectUrl', { value: String(v.inviteRedirectUrl) }));
    },
    // 201: msg.payload is the invitation, with invitedUser.id (the new guest) and inviteRedeemUrl.
    request: (v) => ({
      method: 'POST',
      url: '/invitations',
      body: graphBody<MicrosoftGraph.Invitation>({
        invitedUserEmailAddress: v.invitedUserEmailAddress,
        inviteRedirectUrl: v.inviteRedirectUrl,
        sendInvitationMessage: v.sendInvitationMessage,
        invitedUserDisplayName: v.invitedUserDisplayName,
        invitedUserMessageInfo: v.customizedMessageBody !== undefined ? { customizedMessageBody: v.customizedMessageBody } : undefined,
      }),
    }),
  },
  listDeleted: {
    label: 'List deleted users',
    summary: 'Lists the users deleted in the last 30 days, which can still be restored.',
    method: 'GET',
    path: '/directory/deletedItems/microsoft.graph.user',
    permissions: { application: 'User.Read.All', delegated: 'User.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/directory-deleteditems-list',
    output: 'The array of deleted users (with deletedDateTime); msg.nextLink when more pages remain.',
    inputs: LIST_INPUTS,
    list: true,
    request: (v) => ({ method: 'GET', url: '/directory/deletedItems/microsoft.graph.user', query: listQuery(v), headers: listHeaders(v) }),
  },
  restore: {
    label: 'Restore deleted user',
    summary: 'Restores a user deleted in the last 30 days.',
    method: 'POST',
    path: '/directory/deletedItems/{id}/restore',
    permissions: { application: 'User.ReadWrite.All', delegated: 'User.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/directory-deleteditems-restore',
    output: 'The restored user.',
    inputs: {
      userId: { ...USER_ID, help: 'The object id of the deleted user.' },
      newUserPrincipalName: {
        kind: 'string',
        label: 'New user principal name',
        help: 'A new sign-in name, when the old one is taken by now.',
      },
      autoReconcileProxyConflict: {
        kind: 'boolean',
        label: 'Resolve address conflicts',
        help: 'true: Graph removes proxy addresses that other objects use now.',
      },
    },
    notFound: (v) => userError('noDeletedUser', { id: v.userId }),
    run: async (v, ctx) => {
      const body = { newUserPrincipalName: v.newUserPrincipalName, autoReconcileProxyConflict: v.autoReconcileProxyConflict };
      const given = Object.values(body).some((x) => x !== undefined);
      try {
        const res = await ctx.request({
          method: 'POST',
          url: fillPath('/directory/deletedItems/{userId}/restore', v),
          body: given ? body : undefined,
        });
        return { payload: res.data, statusCode: res.status, headers: res.headers };
      } catch (err) {
        throw restoreConflict(err) ?? err;
      }
    },
  },
  deletePermanently: {
    label: 'Delete user permanently',
    summary: 'Deletes a deleted user for good: it cannot be restored afterwards.',
    method: 'DELETE',
    path: '/directory/deletedItems/{id}',
    permissions: { application: 'User.DeleteRestore.All', delegated: 'User.DeleteRestore.All' },
    docs: 'https://learn.microsoft.com/graph/api/directory-deleteditems-delete',
    output: '{ id, deletedPermanently: true }.',
    inputs: {
      userId: { ...USER_ID, help: 'The object id of the deleted user.' },
      confirm: { kind: 'boolean', default: false, label: 'Confirm', help: 'Must be true: a permanent delete cannot be undone.' },
    },
    // A msg wired to the wrong node must not purge anyone: confirm is a deliberate setting.
    validate: (v) => {
      if (v.confirm !== true) throw inputError('confirm', userError('confirmPermanent'));
    },
    notFound: (v) => userError('noDeletedUserToPurge', { id: v.userId }),
    request: (v) => ({ method: 'DELETE', url: fillPath('/directory/deletedItems/{userId}', v) }),
    noContent: (v) => ({ id: v.userId, deletedPermanently: true }),
  },
  listInactive: {
    label: 'List inactive users',
    summary: 'Lists the users whose last successful sign-in is older than the given days (signInActivity).',
    method: 'GET',
    path: '/users?$filter=signInActivity/lastSuccessfulSignInDateTime le …',
    permissions: {
      application: 'AuditLog.Read.All',
      delegated: 'AuditLog.Read.All',
      note: 'with User.Read.All; signInActivity needs a Microsoft Entra ID P1 licence',
    },
    docs: 'https://learn.microsoft.com/graph/api/user-list',
    output: 'The array of users with signInActivity (and, with Include never signed in, those without one).',
    inputs: {
      inactiveDays: {
        kind: 'number',
        required: true,
        label: 'Inactive days',
        placeholder: '90',
        help: 'Users whose last successful sign-in is at least this many days ago.',
      },
      includeNeverSignedIn: {
        kind: 'boolean',
        default: false,
        label: 'Include never signed in',
        help: 'true: also the users who never signed in (created before the cut-off).',
      },
      select: LIST_INPUTS.select,
      top: LIST_INPUTS.top,
      getAll: LIST_INPUTS.getAll,
    },
    validate: (v) => {
      if (!Number.isInteger(v.inactiveDays) || v.inactiveDays < 1)
        throw inputError('inactiveDays', userError('inactiveDays', { value: String(v.inactiveDays) }));
      if (v.top !== undefined && (!Number.isInteger(v.top) || v.top < 1 || v.top > 999)) throw inputError('top', userError('top'));
    },
    run: (v, ctx) => {
      const cutoff = Date.now() - v.inactiveDays * 86_400_000;
      const select = selectParam([...new Set([...(selectList(v.select) ?? INACTIVE_SELECT), 'createdDateTime', 'signInActivity'])]);
      const top = v.top ?? (v.getAll ? SIGN_IN_PAGE : undefined);
      if (!v.includeNeverSignedIn) {
        // signInActivity filters on its own, "not with any other filterable properties"; users who
        // never signed in have no date and are not returned.
        const filter = `signInActivity/lastSuccessfulSignInDateTime le ${graphTime(cutoff)}`;
        return runList({ method: 'GET', url: '/users', query: { $filter: filter, $select: select, $top: top } }, v, ctx);
      }
      // Users never signed in can't be filtered server-side: read every user and keep those whose last
      // successful sign-in, or creation when they never signed in, is before the cut-off.
      const inactive = (u: SignInUser): boolean => {
        const last = u.signInActivity?.lastSuccessfulSignInDateTime;
        const at = Date.parse(last ?? u.createdDateTime ?? '');
        return !Number.isNaN(at) && at <= cutoff;
      };
      return runList({ method: 'GET', url: '/users', query: { $select: select, $top: top } }, v, ctx, undefined, (items) =>
        items.filter(inactive),
      );
    },
  },
};

function selectList(select: unknown): string[] | undefined {
  const text = selectParam(select);
  return text ? text.split(',') : undefined;
}

/** A restore refused because another object took the user's name or addresses: say what to do. */
function restoreConflict(err: unknown): EntraError | undefined {
  if (!(err instanceof EntraError) || err.statusCode !== 400) return undefined;
  const m = /same value for property (userPrincipalName|proxyAddresses)/i.exec(err.graphMessage ?? '');
  if (!m) return undefined;
  const reason = String(err.graphMessage);
  return new EntraError(m[1] === 'userPrincipalName' ? userError('restoreUpn', { reason }) : userError('restoreProxy', { reason }), {
    // No graphMessage: this text is final, the runner's generic "Already exists" must not replace it.
    code: err.code,
    kind: 'graph',
    statusCode: err.statusCode,
    requestId: err.requestId,
    statusText: t('status.graph.restoreConflict', { property: m[1] }),
    body: err.body,
    headers: err.headers,
  });
}
