// Seed data. 'small': a realistic Contoso tenant with deterministic ids. 'large': the same plus N
// generated users (default 100,000), created lazily on first access to /users, for benchmarks.
import { appRoleAssignmentId, graphTime, seededGuid } from '../util/ids';
import { SEEDED_LICENSES, skuByPartNumber } from './licensing';
import { asObj, GraphApplication, GraphGroup, GraphUser } from './graph-types';
import { appRoleIdOf, microsoftGraphServicePrincipal } from './microsoft-graph';
import { servicePrincipalFor } from './service-principal';
import type { Obj, Store } from './store';

export type SeedName = 'small' | 'empty' | 'large';

export const TENANT_ID = '8c3a1d5e-6f70-4b2a-9c4d-1e2f3a4b5c6d';
export const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
export const CLIENT_SECRET = 'simulator-secret';
export const INITIAL_DOMAIN = 'contoso.onmicrosoft.com';
export const CUSTOM_DOMAIN = 'contoso.com';
/** Application permissions of the seeded client app (roles claim). */
export const DEFAULT_ROLES = [
  'User.ReadWrite.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
  'Application.ReadWrite.All',
  'Directory.ReadWrite.All',
  // Routes that check their own permission: signInActivity, authentication methods, invitations.
  'AuditLog.Read.All',
  'UserAuthenticationMethod.ReadWrite.All',
  'User.Invite.All',
  'Policy.ReadWrite.AuthenticationMethod',
];

const CREATED = '2024-01-15T09:00:00Z';

interface SeedUser {
  key: string;
  given: string;
  sur: string;
  title: string;
  dept: string;
  office: string;
  domain?: string;
  enabled?: boolean;
}

const USERS: SeedUser[] = [
  { key: 'adele', given: 'Adele', sur: 'Vance', title: 'Retail Manager', dept: 'Retail', office: '18/2111' },
  { key: 'alex', given: 'Alex', sur: 'Wilber', title: 'Marketing Assistant', dept: 'Marketing', office: '131/1104' },
  { key: 'diego', given: 'Diego', sur: 'Siciliani', title: 'HR Manager', dept: 'HR', office: '14/1108' },
  { key: 'grady', given: 'Grady', sur: 'Archie', title: 'Designer', dept: 'R&D', office: '19/2109' },
  { key: 'isaiah', given: 'Isaiah', sur: 'Langer', title: 'Sales Rep', dept: 'Sales', office: '20/1101' },
  { key: 'johanna', given: 'Johanna', sur: 'Lorenz', title: 'Senior Engineer', dept: 'Engineering', office: '23/2102' },
  { key: 'lee', given: 'Lee', sur: 'Gu', title: 'Director', dept: 'Manufacturing', office: '23/3101' },
  { key: 'lidia', given: 'Lidia', sur: 'Holloway', title: 'Product Manager', dept: 'Engineering', office: '20/2107' },
  { key: 'megan', given: 'Megan', sur: 'Bowen', title: 'Marketing Manager', dept: 'Marketing', office: '12/1110', domain: CUSTOM_DOMAIN },
  { key: 'nestor', given: 'Nestor', sur: 'Wilke', title: 'Director', dept: 'Operations', office: '36/1121', domain: CUSTOM_DOMAIN },
  { key: 'pradeep', given: 'Pradeep', sur: 'Gupta', title: 'Accountant', dept: 'Finance', office: '98/2202', enabled: false },
];

function user(u: SeedUser, i: number): Obj {
  const domain = u.domain ?? INITIAL_DOMAIN;
  const upn = `${u.given}${u.sur[0]}@${domain}`;
  return asObj<GraphUser>({
    id: seededGuid(`user:${u.key}`),
    accountEnabled: u.enabled ?? true,
    businessPhones: [`+1 425 555 01${String(10 + i)}`],
    city: 'Redmond',
    country: 'United States',
    companyName: 'Contoso',
    createdDateTime: CREATED,
    creationType: null,
    department: u.dept,
    displayName: `${u.given} ${u.sur}`,
    givenName: u.given,
    surname: u.sur,
    jobTitle: u.title,
    mail: upn,
    mailNickname: `${u.given}${u.sur[0]}`,
    mobilePhone: null,
    officeLocation: u.office,
    preferredLanguage: 'en-US',
    usageLocation: 'US',
    userPrincipalName: upn,
    userType: 'Member',
    otherMails: [],
    proxyAddresses: [`SMTP:${upn}`],
    imAddresses: [],
    securityIdentifier: `S-1-12-1-${1000 + i}-${2000 + i}-${3000 + i}-${4000 + i}`,
  });
}

/** Properties every new group has, as group-get's default set shows them (also used by POST /groups). */
export function newGroupDefaults(): Omit<GraphGroup, 'id'> {
  return {
    description: null,
    classification: null,
    isAssignableToRole: null,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    onPremisesDomainName: null,
    onPremisesLastSyncDateTime: null,
    onPremisesNetBiosName: null,
    onPremisesSamAccountName: null,
    onPremisesSecurityIdentifier: null,
    onPremisesProvisioningErrors: [],
    preferredDataLocation: null,
    preferredLanguage: null,
    theme: null,
    uniqueName: null,
    expirationDateTime: null,
    deletedDateTime: null,
    resourceProvisioningOptions: [],
    resourceBehaviorOptions: [],
    serviceProvisioningErrors: [],
    assignedLicenses: [],
  };
}

function group(key: string, displayName: string, description: string, unified: boolean, nick: string, teams = false): Obj {
  return asObj<GraphGroup>({
    ...newGroupDefaults(),
    id: seededGuid(`group:${key}`),
    displayName,
    description,
    createdDateTime: CREATED,
    renewedDateTime: CREATED,
    groupTypes: unified ? ['Unified'] : [],
    mailEnabled: unified,
    securityEnabled: !unified,
    mailNickname: nick,
    mail: unified ? `${nick}@${INITIAL_DOMAIN}` : null,
    proxyAddresses: unified ? [`SMTP:${nick}@${INITIAL_DOMAIN}`] : [],
    visibility: unified ? 'Public' : null,
    securityIdentifier: `S-1-12-1-${key.length}-${displayName.length}`,
    // A Teams-enabled group shows "Team" here [group-get example 1].
    resourceProvisioningOptions: teams ? ['Team'] : [],
  });
}

function application(key: string, displayName: string, appId?: string): Obj {
  return asObj<GraphApplication>({
    id: seededGuid(`application:${key}`),
    appId: appId ?? seededGuid(`appId:${key}`),
    displayName,
    createdDateTime: CREATED,
    signInAudience: 'AzureADMyOrg',
    publisherDomain: INITIAL_DOMAIN,
    identifierUris: [],
    tags: [],
    description: null,
    notes: null,
    uniqueName: null,
    deletedDateTime: null,
    api: {
      requestedAccessTokenVersion: null,
      acceptMappedClaims: null,
      knownClientApplications: [],
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    isDeviceOnlyAuthSupported: null,
    addIns: [],
    samlMetadataUrl: null,
    certification: null,
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [],
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    spa: { redirectUris: [] },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    isFallbackPublicClient: null,
    groupMembershipClaims: null,
    disabledByMicrosoftStatus: null,
    applicationTemplateId: null,
    serviceManagementReference: null,
    tokenEncryptionKeyId: null,
    optionalClaims: null,
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  });
}

const DAY = 86_400_000;
/** A date `days` from when the seed is applied: expiry reports need credentials that expire relative to now. */
const fromNow = (days: number) => graphTime(new Date(Date.now() + days * DAY));

/**
 * Secrets and certificates as Graph lists them [PWC https://learn.microsoft.com/graph/api/resources/passwordcredential,
 * KC https://learn.microsoft.com/graph/api/resources/keycredential]: secretText and key are never returned.
 * Within the default 30 days: the Expenses secret (expired 4.5 days ago) and the HR certificate (10.5 days left).
 */
function appCredentials(key: string): Record<string, unknown> {
  const secret = (name: string, hint: string, start: number, end: number) => ({
    customKeyIdentifier: null,
    displayName: name,
    endDateTime: fromNow(end),
    hint,
    keyId: seededGuid(`password:${key}:${name}`),
    secretText: null,
    startDateTime: fromNow(start),
  });
  const certificate = (name: string, start: number, end: number) => ({
    customKeyIdentifier: Buffer.from(seededGuid(`thumbprint:${key}:${name}`).replace(/-/g, '').slice(0, 20), 'hex')
      .toString('base64')
      .replace(/=+$/, '')
      .toUpperCase(),
    displayName: `CN=${name}`,
    endDateTime: fromNow(end),
    key: null,
    keyId: seededGuid(`certificate:${key}:${name}`),
    startDateTime: fromNow(start),
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
  });
  switch (key) {
    case 'client':
      return { passwordCredentials: [secret('Simulator secret', 'sim', -30, 700.5)], keyCredentials: [] };
    case 'hr':
      return {
        passwordCredentials: [secret('HR sync', 'Hq8', -165, 200.5)],
        keyCredentials: [certificate('hr-portal.contoso.com', -354.5, 10.5)],
      };
    case 'expenses':
      return {
        passwordCredentials: [secret('Expenses batch', '7~x', -369.5, -4.5)],
        keyCredentials: [certificate('expenses.contoso.com', -319.5, 45.5)],
      };
    default:
      return {};
  }
}

/**
 * Application owners, a federated credential for a GitHub deployment, Microsoft Graph's service
 * principal, and the app role assignments that make the simulator client's token roles (its
 * application permissions granted on Microsoft Graph).
 */
function seedApplicationRelations(store: Store, userId: (key: string) => string): void {
  const owners: Array<[string, string[]]> = [
    ['client', ['nestor']],
    ['hr', ['lidia', 'diego']],
    ['expenses', ['isaiah']],
  ];
  for (const [app, users] of owners) store.owners.set(seedIds.application(app), new Set(users.map(userId)));
  store.federatedCredentials.set(seedIds.application('hr'), [
    {
      id: seededGuid('fic:hr:github-production'),
      name: 'github-production',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:contoso/hr-portal:environment:production',
      description: 'Deployments from GitHub Actions',
      audiences: ['api://AzureADTokenExchange'],
    },
  ]);
  const graph = microsoftGraphServicePrincipal(seedIds.servicePrincipal('microsoftGraph'), CREATED);
  store.seedObject('servicePrincipals', graph);
  const client = store.servicePrincipals.get(seedIds.servicePrincipal('client'))!;
  for (const role of DEFAULT_ROLES) {
    const appRoleId = appRoleIdOf(role)!;
    const id = appRoleAssignmentId(client.id, seededGuid(`appRoleAssignment:client:${role}`));
    store.appRoleAssignments.set(id, {
      id,
      appRoleId,
      createdDateTime: CREATED,
      deletedDateTime: null,
      principalDisplayName: client.displayName,
      principalId: client.id,
      principalType: 'ServicePrincipal',
      resourceDisplayName: graph.displayName,
      resourceId: graph.id,
    });
  }
}

/** Days since each seeded user's last successful sign-in; absent = never signed in. */
const LAST_SIGN_IN_DAYS: Record<string, number> = {
  adele: 1,
  alex: 45,
  diego: 3,
  isaiah: 120,
  johanna: 2,
  lee: 10,
  lidia: 95,
  megan: 0,
  nestor: 5,
  pradeep: 200,
};

/** Licences (see licensing.ts) and signInActivity relative to now, so "inactive for 90 days" has answers. */
function seedLicensesAndSignIns(store: Store): void {
  const now = Date.now();
  for (const u of USERS) {
    const obj = store.users.get(seededGuid(`user:${u.key}`))!;
    obj.assignedLicenses = (SEEDED_LICENSES[u.key] ?? []).map((part) => ({ skuId: skuByPartNumber(part).skuId, disabledPlans: [] }));
    obj.assignedPlans = (SEEDED_LICENSES[u.key] ?? []).flatMap((part) =>
      skuByPartNumber(part).servicePlans.map((p) => ({
        assignedDateTime: CREATED,
        capabilityStatus: 'Enabled',
        service: p.servicePlanName,
        servicePlanId: p.servicePlanId,
      })),
    );
    const days = LAST_SIGN_IN_DAYS[u.key];
    if (days === undefined) {
      obj.signInActivity = null;
      continue;
    }
    const at = graphTime(new Date(now - days * 86_400_000));
    // https://learn.microsoft.com/graph/api/resources/signinactivity
    obj.signInActivity = {
      lastSignInDateTime: at,
      lastSignInRequestId: seededGuid(`signin:${u.key}`),
      lastNonInteractiveSignInDateTime: at,
      lastNonInteractiveSignInRequestId: seededGuid(`signin-ni:${u.key}`),
      lastSuccessfulSignInDateTime: at,
      lastSuccessfulSignInRequestId: seededGuid(`signin:${u.key}`),
    };
  }
}

export const seedIds = {
  user: (key: string) => seededGuid(`user:${key}`),
  group: (key: string) => seededGuid(`group:${key}`),
  application: (key: string) => seededGuid(`application:${key}`),
  servicePrincipal: (key: string) => seededGuid(`servicePrincipal:${key}`),
};

/** A fast GUID-shaped id for generated user number i (deterministic). */
export function largeUserId(i: number): string {
  return `d0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

export function applySeed(store: Store, seed: SeedName, largeUserCount = 100000): void {
  store.clear();
  store.tenant = {
    id: TENANT_ID,
    displayName: 'Contoso',
    domains: [
      { id: INITIAL_DOMAIN, isInitial: true, isDefault: false, isVerified: true },
      { id: CUSTOM_DOMAIN, isInitial: false, isDefault: true, isVerified: true },
    ],
  };
  store.clientApps.set(CLIENT_ID, {
    clientId: CLIENT_ID,
    displayName: 'Entra-RED Simulator Client',
    secrets: [CLIENT_SECRET],
    certificates: [],
    roles: DEFAULT_ROLES.slice(),
    publicClient: true,
  });
  if (seed === 'empty') return;

  const users = USERS.map(user);
  for (const u of users) store.seedObject('users', u);
  seedLicensesAndSignIns(store);
  const byKey = (k: string) => seededGuid(`user:${k}`);

  const groups: [Obj, string[]][] = [
    [group('all', 'All Company', 'This is the default group for everyone in the network', true, 'allcompany'), USERS.map((u) => u.key)],
    [group('sales', 'Sales and Marketing', 'Sales and marketing team', true, 'salesandmarketing', true), ['alex', 'isaiah', 'megan']],
    [group('engineering', 'Engineering', 'Engineering security group', false, 'engineering'), ['johanna', 'lidia', 'grady']],
    [group('itadmins', 'IT Admins', 'Administrators of IT systems', false, 'itadmins'), ['nestor', 'lee']],
    [group('vpn', 'VPN Users', 'Allowed to use the corporate VPN', false, 'vpnusers'), ['adele', 'diego']],
  ];
  for (const [g, memberKeys] of groups) {
    store.seedObject('groups', g);
    const set = store.members.get(g.id)!;
    for (const k of memberKeys) set.add(byKey(k));
    store.owners.get(g.id)!.add(byKey('nestor'));
  }
  // Nested group: Engineering is a member of VPN Users (group-list-members returns groups too [GMLIST]).
  store.members.get(seededGuid('group:vpn'))!.add(seededGuid('group:engineering'));

  // Reporting lines (manager links): Nestor and Lee are the directors at the top.
  const MANAGERS: [string, string][] = [
    ['megan', 'nestor'],
    ['alex', 'megan'],
    ['isaiah', 'megan'],
    ['adele', 'nestor'],
    ['diego', 'nestor'],
    ['pradeep', 'diego'],
    ['johanna', 'lee'],
    ['lidia', 'lee'],
    ['grady', 'lidia'],
  ];
  for (const [report, manager] of MANAGERS) store.setManager(byKey(report), byKey(manager));

  const apps: [string, Obj][] = [
    ['client', application('client', 'Entra-RED Simulator Client', CLIENT_ID)],
    ['hr', application('hr', 'Contoso HR Portal')],
    ['expenses', application('expenses', 'Contoso Expenses')],
  ];
  for (const [key, app] of apps) {
    Object.assign(app, appCredentials(key));
    store.seedObject('applications', app);
    // Each application has its service principal in its home tenant (as the portal makes them).
    store.seedObject('servicePrincipals', asObj({ ...servicePrincipalFor(app, store.tenant), id: seedIds.servicePrincipal(key) }));
  }
  seedApplicationRelations(store, byKey);

  if (seed === 'large') {
    const count = largeUserCount;
    store.setLazyUsers(count, (i) => {
      const n = String(i).padStart(6, '0');
      const upn = `user${n}@${INITIAL_DOMAIN}`;
      return asObj<GraphUser>({
        id: largeUserId(i),
        accountEnabled: true,
        businessPhones: [],
        displayName: `User ${n}`,
        givenName: 'User',
        surname: n,
        jobTitle: null,
        mail: upn,
        mailNickname: `user${n}`,
        mobilePhone: null,
        officeLocation: null,
        preferredLanguage: null,
        userPrincipalName: upn,
        createdDateTime: CREATED,
        department: i % 2 ? 'Sales' : 'Engineering',
        userType: 'Member',
      });
    });
  }
}
