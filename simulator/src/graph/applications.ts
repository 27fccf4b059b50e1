// /applications: create (201, id ≠ appId), get by id or (appId='…'), list, update, delete (soft),
// upsert by uniqueName [APOST, ADEL, AUPS].
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import { newGuid } from '../util/ids';
import { INITIAL_DOMAIN } from '../state/seed';
import type { Obj } from '../state/store';
import { getEntity } from './query/collection';
import { noContent } from './respond';
import { applicationSchema } from './schema';
import { checkBody, passwordCredentialsOnCreate, requiredMissing } from './writes';
import { findByUniqueName, parseStringLiteral, uniqueNameProblem, uniqueNameRoute, wantsCreate } from './alternate-key';
import { appKeyPattern, CheckedBody, createdEntity, registerAppObjectRoutes } from './app-objects';
import type { SimRequest } from '../http/types';
import type { GraphApplication } from '../state/graph-types';

export const APP_KEY = appKeyPattern('applications');

/** Properties of a new application, as application-get's example shows them (typed: v1.0 names only). */
export function newApplicationDefaults(): Omit<GraphApplication, 'id'> {
  return {
    appId: newGuid(),
    signInAudience: 'AzureADMyOrg',
    publisherDomain: INITIAL_DOMAIN,
    identifierUris: [],
    tags: [],
    description: null,
    notes: null,
    uniqueName: null,
    deletedDateTime: null,
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    groupMembershipClaims: null,
    isFallbackPublicClient: null,
    serviceManagementReference: null,
    tokenEncryptionKeyId: null,
    optionalClaims: null,
    api: {
      requestedAccessTokenVersion: null,
      acceptMappedClaims: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
      knownClientApplications: [],
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
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

export function registerApplicationRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;

  /** Registers an application from a checked body [APOST] (also the create half of an upsert [AUPS]). */
  const createApplication = (req: SimRequest, b: CheckedBody, uniqueName?: string) => {
    const missing = requiredMissing(b.props, ['displayName'], 'application') ?? passwordCredentialsOnCreate(b.props, 'application');
    if (missing) return missing;
    const unique = uniqueNameProblem(store.applications.values(), { ...b.props, ...(uniqueName !== undefined ? { uniqueName } : {}) });
    if (unique) return unique;
    const a = store.create('applications', {
      ...newApplicationDefaults(),
      ...b.props,
      ...(uniqueName !== undefined ? { uniqueName } : {}),
    });
    return createdEntity(ctx, req, a, applicationSchema);
  };

  const updateApplication = (a: Obj, b: CheckedBody) => {
    const unique = uniqueNameProblem(store.applications.values(), b.props, a);
    if (unique) return unique;
    store.update('applications', a.id, b.props);
    return noContent();
  };

  router.post(/^\/applications\/?$/, (req) => {
    const b = checkBody(req, applicationSchema);
    if (!b.ok) return b.response;
    return createApplication(req, b);
  });

  // Upsert [AUPS]: 201 + the application when created (Prefer: create-if-missing; the body must
  // hold displayName), 204 when updated, 404 when missing without the Prefer header.
  router.patch(uniqueNameRoute('applications'), (req, p) => {
    const uniqueName = parseStringLiteral(p.key);
    if (typeof uniqueName !== 'string') return uniqueName;
    const b = checkBody(req, applicationSchema);
    if (!b.ok) return b.response;
    const a = findByUniqueName(store.applications.values(), uniqueName);
    if (a) return updateApplication(a, b);
    if (!wantsCreate(req.headers.prefer)) return GraphErrors.notFound(uniqueName);
    return createApplication(req, b, uniqueName);
  });
  router.get(uniqueNameRoute('applications'), (req, p) => {
    const uniqueName = parseStringLiteral(p.key);
    if (typeof uniqueName !== 'string') return uniqueName;
    const a = findByUniqueName(store.applications.values(), uniqueName);
    return a ? getEntity(ctx, req, a, applicationSchema, 'applications') : GraphErrors.notFound(uniqueName);
  });

  // List, $count, and GET/PATCH/DELETE by id or (appId='…'); DELETE is a soft delete [ADEL].
  registerAppObjectRoutes(ctx, router, {
    resource: 'applications',
    schema: applicationSchema,
    label: 'Application',
    update: updateApplication,
  });
}
