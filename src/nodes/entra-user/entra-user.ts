// entra-user: create, get, list, update and delete users. All behaviour is the operation table.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { userOperations } from './user-operations';

export = function (RED: RED) {
  // The initial password is a credential: it never reaches flows.json.
  registerGraphNode(RED, { type: 'entra-user', operations: userOperations, credentials: { password: { type: 'text' } } });
};
