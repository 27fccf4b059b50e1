// How entra-app addresses applications and service principals: by object id (`/{set}/{id}`) or by
// application (client) id (`/{set}(appId='{appId}')`), two different GUIDs of the same registration
// (https://learn.microsoft.com/graph/api/application-get, https://learn.microsoft.com/graph/api/serviceprincipal-get).
import { inputError } from '../../lib/errors';
import type { InputSpecs, Values } from '../../lib/inputs';
import { alternateKey } from '../../lib/upsert';
import { fillPath } from '../../lib/url-guard';
import { appError } from './app-errors';

export const ID_TYPES = ['objectId', 'appId'];

export function applicationPath(v: Values): string {
  if (v.idType === 'appId') return `/applications${alternateKey('applicationObjectId', 'appId', v.applicationObjectId)}`;
  return fillPath('/applications/{applicationObjectId}', v);
}

export function servicePrincipalPath(v: Values): string {
  if (v.idType === 'appId') return `/servicePrincipals${alternateKey('servicePrincipalId', 'appId', v.servicePrincipalId)}`;
  return fillPath('/servicePrincipals/{servicePrincipalId}', v);
}

/** How Id type is offered: object id or application (client) id (`(appId='…')`). */
const idType = () => ({
  kind: 'string' as const,
  default: 'objectId',
  label: 'Id type',
  choices: { objectId: 'object id', appId: "application (client) id (appId='…')" },
  help: 'Whether the id above is the object id or the application (client) id.',
});

/** applicationObjectId + idType: the inputs of every operation on one application. */
export const APPLICATION_ID_INPUTS = {
  applicationObjectId: {
    kind: 'string',
    required: true,
    label: 'Application id',
    placeholder: 'object id or application (client) id',
    help: 'The object id or the application (client) id of the application, as Id type says.',
  },
  idType: idType(),
} satisfies InputSpecs;

/** servicePrincipalId + idType: the inputs of every operation on one service principal. */
export const SERVICE_PRINCIPAL_ID_INPUTS = {
  servicePrincipalId: {
    kind: 'string',
    required: true,
    label: 'Service principal id',
    placeholder: 'object id or application (client) id',
    help: "The service principal's object id, or its application's (client) id, as Id type says.",
  },
  idType: idType(),
} satisfies InputSpecs;

export function checkIdType(v: Values): void {
  if (!ID_TYPES.includes(v.idType)) throw inputError('idType', appError('idType', { value: String(JSON.stringify(v.idType)) }));
}

export const applicationIdText = (v: Values) =>
  appError(v.idType === 'appId' ? 'clientId' : 'objectId', { id: String(v.applicationObjectId) });
export const servicePrincipalIdText = (v: Values) =>
  appError(v.idType === 'appId' ? 'clientId' : 'objectId', { id: String(v.servicePrincipalId) });
/** A 404 on one application, as it was addressed; `hint`: when given as an object id, say it may be a client id. */
export const applicationNotFound = (v: Values, hint = false) =>
  appError(hint && v.idType !== 'appId' ? 'noApplicationHint' : 'noApplication', { which: applicationIdText(v) });

/** msg.payload of a 204 on one application: which one, as it was addressed. */
export const applicationKey = (v: Values) => ({ [v.idType === 'appId' ? 'appId' : 'id']: v.applicationObjectId });
