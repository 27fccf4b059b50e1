// POST /invitations: invites an external user; Graph creates a guest user (userType Guest, UPN
// "<email with @ as _>#EXT#@<initial domain>", externalUserState PendingAcceptance) and answers 201
// with the invitation (https://learn.microsoft.com/graph/api/invitation-post,
// https://learn.microsoft.com/graph/api/resources/invitation). Inviting the same address again
// returns the same guest.
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import { newGuid } from '../util/ids';
import { requirePermission } from './permissions';
import { contextUrl } from './query/collection';
import { created } from './respond';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function registerInvitationRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;
  router.post(/^\/invitations\/?$/, (req) => {
    const denied = requirePermission(req, ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All']);
    if (denied) return denied;
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const email = b.invitedUserEmailAddress;
    if (typeof email !== 'string' || !EMAIL.test(email))
      return GraphErrors.badRequest("Invalid value specified for property 'invitedUserEmailAddress' of resource 'Invitation'.");
    const redirect = b.inviteRedirectUrl;
    if (typeof redirect !== 'string' || !/^https?:\/\/\S+$/i.test(redirect))
      return GraphErrors.badRequest("Invalid value specified for property 'inviteRedirectUrl' of resource 'Invitation'.");
    const domain = email.split('@')[1];
    // Members of this tenant are not invited as guests (Inferred message).
    if (store.isVerifiedDomain(domain))
      return GraphErrors.badRequest(`The invited user already exists in the directory: '${email}' is in a verified domain of this tenant.`);
    const initial = store.tenant.domains.find((d) => d.isInitial)?.id ?? store.tenant.domains[0]?.id;
    const alias = `${email.replace('@', '_')}#EXT#`;
    const upn = `${alias}@${initial}`;
    const info = (b.invitedUserMessageInfo && typeof b.invitedUserMessageInfo === 'object' ? b.invitedUserMessageInfo : {}) as Record<
      string,
      unknown
    >;
    const displayName =
      typeof b.invitedUserDisplayName === 'string' && b.invitedUserDisplayName ? b.invitedUserDisplayName : email.split('@')[0];
    const guest =
      store.getUser(upn) ??
      store.create('users', {
        accountEnabled: true,
        displayName,
        mail: email,
        mailNickname: alias,
        userPrincipalName: upn,
        userType: 'Guest',
        creationType: 'Invitation',
        externalUserState: 'PendingAcceptance',
        otherMails: [email],
        proxyAddresses: [`SMTP:${email}`],
        businessPhones: [],
        givenName: null,
        surname: null,
        jobTitle: null,
        mobilePhone: null,
        officeLocation: null,
        preferredLanguage: null,
        imAddresses: [],
      });
    const id = newGuid();
    const ticket = Buffer.from(`${id}:${guest.id}`).toString('base64url');
    const redeem = `https://login.microsoftonline.com/redeem?rd=${encodeURIComponent(`https://invitations.microsoft.com/redeem/?tenant=${store.tenant.id}&user=${id}&ticket=${ticket}&ver=2.0`)}`;
    return created({
      '@odata.context': `${contextUrl(ctx, req, 'invitations')}/$entity`,
      id,
      inviteRedeemUrl: redeem,
      invitedUserDisplayName: typeof b.invitedUserDisplayName === 'string' ? b.invitedUserDisplayName : null,
      invitedUserType: 'Guest',
      invitedUserEmailAddress: email,
      sendInvitationMessage: b.sendInvitationMessage === true,
      resetRedemption: false,
      inviteRedirectUrl: redirect,
      status: 'PendingAcceptance',
      invitedUserMessageInfo: {
        messageLanguage: info.messageLanguage ?? null,
        customizedMessageBody: info.customizedMessageBody ?? null,
        ccRecipients: Array.isArray(info.ccRecipients) ? info.ccRecipients : [],
      },
      invitedUser: { id: guest.id },
    });
  });
}
