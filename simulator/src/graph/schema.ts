import type * as MicrosoftGraph from '@microsoft/microsoft-graph-types';

// Property sets per resource type: which properties exist, which are returned by default, which are
// read-only, and which can be filtered/searched. Unknown names in $select/$filter or in a PATCH body
// are answered the way Graph answers them.
export type PropType = 'string' | 'boolean' | 'number' | 'stringArray' | 'object' | 'collection' | 'datetime';

export interface ResourceSchema {
  /** OData type name without namespace, e.g. "user". */
  type: string;
  /** Entity set name, e.g. "users". */
  set: string;
  props: Record<string, PropType>;
  /** Returned when no $select is given (UGET: 11 default user properties). */
  defaults: string[];
  readOnly: string[];
  /** Write-only secrets never returned (passwordProfile is returned as null at Graph; we omit it). */
  writeOnly: string[];
  /** Properties that the tokenised $search applies to [QP]: others behave as startswith. */
  tokenizedSearch: string[];
  /** Sortable without advanced query [AQ]. */
  orderBy: string[];
  /** Sortable only with ConsistencyLevel: eventual + $count=true [AQ]. */
  orderByAdvanced: string[];
}

type Key<T> = Extract<keyof T, string>;

/**
 * A schema written against Microsoft's v1.0 entity type T (`@microsoft/microsoft-graph-types`): a
 * property Graph does not have is a compile error. `extra` holds the few properties Graph returns
 * and documents but the types package lacks (each with its page).
 */
interface TypedSchema<T, E extends string> extends Omit<
  ResourceSchema,
  'props' | 'defaults' | 'readOnly' | 'writeOnly' | 'tokenizedSearch' | 'orderBy' | 'orderByAdvanced'
> {
  props: { [K in Key<T> | 'id']?: PropType };
  extra?: Record<E, PropType>;
  defaults: (Key<T> | E | 'id')[];
  readOnly: (Key<T> | E | 'id')[];
  writeOnly: (Key<T> | E)[];
  tokenizedSearch: Key<T>[];
  orderBy: Key<T>[];
  orderByAdvanced: Key<T>[];
}

function typed<T, E extends string = never>(s: TypedSchema<T, E>): ResourceSchema {
  const { extra, ...rest } = s;
  return { ...rest, props: { ...(s.props as Record<string, PropType>), ...((extra ?? {}) as Record<string, PropType>) } };
}

export const userSchema: ResourceSchema = typed<MicrosoftGraph.User>({
  type: 'user',
  set: 'users',
  props: {
    id: 'string',
    accountEnabled: 'boolean',
    ageGroup: 'string',
    businessPhones: 'stringArray',
    city: 'string',
    companyName: 'string',
    country: 'string',
    createdDateTime: 'datetime',
    creationType: 'string',
    deletedDateTime: 'datetime',
    department: 'string',
    displayName: 'string',
    employeeId: 'string',
    employeeType: 'string',
    employeeHireDate: 'datetime',
    faxNumber: 'string',
    givenName: 'string',
    identities: 'collection',
    imAddresses: 'stringArray',
    jobTitle: 'string',
    mail: 'string',
    mailNickname: 'string',
    mobilePhone: 'string',
    officeLocation: 'string',
    onPremisesImmutableId: 'string',
    onPremisesSyncEnabled: 'boolean',
    otherMails: 'stringArray',
    passwordPolicies: 'string',
    passwordProfile: 'object',
    postalCode: 'string',
    preferredLanguage: 'string',
    proxyAddresses: 'stringArray',
    securityIdentifier: 'string',
    state: 'string',
    streetAddress: 'string',
    surname: 'string',
    usageLocation: 'string',
    userPrincipalName: 'string',
    userType: 'string',
    lastPasswordChangeDateTime: 'datetime',
    showInAddressList: 'boolean',
    externalUserState: 'string',
    // Licences change only through assignLicense [user-assignlicense]; signInActivity is returned only
    // when selected and needs AuditLog.Read.All (https://learn.microsoft.com/graph/api/resources/signinactivity).
    assignedLicenses: 'collection',
    assignedPlans: 'collection',
    signInActivity: 'object',
    // Direct or inherited from a group (assignedByGroup), returned only on $select [resources/user].
    licenseAssignmentStates: 'collection',
  },
  // UGET: businessPhones, displayName, givenName, id, jobTitle, mail, mobilePhone, officeLocation,
  // preferredLanguage, surname, userPrincipalName
  defaults: [
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
  ],
  readOnly: [
    'id',
    'createdDateTime',
    'deletedDateTime',
    'creationType',
    'securityIdentifier',
    'lastPasswordChangeDateTime',
    'onPremisesSyncEnabled',
    'proxyAddresses',
    'externalUserState',
    'assignedLicenses',
    'assignedPlans',
    'signInActivity',
    'licenseAssignmentStates',
  ],
  writeOnly: ['passwordProfile'],
  tokenizedSearch: ['displayName'],
  orderBy: ['displayName', 'userPrincipalName'],
  orderByAdvanced: ['createdDateTime', 'deletedDateTime', 'mail', 'jobTitle', 'department', 'givenName', 'surname'],
});

// group [https://learn.microsoft.com/graph/api/group-get]: defaults = Example 1's "default properties".
export const groupSchema: ResourceSchema = typed<MicrosoftGraph.Group, 'resourceProvisioningOptions' | 'resourceBehaviorOptions'>({
  type: 'group',
  set: 'groups',
  props: {
    id: 'string',
    classification: 'string',
    createdDateTime: 'datetime',
    deletedDateTime: 'datetime',
    description: 'string',
    displayName: 'string',
    expirationDateTime: 'datetime',
    groupTypes: 'stringArray',
    isAssignableToRole: 'boolean',
    mail: 'string',
    mailEnabled: 'boolean',
    mailNickname: 'string',
    membershipRule: 'string',
    membershipRuleProcessingState: 'string',
    onPremisesSyncEnabled: 'boolean',
    preferredDataLocation: 'string',
    preferredLanguage: 'string',
    proxyAddresses: 'stringArray',
    renewedDateTime: 'datetime',
    securityEnabled: 'boolean',
    securityIdentifier: 'string',
    theme: 'string',
    uniqueName: 'string',
    visibility: 'string',
    onPremisesDomainName: 'string',
    onPremisesLastSyncDateTime: 'datetime',
    onPremisesNetBiosName: 'string',
    onPremisesSamAccountName: 'string',
    onPremisesSecurityIdentifier: 'string',
    onPremisesProvisioningErrors: 'collection',
    serviceProvisioningErrors: 'collection',
    // Group-based licensing: returned only on $select, changed only through assignLicense
    // [https://learn.microsoft.com/graph/api/resources/group#properties, group-assignlicense].
    assignedLicenses: 'collection',
  },
  // In group-get's default set and settable on create ("Teams-enabled" groups show "Team"), but not in
  // the types package [https://learn.microsoft.com/graph/api/resources/group#properties].
  extra: { resourceProvisioningOptions: 'stringArray', resourceBehaviorOptions: 'stringArray' },
  defaults: [
    'id',
    'deletedDateTime',
    'classification',
    'createdDateTime',
    'description',
    'displayName',
    'expirationDateTime',
    'groupTypes',
    'isAssignableToRole',
    'mail',
    'mailEnabled',
    'mailNickname',
    'membershipRule',
    'membershipRuleProcessingState',
    'onPremisesDomainName',
    'onPremisesLastSyncDateTime',
    'onPremisesNetBiosName',
    'onPremisesSamAccountName',
    'onPremisesSecurityIdentifier',
    'onPremisesSyncEnabled',
    'preferredDataLocation',
    'preferredLanguage',
    'proxyAddresses',
    'renewedDateTime',
    'resourceBehaviorOptions',
    'resourceProvisioningOptions',
    'securityEnabled',
    'securityIdentifier',
    'theme',
    'uniqueName',
    'visibility',
    'onPremisesProvisioningErrors',
    'serviceProvisioningErrors',
  ],
  readOnly: [
    'id',
    'createdDateTime',
    'deletedDateTime',
    'mail',
    'proxyAddresses',
    'renewedDateTime',
    'securityIdentifier',
    'onPremisesSyncEnabled',
    'expirationDateTime',
    'onPremisesDomainName',
    'onPremisesLastSyncDateTime',
    'onPremisesNetBiosName',
    'onPremisesSamAccountName',
    'onPremisesSecurityIdentifier',
    'onPremisesProvisioningErrors',
    'serviceProvisioningErrors',
    'assignedLicenses',
  ],
  writeOnly: [],
  tokenizedSearch: ['displayName', 'description'],
  orderBy: ['displayName'],
  orderByAdvanced: ['deletedDateTime', 'createdDateTime'],
});

// application [https://learn.microsoft.com/graph/api/application-get]: defaults = Example 1's answer.
export const applicationSchema: ResourceSchema = typed<MicrosoftGraph.Application>({
  type: 'application',
  set: 'applications',
  props: {
    id: 'string',
    appId: 'string',
    applicationTemplateId: 'string',
    createdDateTime: 'datetime',
    deletedDateTime: 'datetime',
    description: 'string',
    displayName: 'string',
    identifierUris: 'stringArray',
    notes: 'string',
    publisherDomain: 'string',
    signInAudience: 'string',
    tags: 'stringArray',
    uniqueName: 'string',
    api: 'object',
    appRoles: 'collection',
    info: 'object',
    keyCredentials: 'collection',
    passwordCredentials: 'collection',
    publicClient: 'object',
    requiredResourceAccess: 'collection',
    spa: 'object',
    web: 'object',
    optionalClaims: 'object',
    parentalControlSettings: 'object',
    isFallbackPublicClient: 'boolean',
    groupMembershipClaims: 'string',
    disabledByMicrosoftStatus: 'string',
    serviceManagementReference: 'string',
    tokenEncryptionKeyId: 'string',
    verifiedPublisher: 'object',
    isDeviceOnlyAuthSupported: 'boolean',
    addIns: 'collection',
    samlMetadataUrl: 'string',
    certification: 'object',
  },
  defaults: [
    'id',
    'deletedDateTime',
    'appId',
    'applicationTemplateId',
    'createdDateTime',
    'description',
    'displayName',
    'disabledByMicrosoftStatus',
    'groupMembershipClaims',
    'identifierUris',
    'isDeviceOnlyAuthSupported',
    'isFallbackPublicClient',
    'notes',
    'publisherDomain',
    'samlMetadataUrl',
    'serviceManagementReference',
    'signInAudience',
    'tags',
    'tokenEncryptionKeyId',
    'uniqueName',
    'addIns',
    'api',
    'appRoles',
    'certification',
    'info',
    'keyCredentials',
    'optionalClaims',
    'parentalControlSettings',
    'passwordCredentials',
    'publicClient',
    'requiredResourceAccess',
    'verifiedPublisher',
    'web',
    'spa',
  ],
  // certification: "Read-only" [resources/application].
  readOnly: ['id', 'appId', 'createdDateTime', 'deletedDateTime', 'publisherDomain', 'disabledByMicrosoftStatus', 'certification'],
  // APOST: passwordCredentials cannot be set on create (use addPassword)
  writeOnly: [],
  tokenizedSearch: ['displayName', 'description'],
  orderBy: [],
  orderByAdvanced: ['displayName', 'createdDateTime', 'deletedDateTime'],
});

// servicePrincipal [SPRES https://learn.microsoft.com/graph/api/resources/serviceprincipal]: the
// properties of the v1.0 resource; defaults = what GET /servicePrincipals/{id} returns without $select
// (the create response [SPPOST] shows them, "shortened for readability"). No createdDateTime: v1.0 has none.
export const servicePrincipalSchema: ResourceSchema = typed<MicrosoftGraph.ServicePrincipal>({
  type: 'servicePrincipal',
  set: 'servicePrincipals',
  props: {
    id: 'string',
    accountEnabled: 'boolean',
    addIns: 'collection',
    alternativeNames: 'stringArray',
    appDescription: 'string',
    appDisplayName: 'string',
    appId: 'string',
    applicationTemplateId: 'string',
    appOwnerOrganizationId: 'string',
    appRoleAssignmentRequired: 'boolean',
    appRoles: 'collection',
    deletedDateTime: 'datetime',
    description: 'string',
    disabledByMicrosoftStatus: 'string',
    displayName: 'string',
    homepage: 'string',
    info: 'object',
    keyCredentials: 'collection',
    loginUrl: 'string',
    logoutUrl: 'string',
    notes: 'string',
    notificationEmailAddresses: 'stringArray',
    oauth2PermissionScopes: 'collection',
    passwordCredentials: 'collection',
    preferredSingleSignOnMode: 'string',
    preferredTokenSigningKeyThumbprint: 'string',
    replyUrls: 'stringArray',
    resourceSpecificApplicationPermissions: 'collection',
    samlSingleSignOnSettings: 'object',
    servicePrincipalNames: 'stringArray',
    servicePrincipalType: 'string',
    signInAudience: 'string',
    tags: 'stringArray',
    tokenEncryptionKeyId: 'string',
    verifiedPublisher: 'object',
  },
  defaults: [
    'id',
    'deletedDateTime',
    'accountEnabled',
    'alternativeNames',
    'appDisplayName',
    'appDescription',
    'appId',
    'applicationTemplateId',
    'appOwnerOrganizationId',
    'appRoleAssignmentRequired',
    'description',
    'disabledByMicrosoftStatus',
    'displayName',
    'homepage',
    'loginUrl',
    'logoutUrl',
    'notes',
    'notificationEmailAddresses',
    'preferredSingleSignOnMode',
    'preferredTokenSigningKeyThumbprint',
    'replyUrls',
    'servicePrincipalNames',
    'servicePrincipalType',
    'signInAudience',
    'tags',
    'tokenEncryptionKeyId',
    'samlSingleSignOnSettings',
    'addIns',
    'appRoles',
    'info',
    'keyCredentials',
    'oauth2PermissionScopes',
    'passwordCredentials',
    'resourceSpecificApplicationPermissions',
    'verifiedPublisher',
  ],
  // [SPRES] "Read-only" / "set by Microsoft Entra ID internally"; the app* copies come from the application.
  // appId is set once, on create (SPPOST: "must contain appId"), and is absent from SPUPD's body table.
  readOnly: [
    'id',
    'appId',
    'deletedDateTime',
    'appDisplayName',
    'appDescription',
    'appOwnerOrganizationId',
    'applicationTemplateId',
    'servicePrincipalType',
    'signInAudience',
    'disabledByMicrosoftStatus',
    'resourceSpecificApplicationPermissions',
    'verifiedPublisher',
  ],
  writeOnly: [],
  tokenizedSearch: ['displayName', 'description'],
  orderBy: [],
  orderByAdvanced: ['displayName', 'deletedDateTime'],
});

export const schemas = {
  users: userSchema,
  groups: groupSchema,
  applications: applicationSchema,
  servicePrincipals: servicePrincipalSchema,
};
