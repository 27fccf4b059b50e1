// entra-user's operations as a table: what each one reads and which request it makes.
// https://learn.microsoft.com/graph/api/resources/user
import { inputError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import { listHeaders, listQuery, selectParam } from '../../lib/list-query';
import type { InputSpecs } from '../../lib/inputs';
import type { NodeSpec } from '../../lib/operations';
import type { OperationTable } from '../../lib/runner';
import { ADDITIONAL_PROPERTIES, DISPLAY_NAME, LIST_INPUTS, SELECT } from '../../lib/shared-inputs';
import { fillPath } from '../../lib/url-guard';
import { echoWithoutSecrets, graphBody, mergeAdditional, type MicrosoftGraph } from '../../lib/body';
import { principalName, USER_ID } from './user-fields';
import { accessOperations } from './user-access';
import { licenseOperations } from './user-licenses';
import { lifecycleOperations } from './user-lifecycle';
import { relationOperations } from './user-relations';
import { t } from '../../lib/i18n';
import { USER_ERRORS, userError } from './user-errors';

/** entra-user's inputs, in the dialog's order; each operation takes its own from here. */
const I = {
  userId: USER_ID,
  displayName: DISPLAY_NAME,
  userPrincipalName: {
    kind: 'string',
    label: 'User principal name',
    placeholder: 'adele or adele@contoso.com',
    help: 'The sign-in name: adele with Domain contoso.com becomes adele@contoso.com, a value with @ is taken whole (a verified domain of the tenant).',
  },
  domain: { kind: 'string', label: 'Domain', placeholder: 'contoso.com', help: 'Appended to a user principal name that has no @.' },
  password: {
    kind: 'string',
    credential: true,
    label: 'Password',
    help: "The initial password: typed in the dialog it is kept in Node-RED's credentials, never in flows.json; it can also come from msg, context or an environment variable.",
  },
  forceChangePasswordNextSignIn: {
    kind: 'boolean',
    label: 'Force password change',
    help: 'The user must choose a new password at the first sign-in.',
  },
  accountEnabled: { kind: 'boolean', label: 'Account enabled', help: 'Whether the user can sign in.' },
  firstName: { kind: 'string', label: 'First name', help: "Graph's givenName." },
  lastName: { kind: 'string', label: 'Last name', help: "Graph's surname." },
  jobTitle: { kind: 'string', label: 'Job title', help: "The user's job title." },
  additionalProperties: {
    ...ADDITIONAL_PROPERTIES,
    placeholder: '{"department": "Sales"}',
    help: 'Any other user property, merged on top of the inputs (e.g. {"department":"Sales","usageLocation":"GB"}); mailNickname, which Graph requires, is the local part of the user principal name unless given here.',
  },
  select: { ...SELECT, placeholder: 'id,displayName,mail' },
} satisfies InputSpecs;

const LIST = {
  ...LIST_INPUTS,
  select: I.select,
  filter: { ...LIST_INPUTS.filter, placeholder: "startswith(displayName,'A')" },
  expand: { ...LIST_INPUTS.expand, placeholder: 'manager' },
};

export const userOperations: OperationTable = {
  create: {
    label: 'Create user',
    summary: 'Creates a user with an initial password.',
    method: 'POST',
    path: '/users',
    permissions: { application: 'User.ReadWrite.All', delegated: 'User.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-post-users',
    output: 'The created user (201), with its id.',
    inputs: {
      displayName: { ...I.displayName, required: true },
      userPrincipalName: { ...I.userPrincipalName, required: true },
      domain: I.domain,
      password: { ...I.password, required: true },
      forceChangePasswordNextSignIn: { ...I.forceChangePasswordNextSignIn, default: true },
      accountEnabled: { ...I.accountEnabled, default: true },
      additionalProperties: I.additionalProperties,
    },
    request: (v) => {
      const upn = principalName(v.userPrincipalName, v.domain);
      const body = mergeAdditional(
        graphBody<MicrosoftGraph.User>({
          accountEnabled: v.accountEnabled,
          displayName: v.displayName,
          // Graph requires mailNickname (https://learn.microsoft.com/graph/api/user-post-users):
          // the UPN's local part unless additionalProperties names one.
          mailNickname: upn.split('@')[0],
          userPrincipalName: upn,
          passwordProfile: { password: v.password, forceChangePasswordNextSignIn: v.forceChangePasswordNextSignIn },
        }),
        v.additionalProperties,
      );
      return { method: 'POST', url: '/users', body };
    },
  },
  get: {
    label: 'Get user',
    summary: 'Reads one user.',
    method: 'GET',
    path: '/users/{id}',
    permissions: { application: 'User.Read.All', delegated: 'User.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-get',
    output: 'The user.',
    inputs: { userId: I.userId, select: I.select },
    request: (v) => ({ method: 'GET', url: fillPath('/users/{userId}', v), query: { $select: selectParam(v.select) } }),
  },
  list: {
    label: 'List users',
    summary: 'Lists users, one page or all of them, with OData filter, search, order and select.',
    method: 'GET',
    path: '/users',
    permissions: { application: 'User.Read.All', delegated: 'User.ReadBasic.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-list',
    output: 'The array of users; msg.nextLink when more pages remain and Get all is off; msg.count with Count.',
    inputs: LIST,
    list: true,
    request: (v) => ({ method: 'GET', url: '/users', query: listQuery(v), headers: listHeaders(v) }),
  },
  update: {
    label: 'Update user',
    summary: 'Changes the given properties of a user; inputs left empty or not set stay unchanged.',
    method: 'PATCH',
    path: '/users/{id}',
    permissions: { application: 'User.ReadWrite.All', delegated: 'User.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-update',
    output: 'Graph answers 204 with no body: { id, …the properties sent }.',
    inputs: {
      userId: I.userId,
      accountEnabled: I.accountEnabled,
      displayName: I.displayName,
      userPrincipalName: I.userPrincipalName,
      domain: I.domain,
      firstName: I.firstName,
      lastName: I.lastName,
      jobTitle: I.jobTitle,
      additionalProperties: I.additionalProperties,
    },
    validate: (v) => {
      if (v.domain && !v.userPrincipalName) throw inputError('userPrincipalName', userError('upnRequired'));
      if (Object.keys(updateBody(v)).length === 0) throw inputError('update', t('errors.nothingToUpdate'));
    },
    request: (v) => ({ method: 'PATCH', url: fillPath('/users/{userId}', v), body: updateBody(v) }),
    // Graph answers 204 with no body: msg.payload holds the id and the properties that were sent.
    noContent: (v, req) => ({ id: v.userId, ...echoWithoutSecrets(req.body as Record<string, unknown>) }),
  },
  delete: {
    label: 'Delete user',
    summary: 'Deletes a user: it stays in the deleted items for 30 days.',
    method: 'DELETE',
    path: '/users/{id}',
    permissions: { application: 'User.ReadWrite.All', delegated: 'User.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/user-delete',
    output: '{ id, deleted: true }.',
    inputs: { userId: I.userId },
    request: (v) => ({ method: 'DELETE', url: fillPath('/users/{userId}', v) }),
    noContent: (v) => ({ id: v.userId, deleted: true }),
  },
  // Beyond the seed (CONTRACT "Operations beyond the seed"), one file per area.
  ...relationOperations,
  ...accessOperations,
  ...licenseOperations,
  ...lifecycleOperations,
};

export const userNode: NodeSpec = {
  type: 'entra-user',
  errors: USER_ERRORS,
  paletteLabel: 'entra user',
  icon: 'entra-user.svg',
  label: 'user',
  inputs: I,
  summary: 'Creates, reads, lists, updates and deletes Microsoft Entra ID users through Microsoft Graph.',
  operations: userOperations,
};

function updateBody(v: Values): Record<string, unknown> {
  return mergeAdditional(
    graphBody<MicrosoftGraph.User>({
      accountEnabled: v.accountEnabled,
      displayName: v.displayName,
      userPrincipalName: v.userPrincipalName !== undefined ? principalName(v.userPrincipalName, v.domain) : undefined,
      givenName: v.firstName,
      surname: v.lastName,
      jobTitle: v.jobTitle,
    }),
    v.additionalProperties,
  );
}
