// /servicePrincipals: an application's instance in the tenant [SPRES
// https://learn.microsoft.com/graph/api/resources/serviceprincipal]. Create needs the appId of an
// existing application (400 NoBackingApplicationObject otherwise) and there is one service principal
// per appId (409) [SPPOST https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals];
// upsert by PATCH /servicePrincipals(appId='…') with Prefer: create-if-missing [SPUPS
// https://learn.microsoft.com/graph/api/serviceprincipal-upsert]; get, list, update (204), delete
// (204, soft) and delta are the routes applications use (app-objects.ts, delta.ts).
import type { SimContext } from '../context';
import { GraphErrors, graphError } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { servicePrincipalFor } from '../state/service-principal';
import type { Obj } from '../state/store';
import { wantsCreate } from './alternate-key';
import { CheckedBody, createdEntity, registerAppObjectRoutes } from './app-objects';
import { noContent } from './respond';
import { servicePrincipalSchema } from './schema';
import { checkBody, passwordCredentialsOnCreate, requiredMissing } from './writes';

/** appId is read-only except in the create body ("The request body must contain appId" [SPPOST]). */
const createSchema = { ...servicePrincipalSchema, readOnly: servicePrincipalSchema.readOnly.filter((p) => p !== 'appId') };

/**
 * 400 when no application has that appId, as Graph answers it (Observed, learn.microsoft.com Q&A
 * 5883620 "MS Graph API - failing to create Service Principal": code Request_BadRequest, details[0].code
 * NoBackingApplicationObject, target appId).
 */
function noBackingApplication(appId: string): SimResponse {
  const message = `The appId '${appId}' of the service principal does not reference a valid application object.`;
  const r = GraphErrors.badRequest(message);
  const error = (r.body as { error: Record<string, unknown> }).error;
  (r.body as { error: Record<string, unknown> }).error = {
    code: error.code,
    message,
    details: [{ code: 'NoBackingApplicationObject', message, target: 'appId' }],
    innerError: error.innerError,
  };
  return r;
}

/**
 * 409 for a second service principal of an appId, also for restoring one while another is live
 * (Observed: Azure/reliable-web-app-pattern-java#185, KelvinTegelaar/CIPP#1142 — "HttpStatusCode: Conflict").
 */
export function servicePrincipalNameInUse(appId: string): SimResponse {
  return graphError(
    409,
    'Request_MultipleObjectsWithSameKeyValue',
    `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.`,
  );
}

export function registerServicePrincipalRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;

  const createServicePrincipal = (req: SimRequest, b: CheckedBody, appIdKey?: string): SimResponse => {
    const props = appIdKey !== undefined ? { ...b.props, appId: appIdKey } : b.props;
    const problem = requiredMissing(props, ['appId'], 'servicePrincipal') ?? passwordCredentialsOnCreate(props, 'servicePrincipal');
    if (problem) return problem;
    const appId = String(props.appId);
    const app = store.getByAppId('applications', appId);
    if (!app) return noBackingApplication(appId);
    if (store.getByAppId('servicePrincipals', appId)) return servicePrincipalNameInUse(appId);
    // The body's writable properties (displayName, tags, …) override what is copied from the application.
    const sp = store.create('servicePrincipals', { ...servicePrincipalFor(app, store.tenant), ...props, appId: app.appId });
    return createdEntity(ctx, req, sp, servicePrincipalSchema);
  };

  router.post(/^\/servicePrincipals\/?$/, (req) => {
    const b = checkBody(req, createSchema);
    if (!b.ok) return b.response;
    return createServicePrincipal(req, b);
  });

  registerAppObjectRoutes(ctx, router, {
    resource: 'servicePrincipals',
    schema: servicePrincipalSchema,
    label: 'ServicePrincipal',
    update: (sp: Obj, b: CheckedBody) => {
      store.update('servicePrincipals', sp.id, b.props);
      return noContent();
    },
    // Without Prefer: create-if-missing the PATCH is an update, so a missing one is 404 [SPUPS].
    createMissing: (req, appId, b) =>
      wantsCreate(req.headers.prefer) ? createServicePrincipal(req, b, appId) : GraphErrors.notFound(appId),
  });
}
