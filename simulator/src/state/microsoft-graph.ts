// Microsoft Graph's own service principal, present in every tenant (appId
// 00000003-0000-0000-c000-000000000000, owned by Microsoft's tenant), with the application
// permissions (appRoles) a directory-management flow grants. Ids, values and texts are Microsoft
// Graph's real ones (https://learn.microsoft.com/graph/permissions-reference, cross-checked with a
// dump of the service principal's appRoles, merill/microsoft-info _info/GraphAppRoles.csv), so a
// flow tested here grants the same appRoleId in a real tenant.
import type { Obj } from './store';

export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Microsoft's own tenant, the appOwnerOrganizationId of its first-party service principals. */
export const MICROSOFT_SERVICES_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

/** [id, value, displayName, description] of each application permission. */
const APP_ROLES: Array<[string, string, string, string]> = [
  [
    '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
    'Application.Read.All',
    'Read all applications',
    'Allows the app to read all applications and service principals without a signed-in user.',
  ],
  [
    '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
    'Application.ReadWrite.All',
    'Read and write all applications',
    'Allows the app to create, read, update and delete applications and service principals without a signed-in user.  Does not allow management of consent grants.',
  ],
  [
    '18a4783c-866b-4cc7-a460-3d5e5662c884',
    'Application.ReadWrite.OwnedBy',
    'Manage apps that this app creates or owns',
    'Allows the app to create other applications, and fully manage those applications (read, update, update application secrets and delete), without a signed-in user.  It cannot update any apps that it is not an owner of.',
  ],
  [
    '06b708a9-e830-4db3-a914-8e69da51d44f',
    'AppRoleAssignment.ReadWrite.All',
    'Manage app permission grants and app role assignments',
    'Allows the app to manage permission grants for application permissions to any API (including Microsoft Graph) and application assignments for any app, without a signed-in user.',
  ],
  [
    'b0afded3-3588-46d8-8b3d-9842eff778da',
    'AuditLog.Read.All',
    'Read all audit log data',
    'Allows the app to read and query your audit log activities, without a signed-in user.',
  ],
  [
    '81b4724a-58aa-41c1-8a55-84ef97466587',
    'DelegatedPermissionGrant.Read.All',
    'Read all delegated permission grants',
    'Allows the app to read all delegated permission grants, without a signed-in user.',
  ],
  [
    '8e8e4742-1d95-4f68-9d56-6ee75648c72a',
    'DelegatedPermissionGrant.ReadWrite.All',
    'Manage all delegated permission grants',
    'Allows the app to manage permission grants for delegated permissions exposed by any API (including Microsoft Graph), without a signed-in user.',
  ],
  [
    '7438b122-aefc-4978-80ed-43db9fcc7715',
    'Device.Read.All',
    'Read all devices',
    "Allows the app to read your organization's devices' configuration information without a signed-in user.",
  ],
  [
    '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
    'Directory.Read.All',
    'Read directory data',
    "Allows the app to read data in your organization's directory, such as users, groups and apps, without a signed-in user.",
  ],
  [
    '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
    'Directory.ReadWrite.All',
    'Read and write directory data',
    "Allows the app to read and write data in your organization's directory, such as users, and groups, without a signed-in user.  Does not allow user or group deletion.",
  ],
  [
    'dbb9058a-0e50-45d7-ae91-66909b5d4664',
    'Domain.Read.All',
    'Read domains',
    'Allows the app to read all domain properties without a signed-in user.',
  ],
  ['bf7b1a76-6e77-406b-b258-bf5c7720e98f', 'Group.Create', 'Create groups', 'Allows the app to create groups without a signed-in user.'],
  [
    '5b567255-7703-4780-807c-7be8301ae99b',
    'Group.Read.All',
    'Read all groups',
    'Allows the app to read group properties and memberships, and read conversations for all groups, without a signed-in user.',
  ],
  [
    '62a82d76-70ea-41e2-9197-370581804d09',
    'Group.ReadWrite.All',
    'Read and write all groups',
    'Allows the app to create groups, read all group properties and memberships, update group properties and memberships, and delete groups. Also allows the app to read and write conversations. All of these operations can be performed by the app without a signed-in user.',
  ],
  [
    '98830695-27a2-44f7-8c18-0c3ebc9698f6',
    'GroupMember.Read.All',
    'Read all group memberships',
    'Allows the app to read memberships and basic group properties for all groups without a signed-in user.',
  ],
  [
    'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
    'GroupMember.ReadWrite.All',
    'Read and write all group memberships',
    'Allows the app to list groups, read basic properties, read and update the membership of the groups this app has access to without a signed-in user. Group properties and owners cannot be updated and groups cannot be deleted.',
  ],
  [
    'e2f98668-2877-4f38-a2f4-8202e0717aa1',
    'LicenseAssignment.Read.All',
    'Read all license assignments.',
    'Allows an app to read license assignments for users and groups, without a signed-in user.',
  ],
  [
    '5facf0c1-8979-4e95-abcf-ff3d079771c0',
    'LicenseAssignment.ReadWrite.All',
    'Manage all license assignments',
    'Allows an app to manage license assignments for users and groups, without a signed-in user.',
  ],
  [
    'b633e1c5-b582-4048-a93e-9f11b44c7e96',
    'Mail.Send',
    'Send mail as any user',
    'Allows the app to send mail as any user without a signed-in user.',
  ],
  [
    '658aa5d8-239f-45c4-aa12-864f4fc7e490',
    'Member.Read.Hidden',
    'Read all hidden memberships',
    'Allows the app to read the memberships of hidden groups and administrative units without a signed-in user.',
  ],
  [
    '498476ce-e0fe-48b0-b801-37ba7e2685c6',
    'Organization.Read.All',
    'Read organization information',
    'Allows the app to read the organization and related resources, without a signed-in user. Related resources include things like subscribed skus and tenant branding information.',
  ],
  [
    '292d869f-3427-49a8-9dab-8c70152b74e9',
    'Organization.ReadWrite.All',
    'Read and write organization information',
    'Allows the app to read and write the organization and related resources, without a signed-in user. Related resources include things like subscribed skus and tenant branding information.',
  ],
  [
    '246dd0d5-5bd0-4def-940b-0421030a5b68',
    'Policy.Read.All',
    "Read your organization's policies",
    "Allows the app to read all your organization's policies without a signed in user.",
  ],
  [
    '29c18626-4985-4dcd-85c0-193eef327366',
    'Policy.ReadWrite.AuthenticationMethod',
    'Read and write all authentication method policies',
    'Allows the app to read and write all authentication method policies for the tenant, without a signed-in user.',
  ],
  [
    '230c1aed-a721-4c5d-9cb4-a90514e508ef',
    'Reports.Read.All',
    'Read all usage reports',
    'Allows an app to read all service usage reports without a signed-in user.  Services that provide usage reports include Office 365 and Azure Active Directory.',
  ],
  [
    '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
    'RoleManagement.Read.Directory',
    'Read all directory RBAC settings',
    "Allows the app to read the role-based access control (RBAC) settings for your company's directory, without a signed-in user.  This includes reading directory role templates, directory roles and memberships.",
  ],
  [
    '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
    'RoleManagement.ReadWrite.Directory',
    'Read and write all directory RBAC settings',
    "Allows the app to read and manage the role-based access control (RBAC) settings for your company's directory, without a signed-in user. This includes instantiating directory roles and managing directory role membership, and reading directory role templates, directory roles and memberships.",
  ],
  [
    'cc117bb9-00cf-4eb8-b580-ea2a878fe8f7',
    'User-PasswordProfile.ReadWrite.All',
    'Read and write all password profiles and reset user passwords',
    'Allows the app to read and write password profiles and reset passwords for all users, without a signed-in user.',
  ],
  [
    'eccc023d-eccf-4e7b-9683-8813ab36cecc',
    'User.DeleteRestore.All',
    'Delete and restore all users',
    'Allows the app to delete and restore all users, without a signed-in user.',
  ],
  [
    '3011c876-62b7-4ada-afa2-506cbbecc68c',
    'User.EnableDisableAccount.All',
    'Enable and disable user accounts',
    "Allows the app to enable and disable users' accounts, without a signed-in user.",
  ],
  [
    '09850681-111b-4a89-9bed-3f2cae46d706',
    'User.Invite.All',
    'Invite guest users to the organization',
    'Allows the app to invite guest users to the organization, without a signed-in user.',
  ],
  [
    'c529cfca-c91b-489c-af2b-d92990b66ce6',
    'User.ManageIdentities.All',
    "Manage all users' identities",
    "Allows the app to read, update and delete identities that are associated with a user's account, without a signed in user. This controls the identities users can sign-in with.",
  ],
  [
    'df021288-bdef-4463-88db-98f22de89214',
    'User.Read.All',
    "Read all users' full profiles",
    'Allows the app to read user profiles without a signed in user.',
  ],
  [
    '97235f07-e226-4f63-ace3-39588e11d3a1',
    'User.ReadBasic.All',
    "Read all users' basic profiles",
    'Allows the app to read a basic set of profile properties of other users in your organization without a signed-in user. Includes display name, first and last name, email address, open extensions, and photo.',
  ],
  [
    '741f803b-c850-494e-b5df-cde7c675a1ca',
    'User.ReadWrite.All',
    "Read and write all users' full profiles",
    'Allows the app to read and update user profiles without a signed in user.',
  ],
  [
    '77f3a031-c388-4f99-b373-dc68676a979e',
    'User.RevokeSessions.All',
    'Revoke all sign in sessions for a user',
    'Allow the app to revoke all sign in sessions for a user, without a signed-in user.',
  ],
  [
    '38d9df27-64da-44fd-b7c5-a6fbac20248f',
    'UserAuthenticationMethod.Read.All',
    "Read all users' authentication methods",
    'Allows the app to read authentication methods of all users in your organization, without a signed-in user.',
  ],
  [
    '50483e42-d915-4231-9639-7fdb7fd190e5',
    'UserAuthenticationMethod.ReadWrite.All',
    "Read and write all users' authentication methods",
    'Allows the application to read and write authentication methods of all users in your organization, without a signed-in user.',
  ],
];

/** Delegated permissions (oauth2PermissionScopes): so that a delegated name can be told apart from an application one. */
const SCOPES: Array<[string, string, string]> = [
  ['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'User.Read', 'Sign in and read user profile'],
  ['84bccea3-f856-4a8a-967b-dbe0a3d53a64', 'AppRoleAssignment.ReadWrite.All', 'Manage app permission grants and app role assignments'],
];

/** The application permission's id for a value, e.g. appRoleIdOf('User.Read.All'). */
export function appRoleIdOf(value: string): string | undefined {
  return APP_ROLES.find(([, v]) => v === value)?.[0];
}

export function microsoftGraphServicePrincipal(id: string, created: string): Obj {
  return {
    id,
    appId: MICROSOFT_GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    appDisplayName: 'Microsoft Graph',
    appDescription: null,
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    servicePrincipalType: 'Application',
    signInAudience: 'AzureADMultipleOrgs',
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    alternativeNames: [],
    addIns: [],
    tags: [],
    createdDateTime: created,
    servicePrincipalNames: [
      MICROSOFT_GRAPH_APP_ID,
      'https://graph.microsoft.com',
      'https://graph.microsoft.us',
      'https://dod-graph.microsoft.us',
      'https://canary.graph.microsoft.com',
      'https://ags.windows.net',
      '00000003-0000-0000-c000-000000000000/ags.windows.net',
    ],
    appRoles: APP_ROLES.map(([roleId, value, displayName, description]) => ({
      allowedMemberTypes: ['Application'],
      description,
      displayName,
      id: roleId,
      isEnabled: true,
      origin: 'Application',
      value,
    })),
    oauth2PermissionScopes: SCOPES.map(([scopeId, value, text]) => ({
      adminConsentDescription: text,
      adminConsentDisplayName: text,
      id: scopeId,
      isEnabled: true,
      type: 'User',
      userConsentDescription: text,
      userConsentDisplayName: text,
      value,
    })),
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    homepage: null,
    logoutUrl: null,
    replyUrls: [],
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    deletedDateTime: null,
    description: null,
    notes: null,
    loginUrl: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    samlSingleSignOnSettings: null,
    tokenEncryptionKeyId: null,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    keyCredentials: [],
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
  } as Obj;
}
