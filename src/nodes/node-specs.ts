// Every palette node whose behaviour is an operation table: what the build generates the editor,
// help, catalogues and docs from, and what a permission check or the README lists.
import { operationPermissions, OperationPermission, NodeSpec } from '../lib/operations';
import { appNode } from './entra-app/app-operations';
import { deltaNode } from './entra-delta/delta-operation';
import { groupNode } from './entra-group/group-operations';
import { rawNode } from './entra-raw/raw-operation';
import { subscriptionNode } from './entra-subscription/subscription-operations';
import { userNode } from './entra-user/user-operations';

export const NODE_SPECS: readonly NodeSpec[] = [userNode, groupNode, appNode, subscriptionNode, deltaNode, rawNode];

/** Every operation of every node with its least-privileged application and delegated permissions. */
export function allOperationPermissions(): OperationPermission[] {
  return operationPermissions(NODE_SPECS);
}
