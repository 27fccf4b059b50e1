// entra-delta: delta query rounds on any delta-capable collection, remembering where it stopped.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { deltaNode } from './delta-operation';

export = function (RED: RED) {
  registerGraphNode(RED, deltaNode);
};
