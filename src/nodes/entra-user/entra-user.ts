// entra-user: create, get, list, update and delete users. All behaviour is the operation table.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { userNode } from './user-operations';

export = function (RED: RED) {
  // The initial password is a password credential (runner.credentialsOf): it never reaches flows.json.
  registerGraphNode(RED, userNode);
};
