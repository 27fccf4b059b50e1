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
import { EntraError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import { LIST_INPUTS, listHeaders, listQuery } from '../../lib/list-query';
import type { OperationContext, OperationResult, OperationTable } from '../../lib/runner';
import { alternateKey } from '../../lib/upsert';
import { fillPath } from '../../lib/url-guard';
import { checkIdType, SERVICE_PRINCIPAL_ID_INPUTS, servicePrincipalIdText, servicePrincipalPath } from './app-ids';

export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALREADY_GRANTED = /Permission being assigned already exists/i;

const notFound = (v: Values) => `Not found: no service principal with ${servicePrincipalIdText(v)}`;
const spKey = (v: Values) => ({ [v.idType === 'appId' ? 'appId' : 'id']: v.servicePrincipalId });

interface AppRole { id: string; value?: string; allowedMemberTypes?: string[]; isEnabled?: boolean }
interface ResourceSp { id: string; appId: string; displayName?: string; appRoles?: AppRole[]; oauth2PermissionScopes?: Array<{ id: string; value?: string }> }

/**
 * The application permission (an appRole that service principals may hold) named `permission` —
 * its value such as User.Read.All, or its id — or an error that says what the name is instead.
 */
export function findAppRole(resource: ResourceSp, permission: string): AppRole {
  const roles = (resource.appRoles ?? []).filter((r) => r.isEnabled !== false && (r.allowedMemberTypes ?? []).includes('Application'));
  const wanted = permission.trim();
  const role = roles.find((r) => r.value === wanted || (GUID.test(wanted) && r.id.toLowerCase() === wanted.toLowerCase()))
    ?? roles.find((r) => r.value?.toLowerCase() === wanted.toLowerCase());
  if (role) return role;
  const name = resource.displayName ?? resource.appId;
  const fail = (message: string) => new EntraError(`permission: ${message}`, { code: 'UnknownPermission', kind: 'input', statusText: 'unknown permission' });
  if ((resource.oauth2PermissionScopes ?? []).some((s) => s.value?.toLowerCase() === wanted.toLowerCase())) {
    throw fail(`${wanted} is a delegated permission of ${name}; grantAppRole grants application permissions (app roles)`);
  }
  const prefix = wanted.split('.')[0].toLowerCase();
  const near = roles.map((r) => r.value ?? '').filter((v) => v && v.toLowerCase().startsWith(prefix)).sort().slice(0, 8);
  throw fail(`${wanted} is not an application permission of ${name}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
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
  if (message.includes(`'${String(v.resourceAppId).toLowerCase()}'`)) return `Not found: no service principal of the resource (appId ${v.resourceAppId}) in this tenant`;
  return `${notFound(v)} (an application needs a service principal before it can be granted permissions: createServicePrincipal)`;
}

async function grantAppRole(v: Values, ctx: OperationContext): Promise<OperationResult> {
  const principalId = await principalIdOf(v, ctx);
  const resource = await resourceServicePrincipal(v, ctx);
  const role = findAppRole(resource, v.permission);
  const body = { principalId, resourceId: resource.id, appRoleId: role.id };
  const granted = { permission: role.value, resourceAppId: resource.appId, resourceDisplayName: resource.displayName };
  try {
    const response = await ctx.request({ method: 'POST', url: fillPath('/servicePrincipals/{id}/appRoleAssignedTo', { id: resource.id }), body });
    const { '@odata.context': _context, ...assignment } = response.data ?? {};
    return { payload: { ...assignment, ...granted, alreadyGranted: false }, statusCode: response.status, headers: response.headers };
  } catch (err) {
    // Idempotent flows: a permission that is already granted is the state they asked for.
    if (v.ignoreExisting === true && err instanceof EntraError && err.statusCode === 400 && ALREADY_GRANTED.test(err.graphMessage ?? '')) {
      return { payload: { ...body, ...granted, alreadyGranted: true }, statusCode: err.statusCode, headers: err.requestId ? { 'request-id': err.requestId } : undefined };
    }
    throw err;
  }
}

export const servicePrincipalOperations: OperationTable = {
  createServicePrincipal: {
    permission: 'Application.ReadWrite.All',
    inputs: { appId: { kind: 'string', required: true } },
    request: (v) => ({ method: 'POST', url: '/servicePrincipals', body: { appId: v.appId } }),
  },
  getServicePrincipal: {
    permission: 'Application.Read.All',
    inputs: SERVICE_PRINCIPAL_ID_INPUTS,
    validate: checkIdType,
    notFound: (v) => `${notFound(v)}${v.idType === 'appId' ? '' : ' (is it the application (client) id? set Id type to appId)'}`,
    request: (v) => ({ method: 'GET', url: servicePrincipalPath(v) }),
  },
  deleteServicePrincipal: {
    permission: 'Application.ReadWrite.All',
    inputs: SERVICE_PRINCIPAL_ID_INPUTS,
    validate: checkIdType,
    notFound,
    request: (v) => ({ method: 'DELETE', url: servicePrincipalPath(v) }),
    noContent: (v) => ({ ...spKey(v), deleted: true }),
  },
  listServicePrincipals: {
    permission: 'Application.Read.All',
    inputs: LIST_INPUTS,
    list: true,
    request: (v) => ({ method: 'GET', url: '/servicePrincipals', query: listQuery(v), headers: listHeaders(v) }),
  },
  grantAppRole: {
    // Least privileged: AppRoleAssignment.ReadWrite.All together with Application.Read.All.
    permission: 'AppRoleAssignment.ReadWrite.All',
    inputs: {
      ...SERVICE_PRINCIPAL_ID_INPUTS,
      resourceAppId: { kind: 'string', default: MICROSOFT_GRAPH_APP_ID },
      permission: { kind: 'string', required: true },
      ignoreExisting: { kind: 'boolean', default: false },
    },
    validate: checkIdType,
    notFound: grantNotFound,
    run: grantAppRole,
  },
  listAppRoleAssignments: {
    permission: 'Application.Read.All',
    inputs: SERVICE_PRINCIPAL_ID_INPUTS,
    validate: checkIdType,
    notFound,
    list: true,
    request: (v) => ({ method: 'GET', url: `${servicePrincipalPath(v)}/appRoleAssignments` }),
  },
  revokeAppRole: {
    permission: 'AppRoleAssignment.ReadWrite.All',
    inputs: { ...SERVICE_PRINCIPAL_ID_INPUTS, assignmentId: { kind: 'string', required: true } },
    validate: checkIdType,
    notFound: (v, err) => ((err.graphMessage ?? '').includes(v.assignmentId) ? `Not found: the service principal has no app role assignment ${v.assignmentId}` : notFound(v)),
    request: (v) => ({ method: 'DELETE', url: `${servicePrincipalPath(v)}/appRoleAssignments/${fillPath('{assignmentId}', v)}` }),
    noContent: (v) => ({ ...spKey(v), assignmentId: v.assignmentId, revoked: true }),
  },
};
