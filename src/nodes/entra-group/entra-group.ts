// entra-group: create, get, list, delete and upsert groups; add, remove and list members.
// All behaviour is the operation table.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { groupNode } from './group-operations';

export = function (RED: RED) {
  registerGraphNode(RED, groupNode);
};
