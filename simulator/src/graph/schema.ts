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

export const userSchema: ResourceSchema = {
  type: 'user',
  set: 'users',
  props: {
    id: 'string', accountEnabled: 'boolean', ageGroup: 'string', businessPhones: 'stringArray', city: 'string',
    companyName: 'string', country: 'string', createdDateTime: 'datetime', creationType: 'string',
    deletedDateTime: 'datetime', department: 'string', displayName: 'string', employeeId: 'string',
    employeeType: 'string', employeeHireDate: 'datetime', faxNumber: 'string', givenName: 'string',
    identities: 'collection', imAddresses: 'stringArray', jobTitle: 'string', mail: 'string', mailNickname: 'string',
    mobilePhone: 'string', officeLocation: 'string', onPremisesImmutableId: 'string', onPremisesSyncEnabled: 'boolean',
    otherMails: 'stringArray', passwordPolicies: 'string', passwordProfile: 'object', postalCode: 'string',
    preferredLanguage: 'string', proxyAddresses: 'stringArray', securityIdentifier: 'string', state: 'string',
    streetAddress: 'string', surname: 'string', usageLocation: 'string', userPrincipalName: 'string', userType: 'string',
    lastPasswordChangeDateTime: 'datetime', showInAddressList: 'boolean', externalUserState: 'string',
    // Licences change only through assignLicense [user-assignlicense]; signInActivity is returned only
    // when selected and needs AuditLog.Read.All (https://learn.microsoft.com/graph/api/resources/signinactivity).
    assignedLicenses: 'collection', assignedPlans: 'collection', signInActivity: 'object',
  },
  // UGET: businessPhones, displayName, givenName, id, jobTitle, mail, mobilePhone, officeLocation,
  // preferredLanguage, surname, userPrincipalName
  defaults: ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation',
    'preferredLanguage', 'surname', 'userPrincipalName', 'id'],
  readOnly: ['id', 'createdDateTime', 'deletedDateTime', 'creationType', 'securityIdentifier', 'lastPasswordChangeDateTime',
    'onPremisesSyncEnabled', 'proxyAddresses', 'externalUserState', 'assignedLicenses', 'assignedPlans', 'signInActivity'],
  writeOnly: ['passwordProfile'],
  tokenizedSearch: ['displayName'],
  orderBy: ['displayName', 'userPrincipalName'],
  orderByAdvanced: ['createdDateTime', 'deletedDateTime', 'mail', 'jobTitle', 'department', 'givenName', 'surname'],
};

export const groupSchema: ResourceSchema = {
  type: 'group',
  set: 'groups',
  props: {
    id: 'string', classification: 'string', createdDateTime: 'datetime', deletedDateTime: 'datetime',
    description: 'string', displayName: 'string', expirationDateTime: 'datetime', groupTypes: 'stringArray',
    isAssignableToRole: 'boolean', mail: 'string', mailEnabled: 'boolean', mailNickname: 'string',
    membershipRule: 'string', membershipRuleProcessingState: 'string', onPremisesSyncEnabled: 'boolean',
    preferredDataLocation: 'string', preferredLanguage: 'string', proxyAddresses: 'stringArray',
    renewedDateTime: 'datetime', securityEnabled: 'boolean', securityIdentifier: 'string', theme: 'string',
    uniqueName: 'string', visibility: 'string', onPremisesDomainName: 'string',
  },
  // GPOST's response example lists the default properties.
  defaults: ['id', 'deletedDateTime', 'classification', 'createdDateTime', 'description', 'displayName',
    'expirationDateTime', 'groupTypes', 'isAssignableToRole', 'mail', 'mailEnabled', 'mailNickname',
    'membershipRule', 'membershipRuleProcessingState', 'onPremisesSyncEnabled', 'preferredDataLocation',
    'preferredLanguage', 'proxyAddresses', 'renewedDateTime', 'securityEnabled', 'securityIdentifier', 'theme',
    'uniqueName', 'visibility', 'onPremisesDomainName'],
  readOnly: ['id', 'createdDateTime', 'deletedDateTime', 'mail', 'proxyAddresses', 'renewedDateTime',
    'securityIdentifier', 'onPremisesSyncEnabled', 'expirationDateTime', 'onPremisesDomainName'],
  writeOnly: [],
  tokenizedSearch: ['displayName', 'description'],
  orderBy: ['displayName'],
  orderByAdvanced: ['deletedDateTime', 'createdDateTime'],
};

export const applicationSchema: ResourceSchema = {
  type: 'application',
  set: 'applications',
  props: {
    id: 'string', appId: 'string', applicationTemplateId: 'string', createdDateTime: 'datetime',
    deletedDateTime: 'datetime', description: 'string', displayName: 'string', identifierUris: 'stringArray',
    notes: 'string', publisherDomain: 'string', signInAudience: 'string', tags: 'stringArray', uniqueName: 'string',
    api: 'object', appRoles: 'collection', info: 'object', keyCredentials: 'collection',
    passwordCredentials: 'collection', publicClient: 'object', requiredResourceAccess: 'collection',
    spa: 'object', web: 'object', optionalClaims: 'object', parentalControlSettings: 'object',
    isFallbackPublicClient: 'boolean', groupMembershipClaims: 'string', disabledByMicrosoftStatus: 'string',
    serviceManagementReference: 'string', tokenEncryptionKeyId: 'string', verifiedPublisher: 'object',
  },
  defaults: ['id', 'deletedDateTime', 'appId', 'applicationTemplateId', 'createdDateTime', 'description', 'displayName',
    'disabledByMicrosoftStatus', 'groupMembershipClaims', 'identifierUris', 'isFallbackPublicClient', 'notes',
    'publisherDomain', 'serviceManagementReference', 'signInAudience', 'tags', 'tokenEncryptionKeyId', 'uniqueName',
    'api', 'appRoles', 'info', 'keyCredentials', 'optionalClaims', 'parentalControlSettings', 'passwordCredentials',
    'publicClient', 'requiredResourceAccess', 'verifiedPublisher', 'web', 'spa'],
  readOnly: ['id', 'appId', 'createdDateTime', 'deletedDateTime', 'publisherDomain', 'disabledByMicrosoftStatus'],
  // APOST: passwordCredentials cannot be set on create (use addPassword)
  writeOnly: [],
  tokenizedSearch: ['displayName', 'description'],
  orderBy: [],
  orderByAdvanced: ['displayName', 'createdDateTime', 'deletedDateTime'],
};

// servicePrincipal [SPRES https://learn.microsoft.com/graph/api/resources/serviceprincipal]: the
// properties of the v1.0 resource; defaults = what GET /servicePrincipals/{id} returns without $select
// (the create response [SPPOST] shows them, "shortened for readability").
export const servicePrincipalSchema: ResourceSchema = {
  type: 'servicePrincipal',
  set: 'servicePrincipals',
  props: {
    id: 'string', accountEnabled: 'boolean', addIns: 'collection', alternativeNames: 'stringArray',
    appDescription: 'string', appDisplayName: 'string', appId: 'string', applicationTemplateId: 'string',
    appOwnerOrganizationId: 'string', appRoleAssignmentRequired: 'boolean', appRoles: 'collection',
    createdDateTime: 'datetime', deletedDateTime: 'datetime', description: 'string', disabledByMicrosoftStatus: 'string',
    displayName: 'string', homepage: 'string', info: 'object', keyCredentials: 'collection', loginUrl: 'string',
    logoutUrl: 'string', notes: 'string', notificationEmailAddresses: 'stringArray', oauth2PermissionScopes: 'collection',
    passwordCredentials: 'collection', preferredSingleSignOnMode: 'string', preferredTokenSigningKeyThumbprint: 'string',
    replyUrls: 'stringArray', resourceSpecificApplicationPermissions: 'collection', samlSingleSignOnSettings: 'object',
    servicePrincipalNames: 'stringArray', servicePrincipalType: 'string', signInAudience: 'string', tags: 'stringArray',
    tokenEncryptionKeyId: 'string', verifiedPublisher: 'object',
  },
  defaults: ['id', 'deletedDateTime', 'accountEnabled', 'alternativeNames', 'appDisplayName', 'appDescription', 'appId',
    'applicationTemplateId', 'appOwnerOrganizationId', 'appRoleAssignmentRequired', 'createdDateTime', 'description',
    'disabledByMicrosoftStatus', 'displayName', 'homepage', 'loginUrl', 'logoutUrl', 'notes', 'notificationEmailAddresses',
    'preferredSingleSignOnMode', 'preferredTokenSigningKeyThumbprint', 'replyUrls', 'servicePrincipalNames',
    'servicePrincipalType', 'signInAudience', 'tags', 'tokenEncryptionKeyId', 'samlSingleSignOnSettings', 'addIns',
    'appRoles', 'info', 'keyCredentials', 'oauth2PermissionScopes', 'passwordCredentials',
    'resourceSpecificApplicationPermissions', 'verifiedPublisher'],
  // [SPRES] "Read-only" / "set by Microsoft Entra ID internally"; the app* copies come from the application.
  // appId is set once, on create (SPPOST: "must contain appId"), and is absent from SPUPD's body table.
  readOnly: ['id', 'appId', 'createdDateTime', 'deletedDateTime', 'appDisplayName', 'appDescription', 'appOwnerOrganizationId',
    'applicationTemplateId', 'servicePrincipalType', 'signInAudience', 'disabledByMicrosoftStatus',
    'resourceSpecificApplicationPermissions', 'verifiedPublisher'],
  writeOnly: [],
  tokenizedSearch: ['displayName', 'description'],
  orderBy: [],
  orderByAdvanced: ['displayName', 'createdDateTime', 'deletedDateTime'],
};

export const schemas = { users: userSchema, groups: groupSchema, applications: applicationSchema, servicePrincipals: servicePrincipalSchema };
