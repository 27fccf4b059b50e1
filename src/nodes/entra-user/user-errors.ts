// entra-user's own error reasons: the `entra-user.errors` section of its message catalogue (generated
// from the NodeSpec's `errors`; the Japanese is entra-user.ja.json), read in Node-RED's language
// through userError(key, subs). Placeholders: __name__.
import { nodeErrors } from '../../lib/i18n';

export const USER_ERRORS = {
  passwordRequired: 'is required unless generatePassword is true',
  lifetimeInMinutes: 'must be a whole number of minutes between 10 and 43200 (30 days)',
  startDateTime: 'must be an ISO 8601 date-time, got "__value__"',
  domainRequired: 'is required when userPrincipalName ("__name__") has no @domain',
  upnRequired: 'is required when domain is given',
  email: 'must be an email address, got "__value__"',
  redirectUrl: 'must be an http(s) URL, e.g. https://myapps.microsoft.com, got "__value__"',
  confirmPermanent: 'must be true to delete permanently (a permanently deleted user cannot be restored)',
  inactiveDays: 'must be a whole number of days (1 or more), got __value__',
  top: 'must be between 1 and 999',
  userRef: 'must be a user id, user principal name or @odata.id',
  groupIds: 'must be a list of group ids',
  noDeletedUser: 'Not found: no deleted user with id __id__ (deleted items are kept 30 days and addressed by object id)',
  noDeletedUserToPurge:
    'Not found: no deleted user with id __id__ in deleted items (delete the user first; only deleted users can be deleted permanently)',
  noManager: 'No manager: user __id__ has no manager',
  noUser: 'Not found: no user __id__',
  noUserOrManager: 'Not found: no user __id__, or no manager __managerId__',
  noUserOrManagerAny: 'Not found: no user __id__, or no manager',
  restoreUpn: 'Cannot restore: another user now has this user principal name: give newUserPrincipalName: __reason__',
  restoreProxy:
    'Cannot restore: another object now uses one of its proxy addresses: set autoReconcileProxyConflict to true to drop them: __reason__',
};

export const userError = nodeErrors('entra-user', USER_ERRORS);
