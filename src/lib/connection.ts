// What a palette node may ask of its entra-connection config node.
import type { GraphClient } from './graph-client';
import type { PermissionUser, PermissionWatch } from './permission-watch';

export interface EntraConnection {
  id: string;
  /** The shared client; undefined when the connection's settings are invalid (see configError). */
  client?: GraphClient;
  configError?: Error;
  graphBaseUrl: string;
  tenantId: string;
  webhookBaseUrl: string;
  maxRetries: number;
  retryBaseDelayMs: number;
  /** Nodes register to show the connection's state (e.g. "sign in again"). */
  addUser?(node: { id: string; status(s: object): void }): void;
  removeUser?(node: { id: string }): void;
  /** The deploy-time permission check: what the connection's token grants, and who needs more. */
  permissions?: PermissionWatch;
  requirePermissions?(user: PermissionUser): void;
  releasePermissions?(id: string): void;
}
