// A service principal as the directory makes it from its application [SPPOST, SPRES]: the app* and
// other "inherited" properties are copies of the application's at creation time.
import type { GraphApplication, MicrosoftGraph } from './graph-types';
import type { Obj, Tenant } from './store';

const copy = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

export function servicePrincipalFor(obj: Obj, tenant: Tenant): MicrosoftGraph.ServicePrincipal {
  const app = obj as unknown as GraphApplication;
  const web = app.web ?? {};
  const api = app.api ?? {};
  const identifierUris = app.identifierUris ?? [];
  return {
    appId: app.appId,
    displayName: app.displayName,
    appDisplayName: app.displayName,
    appDescription: app.description ?? null,
    // "Contains the tenant ID where the application is registered" [SPRES]: ours.
    appOwnerOrganizationId: tenant.id,
    servicePrincipalType: 'Application',
    signInAudience: app.signInAudience ?? 'AzureADMyOrg',
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    alternativeNames: [],
    addIns: [],
    tags: [],
    // servicePrincipalNames: the appId plus the application's identifierUris [SPRES].
    servicePrincipalNames: [String(app.appId), ...identifierUris],
    appRoles: copy(app.appRoles ?? []),
    oauth2PermissionScopes: copy(api.oauth2PermissionScopes ?? []),
    info: copy(app.info ?? { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null }),
    homepage: web.homePageUrl ?? null,
    logoutUrl: web.logoutUrl ?? null,
    replyUrls: copy(web.redirectUris ?? []),
    verifiedPublisher: copy(app.verifiedPublisher ?? { displayName: null, verifiedPublisherId: null, addedDateTime: null }),
    applicationTemplateId: app.applicationTemplateId ?? null,
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
    keyCredentials: [],
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
  };
}
