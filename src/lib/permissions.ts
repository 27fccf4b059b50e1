// What a token grants, and which operations of which nodes need a permission it lacks: read from
// the operation tables themselves (every node registers its table here), never from a hand list.
// Only for display and warnings: the token is decoded, not verified (Graph verifies it).
// App-only tokens carry application permissions in `roles`, user tokens delegated ones in `scp`
// (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
import { t } from './i18n';

export type GrantKind = 'application' | 'delegated';

export interface TokenGrants {
  kind: GrantKind;
  granted: string[];
  /** The signed-in user (delegated tokens). */
  account?: string;
  expiresOn?: Date;
}

/** The permissions an operation needs (null: it depends on an input, not checked). */
export interface PermissionNeeds {
  application: string | null;
  delegated: string | null;
  /** Other permissions that allow this operation (its entry's `alsoAllowedBy`). */
  alsoAllowedBy?: string[];
}

/** Decodes an access token's payload; undefined when it is not a JWT. */
export function tokenGrants(token: string): TokenGrants | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!claims || typeof claims !== 'object') return undefined;
  const expiresOn = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined;
  if (typeof claims.scp === 'string') {
    const account = [claims.preferred_username, claims.upn, claims.unique_name].find((v) => typeof v === 'string') as string | undefined;
    return { kind: 'delegated', granted: claims.scp.split(/\s+/).filter(Boolean), account, expiresOn };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  return { kind: 'application', granted: roles, expiresOn };
}

// Higher-privileged permissions that the Graph API pages list beside the least-privileged one
// (https://learn.microsoft.com/graph/permissions-reference): a grant of the key also allows the values.
const IMPLIES: Record<string, string[]> = {
  'Directory.Read.All': [
    'User.Read.All',
    'User.ReadBasic.All',
    'Group.Read.All',
    'GroupMember.Read.All',
    'Application.Read.All',
    'LicenseAssignment.Read.All',
  ],
  // user-revokesigninsessions, user-update (passwordProfile), user-assignlicense, invitation-post,
  // directory-deleteditems-delete list User.ReadWrite.All beside their least-privileged permission.
  'User.ReadWrite.All': [
    'User.RevokeSessions.All',
    'User-PasswordProfile.ReadWrite.All',
    'LicenseAssignment.ReadWrite.All',
    'User.Invite.All',
    'User.DeleteRestore.All',
  ],
  'Directory.ReadWrite.All': ['Directory.Read.All', 'User.ReadWrite.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All'],
  'Group.Read.All': ['GroupMember.Read.All'],
  'Group.ReadWrite.All': ['GroupMember.ReadWrite.All'],
  'Application.ReadWrite.All': ['Application.ReadWrite.OwnedBy'],
};

/** Every permission a set of grants allows, the implied ones included. */
export function effectivePermissions(granted: readonly string[]): Set<string> {
  const out = new Set<string>();
  const add = (p: string) => {
    if (out.has(p)) return;
    out.add(p);
    // X.ReadWrite.All allows X.Read.All; X.Read.All allows X.ReadBasic.All.
    const m = /^(.+)\.ReadWrite(\.All)?$/.exec(p);
    if (m) add(`${m[1]}.Read${m[2] ?? ''}`);
    const r = /^(.+)\.Read\.All$/.exec(p);
    if (r) add(`${r[1]}.ReadBasic.All`);
    for (const q of IMPLIES[p] ?? []) add(q);
  };
  for (const p of granted) add(p);
  return out;
}

/** The permission of `needs` (for the token's kind) that the grants lack; undefined when allowed or not known. */
export function missingPermission(needs: PermissionNeeds, grants: TokenGrants): string | undefined {
  const needed = grants.kind === 'application' ? needs.application : needs.delegated;
  if (!needed) return undefined;
  const granted = effectivePermissions(grants.granted);
  if (needs.alsoAllowedBy?.some((p) => granted.has(p))) return undefined;
  return granted.has(needed) ? undefined : needed;
}

/** The needs of an operation table entry (`permissions`, or the older single application `permission`). */
export function needsOf(def: unknown): PermissionNeeds | undefined {
  const d = def as { permissions?: Partial<PermissionNeeds>; permission?: string } | undefined;
  if (!d) return undefined;
  if (d.permissions) {
    const { application, delegated, alsoAllowedBy } = d.permissions;
    return { application: application ?? null, delegated: delegated ?? null, ...(alsoAllowedBy?.length ? { alsoAllowedBy } : {}) };
  }
  if (d.permission) return { application: d.permission, delegated: d.permission };
  return undefined;
}

// ---- the tables of the node types loaded in this Node-RED -----------------------------------

/** A node's settings → its operation and what that needs (undefined: not checked). */
type NeedsLookup = (config: Record<string, unknown>) => { operation: string; needs: PermissionNeeds } | undefined;
const tables = new Map<string, NeedsLookup>();

/** Called by every node type when it registers (registerGraphNode, entra-trigger). */
export function registerPermissionTable(type: string, lookup: NeedsLookup): void {
  tables.set(type, lookup);
}

/** The lookup of an operation table: the operation the settings select, and its entry's needs. */
export function tableLookup(operations: Record<string, unknown>): NeedsLookup {
  return (config) => {
    const operation = staticOperation(config, Object.keys(operations));
    const needs = operation ? needsOf(operations[operation]) : undefined;
    return operation && needs ? { operation, needs } : undefined;
  };
}

/** The operation a node's settings select; undefined when it comes from msg.operation. */
export function staticOperation(config: Record<string, unknown>, operations: readonly string[]): string | undefined {
  const op = config.operation;
  if ((op === undefined || op === '') && operations.length === 1) return operations[0];
  return typeof op === 'string' && operations.includes(op) ? op : undefined;
}

export interface NodeRef {
  id: string;
  type: string;
  name?: string;
  operation?: string;
  [k: string]: unknown;
}

export interface NodeProblem {
  id: string;
  type: string;
  name?: string;
  operation: string;
  needs: string;
}

/** What a node's configured operation needs; undefined for unknown types, msg-selected operations and input-dependent needs. */
export function needsOfNode(ref: NodeRef): { operation: string; needs: PermissionNeeds } | undefined {
  return tables.get(ref.type)?.(ref);
}

/** The nodes whose operation needs a permission the grants lack. */
export function nodeProblems(nodes: readonly NodeRef[], grants: TokenGrants): NodeProblem[] {
  const out: NodeProblem[] = [];
  for (const ref of nodes) {
    const n = needsOfNode(ref);
    if (!n) continue;
    const needs = missingPermission(n.needs, grants);
    if (needs) out.push({ id: ref.id, type: ref.type, name: ref.name || undefined, operation: n.operation, needs });
  }
  return out;
}

/** "entra-user 'Disable leaver' (update) needs User.ReadWrite.All" */
export function describeProblem(p: NodeProblem): string {
  const subs = { type: p.type, name: p.name ?? '', operation: p.operation, needs: p.needs };
  return p.name ? t('errors.permissions.problemNamed', subs) : t('errors.permissions.problem', subs);
}
