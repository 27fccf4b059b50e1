// Service principals (an application's identity in this tenant) and application permissions.
//   createServicePrincipal  POST   /servicePrincipals {"appId"}                   (serviceprincipal-post-serviceprincipals)
//   get/deleteServicePrincipal     /servicePrincipals/{id} or (appId='…')        (serviceprincipal-get, serviceprincipal-delete)
//   listServicePrincipals   GET    /servicePrincipals                             (serviceprincipal-list)
//   grantAppRole            the resource's service principal (default Microsoft Graph) is read to turn
//                           the permission name into its appRoleId, then
//                           POST /servicePrincipals/{resourceId}/appRoleAssignedTo {principalId, resourceId, appRoleId}
//                           (https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto):
//                           admin consent to an application permission, done by a flow.
//   listAppRoleAssignments  GET    /servicePrincipals/{id}/appRoleAssignments     (serviceprincipal-list-approleassignments)
//   revokeAppRole           DELETE /servicePrincipals/{id}/appRoleAssignments/{assignmentId} (serviceprincipal-delete-approleassignments)
import { graphBody, type MicrosoftGraph } from '../../lib/body';
import { EntraError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import { LIST_INPUTS, listHeaders, listQuery } from '../../lib/list-query';
import type { OperationContext, OperationResult, OperationTable } from '../../lib/runner';
import { alternateKey } from '../../lib/upsert';
import { fillPath } from '../../lib/url-guard';
import { checkIdType, SERVICE_PRINCIPAL_ID_INPUTS, servicePrincipalIdText, servicePrincipalPath } from './app-ids';
import { appError } from './app-errors';
import { t } from '../../lib/i18n';

export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALREADY_GRANTED = /Permission being assigned already exists/i;

const notFound = (v: Values) => appError('noServicePrincipal', { which: servicePrincipalIdText(v) });
const spKey = (v: Values) => ({ [v.idType === 'appId' ? 'appId' : 'id']: v.servicePrincipalId });

interface AppRole {
  id: string;
  value?: string;
  allowedMemberTypes?: string[];
  isEnabled?: boolean;
}
interface ResourceSp {
  id: string;
  appId: string;
  displayName?: string;
  appRoles?: AppRole[];
  oauth2PermissionScopes?: Array<{ id: string; value?: string }>;
}

/**
 * The application permission (an appRole that service principals may hold) named `permission` —
 * its value such as User.Read.All, or its id — or an error that says what the name is instead.
 */
export function findAppRole(resource: ResourceSp, permission: string): AppRole {
  const roles = (resource.appRoles ?? []).filter((r) => r.isEnabled !== false && (r.allowedMemberTypes ?? []).includes('Application'));
  const wanted = permission.trim();
  const role =
    roles.find((r) => r.value === wanted || (GUID.test(wanted) && r.id.toLowerCase() === wanted.toLowerCase())) ??
    roles.find((r) => r.value?.toLowerCase() === wanted.toLowerCase());
  if (role) return role;
  const name = resource.displayName ?? resource.appId;
  const fail = (message: string) =>
    new EntraError(message, { code: 'UnknownPermission', kind: 'input', statusText: t('status.unknownPermission') });
  if ((resource.oauth2PermissionScopes ?? []).some((s) => s.value?.toLowerCase() === wanted.toLowerCase())) {
    throw fail(appError('delegatedPermission', { permission: wanted, name }));
  }
  const prefix = wanted.split('.')[0].toLowerCase();
  const near = roles
    .map((r) => r.value ?? '')
    .filter((v) => v && v.toLowerCase().startsWith(prefix))
    .sort()
    .slice(0, 8);
  throw fail(
    near.length
      ? appError('unknownPermissionNear', { permission: wanted, name, near: near.join(', ') })
      : appError('unknownPermission', { permission: wanted, name }),
  );
}

/** The object id of the principal: given, or read from its appId. */
async function principalIdOf(v: Values, ctx: OperationContext): Promise<string> {
  if (v.idType !== 'appId') return v.servicePrincipalId;
  const r = await ctx.request<{ id: string }>({ method: 'GET', url: servicePrincipalPath(v), query: { $select: 'id' } });
  return r.data.id;
}

async function resourceServicePrincipal(v: Values, ctx: OperationContext): Promise<ResourceSp> {
  const r = await ctx.request<ResourceSp>({
    method: 'GET',
    url: `/servicePrincipals${alternateKey('resourceAppId', 'appId', v.resourceAppId)}`,
    query: { $select: 'id,appId,displayName,appRoles,oauth2PermissionScopes' },
  });
  return r.data;
}

/** A 404 names what is missing: the resource's service principal, or the principal. */
function grantNotFound(v: Values, err: EntraError): string {
  const message = (err.graphMessage ?? '').toLowerCase();
  if (message.includes(`'${String(v.resourceAppId).toLowerCase()}'`))
    return appError('noResourceServicePrincipal', { appId: String(v.resourceAppId) });
  return appError('noServicePrincipalToGrant', { which: servicePrincipalIdText(v) });
}

async function grantAppRole(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const principalId = await principalIdOf(v, ctx);
  const resource = await resourceServicePrincipal(v, ctx);
  const role = findAppRole(resource, v.permission);
  const body = graphBody<MicrosoftGraph.AppRoleAssignment>({ principalId, resourceId: resource.id, appRoleId: role.id });
  const granted = { permission: role.value, resourceAppId: resource.appId, resourceDisplayName: resource.displayName };
  try {
    const response = await ctx.request({
      method: 'POST',
      url: fillPath('/servicePrincipals/{id}/appRoleAssignedTo', { id: resource.id }),
      body,
    });
    const { '@odata.context': _context, ...assignment } = response.data ?? {};
    return { payload: { ...assignment, ...granted, alreadyGranted: false }, statusCode: response.status, headers: response.headers };
  } catch (err) {
    // Idempotent flows: a permission that is already granted is the state they asked for.
    if (v.ignoreExisting === true && err instanceof EntraError && err.statusCode === 400 && ALREADY_GRANTED.test(err.graphMessage ?? '')) {
      return {
        payload: { ...body, ...granted, alreadyGranted: true },
        statusCode: err.statusCode,
        headers: err.requestId ? { 'request-id': err.requestId } : undefined,
      };
    }
    throw err;
  }
}

export const servicePrincipalOperations: OperationTable = {
  createServicePrincipal: {
    label: 'Create service principal',
    summary: "Creates the application's service principal (its identity in this tenant), which sign-ins and permission grants need.",
    method: 'POST',
    path: '/servicePrincipals',
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals',
    output: 'The new service principal (201).',
    inputs: {
      appId: {
        kind: 'string',
        required: true,
        label: 'Application (client) id',
        placeholder: 'appId (GUID)',
        help: "The application's (client) id.",
      },
    },
    request: (v) => ({ method: 'POST', url: '/servicePrincipals', body: graphBody<MicrosoftGraph.ServicePrincipal>({ appId: v.appId }) }),
  },
  getServicePrincipal: {
    label: 'Get service principal',
    summary: 'Reads one service principal by object id or application (client) id.',
    method: 'GET',
    path: "/servicePrincipals/{id} or /servicePrincipals(appId='{appId}')",
    permissions: { application: 'Application.Read.All', delegated: 'Application.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-get',
    output: 'The service principal.',
    inputs: SERVICE_PRINCIPAL_ID_INPUTS,
    validate: checkIdType,
    notFound: (v) => (v.idType === 'appId' ? notFound(v) : appError('noServicePrincipalHint', { which: servicePrincipalIdText(v) })),
    request: (v) => ({ method: 'GET', url: servicePrincipalPath(v) }),
  },
  deleteServicePrincipal: {
    label: 'Delete service principal',
    summary: 'Deletes a service principal (the application registration stays).',
    method: 'DELETE',
    path: "/servicePrincipals/{id} or /servicePrincipals(appId='{appId}')",
    permissions: { application: 'Application.ReadWrite.All', delegated: 'Application.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-delete',
    output: '{ id, deleted: true } ({ appId, deleted: true } by client id).',
    inputs: SERVICE_PRINCIPAL_ID_INPUTS,
    validate: checkIdType,
    notFound,
    request: (v) => ({ method: 'DELETE', url: servicePrincipalPath(v) }),
    noContent: (v) => ({ ...spKey(v), deleted: true }),
  },
  listServicePrincipals: {
    label: 'List service principals',
    summary: 'Lists service principals, one page or all of them, with OData filter, search, order and select.',
    method: 'GET',
    path: '/servicePrincipals',
    permissions: { application: 'Application.Read.All', delegated: 'Application.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-list',
    output: 'The array of service principals; msg.nextLink when more pages remain; msg.count with Count.',
    inputs: LIST_INPUTS,
    list: true,
    request: (v) => ({ method: 'GET', url: '/servicePrincipals', query: listQuery(v), headers: listHeaders(v) }),
  },
  grantAppRole: {
    label: 'Grant application permission',
    summary:
      'Grants an application permission (an app role of the resource, Microsoft Graph by default) to the service principal: admin consent, done by a flow.',
    method: 'POST',
    path: '/servicePrincipals/{resourceId}/appRoleAssignedTo',
    // Least privileged: AppRoleAssignment.ReadWrite.All together with Application.Read.All.
    permissions: {
      application: 'AppRoleAssignment.ReadWrite.All',
      delegated: 'AppRoleAssignment.ReadWrite.All',
      note: 'with Application.Read.All to read the resource',
    },
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto',
    output: 'The app role assignment with permission, resourceAppId, resourceDisplayName and alreadyGranted.',
    inputs: {
      ...SERVICE_PRINCIPAL_ID_INPUTS,
      resourceAppId: {
        kind: 'string',
        default: MICROSOFT_GRAPH_APP_ID,
        label: 'Resource (client) id',
        placeholder: MICROSOFT_GRAPH_APP_ID,
        help: 'The application (client) id of the API whose permission is granted; empty: Microsoft Graph.',
      },
      permission: {
        kind: 'string',
        required: true,
        label: 'Permission',
        placeholder: 'User.Read.All',
        help: 'The application permission by name (e.g. User.Read.All) or app role id.',
      },
      ignoreExisting: {
        kind: 'boolean',
        default: false,
        label: 'Ignore existing',
        help: 'true: a permission that is already granted is a success (alreadyGranted: true).',
      },
    },
    validate: checkIdType,
    notFound: grantNotFound,
    run: grantAppRole,
  },
  listAppRoleAssignments: {
    label: 'List granted permissions',
    summary: 'Lists the app role assignments (application permissions) the service principal holds.',
    method: 'GET',
    path: '/servicePrincipals/{id}/appRoleAssignments',
    permissions: { application: 'Application.Read.All', delegated: 'Application.Read.All' },
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignments',
    output: 'The array of app role assignments.',
    inputs: SERVICE_PRINCIPAL_ID_INPUTS,
    validate: checkIdType,
    notFound,
    list: true,
    request: (v) => ({ method: 'GET', url: `${servicePrincipalPath(v)}/appRoleAssignments` }),
  },
  revokeAppRole: {
    label: 'Revoke application permission',
    summary: 'Removes an app role assignment from the service principal.',
    method: 'DELETE',
    path: '/servicePrincipals/{id}/appRoleAssignments/{assignmentId}',
    permissions: { application: 'AppRoleAssignment.ReadWrite.All', delegated: 'AppRoleAssignment.ReadWrite.All' },
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-delete-approleassignments',
    output: '{ id, assignmentId, revoked: true }.',
    inputs: {
      ...SERVICE_PRINCIPAL_ID_INPUTS,
      assignmentId: {
        kind: 'string',
        required: true,
        label: 'Assignment id',
        help: "The app role assignment's id, as listAppRoleAssignments returns it.",
      },
    },
    validate: checkIdType,
    notFound: (v, err) =>
      (err.graphMessage ?? '').includes(v.assignmentId) ? appError('noAssignment', { id: String(v.assignmentId) }) : notFound(v),
    request: (v) => ({ method: 'DELETE', url: `${servicePrincipalPath(v)}/appRoleAssignments/${fillPath('{assignmentId}', v)}` }),
    noContent: (v) => ({ ...spKey(v), assignmentId: v.assignmentId, revoked: true }),
  },
};
