// entra-raw: any Microsoft Graph request, on the connection's client.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { rawOperations } from './raw-operation';

export = function (RED: RED) {
  registerGraphNode(RED, { type: 'entra-raw', operations: rawOperations() });
};
