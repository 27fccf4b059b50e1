'use strict';
// The edit dialogs of the two hand-written nodes (the connection and the trigger); the
// table-driven nodes' expectations are generated into ./expected-fields.js from their tables.
//
// COMMON: always-shown settings left out of the per-operation comparison. literal: input → the
// literal types of which at least one must be offered (besides msg, flow, global and env).
// plain: fixed settings (a select or checkbox), not typedInputs; either: may be both.
module.exports = {
  COMMON: ['name', 'connection', 'operation', 'debugRequest'],
  literal: { changeType: ['str'], expirationDateTime: ['str'] },
  plain: ['name', 'connection', 'operation', 'debugRequest', 'delivery', 'pollIntervalSeconds', 'fetchResource', 'fullSync'],
  either: ['resource', 'changeType', 'expirationDateTime', 'path'],
  nodes: {
    'entra-connection': {
      config: true,
      always: ['name', 'authType', 'tenantId', 'cloud', 'authorityHost', 'graphBaseUrl', 'scopes', 'webhookBaseUrl', 'maxRetries'],
      credentials: ['clientId', 'clientSecret', 'certificate', 'federatedTokenFile'],
    },
    'entra-trigger': {
      always: ['resource', 'changeType', 'expirationDateTime', 'path', 'delivery', 'pollIntervalSeconds', 'fetchResource', 'fullSync'],
    },
  },
};
