// /applications: create (201, id ≠ appId), get by id or (appId='…'), list, update, delete (soft),
// upsert by uniqueName [APOST, ADEL, AUPS].
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import { newGuid } from '../util/ids';
import { INITIAL_DOMAIN } from '../state/seed';
import type { Obj } from '../state/store';
import { contextUrl, defaultProjection, getEntity, listCollection } from './query/collection';
import { created, noContent } from './respond';
import { applicationSchema } from './schema';
import { BodyCheck, checkBody, requiredMissing } from './writes';
import { findByUniqueName, invalidObjectId, parseStringLiteral, uniqueNameProblem, uniqueNameRoute, wantsCreate } from './alternate-key';
import type { SimRequest } from '../http/types';

export const APP_KEY = String.raw`\/applications(?:\/(?<id>[^/()]+)|\(appId='(?<appId>[^']+)'\))`;

export function newApplicationDefaults(): Record<string, unknown> {
  return {
    appId: newGuid(), signInAudience: 'AzureADMyOrg', publisherDomain: INITIAL_DOMAIN, identifierUris: [], tags: [],
    description: null, notes: null, uniqueName: null, deletedDateTime: null, applicationTemplateId: null,
    disabledByMicrosoftStatus: null, groupMembershipClaims: null, isFallbackPublicClient: null,
    serviceManagementReference: null, tokenEncryptionKeyId: null, optionalClaims: null,
    api: { requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [], knownClientApplications: [] },
    appRoles: [], info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [], passwordCredentials: [], publicClient: { redirectUris: [] }, requiredResourceAccess: [],
    spa: { redirectUris: [] }, web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

export function registerApplicationRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;
  const spec = (countOnly = false) => ({
    schemas: [applicationSchema], schemaOf: () => applicationSchema, items: () => [...store.applications.values()],
    contextFragment: 'applications', countOnly, resourceLabel: 'Application',
  });
  router.get(/^\/applications\/?$/, (req) => listCollection(ctx, req, spec()));
  router.get(/^\/applications\/\$count$/, (req) => listCollection(ctx, req, spec(true)));

  /** Registers an application from a checked body [APOST] (also the create half of an upsert [AUPS]). */
  const createApplication = (req: SimRequest, b: Extract<BodyCheck, { ok: true }>, uniqueName?: string) => {
    const missing = requiredMissing(b.props, ['displayName'], 'application');
    if (missing) return missing;
    if (Array.isArray(b.props.passwordCredentials) && b.props.passwordCredentials.length) {
      // [APOST] passwordCredentials can't be set on create: use addPassword (Inferred message).
      return GraphErrors.badRequest("Property 'passwordCredentials' cannot be set when creating an application; use addPassword.");
    }
    const unique = uniqueNameProblem(store.applications.values(), { ...b.props, ...(uniqueName !== undefined ? { uniqueName } : {}) });
    if (unique) return unique;
    const a = store.create('applications', { ...newApplicationDefaults(), ...b.props, ...(uniqueName !== undefined ? { uniqueName } : {}) });
    const body = { '@odata.context': `${contextUrl(ctx, req, 'applications')}/$entity`, ...defaultProjection(a, applicationSchema, undefined) };
    return created(body, `${ctx.baseUrl}/v1.0/applications/${a.id}`);
  };

  const updateApplication = (a: Obj, b: Extract<BodyCheck, { ok: true }>) => {
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

  const find = (p: Record<string, string>): Obj | undefined =>
    p.appId ? store.getApplicationByAppId(p.appId) : store.applications.get(p.id);
  const key = (p: Record<string, string>) => p.appId ?? p.id;

  // Object ids are GUIDs: anything else is refused as an invalid identifier (Observed).
  const invalid = (p: Record<string, string>) => (p.id !== undefined ? invalidObjectId(p.id) : undefined);

  router.get(new RegExp(`^${APP_KEY}$`), (req, p) => {
    const bad = invalid(p);
    if (bad) return bad;
    const a = find(p);
    return a ? getEntity(ctx, req, a, applicationSchema, 'applications') : GraphErrors.notFound(key(p));
  });
  router.patch(new RegExp(`^${APP_KEY}$`), (req, p) => {
    const bad = invalid(p);
    if (bad) return bad;
    const a = find(p);
    if (!a) return GraphErrors.notFound(key(p));
    const b = checkBody(req, applicationSchema);
    if (!b.ok) return b.response;
    return updateApplication(a, b);
  });
  router.delete(new RegExp(`^${APP_KEY}$`), (_req, p) => {
    const bad = invalid(p);
    if (bad) return bad;
    const a = find(p);
    if (!a) return GraphErrors.notFound(key(p));
    store.softDelete('applications', a.id); // [ADEL] restorable for 30 days
    return noContent();
  });
}
