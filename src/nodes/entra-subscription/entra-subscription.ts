// entra-subscription: manage Graph change-notification subscriptions. All behaviour is the table.
import type { RED } from '../../lib/red';
import { registerGraphNode } from '../../lib/runner';
import { subscriptionOperations } from './subscription-operations';

export = function (RED: RED) {
  registerGraphNode(RED, { type: 'entra-subscription', operations: subscriptionOperations });
};
