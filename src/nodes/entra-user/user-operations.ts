// entra-user's operations as a table: what each one reads and which request it makes.
// https://learn.microsoft.com/graph/api/resources/user
import { inputError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import { LIST_INPUTS, listHeaders, listQuery, selectParam } from '../../lib/list-query';
import type { OperationTable } from '../../lib/runner';
import { fillPath } from '../../lib/url-guard';
import { echoWithoutSecrets, mergeAdditional } from '../../lib/body';
import { principalName } from './user-fields';
import { accessOperations } from './user-access';
import { licenseOperations } from './user-licenses';
import { lifecycleOperations } from './user-lifecycle';
import { relationOperations } from './user-relations';

export const userOperations: OperationTable = {
  create: {
    permission: 'User.ReadWrite.All',
    inputs: {
      accountEnabled: { kind: 'boolean', default: true },
      displayName: { kind: 'string', required: true },
      forceChangePasswordNextSignIn: { kind: 'boolean', default: true },
      password: { kind: 'string', required: true, credential: true },
      userPrincipalName: { kind: 'string', required: true },
      domain: { kind: 'string' },
      additionalProperties: { kind: 'object' },
    },
    request: (v) => {
      const upn = principalName(v.userPrincipalName, v.domain);
      const body = mergeAdditional(
        {
          accountEnabled: v.accountEnabled,
          displayName: v.displayName,
          // Graph requires mailNickname (https://learn.microsoft.com/graph/api/user-post-users):
          // the UPN's local part unless additionalProperties names one.
          mailNickname: upn.split('@')[0],
          userPrincipalName: upn,
          passwordProfile: { password: v.password, forceChangePasswordNextSignIn: v.forceChangePasswordNextSignIn },
        },
        v.additionalProperties,
      );
      return { method: 'POST', url: '/users', body };
    },
  },
  get: {
    permission: 'User.Read.All',
    inputs: { userId: { kind: 'string', required: true }, select: { kind: 'stringOrList' } },
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}', v), query: { $select: selectParam(v.select) } }),
  },
  list: {
    permission: 'User.Read.All',
    inputs: LIST_INPUTS,
    list: true,
    request: (v) => ({ method: 'GET', url: '/users', query: listQuery(v), headers: listHeaders(v) }),
  },
  update: {
    permission: 'User.ReadWrite.All',
    inputs: {
      userId: { kind: 'string', required: true },
      accountEnabled: { kind: 'boolean' },
      displayName: { kind: 'string' },
      userPrincipalName: { kind: 'string' },
      domain: { kind: 'string' },
      firstName: { kind: 'string' },
      lastName: { kind: 'string' },
      jobTitle: { kind: 'string' },
      additionalProperties: { kind: 'object' },
    },
    validate: (v) => {
      if (v.domain && !v.userPrincipalName) throw inputError('userPrincipalName', 'is required when domain is given');
      if (Object.keys(updateBody(v)).length === 0) throw inputError('update', 'nothing to update: fill in at least one property');
    },
    request: (v) => ({ method: 'PATCH', url: fillPath('/users/{userId}', v), body: updateBody(v) }),
    // Graph answers 204 with no body: msg.payload holds the id and the properties that were sent.
    noContent: (v, req) => ({ id: v.userId, ...echoWithoutSecrets(req.body as Record<string, unknown>) }),
  },
  delete: {
    permission: 'User.ReadWrite.All',
    inputs: { userId: { kind: 'string', required: true } },
    request: (v) => ({ method: 'DELETE', url: fillPath('/users/{userId}', v) }),
    noContent: (v) => ({ id: v.userId, deleted: true }),
  },
  // Beyond the seed (CONTRACT "Operations beyond the seed"), one file per area.
  ...relationOperations,
  ...accessOperations,
  ...licenseOperations,
  ...lifecycleOperations,
};

function updateBody(v: Values): Record<string, unknown> {
  return mergeAdditional(
    {
      accountEnabled: v.accountEnabled,
      displayName: v.displayName,
      userPrincipalName: v.userPrincipalName !== undefined ? principalName(v.userPrincipalName, v.domain) : undefined,
      givenName: v.firstName,
      surname: v.lastName,
      jobTitle: v.jobTitle,
    },
    v.additionalProperties,
  );
}
