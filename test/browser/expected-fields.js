'use strict';
// What each node's edit dialog must offer, from shared/CONTRACT.md (the public API).
//
// operations: operation → the properties whose rows are shown for it (rows marked
//   `data-ops="…"`; rows without data-ops are always shown). Includes the "beyond the seed" extras
//   (pageOutput on list operations, ignoreExisting on addMember, idType on app get/delete).
// always: properties of nodes without an `operation` (each must have its #node-input-<name>).
// common: always-shown settings left out of the per-operation comparison.
// literal: for each typedInput property, the literal types of which at least one must be offered
//   (besides msg, flow, global and env, which every typed input offers). Properties listed in
//   `plain` are fixed settings (a select or checkbox), not typedInputs; `either` may be both.

const COMMON = ['name', 'connection', 'operation', 'debugRequest'];
const LIST = ['count', 'expand', 'filter', 'orderBy', 'search', 'select', 'top', 'getAll', 'consistencyLevel', 'pageOutput'];

const STR = ['str'];
const BOOL = ['bool'];
const NUM = ['num'];
const JSON_ = ['json'];
const STR_OR_JSON = ['str', 'json'];

// Literal type per property name, shared by all nodes.
const literal = {
  userId: STR,
  select: STR_OR_JSON,
  accountEnabled: BOOL,
  displayName: STR,
  forceChangePasswordNextSignIn: BOOL,
  password: ['str', 'cred'],
  userPrincipalName: STR,
  domain: STR,
  additionalProperties: JSON_,
  firstName: STR,
  lastName: STR,
  jobTitle: STR,
  count: BOOL,
  expand: STR,
  filter: STR,
  orderBy: STR,
  search: STR,
  top: NUM,
  getAll: BOOL,
  consistencyLevel: STR,
  groupId: STR,
  mailEnabled: BOOL,
  mailNickname: STR,
  securityEnabled: BOOL,
  groupTypes: STR_OR_JSON,
  uniqueName: STR,
  useAsUpsert: BOOL,
  groupMemberOdataId: STR_OR_JSON,
  ignoreExisting: BOOL,
  memberId: STR_OR_JSON,
  applicationObjectId: STR,
  changeType: STR,
  notificationUrl: STR,
  resource: STR,
  expirationDateTime: STR,
  headers: JSON_,
  subscriptionId: STR,
  url: STR,
  skipToken: STR,
  deltaToken: STR,
  returnMinimal: BOOL,
  rememberDeltaLink: BOOL,
  method: STR,
  data: STR_OR_JSON,
  formData: JSON_,
  fileData: STR,
  fileDataFileNames: STR_OR_JSON,
  queryParams: JSON_,
  responseType: STR,
  timeout: NUM,
  retryDelayMs: NUM,
  retryOnAllErrors: BOOL,
  maxRetryCount: NUM,
  useExponentialBackoff: BOOL,
};

// Fixed settings (never typedInputs) and properties that may be either.
const plain = ['name', 'connection', 'operation', 'debugRequest', 'pageOutput', 'apiVersion', 'delivery', 'pollIntervalSeconds', 'fetchResource', 'fullSync', 'followPages'];
const either = ['idType', 'method', 'responseType', 'resource', 'changeType', 'expirationDateTime', 'path'];

module.exports = {
  COMMON,
  literal,
  plain,
  either,
  nodes: {
    'entra-connection': {
      config: true,
      always: ['name', 'authType', 'tenantId', 'cloud', 'authorityHost', 'graphBaseUrl', 'scopes', 'webhookBaseUrl', 'maxRetries'],
      credentials: ['clientId', 'clientSecret', 'certificate', 'federatedTokenFile'],
    },
    'entra-user': {
      operations: {
        create: ['accountEnabled', 'displayName', 'forceChangePasswordNextSignIn', 'password', 'userPrincipalName', 'domain', 'additionalProperties'],
        get: ['userId', 'select'],
        list: LIST,
        update: ['userId', 'accountEnabled', 'displayName', 'userPrincipalName', 'domain', 'firstName', 'lastName', 'jobTitle', 'additionalProperties'],
        delete: ['userId'],
      },
    },
    'entra-group': {
      operations: {
        create: ['displayName', 'mailEnabled', 'mailNickname', 'securityEnabled', 'groupTypes', 'additionalProperties'],
        get: ['groupId', 'select'],
        list: LIST,
        delete: ['groupId'],
        upsert: ['uniqueName', 'useAsUpsert', 'displayName', 'mailEnabled', 'mailNickname', 'securityEnabled', 'groupTypes', 'additionalProperties'],
        addMember: ['groupId', 'groupMemberOdataId', 'ignoreExisting'],
        removeMember: ['groupId', 'memberId'],
        listMembers: ['groupId', 'filter', 'count', 'select', 'search', 'top', 'getAll', 'expand', 'consistencyLevel', 'pageOutput'],
      },
    },
    'entra-app': {
      operations: {
        create: ['displayName', 'additionalProperties'],
        get: ['applicationObjectId', 'idType'],
        list: LIST,
        delete: ['applicationObjectId', 'idType'],
        upsert: ['uniqueName', 'useAsUpsert', 'displayName', 'additionalProperties'],
      },
    },
    'entra-subscription': {
      operations: {
        create: ['changeType', 'notificationUrl', 'resource', 'expirationDateTime', 'additionalProperties', 'headers'],
        get: ['subscriptionId'],
        list: ['getAll', 'pageOutput'],
        update: ['subscriptionId', 'notificationUrl', 'expirationDateTime'],
        delete: ['subscriptionId'],
        deleteInstanced: [],
      },
    },
    'entra-delta': {
      always: ['url', 'skipToken', 'deltaToken', 'select', 'filter', 'returnMinimal', 'rememberDeltaLink', 'followPages', 'pageOutput'],
    },
    'entra-raw': {
      always: [
        'url', 'method', 'data', 'formData', 'fileData', 'fileDataFileNames', 'queryParams', 'headers', 'responseType',
        'timeout', 'retryDelayMs', 'retryOnAllErrors', 'maxRetryCount', 'useExponentialBackoff', 'apiVersion', 'getAll', 'pageOutput',
      ],
    },
    'entra-trigger': {
      always: ['resource', 'changeType', 'expirationDateTime', 'path', 'delivery', 'pollIntervalSeconds', 'fetchResource', 'fullSync'],
    },
  },
};
