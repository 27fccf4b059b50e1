// entra-subscription: manage Graph change-notification subscriptions. All behaviour is the table.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { subscriptionNode } from './subscription-operations';

export = function (RED: RED) {
  registerGraphNode(RED, subscriptionNode);
};
