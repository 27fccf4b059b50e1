// What the editor needs of a node's table, as plain data: the rows each operation shows, and per
// input its typedInput types, starting type and value. The build writes it into the node's
// generated .html; the editor bundle (src/editor) and the runtime migrations read the same shape.
import type { InputKind, InputSpec, TypedInputType } from './inputs';
import { CONFIG_VERSION } from './migrations';
import { defaultTypedInputType, NodeSpec, typedInputTypes } from './operations';
import { DEBUG_REQUEST } from './shared-inputs';

export interface EditorInput {
  kind: InputKind;
  /** The typedInput types; absent for a plain setting (a select or checkbox). */
  types?: TypedInputType[];
  /** The type a new node's input starts with. */
  type?: TypedInputType;
  /** A new node's value. */
  value: string | boolean;
  credential?: true;
  /** A select of these values (its texts are in the catalogue). */
  choices?: string[];
  /** The contract's name for this input, a reserved node property (InputSpec.contractName). */
  contractName?: string;
  /** With contractName: the operations that read this input. */
  contractOperations?: string[];
}

export interface EditorSpec {
  type: string;
  version: number;
  paletteLabel: string;
  icon: string;
  label: string;
  /** Operation → the inputs whose rows it shows; absent for a node with one operation. */
  operations?: Record<string, string[]>;
  defaultOperation?: string;
  /** Every input, in the dialog's order. */
  inputs: Record<string, EditorInput>;
}

/**
 * Node properties of every node: an input of the same name cannot have a row of its own (its
 * value would be the node's name). Where CONTRACT.md names an input so (entra-app
 * addFederatedCredential's `name`), the input gets another name and `contractName` (InputSpec).
 */
export const RESERVED_PROPERTIES = ['name', 'connection', 'operation', 'version', 'debugRequest'];

/** The inputs of every operation in the dialog's order: the node's `inputs` first, then in order of appearance. */
export function inputsInOrder(node: NodeSpec): [string, InputSpec][] {
  const used = new Map<string, InputSpec>();
  for (const def of Object.values(node.operations)) {
    for (const [name, spec] of Object.entries(def.inputs)) if (!used.has(name) && !RESERVED_PROPERTIES.includes(name)) used.set(name, spec);
  }
  const order = [...Object.keys(node.inputs ?? {}).filter((n) => used.has(n)), ...used.keys()];
  return [...new Set(order)].map((name) => [name, (node.inputs?.[name] as InputSpec | undefined) ?? used.get(name)!]);
}

export function editorInput(spec: InputSpec): EditorInput {
  const initial =
    spec.initial ?? (typeof spec.default === 'string' || (spec.plain && typeof spec.default === 'boolean') ? spec.default : '');
  const out: EditorInput = { kind: spec.kind, value: initial as string | boolean };
  if (spec.choices) out.choices = Object.keys(spec.choices);
  if (!spec.plain && !spec.choices) {
    out.types = [...typedInputTypes(spec)];
    out.type = defaultTypedInputType(spec);
  }
  if (spec.credential) out.credential = true;
  if (spec.contractName) out.contractName = spec.contractName;
  return out;
}

export function editorSpec(node: NodeSpec): EditorSpec {
  const ops = Object.keys(node.operations);
  const spec: EditorSpec = {
    type: node.type,
    version: CONFIG_VERSION,
    paletteLabel: node.paletteLabel,
    icon: node.icon,
    label: node.label,
    inputs: {},
  };
  if (ops.length > 1) {
    spec.operations = Object.fromEntries(
      Object.entries(node.operations).map(([op, def]) => [op, Object.keys(def.inputs).filter((n) => !RESERVED_PROPERTIES.includes(n))]),
    );
    spec.defaultOperation = node.defaultOperation ?? (ops.includes('get') ? 'get' : ops[0]);
  }
  for (const [name, input] of inputsInOrder(node)) {
    spec.inputs[name] = editorInput(input);
    if (input.contractName)
      spec.inputs[name].contractOperations = Object.keys(node.operations).filter((op) => name in node.operations[op].inputs);
  }
  spec.inputs.debugRequest = editorInput(DEBUG_REQUEST);
  return spec;
}
