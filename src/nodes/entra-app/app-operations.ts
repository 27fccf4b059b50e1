// entra-app's operations as a table: what each one reads and which request it makes.
// https://learn.microsoft.com/graph/api/resources/application
import { graphBody, mergeAdditional, type MicrosoftGraph } from '../../lib/body';
import { inputError } from '../../lib/errors';
import type { InputSpecs, Values } from '../../lib/inputs';
import { listHeaders, listQuery } from '../../lib/list-query';
import type { NodeSpec } from '../../lib/operations';
import type { OperationTable } from '../../lib/runner';
import { ADDITIONAL_PROPERTIES, DISPLAY_NAME, LIST_INPUTS, SELECT, UNIQUE_NAME, USE_AS_UPSERT } from '../../lib/shared-inputs';
import { runUpsert } from '../../lib/upsert';
import { deletedItemsOperations } from '../../lib/deleted-items';
import { APPLICATION_ID_INPUTS as byId, applicationNotFound, applicationKey, applicationPath, checkIdType } from './app-ids';
import { ownerOperations } from './app-owners';
import { secretOperations } from './app-secrets';
import { federatedCredentialOperations } from './federated-credentials';
import { servicePrincipalOperations } from './service-principals';
import { t } from '../../lib/i18n';
import { APP_ERRORS, appError } from './app-errors';

export { applicationPath };

/** entra-app's inputs, in the dialog's order; each operation takes its own from here. */
const I = {
  ...byId,
  uniqueName: { ...UNIQUE_NAME, placeholder: 'hr-portal' },
  useAsUpsert: USE_AS_UPSERT,
  displayName: DISPLAY_NAME,
  signInAudience: {
    kind: 'string',
    label: 'Sign-in audience',
    placeholder: 'AzureADMyOrg',
    help: 'Who can sign in: AzureADMyOrg, AzureADMultipleOrgs, AzureADandPersonalMicrosoftAccount or PersonalMicrosoftAccount.',
  },
  additionalProperties: {
    ...ADDITIONAL_PROPERTIES,
    placeholder: '{"signInAudience": "AzureADMyOrg"}',
    help: 'Any other application property, as a JSON object merged on top of the inputs (secrets are added with addPassword, not here).',
  },
  select: { ...SELECT, placeholder: 'id,appId,displayName' },
} satisfies InputSpecs;

const LIST = {
  ...LIST_INPUTS,
  select: I.select,
  filter: { ...LIST_INPUTS.filter, placeholder: "startswith(displayName,'HR')" },
  search: { ...LIST_INPUTS.search, placeholder: 'displayName:portal' },
  expand: { ...LIST_INPUTS.expand, placeholder: 'owners' },
};

export const appOperations: OperationTable = {
  create: {
    label: 'Create application',
    summary: 'Registers an application; a repeated create makes a second registration (use upsert for flows that may run twice).',
    method: 'POST',
    path: '/applications',
    permissions: {
      application: 'Application.ReadWrite.All',
      delegated: 'Application.ReadWrite.All',
      note: 'Application.ReadWrite.OwnedBy is enough for an app that manages only its own registrations',
    },
    docs: 'https://learn.microsoft.com/graph/api/application-post-applications',
    output: 'The new application (201) with its id and appId.',
    inputs: { displayName: { ...I.displayName, required: true }, additionalProperties: I.additionalProperties },
    // Not retried after a network error: a repeated POST could register a second application.
    request: (v) => ({
      method: 'POST',
      url: '/applications',
      body: mergeAdditional(graphBody<MicrosoftGraph.Application>({ displayName: v.displayName }), v.additionalProperties),
    }),
  },
  get: {
    label: 'Get application',
    summary: 'Reads one application by object id or application (client) id.',
    method: 'GET',
    path: "/applications/{id} or /applications(appId='{appId}')",
    permissions: { application: 'Application.Read.All', delegated: 'Application.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-get',
    output: 'The application.',
    inputs: byId,
    validate: checkIdType,
    notFound: (v) => applicationNotFound(v, true),
    request: (v) => ({ method: 'GET', url: applicationPath(v) }),
  },
  list: {
    label: 'List applications',
    summary: 'Lists applications, one page or all of them, with OData filter, search, order and select.',
    method: 'GET',
    path: '/applications',
    permissions: { application: 'Application.Read.All', delegated: 'Application.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-list',
    output: 'The array of applications; msg.nextLink when more pages remain; msg.count with Count.',
    inputs: LIST,
    list: true,
    request: (v) => ({ method: 'GET', url: '/applications', query: listQuery(v), headers: listHeaders(v) }),
  },
  update: {
    label: 'Update application',
    summary: 'Changes the given properties of an application; inputs left empty stay unchanged.',
    method: 'PATCH',
    path: "/applications/{id} or /applications(appId='{appId}')",
    permissions: {
      application: 'Application.ReadWrite.All',
      delegated: 'Application.ReadWrite.All',
      note: "Application.ReadWrite.OwnedBy is enough for the app's own registrations",
    },
    docs: 'https://learn.microsoft.com/graph/api/application-update',
    output: 'Graph answers 204 with no body: { id (or appId), …the properties sent }.',
    inputs: { ...byId, displayName: I.displayName, signInAudience: I.signInAudience, additionalProperties: I.additionalProperties },
    validate: (v) => {
      checkIdType(v);
      if (Object.keys(appUpdateBody(v)).length === 0) throw inputError('update', t('errors.nothingToUpdate'));
    },
    notFound: (v) => applicationNotFound(v),
    request: (v) => ({ method: 'PATCH', url: applicationPath(v), body: appUpdateBody(v) }),
    noContent: (v, req) => ({ ...applicationKey(v), ...(req.body as object) }),
  },
  delete: {
    label: 'Delete application',
    summary: 'Deletes an application: it stays in the deleted items for 30 days.',
    method: 'DELETE',
    path: "/applications/{id} or /applications(appId='{appId}')",
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-delete',
    output: '{ id, deleted: true } ({ appId, deleted: true } by client id).',
    inputs: byId,
    validate: checkIdType,
    notFound: (v) => applicationNotFound(v),
    request: (v) => ({ method: 'DELETE', url: applicationPath(v) }),
    noContent: (v) => ({ [v.idType === 'appId' ? 'appId' : 'id']: v.applicationObjectId, deleted: true }),
  },
  upsert: {
    label: 'Upsert application (by unique name)',
    summary: 'Creates the application with this unique name, or updates it when it exists.',
    method: 'PATCH',
    path: "/applications(uniqueName='…')",
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/application-upsert',
    output: 'msg.created true: the new application (201); false: { uniqueName, …the properties sent } (204).',
    details: 'Sent with `Prefer: create-if-missing` when Use as upsert is true; Graph needs a display name to create.',
    inputs: {
      uniqueName: I.uniqueName,
      useAsUpsert: I.useAsUpsert,
      displayName: I.displayName,
      additionalProperties: I.additionalProperties,
    },
    notFound: (v) => appError(v.useAsUpsert ? 'noApplicationUnique' : 'noApplicationUniqueOff', { name: String(v.uniqueName) }),
    run: (v, ctx) =>
      runUpsert(ctx, {
        collection: '/applications',
        uniqueName: v.uniqueName,
        body: mergeAdditional(graphBody<MicrosoftGraph.Application>({ displayName: v.displayName }), v.additionalProperties),
        createIfMissing: v.useAsUpsert,
      }),
  },
  ...secretOperations,
  ...federatedCredentialOperations,
  ...ownerOperations,
  ...deletedItemsOperations({
    type: 'application',
    plural: 'applications',
    idInput: 'applicationObjectId',
    idSpec: I.applicationObjectId,
    readPermission: 'Application.Read.All',
    writePermission: 'Application.ReadWrite.All',
  }),
  ...servicePrincipalOperations,
};

function appUpdateBody(v: Values): Record<string, unknown> {
  return mergeAdditional(
    graphBody<MicrosoftGraph.Application>({ displayName: v.displayName, signInAudience: v.signInAudience }),
    v.additionalProperties,
  );
}

export const appNode: NodeSpec = {
  type: 'entra-app',
  errors: APP_ERRORS,
  paletteLabel: 'entra app',
  icon: 'entra-app.svg',
  label: 'app',
  inputs: I,
  summary: 'Registers, reads, lists, deletes and upserts Microsoft Entra ID applications (app registrations) through Microsoft Graph.',
  notes: {
    'Object id or application (client) id?':
      'An app registration has two GUIDs: the **object id** (`id`, *Object ID* in the portal) names the application object in this directory; the **application (client) id** (`appId`) is what apps sign in with. Set Id type to say which one you give: a client id given as an object id is "Not found".',
  },
  operations: appOperations,
};
