// entra-app's own error reasons: the `entra-app.errors` section of its message catalogue (generated
// from the NodeSpec's `errors`; the Japanese is entra-app.ja.json), read in Node-RED's language
// through appError(key, subs). Placeholders: __name__.
import { nodeErrors } from '../../lib/i18n';

export const APP_ERRORS = {
  isoDate: 'must be an ISO 8601 date-time such as 2027-01-31T00:00:00Z, got __value__',
  withinDays: 'must be 0 or more (0: only what has already expired or expires today), got __value__',
  idType: 'must be objectId or appId, got __value__',
  githubRepository: 'must be owner/repository (e.g. contoso/web), got __value__',
  githubEntityType: 'must be one of __values__, got __value__',
  githubEntityValue: 'is required: the __type__ name',
  preset: 'must be custom or githubActions, got __value__',
  audiences: 'must hold exactly one audience (Graph accepts a single value), got __value__',
  objectId: 'object id __id__',
  clientId: 'application (client) id __id__',
  noApplication: 'Not found: no application with __which__',
  noApplicationHint: 'Not found: no application with __which__ (is it the application (client) id? set Id type to appId)',
  noApplicationUnique: "Not found: no application with uniqueName '__name__'",
  noApplicationUniqueOff: "Not found: no application with uniqueName '__name__' (Use as upsert is off, so none was created)",
  noServicePrincipal: 'Not found: no service principal with __which__',
  noServicePrincipalHint: 'Not found: no service principal with __which__ (is it the application (client) id? set Id type to appId)',
  noServicePrincipalToGrant:
    'Not found: no service principal with __which__ (an application needs a service principal before it can be granted permissions: createServicePrincipal)',
  noResourceServicePrincipal: 'Not found: no service principal of the resource (appId __appId__) in this tenant',
  noAssignment: 'Not found: the service principal has no app role assignment __id__',
  noFederatedCredential: "Not found: the application has no federated credential with id or name '__id__'",
  delegatedPermission:
    'permission: __permission__ is a delegated permission of __name__; grantAppRole grants application permissions (app roles)',
  unknownPermission: 'permission: __permission__ is not an application permission of __name__',
  unknownPermissionNear: 'permission: __permission__ is not an application permission of __name__ (did you mean __near__?)',
  noSecretText: 'Graph answered addPassword without a secretText',
};

export const appError = nodeErrors('entra-app', APP_ERRORS);
