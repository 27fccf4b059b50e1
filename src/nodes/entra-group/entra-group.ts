// entra-group: create, get, list, delete and upsert groups; add, remove and list members.
// All behaviour is the operation table.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { groupOperations } from './group-operations';

export = function (RED: RED) {
  registerGraphNode(RED, { type: 'entra-group', operations: groupOperations });
};
