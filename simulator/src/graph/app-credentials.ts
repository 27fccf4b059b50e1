// An application's credentials, by object id or (appId='…'):
//   POST /applications/{id}/addPassword {"passwordCredential"?: {displayName, endDateTime, startDateTime}}
//        → 200 + the passwordCredential with its generated secretText, returned this once [ADDPW
//        https://learn.microsoft.com/graph/api/application-addpassword]; the application keeps only
//        keyId, hint (the secret's first 3 characters), name and dates.
//   POST /applications/{id}/removePassword {"keyId"} → 204 [RMPW https://learn.microsoft.com/graph/api/application-removepassword]
//   GET/POST /applications/{id}/federatedIdentityCredentials, GET/DELETE …/{id or name} [FIC
//        https://learn.microsoft.com/graph/api/resources/federatedidentitycredential,
//        https://learn.microsoft.com/graph/api/application-post-federatedidentitycredentials,
//        https://learn.microsoft.com/graph/api/federatedidentitycredential-delete]:
//        at most 20 per application, name unique (409), issuer + subject unique (400), one audience.
import { randomInt } from 'crypto';
import type { SimContext } from '../context';
import { graphError, GraphErrors } from '../http/errors';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import type { Obj } from '../state/store';
import { isGuid, newGuid } from '../util/ids';
import { appKeyPattern } from './app-objects';
import { findApplication, isResponse } from './app-owners';
import { contextUrl, defaultProjection, getEntity, listCollection } from './query/collection';
import { created, noContent, ok } from './respond';
import type { ResourceSchema } from './schema';
import { checkBody } from './writes';

export const FIC_LIMIT = 20;
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';

export const federatedIdentityCredentialSchema: ResourceSchema = {
  type: 'federatedIdentityCredential',
  set: 'federatedIdentityCredentials',
  props: { id: 'string', name: 'string', issuer: 'string', subject: 'string', description: 'string', audiences: 'stringArray' },
  defaults: ['id', 'name', 'issuer', 'subject', 'description', 'audiences'],
  readOnly: ['id'],
  writeOnly: [],
  tokenizedSearch: [],
  orderBy: [],
  orderByAdvanced: [],
};

/**
 * A client secret as Entra generates them: 40 characters of letters, digits and `-_.~`, the 4th to
 * 6th being a version marker (Observed: current secrets read `xxx8Q~…`); Graph documents 16-64 [ADDPW].
 */
export function generateSecretText(): string {
  const pick = (n: number) => Array.from({ length: n }, () => SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)]).join('');
  return `${pick(3)}8Q~${pick(34)}`;
}

const isDate = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const invalidProperty = (prop: string, type: string) =>
  GraphErrors.badRequest(`Invalid value specified for property '${prop}' of resource '${type}'.`);

export function registerApplicationCredentialRoutes(ctx: SimContext, router: Router): void {
  const store = ctx.store;
  const A = appKeyPattern('applications');

  router.post(new RegExp(`^${A}/addPassword$`), (req, p) => {
    const app = findApplication(ctx, p);
    if (isResponse(app)) return app;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = (body.passwordCredential ?? {}) as Record<string, unknown>;
    if (typeof input !== 'object' || Array.isArray(input)) return invalidProperty('passwordCredential', 'Application');
    for (const prop of ['startDateTime', 'endDateTime'])
      if (input[prop] !== undefined && input[prop] !== null && !isDate(input[prop])) return invalidProperty(prop, 'PasswordCredential');
    const start = input.startDateTime ? new Date(String(input.startDateTime)) : new Date();
    // Default lifetime: "startDateTime + 2 years" [ADDPW].
    const end = input.endDateTime
      ? new Date(String(input.endDateTime))
      : new Date(new Date(start).setUTCFullYear(start.getUTCFullYear() + 2));
    if (end <= start) return GraphErrors.badRequest('Credential end date must be later than its start date.'); // Inferred message
    const secretText = generateSecretText();
    const credential = {
      customKeyIdentifier: null,
      displayName: typeof input.displayName === 'string' ? input.displayName : null,
      endDateTime: end.toISOString(),
      hint: secretText.slice(0, 3),
      keyId: newGuid(),
      secretText: null,
      startDateTime: start.toISOString(),
    };
    store.update('applications', app.id, { passwordCredentials: [...((app.passwordCredentials as Obj[] | undefined) ?? []), credential] });
    return ok({ '@odata.context': `${contextUrl(ctx, req, 'microsoft.graph.passwordCredential')}`, ...credential, secretText });
  });

  router.post(new RegExp(`^${A}/removePassword$`), (req, p) => {
    const app = findApplication(ctx, p);
    if (isResponse(app)) return app;
    const keyId = (req.body as Record<string, unknown> | undefined)?.keyId;
    if (typeof keyId !== 'string' || !isGuid(keyId)) return invalidProperty('keyId', 'PasswordCredential');
    const list = (app.passwordCredentials as Obj[] | undefined) ?? [];
    const rest = list.filter((c) => String(c.keyId).toLowerCase() !== keyId.toLowerCase());
    // An unknown keyId (Inferred wording; Graph answers a bad request naming the key).
    if (rest.length === list.length) return GraphErrors.badRequest(`No password credential found with keyId '${keyId}'.`);
    store.update('applications', app.id, { passwordCredentials: rest });
    return noContent();
  });

  const fics = (app: Obj) => store.federatedCredentials.get(app.id) ?? [];
  const ficContext = (_req: SimRequest, app: Obj) => `applications('${app.id}')/federatedIdentityCredentials`;

  router.get(new RegExp(`^${A}/federatedIdentityCredentials/?$`), (req, p) => {
    const app = findApplication(ctx, p);
    if (isResponse(app)) return app;
    return listCollection(ctx, req, {
      schemas: [federatedIdentityCredentialSchema],
      schemaOf: () => federatedIdentityCredentialSchema,
      items: () => fics(app),
      contextFragment: ficContext(req, app),
      resourceLabel: 'FederatedIdentityCredential',
    });
  });

  router.post(new RegExp(`^${A}/federatedIdentityCredentials/?$`), (req, p) => {
    const app = findApplication(ctx, p);
    if (isResponse(app)) return app;
    const b = checkBody(req, federatedIdentityCredentialSchema);
    if (!b.ok) return b.response;
    const problem = ficProblem(b.props, fics(app));
    if (problem) return problem;
    const fic: Obj = { id: newGuid(), description: null, ...b.props } as Obj;
    store.federatedCredentials.set(app.id, [...fics(app), fic]);
    const body = {
      '@odata.context': `${contextUrl(ctx, req, ficContext(req, app))}/$entity`,
      ...defaultProjection(fic, federatedIdentityCredentialSchema, undefined),
    };
    return created(body, `${ctx.baseUrl}/v1.0/applications/${app.id}/federatedIdentityCredentials/${fic.id}`);
  });

  // Addressed by id or by name [FIC delete].
  const findFic = (app: Obj, key: string) => fics(app).find((f) => f.id === key || f.name === key);
  router.get(new RegExp(`^${A}/federatedIdentityCredentials/(?<fic>[^/]+)$`), (req, p) => {
    const app = findApplication(ctx, p);
    if (isResponse(app)) return app;
    const fic = findFic(app, p.fic);
    return fic ? getEntity(ctx, req, fic, federatedIdentityCredentialSchema, ficContext(req, app)) : GraphErrors.notFound(p.fic);
  });
  router.delete(new RegExp(`^${A}/federatedIdentityCredentials/(?<fic>[^/]+)$`), (_req, p) => {
    const app = findApplication(ctx, p);
    if (isResponse(app)) return app;
    const fic = findFic(app, p.fic);
    if (!fic) return GraphErrors.notFound(p.fic);
    store.federatedCredentials.set(
      app.id,
      fics(app).filter((f) => f !== fic),
    );
    return noContent();
  });
}

/** What Graph refuses in a new federated identity credential [FIC], or undefined. */
function ficProblem(props: Record<string, unknown>, existing: Obj[]): SimResponse | undefined {
  const type = 'FederatedIdentityCredential';
  for (const prop of ['name', 'issuer', 'subject']) {
    if (typeof props[prop] !== 'string' || props[prop] === '') return invalidProperty(prop, type);
  }
  const name = String(props.name);
  // "limit of 120 characters and must be URL friendly" [FIC]: unreserved URL characters (Inferred rule).
  if (name.length > 120 || !/^[A-Za-z0-9._~-]+$/.test(name)) return invalidProperty('name', type);
  for (const prop of ['issuer', 'subject']) if (String(props[prop]).length > 600) return invalidProperty(prop, type);
  if (props.description !== undefined && props.description !== null && String(props.description).length > 600)
    return invalidProperty('description', type);
  // "This field can only accept a single value and has a limit of 600 characters." [FIC]
  const audiences = props.audiences;
  if (!Array.isArray(audiences) || audiences.length !== 1 || String(audiences[0]).length === 0 || String(audiences[0]).length > 600)
    return invalidProperty('audiences', type);
  // Observed (Azure/azure-dev#1482): 409 Request_MultipleObjectsWithSameKeyValue.
  if (existing.some((f) => String(f.name).toLowerCase() === name.toLowerCase())) {
    return graphError(409, 'Request_MultipleObjectsWithSameKeyValue', `FederatedIdentityCredential with name ${name} already exists.`);
  }
  // Observed (Azure/azure-workload-identity#434): 400 InvalidFederatedIdentityCredentialValue.
  if (existing.some((f) => f.issuer === props.issuer && f.subject === props.subject)) {
    return graphError(
      400,
      'InvalidFederatedIdentityCredentialValue',
      `The combination of issuer and subject must be unique for the application. Issuer ${props.issuer} and Subject: ${props.subject} already exist.`,
    );
  }
  // "Maximum of 20 objects can be added to an application." [FIC] (Inferred wording).
  if (existing.length >= FIC_LIMIT)
    return GraphErrors.badRequest(`An application can have at most ${FIC_LIMIT} federated identity credentials.`);
  return undefined;
}
