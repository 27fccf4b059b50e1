// entra-raw: any Microsoft Graph request, on the connection's client.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { rawNode } from './raw-operation';

export = function (RED: RED) {
  registerGraphNode(RED, rawNode);
};
