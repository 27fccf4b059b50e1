'use strict';
// Microsoft's documented request/response pairs, replayed against the simulator. Each entry is one
// example of a Graph v1.0 API page (`page`, the example's name in the docs source
// microsoftgraph/microsoft-graph-docs, api-reference/v1.0/api/<page>.md): its request, with the
// docs' placeholders ({id}) filled with seeded objects, and its documented answer: the status and
// the top-level shape of the body (every top-level key of the documented body must be there; a
// collection's `value` is an array; 204s have no body; /$count is a number in text/plain).
// Where a documented sample shows a key that v1.0's metadata (@microsoft/microsoft-graph-types) does
// not have, `notV1` lists it with the reason; where the request has to differ (a mail resource
// the simulator doesn't model), `adapted` says how.
require('should');
const { start, sim, request, EVENTUAL } = require('./helpers');
const { startServer } = require('../support/https-server');

const page = (name) => `https://learn.microsoft.com/graph/api/${name}?view=graph-rest-1.0`;
const U = (k) => sim.seedIds.user(k);
const G = (k) => sim.seedIds.group(k);
const A = (k) => sim.seedIds.application(k);
const SP = (k) => sim.seedIds.servicePrincipal(k);
const GRAPH = 'https://graph.microsoft.com/v1.0';
const inHours = (h) => new Date(Date.now() + h * 3600e3).toISOString();

const USER_DEFAULTS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
const COUNTED = ['@odata.context', '@odata.count', 'value'];
const GROUP_GET = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'creationOptions',
  'description',
  'displayName',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'onPremisesLastSyncDateTime',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'visibility',
  'onPremisesProvisioningErrors',
];
const APP_GET = [
  '@odata.context',
  'id',
  'deletedDateTime',
  'isFallbackPublicClient',
  'appId',
  'applicationTemplateId',
  'identifierUris',
  'createdDateTime',
  'disabledByMicrosoftStatus',
  'displayName',
  'isDeviceOnlyAuthSupported',
  'groupMembershipClaims',
  'optionalClaims',
  'addIns',
  'publisherDomain',
  'signInAudience',
  'tags',
  'tokenEncryptionKeyId',
  'api',
  'appRoles',
  'publicClient',
  'info',
  'keyCredentials',
  'parentalControlSettings',
  'passwordCredentials',
  'requiredResourceAccess',
  'web',
];
const SUBSCRIPTION = [
  'id',
  'resource',
  'applicationId',
  'changeType',
  'clientState',
  'notificationUrl',
  'lifecycleNotificationUrl',
  'expirationDateTime',
  'creatorId',
  'latestSupportedTlsVersion',
  'encryptionCertificate',
  'encryptionCertificateId',
  'includeResourceData',
  'notificationContentType',
];
const NO_CREATION_OPTIONS = { creationOptions: 'not a v1.0 group property (beta only; absent from the v1.0 types)' };
const NO_CONTENT_TYPE = { notificationContentType: 'not a v1.0 subscription property (absent from the v1.0 types)' };

// Subscriptions need a reachable https endpoint that echoes the validation token.
let endpoint;
const subscriptionBody = () => ({
  changeType: 'updated',
  notificationUrl: `${endpoint.url}/api/send/myNotifyClient`,
  resource: '/users',
  expirationDateTime: inHours(1),
  clientState: 'secretClientValue',
  latestSupportedTlsVersion: 'v1_2',
});
const newSubscription = async (s) => (await s.graph('POST', '/subscriptions', { body: subscriptionBody() })).body.id;

// What several pairs need first, and answers several pairs document.
const deltaPageSize = (n) => (s) => s.control.setConfig({ deltaPageSize: n });
const salesGroupDeleted = (s) => s.graph('DELETE', `/groups/${G('sales')}`);
const subscriptionInCtx = async (s, ctx) => {
  ctx.sub = await newSubscription(s);
};
/** A collection as most list pages document it. */
const COLLECTION = ['@odata.context', 'value'];
/** The first round of a delta query: a page of changes and the link to the next page. */
const DELTA_FIRST_PAGE = ['@odata.context', '@odata.nextLink', 'value'];
/** A query with $count=true: sent with ConsistencyLevel: eventual, answered with @odata.count. */
const COUNTED_QUERY = { headers: EVENTUAL, status: 200, keys: COUNTED };

/** @type {{page: string, example: string, method: string, path: string|Function, headers?: object, body?: any, delegated?: boolean, setup?: Function, status: number, keys?: string[], text?: RegExp, notV1?: object, adapted?: string}[]} */
const PAIRS = [
  // ---- users
  { page: 'user-get', example: 'get_user_1', method: 'GET', path: () => `/users/${U('adele')}`, status: 200, keys: USER_DEFAULTS },
  { page: 'user-get', example: 'get_user', method: 'GET', path: '/me', delegated: true, status: 200, keys: USER_DEFAULTS },
  {
    page: 'user-get',
    example: 'get_user_2',
    method: 'GET',
    path: () => `/users/${U('adele')}?$select=displayName,givenName,postalCode`,
    status: 200,
    keys: ['displayName', 'givenName', 'postalCode'],
  },
  { page: 'user-list', example: 'get_users_2', method: 'GET', path: '/users', status: 200, keys: ['value'] },
  {
    page: 'user-list',
    example: 'get_a_count_endsWith',
    method: 'GET',
    path: "/users?$filter=endswith(mail,'a@contoso.com')&$orderby=userPrincipalName&$count=true",
    ...COUNTED_QUERY,
  },
  {
    page: 'user-post-users',
    example: 'create_user_from_users',
    method: 'POST',
    path: '/users',
    body: {
      accountEnabled: true,
      displayName: 'Adele Vance',
      mailNickname: 'AdeleV2',
      userPrincipalName: 'AdeleV2@contoso.onmicrosoft.com',
      passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
    },
    adapted: 'another UPN: the seeded tenant already has AdeleV',
    status: 201,
    keys: ['@odata.context', 'id', ...USER_DEFAULTS],
  },
  {
    page: 'user-update',
    example: 'update_user',
    method: 'PATCH',
    path: '/me',
    delegated: true,
    body: { businessPhones: ['+1 425 555 0109'], officeLocation: '18/2111' },
    status: 204,
  },
  {
    page: 'user-update',
    example: 'update_other_user',
    method: 'PATCH',
    path: () => `/users/${U('alex')}`,
    body: { businessPhones: ['+1 425 555 0109'], officeLocation: '18/2111' },
    status: 204,
  },
  {
    page: 'user-update',
    example: 'update_user_passwordProfile',
    method: 'PATCH',
    path: () => `/users/${U('alex')}`,
    body: { passwordProfile: { forceChangePasswordNextSignIn: false, password: 'xWwvJ]6NMw+bWH-d' } },
    status: 204,
  },
  { page: 'user-delete', example: 'delete_user', method: 'DELETE', path: () => `/users/${U('grady')}`, status: 204 },
  {
    page: 'user-list-manager',
    example: 'get_manager_2',
    method: 'GET',
    path: () => `/users/${U('alex')}/manager`,
    status: 200,
    keys: ['id', 'displayName', 'jobTitle', 'mail', 'userPrincipalName'],
  },
  {
    page: 'user-list-manager',
    example: 'get_transitive_managers',
    method: 'GET',
    path: '/me?$expand=manager($levels=max;$select=id,displayName)&$select=id,displayName&$count=true',
    headers: EVENTUAL,
    delegated: true,
    status: 200,
    keys: ['id', 'displayName', 'manager'],
  },
  {
    page: 'user-list-directreports',
    example: 'get_directreports',
    method: 'GET',
    path: '/me/directReports',
    delegated: true,
    status: 200,
    keys: ['value'],
  },
  {
    page: 'user-list-memberof',
    example: 'user_get_memberof',
    method: 'GET',
    path: () => `/users/${U('johanna')}/memberOf`,
    status: 200,
    keys: ['value'],
  },
  {
    page: 'user-list-transitivememberof',
    example: 'get_transitivememberof',
    method: 'GET',
    path: () => `/users/${U('johanna')}/transitiveMemberOf`,
    status: 200,
    keys: COLLECTION,
  },
  {
    page: 'user-delta',
    example: 'user_delta',
    method: 'GET',
    path: '/users/delta',
    setup: deltaPageSize(5),
    adapted: 'deltaPageSize 5, so that the first round has a next page as in the sample',
    status: 200,
    keys: DELTA_FIRST_PAGE,
  },
  {
    page: 'user-delta',
    example: 'user_delta_select',
    method: 'GET',
    path: '/users/delta?$select=displayName,jobTitle,mobilePhone',
    setup: deltaPageSize(5),
    status: 200,
    keys: DELTA_FIRST_PAGE,
  },
  // ---- groups
  {
    page: 'group-get',
    example: 'get_group',
    method: 'GET',
    path: () => `/groups/${G('sales')}`,
    status: 200,
    keys: GROUP_GET,
    notV1: NO_CREATION_OPTIONS,
  },
  { page: 'group-list', example: 'get_groups', method: 'GET', path: '/groups', status: 200, keys: COLLECTION },
  {
    page: 'group-list',
    example: 'get_a_count',
    method: 'GET',
    path: "/groups?$filter=startswith(displayName, 'a')&$count=true&$top=1&$orderby=displayName",
    ...COUNTED_QUERY,
  },
  {
    page: 'group-list',
    example: 'get_video_count',
    method: 'GET',
    path: '/groups?$search="displayName:Video"&$count=true',
    ...COUNTED_QUERY,
  },
  {
    page: 'group-post-groups',
    example: 'create_group',
    method: 'POST',
    path: '/groups',
    body: {
      description: 'Self help community for library',
      displayName: 'Library Assist',
      groupTypes: ['Unified'],
      mailEnabled: true,
      mailNickname: 'library',
      securityEnabled: false,
    },
    status: 201,
    keys: GROUP_GET.filter((k) => k !== 'isAssignableToRole'),
    notV1: NO_CREATION_OPTIONS,
  },
  {
    page: 'group-post-groups',
    example: 'create_prepopulated_group',
    method: 'POST',
    path: '/groups',
    body: () => ({
      description: 'Group with designated owner and members',
      displayName: 'Operations group',
      groupTypes: [],
      mailEnabled: false,
      mailNickname: 'operations2019',
      securityEnabled: true,
      'owners@odata.bind': [`${GRAPH}/users/${U('nestor')}`],
      'members@odata.bind': [`${GRAPH}/users/${U('adele')}`, `${GRAPH}/users/${U('alex')}`],
    }),
    status: 201,
    keys: ['@odata.context', ...GROUP_GET.filter((k) => k !== 'isAssignableToRole')],
    notV1: NO_CREATION_OPTIONS,
  },
  {
    page: 'group-update',
    example: 'update_group',
    method: 'PATCH',
    path: () => `/groups/${G('sales')}`,
    body: {
      description: 'Library Assist',
      displayName: 'Library Assist',
      groupTypes: ['Unified'],
      mailEnabled: true,
      mailNickname: 'library-help',
    },
    status: 204,
  },
  { page: 'group-delete', example: 'delete_group', method: 'DELETE', path: () => `/groups/${G('sales')}`, status: 204 },
  {
    page: 'group-list-members',
    example: 'get_group_members',
    method: 'GET',
    path: () => `/groups/${G('vpn')}/members`,
    status: 200,
    keys: COLLECTION,
  },
  {
    page: 'group-post-members',
    example: 'add_member_to_group',
    method: 'POST',
    path: () => `/groups/${G('itadmins')}/members/$ref`,
    body: () => ({ '@odata.id': `${GRAPH}/directoryObjects/${U('adele')}` }),
    status: 204,
  },
  {
    page: 'group-post-members',
    example: 'add_multiple_members_to_group',
    method: 'PATCH',
    path: () => `/groups/${G('itadmins')}`,
    body: () => ({ 'members@odata.bind': [U('adele'), U('alex'), U('diego')].map((id) => `${GRAPH}/directoryObjects/${id}`) }),
    status: 204,
  },
  {
    page: 'group-delete-members',
    example: 'delete_member_from_group',
    method: 'DELETE',
    path: () => `/groups/${G('vpn')}/members/${U('adele')}/$ref`,
    status: 204,
  },
  {
    page: 'group-list-owners',
    example: 'group_get_owners',
    method: 'GET',
    path: () => `/groups/${G('vpn')}/owners`,
    status: 200,
    keys: ['value'],
  },
  {
    page: 'group-post-owners',
    example: 'create_owner_from_group',
    method: 'POST',
    path: () => `/groups/${G('vpn')}/owners/$ref`,
    body: () => ({ '@odata.id': `${GRAPH}/users/${U('adele')}` }),
    status: 204,
  },
  {
    page: 'group-delete-owners',
    example: 'delete_owner_from_group',
    method: 'DELETE',
    path: () => `/groups/${G('vpn')}/owners/${U('nestor')}/$ref`,
    setup: (s) => s.graph('POST', `/groups/${G('vpn')}/owners/$ref`, { body: { '@odata.id': `${GRAPH}/users/${U('adele')}` } }),
    adapted: 'a second owner first: the last owner cannot be removed (same page)',
    status: 204,
  },
  {
    page: 'group-list-transitivemembers',
    example: 'get_group_transitivemembers',
    method: 'GET',
    path: () => `/groups/${G('vpn')}/transitiveMembers`,
    status: 200,
    keys: ['value'],
  },
  {
    page: 'group-list-transitivemembers',
    example: 'get_group_transitivemembers_count',
    method: 'GET',
    path: () => `/groups/${G('vpn')}/transitiveMembers/$count`,
    headers: EVENTUAL,
    status: 200,
    text: /^\d+$/,
  },
  {
    page: 'group-list-transitivemembers',
    example: 'get_group_transitivemembers_odataCast',
    method: 'GET',
    path: () => `/groups/${G('vpn')}/transitivemembers/microsoft.graph.group?$count=true`,
    ...COUNTED_QUERY,
  },
  {
    page: 'group-list-transitivemembers',
    example: 'get_tier_count',
    method: 'GET',
    path: () =>
      `/groups/${G('vpn')}/transitiveMembers/microsoft.graph.user?$count=true&$orderBy=displayName&$search="displayName:tier"&$select=displayName,id`,
    ...COUNTED_QUERY,
  },
  {
    page: 'group-list-transitivemembers',
    example: 'get_a_count',
    method: 'GET',
    path: () =>
      `/groups/${G('vpn')}/transitiveMembers/microsoft.graph.user?$count=true&$orderBy=displayName&$filter=startswith(displayName, 'a')`,
    ...COUNTED_QUERY,
  },
  {
    page: 'group-list-memberof',
    example: 'group_get_memberof',
    method: 'GET',
    path: () => `/groups/${G('engineering')}/memberOf`,
    status: 200,
    keys: ['value'],
  },
  // The sample's SKUs and plans are not in the seeded tenant: the seeded EMS / Office 365 E3 instead.
  {
    page: 'group-assignlicense',
    example: 'group_assignlicense',
    method: 'POST',
    path: () => `/groups/${G('vpn')}/assignLicense`,
    body: {
      addLicenses: [
        { disabledPlans: ['c1ec4a95-1f05-45b3-a911-aa3fa01094f5'], skuId: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e' },
        { disabledPlans: ['57ff2da0-773e-42df-b2af-ffb7a2317929'], skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900' },
      ],
      removeLicenses: [],
    },
    adapted: "the seeded tenant's SKUs and service plans",
    status: 202,
    keys: ['id', 'createdDateTime', 'groupTypes', 'securityEnabled'],
  },
  {
    page: 'group-assignlicense',
    example: 'group_removelicense',
    method: 'POST',
    path: () => `/groups/${G('vpn')}/assignLicense`,
    setup: (s) =>
      s.graph('POST', `/groups/${G('vpn')}/assignLicense`, {
        body: {
          addLicenses: [
            { skuId: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e', disabledPlans: [] },
            { skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', disabledPlans: [] },
          ],
          removeLicenses: [],
        },
      }),
    body: { addLicenses: [], removeLicenses: ['efccb6f7-5641-4e0e-bd10-b4976e1bf68e', '6fd2c87f-b296-42f0-b197-1e91e994b900'] },
    adapted: "the seeded tenant's SKUs, assigned first",
    status: 202,
    keys: ['id', 'deletedDateTime', 'classification', 'createdDateTime', 'securityEnabled'],
  },
  {
    page: 'group-delta',
    example: 'group_delta',
    method: 'GET',
    path: '/groups/delta',
    setup: deltaPageSize(2),
    status: 200,
    keys: DELTA_FIRST_PAGE,
  },
  // ---- applications and service principals
  {
    page: 'application-get',
    example: 'get_application',
    method: 'GET',
    path: () => `/applications/${A('hr')}`,
    status: 200,
    keys: APP_GET,
  },
  {
    page: 'application-list',
    example: 'list_application',
    method: 'GET',
    path: '/applications',
    status: 200,
    keys: COLLECTION,
  },
  {
    page: 'application-list',
    example: 'get_web_count',
    method: 'GET',
    path: '/applications?$search="displayName:Web"&$count=true',
    ...COUNTED_QUERY,
  },
  {
    page: 'application-post-applications',
    example: 'create_application_from_applications',
    method: 'POST',
    path: '/applications',
    body: { displayName: 'Display name' },
    status: 201,
    keys: APP_GET.filter((k) => k !== 'disabledByMicrosoftStatus'),
  },
  {
    page: 'application-update',
    example: 'update_application',
    method: 'PATCH',
    path: () => `/applications/${A('hr')}`,
    body: { displayName: 'New display name' },
    status: 204,
  },
  {
    page: 'application-delete',
    example: 'delete_application',
    method: 'DELETE',
    path: () => `/applications/${A('expenses')}`,
    status: 204,
  },
  {
    page: 'serviceprincipal-get',
    example: 'get_serviceprincipal',
    method: 'GET',
    path: () => `/servicePrincipals/${SP('hr')}`,
    status: 200,
    keys: [
      'accountEnabled',
      'addIns',
      'alternativeNames',
      'appDisplayName',
      'appId',
      'appOwnerOrganizationId',
      'appRoleAssignmentRequired',
      'appRoles',
      'disabledByMicrosoftStatus',
      'displayName',
      'endpoints',
      'homepage',
      'id',
      'info',
      'keyCredentials',
      'logoutUrl',
      'oauth2PermissionScopes',
      'passwordCredentials',
      'publisherName',
      'replyUrls',
      'servicePrincipalNames',
      'servicePrincipalType',
      'signInAudience',
      'tags',
      'tokenEncryptionKeyId',
    ],
    notV1: {
      endpoints: 'a navigation property: never in the default set',
      publisherName: 'not a v1.0 servicePrincipal property (absent from the v1.0 types)',
    },
  },
  {
    page: 'serviceprincipal-list',
    example: 'list_serviceprincipal',
    method: 'GET',
    path: '/servicePrincipals',
    status: 200,
    keys: ['value'],
  },
  {
    page: 'serviceprincipal-post-serviceprincipals',
    example: 'create_serviceprincipal_from_serviceprincipals',
    method: 'POST',
    path: '/servicePrincipals',
    setup: async (s, ctx) => {
      ctx.appId = (await s.graph('POST', '/applications', { body: { displayName: 'Needs an SP' } })).body.appId;
    },
    body: (ctx) => ({ appId: ctx.appId }),
    adapted: 'the appId of an application registered first (one without a service principal)',
    status: 201,
    keys: [
      '@odata.context',
      'id',
      'deletedDateTime',
      'accountEnabled',
      'appDisplayName',
      'appId',
      'appOwnerOrganizationId',
      'appRoleAssignmentRequired',
      'displayName',
      'homepage',
      'logoutUrl',
      'publisherName',
      'replyUrls',
      'servicePrincipalNames',
      'tags',
      'addIns',
      'appRoles',
      'info',
      'keyCredentials',
      'oauth2PermissionScopes',
      'passwordCredentials',
    ],
    notV1: { publisherName: 'not a v1.0 servicePrincipal property (absent from the v1.0 types)' },
  },
  {
    page: 'serviceprincipal-update',
    example: 'update_serviceprincipal',
    method: 'PATCH',
    path: () => `/servicePrincipals/${SP('hr')}`,
    body: { appRoleAssignmentRequired: true },
    status: 204,
  },
  {
    page: 'serviceprincipal-delete',
    example: 'delete_serviceprincipal',
    method: 'DELETE',
    path: () => `/servicePrincipals/${SP('expenses')}`,
    status: 204,
  },
  // ---- directory objects and deleted items
  {
    page: 'directoryobject-get',
    example: 'get_directoryobject',
    method: 'GET',
    path: () => `/directoryObjects/${U('adele')}`,
    status: 200,
    keys: ['id'],
  },
  {
    page: 'directoryobject-delete',
    example: 'delete_directoryobject',
    method: 'DELETE',
    path: () => `/directoryObjects/${U('adele')}`,
    status: 204,
  },
  {
    page: 'directory-deleteditems-list',
    example: 'get_deleteditems (microsoft.graph.group)',
    method: 'GET',
    path: '/directory/deletedItems/microsoft.graph.group',
    setup: salesGroupDeleted,
    status: 200,
    keys: COLLECTION,
  },
  {
    page: 'directory-deleteditems-get',
    example: 'get_directory',
    method: 'GET',
    path: () => `/directory/deletedItems/${G('sales')}`,
    setup: salesGroupDeleted,
    status: 200,
    keys: ['@odata.context', 'id', 'displayName', 'groupTypes', 'mail', 'mailEnabled', 'mailNickname', 'securityEnabled', 'visibility'],
  },
  {
    page: 'directory-deleteditems-restore',
    example: 'create_directoryobject_from_directory',
    method: 'POST',
    path: () => `/directory/deletedItems/${G('sales')}/restore`,
    setup: salesGroupDeleted,
    status: 200,
    keys: [
      '@odata.context',
      '@odata.type',
      'id',
      'displayName',
      'groupTypes',
      'mail',
      'mailEnabled',
      'mailNickname',
      'securityEnabled',
      'visibility',
    ],
  },
  {
    page: 'directory-deleteditems-delete',
    example: 'delete_directory',
    method: 'DELETE',
    path: () => `/directory/deletedItems/${G('sales')}`,
    setup: salesGroupDeleted,
    status: 204,
  },
  // ---- subscriptions (resource /users instead of the sample's mailbox, which the simulator doesn't model)
  {
    page: 'subscription-post-subscriptions',
    example: 'create_subscription_from_subscriptions',
    method: 'POST',
    path: '/subscriptions',
    body: () => subscriptionBody(),
    adapted: "resource '/users' with changeType 'updated' and a reachable notificationUrl (the sample subscribes to a mailbox)",
    status: 201,
    keys: [
      '@odata.context',
      'id',
      'resource',
      'applicationId',
      'changeType',
      'clientState',
      'notificationUrl',
      'expirationDateTime',
      'creatorId',
      'latestSupportedTlsVersion',
      'notificationContentType',
    ],
    notV1: NO_CONTENT_TYPE,
  },
  {
    page: 'subscription-list',
    example: 'get_subscriptions',
    method: 'GET',
    path: '/subscriptions',
    setup: (s) => newSubscription(s),
    status: 200,
    keys: COLLECTION,
  },
  {
    page: 'subscription-get',
    example: 'get_subscription',
    method: 'GET',
    path: (ctx) => `/subscriptions/${ctx.sub}`,
    setup: subscriptionInCtx,
    status: 200,
    keys: SUBSCRIPTION,
    notV1: NO_CONTENT_TYPE,
  },
  {
    page: 'subscription-update',
    example: 'update_subscription',
    method: 'PATCH',
    path: (ctx) => `/subscriptions/${ctx.sub}`,
    setup: subscriptionInCtx,
    body: () => ({ expirationDateTime: inHours(2) }),
    adapted: 'an expiry in the future',
    status: 200,
    keys: SUBSCRIPTION,
    notV1: NO_CONTENT_TYPE,
  },
  {
    page: 'subscription-delete',
    example: 'delete_subscription',
    method: 'DELETE',
    path: (ctx) => `/subscriptions/${ctx.sub}`,
    setup: subscriptionInCtx,
    status: 204,
  },
  // ---- tenant
  { page: 'domain-list', example: 'get_domains', method: 'GET', path: '/domains', status: 200, keys: ['value'] },
  { page: 'organization-list', example: 'get_organization_2', method: 'GET', path: '/organization', status: 200, keys: ['value'] },
];

// Documented error answers (concept pages).
const ERRORS = [
  {
    url: 'https://learn.microsoft.com/graph/query-parameters#error-handling-for-query-parameters',
    method: 'GET',
    path: '/me?$expand=photo',
    delegated: true,
    status: 400,
    code: 'ExpandNotSupported',
    message: "Expand is not allowed for property 'Photo' according to the entity schema.",
  },
  {
    url: 'https://learn.microsoft.com/graph/aad-advanced-queries',
    method: 'GET',
    path: '/users?$search="displayName:wa"',
    status: 400,
    code: 'Request_UnsupportedQuery',
    message: "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
  },
];

describe('simulator: replays documented Graph request/response pairs', function () {
  this.timeout(20000);
  let s;
  let userToken;
  before(async () => {
    s = await start();
    endpoint = await startServer((rec) => {
      const token = new URL(rec.url, 'https://x').searchParams.get('validationToken');
      return token !== null ? { status: 200, headers: { 'content-type': 'text/plain' }, body: token } : { status: 202, body: '' };
    });
  });
  after(async () => {
    if (endpoint) await endpoint.close();
    if (s) await s.close();
  });
  beforeEach(async () => {
    await s.control.reset();
    // A delegated token for Megan Bowen (she has a manager and direct reports) through the device code flow.
    const d = (
      await request(s, 'POST', `/${s.tenantId}/oauth2/v2.0/devicecode`, {
        form: { client_id: s.clientId, scope: 'User.ReadWrite.All Directory.Read.All' },
      })
    ).body;
    await s.control.approveDeviceCode(d.user_code, 'MeganB@contoso.com');
    userToken = (
      await request(s, 'POST', `/${s.tenantId}/oauth2/v2.0/token`, {
        form: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: s.clientId, device_code: d.device_code },
      })
    ).body.access_token;
  });

  it(`replays at least thirty documented pairs (${PAIRS.length})`, () => {
    PAIRS.length.should.be.aboveOrEqual(30);
  });

  for (const p of PAIRS) {
    it(`${p.page} (${p.example}): ${p.method} ${typeof p.path === 'string' ? p.path : '…'} → ${p.status} [${page(p.page)}]`, async () => {
      const ctx = {};
      if (p.setup) await p.setup(s, ctx);
      const path = typeof p.path === 'function' ? p.path(ctx) : p.path;
      const body = typeof p.body === 'function' ? p.body(ctx) : p.body;
      const r = await s.graph(p.method, path, { headers: p.headers, body, token: p.delegated ? userToken : s.token });
      r.status.should.equal(p.status, `${p.method} ${path}: ${r.text}`);
      if (p.status === 204) {
        r.text.should.equal('');
        return;
      }
      if (p.text) {
        r.headers['content-type'].should.match(/^text\/plain/);
        r.text.should.match(p.text);
        return;
      }
      r.body.should.be.an.Object();
      const expected = p.keys.filter((k) => !(p.notV1 && k in p.notV1));
      const missing = expected.filter((k) => !(k in r.body));
      missing.should.eql([], `top-level keys missing from the answer: ${missing.join(', ')}`);
      for (const k of Object.keys(p.notV1 ?? {})) r.body.should.not.have.property(k);
      if (expected.includes('value')) r.body.value.should.be.an.Array();
      if (expected.includes('@odata.count')) r.body['@odata.count'].should.be.a.Number();
    });
  }

  for (const e of ERRORS) {
    it(`documented error: ${e.method} ${e.path} → ${e.status} ${e.code} [${e.url}]`, async () => {
      const r = await s.graph(e.method, e.path, { token: e.delegated ? userToken : s.token });
      r.status.should.equal(e.status);
      Object.keys(r.body).should.eql(['error']);
      r.body.error.code.should.equal(e.code);
      r.body.error.message.should.equal(e.message);
      r.body.error.innerError.should.have.properties('request-id', 'date');
    });
  }
});
