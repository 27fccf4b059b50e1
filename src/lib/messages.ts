// Texts every node shares (the `entra` section of each node's message catalogue): the common
// rows, the help's headings and fixed paragraphs, status texts and error reasons. English is
// here; the Japanese is src/lib/locales/ja.json. The build writes both into
// src/nodes/<node>/locales/<lang>/<node>.json; the runtime reads status texts and error reasons
// through RED._("entra.status.…") so that they follow Node-RED's language.
export const SHARED_MESSAGES = {
  notSet: 'not set',
  fromMsg: 'From msg.operation',
  label: { name: 'Name', connection: 'Connection', operation: 'Operation' },
  help: {
    typedInputs:
      'Every input is a typedInput: a fixed value, or read from msg, flow/global context, an environment variable or a JSONata expression. An input left empty is not sent; a boolean left "not set" uses the operation\'s default, and an update leaves it unchanged.',
    inputs: 'Inputs',
    operationFromMsg: 'With Operation: From msg.operation, one of',
    operations: 'Operations',
    request: 'Request',
    permissions: 'Permissions (least privileged)',
    application: 'application',
    delegated: 'delegated',
    dependsOn: 'depends on the input:',
    required: 'Required.',
    default: 'Default',
    unchanged: '"not set": unchanged.',
    types: 'Types',
    payload: 'msg.payload',
    reference: 'Microsoft Graph reference',
    outputs: 'Outputs',
    outputPayload: 'The response, as each operation says.',
    outputStatusCode: "The HTTP status of Graph's last response.",
    outputHeaders: 'Its headers, with request-id.',
    errors: 'Errors',
    errorsText:
      "Failures go to a Catch node (nothing is sent on the output): msg.error.message is a short reason, msg.error.code Graph's error code, and msg.statusCode / msg.requestId identify the failed response. Bad input (invalid JSON, a missing id) is reported the same way, naming the input, and no request is sent.",
  },
  status: {
    requesting: 'requesting',
    noConnection: 'no connection',
    connectionSettings: 'connection settings',
    signInAgain: 'sign in again',
    page: 'page __page__ · __items__ items',
  },
  errors: {
    required: 'is required',
    noConnection: 'no entra-connection is selected',
    notReady: 'the connection is not ready',
  },
};

export type SharedMessages = typeof SHARED_MESSAGES;
