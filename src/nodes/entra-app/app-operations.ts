// entra-app's operations as a table: what each one reads and which request it makes.
// https://learn.microsoft.com/graph/api/resources/application
import { mergeAdditional } from '../../lib/body';
import { LIST_INPUTS, listHeaders, listQuery } from '../../lib/list-query';
import type { OperationTable } from '../../lib/runner';
import { runUpsert } from '../../lib/upsert';
import { deletedItemsOperations } from '../../lib/deleted-items';
import { APPLICATION_ID_INPUTS as byId, applicationIdText as idText, applicationPath, checkIdType } from './app-ids';
import { ownerOperations } from './app-owners';
import { secretOperations } from './app-secrets';
import { federatedCredentialOperations } from './federated-credentials';
import { servicePrincipalOperations } from './service-principals';

export { applicationPath };

export const appOperations: OperationTable = {
  create: {
    permission: 'Application.ReadWrite.All',
    inputs: { displayName: { kind: 'string', required: true }, additionalProperties: { kind: 'object' } },
    // Not retried after a network error: a repeated POST could register a second application.
    request: (v) => ({ method: 'POST', url: '/applications', body: mergeAdditional({ displayName: v.displayName }, v.additionalProperties) }),
  },
  get: {
    permission: 'Application.Read.All',
    inputs: byId,
    validate: checkIdType,
    notFound: (v) => `Not found: no application with ${idText(v)}${v.idType === 'appId' ? '' : ' (is it the application (client) id? set Id type to appId)'}`,
    request: (v) => ({ method: 'GET', url: applicationPath(v) }),
  },
  list: {
    permission: 'Application.Read.All',
    inputs: LIST_INPUTS,
    list: true,
    request: (v) => ({ method: 'GET', url: '/applications', query: listQuery(v), headers: listHeaders(v) }),
  },
  delete: {
    permission: 'Application.ReadWrite.All',
    inputs: byId,
    validate: checkIdType,
    notFound: (v) => `Not found: no application with ${idText(v)}`,
    request: (v) => ({ method: 'DELETE', url: applicationPath(v) }),
    noContent: (v) => ({ [v.idType === 'appId' ? 'appId' : 'id']: v.applicationObjectId, deleted: true }),
  },
  upsert: {
    permission: 'Application.ReadWrite.All',
    inputs: {
      uniqueName: { kind: 'string', required: true },
      useAsUpsert: { kind: 'boolean', default: true },
      displayName: { kind: 'string' },
      additionalProperties: { kind: 'object' },
    },
    notFound: (v) => `Not found: no application with uniqueName '${v.uniqueName}'${v.useAsUpsert ? '' : ' (Use as upsert is off, so none was created)'}`,
    run: (v, ctx) => runUpsert(ctx, {
      collection: '/applications',
      uniqueName: v.uniqueName,
      body: mergeAdditional({ displayName: v.displayName }, v.additionalProperties),
      createIfMissing: v.useAsUpsert,
    }),
  },
  ...secretOperations,
  ...federatedCredentialOperations,
  ...ownerOperations,
  ...deletedItemsOperations({ type: 'application', idInput: 'applicationObjectId', readPermission: 'Application.Read.All', writePermission: 'Application.ReadWrite.All' }),
  ...servicePrincipalOperations,
};
