// What a node and each of its operations tell the user: the one source of every text the editor,
// the help, the message catalogues, docs/ and the browser tests show. The runtime half of an
// operation (request, run, validate) is OperationDef in runner.ts, which extends OperationDoc.
import type { InputKind, InputSpec, InputSpecs, TypedInputType } from './inputs';
import type { OperationTable } from './runner';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The least-privileged permissions Microsoft documents for the request (the docs page's
 * "Permissions" table). null: it depends on an input (e.g. the subscribed resource); `note` says on what.
 */
export interface Permissions {
  application: string | null;
  delegated: string | null;
  note?: string;
  /**
   * Higher-privileged permissions the page lists that also allow the request, when they do not imply
   * the least-privileged one everywhere (e.g. Group.ReadWrite.All for group-based licensing only):
   * the deploy-time check accepts them too. Name them in `note` for the reader.
   */
  alsoAllowedBy?: string[];
}

/** The user-facing half of an operation table entry. Every field is required: no operation without its texts. */
export interface OperationDoc {
  /** Its name in the Operation select, e.g. "Get user". */
  label: string;
  /** One line: what it does. */
  summary: string;
  /** The request shown in the help, e.g. GET /users/{id}. */
  method: HttpMethod;
  path: string;
  permissions: Permissions;
  /** The Microsoft Graph reference page of the request. */
  docs: string;
  /** What msg.payload holds on success (one sentence). */
  output: string;
  inputs: InputSpecs;
  /** Optional: a further paragraph for the help (a limit, a Graph quirk). `code` and **bold** are rendered. */
  details?: string;
}

/** A palette node whose behaviour is its operation table. */
export interface NodeSpec {
  type: string;
  /** The palette's label (e.g. "entra user") and icon file (in icons/). */
  paletteLabel: string;
  icon: string;
  /** The workspace label without a name: "<label>: <operation>". */
  label: string;
  /** One line for the help's first paragraph. */
  summary: string;
  /** Optional sections of the help before the operations, e.g. "Kinds of group": title → paragraph. */
  notes?: Readonly<Record<string, string>>;
  /** The node's inputs in the dialog's row order; inputs of operations not named here follow in order of appearance. */
  inputs?: InputSpecs;
  /**
   * The node's own error reasons (its catalogue's `<type>.errors`, English; the Japanese is in
   * <node>.ja.json), read at runtime through nodeErrors(type, errors). Placeholders: __name__.
   */
  errors?: Readonly<Record<string, string>>;
  /** The operation a new node starts with (default: get, else the first). */
  defaultOperation?: string;
  operations: OperationTable;
}

/** Every typedInput offers these besides its literal types. */
export const DYNAMIC_TYPES: readonly TypedInputType[] = ['msg', 'flow', 'global', 'env', 'jsonata'];

const LITERAL_TYPES: Record<InputKind, readonly TypedInputType[]> = {
  string: ['str'],
  // "not set": the operation's default applies (create: the seed's default; update: unchanged).
  boolean: ['default', 'bool'],
  number: ['num'],
  object: ['json'],
  list: ['json', 'str'],
  stringOrList: ['json', 'str'],
  any: ['str', 'num', 'bool', 'json'],
};

/** The typedInput types an input offers: its own `types`, else what its kind implies. */
export function typedInputTypes(spec: InputSpec): readonly TypedInputType[] {
  if (spec.types) return spec.types;
  // A secret typed in the dialog is a credential; a reference is a regular property.
  if (spec.credential) return ['cred', 'msg', 'flow', 'global', 'env'];
  return [...LITERAL_TYPES[spec.kind], ...DYNAMIC_TYPES];
}

/** The type a new (empty) input starts with. */
export function defaultTypedInputType(spec: InputSpec): TypedInputType {
  if (spec.credential) return 'cred';
  if (spec.kind === 'list' || spec.kind === 'stringOrList' || spec.kind === 'any') return 'str';
  return typedInputTypes(spec)[0];
}

export interface OperationPermission {
  node: string;
  operation: string;
  label: string;
  application: string | null;
  delegated: string | null;
  note?: string;
}

/** Every operation of the given nodes with its least-privileged permissions (for permission checks and the README). */
export function operationPermissions(nodes: readonly NodeSpec[]): OperationPermission[] {
  return nodes.flatMap((n) =>
    Object.entries(n.operations).map(([operation, def]) => ({
      node: n.type,
      operation,
      label: def.label,
      application: def.permissions.application,
      delegated: def.permissions.delegated,
      ...(def.permissions.note ? { note: def.permissions.note } : {}),
    })),
  );
}
