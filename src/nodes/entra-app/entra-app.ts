// entra-app: create, get, list, delete and upsert application registrations.
// All behaviour is the operation table.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { appNode } from './app-operations';

export = function (RED: RED) {
  registerGraphNode(RED, appNode);
};
