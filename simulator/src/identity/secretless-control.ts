// Control routes of the secretless sign-ins (managed identity, workload identity federation):
//   GET  /_sim/managed-identity                        endpoints, IDENTITY_HEADER, identities
//   POST /_sim/managed-identities {kind?, clientId?, objectId?, resourceId?, roles?, displayName?}
//   POST /_sim/apps/{clientId}/federated-credentials {issuer?, subject?, audiences?, name?}
//   POST /_sim/federated-token {subject?, audience?, lifetimeSeconds?} → {token, issuer, subject, audience, expiresOn}
//   GET  /_sim/oidc/.well-known/openid-configuration, GET /_sim/oidc/keys   the simulator as external issuer
import type { SimContext } from '../context';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import type { FederationService } from './federation';
import type { ManagedIdentity, ManagedIdentityService } from './managed-identity';

const json = (body: unknown, status = 200): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body,
});
const obj = (req: SimRequest): Record<string, unknown> =>
  req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};

export function managedIdentityInfo(mi: ManagedIdentityService) {
  return {
    /** IDENTITY_ENDPOINT + IDENTITY_HEADER (App Service form). */
    identityEndpoint: mi.appServiceEndpoint,
    identityHeader: mi.identityHeader,
    /** AZURE_POD_IDENTITY_AUTHORITY_HOST (IMDS form on a loopback address). */
    imdsAuthorityHost: mi.url,
    identities: mi.identities,
  };
}

export function registerSecretlessControlRoutes(
  ctx: SimContext,
  router: Router,
  mi: ManagedIdentityService,
  federation: FederationService,
): void {
  router.get(/^\/_sim\/managed-identity$/, () => json(managedIdentityInfo(mi)));
  router.post(/^\/_sim\/managed-identities$/, (req) => json(mi.upsert(obj(req) as Partial<ManagedIdentity>), 201));

  router.post(/^\/_sim\/apps\/(?<clientId>[^/]+)\/federated-credentials$/, (req, p) => {
    if (!ctx.store.clientApps.get(p.clientId)) return json({ error: `Unknown client app '${p.clientId}'.` }, 404);
    return json(federation.add(p.clientId, obj(req)), 201);
  });
  router.get(/^\/_sim\/apps\/(?<clientId>[^/]+)\/federated-credentials$/, (_req, p) => json(federation.list(p.clientId)));
  router.post(/^\/_sim\/federated-token$/, (req) => {
    const b = obj(req);
    return json(
      federation.mint({
        subject: typeof b.subject === 'string' ? b.subject : undefined,
        audience: typeof b.audience === 'string' ? b.audience : undefined,
        lifetimeSeconds: typeof b.lifetimeSeconds === 'number' ? b.lifetimeSeconds : undefined,
      }),
      201,
    );
  });
  router.get(/^\/_sim\/oidc\/\.well-known\/openid-configuration$/, () => json(federation.openIdConfiguration()));
  router.get(/^\/_sim\/oidc\/keys$/, () => json(federation.jwks()));
}
