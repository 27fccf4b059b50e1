// Typed inputs: every input of a node is a property `<name>` with its type in `<name>Type`
// (str when missing). Evaluation uses Node-RED's callback form, the only one that works for
// JSONata and for non-memory context stores. Empty inputs are left out (undefined), never sent.
import { inputError } from './errors';
import type { NodeMessage, RED, RedNode } from './red';

export type InputKind = 'string' | 'boolean' | 'number' | 'object' | 'list' | 'stringOrList' | 'any';

export interface InputSpec {
  kind: InputKind;
  required?: boolean;
  /** Used when the input is empty (e.g. create's accountEnabled = true). */
  default?: unknown;
  /** A secret: its value is kept in the node's credentials, never in flows.json. */
  credential?: boolean;
}

export type InputSpecs = Record<string, InputSpec>;
export type Values = Record<string, any>;

/** Custom typedInput type meaning "not set": the operation's default applies (or nothing is sent). */
export const UNSET_TYPE = 'default';

export function evaluateProperty(RED: RED, node: RedNode, msg: NodeMessage, value: unknown, type: string): Promise<unknown> {
  if (type === UNSET_TYPE) return Promise.resolve(undefined);
  if ((type === 'str' || type === 'json' || type === 'num' || type === 'env' || type === 'jsonata') && (value === '' || value === undefined || value === null)) {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    try {
      RED.util.evaluateNodeProperty(value, type, node, msg, (err, result) => (err ? reject(err) : resolve(result)));
    } catch (err) {
      reject(err);
    }
  });
}

export async function readInputs(RED: RED, node: RedNode, config: Record<string, any>, msg: NodeMessage, specs: InputSpecs): Promise<Values> {
  const values: Values = {};
  for (const [name, spec] of Object.entries(specs)) {
    let type = config[`${name}Type`] || 'str';
    // The editor's "credential" typedInput type is a literal kept in the credentials.
    if (type === 'cred') type = 'str';
    // (A hand-written flow may carry it as a plain property instead.)
    const stored = spec.credential ? (node.credentials?.[name] ?? config[name]) : config[name];
    let raw: unknown;
    try {
      raw = await evaluateProperty(RED, node, msg, stored, type);
    } catch (err) {
      throw inputError(name, `could not be read (${(err as Error).message})`);
    }
    const value = coerce(name, spec.kind, raw);
    if (value === undefined) {
      if (spec.default !== undefined) values[name] = spec.default;
      else if (spec.required) throw inputError(name, type === 'env' ? unsetEnvProblem(RED, node, stored) : 'is required');
    } else {
      values[name] = value;
    }
  }
  return values;
}

export function coerce(name: string, kind: InputKind, raw: unknown): unknown {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' && raw.trim() === '' && kind !== 'any') return undefined;
  switch (kind) {
    case 'string':
      if (typeof raw === 'string') return raw.trim();
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      throw inputError(name, `must be text, got ${describe(raw)}`);
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw inputError(name, `must be true or false, got ${describe(raw)}`);
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw inputError(name, `must be a number, got ${describe(raw)}`);
      return n;
    }
    case 'object': {
      const obj = typeof raw === 'string' ? parseJson(name, raw) : raw;
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw inputError(name, `must be a JSON object, got ${describe(obj)}`);
      return obj;
    }
    case 'list': {
      const list = typeof raw === 'string' ? (raw.trim().startsWith('[') ? parseJson(name, raw) : raw.split(',').map((s) => s.trim()).filter(Boolean)) : raw;
      if (!Array.isArray(list)) throw inputError(name, `must be a list (array or comma-separated text), got ${describe(list)}`);
      return list;
    }
    case 'stringOrList':
      if (Array.isArray(raw)) return raw;
      if (typeof raw === 'string' && raw.trim().startsWith('[')) return parseJson(name, raw);
      return coerce(name, 'string', raw);
    case 'any':
    default:
      return raw;
  }
}

/** Why a required env-typed input is empty: names the variable(s) that are not set. */
function unsetEnvProblem(RED: RED, node: RedNode, value: unknown): string {
  const text = String(value ?? '').trim();
  // `${A}-${B}` templates name several; a bare `A` names one. Read as Node-RED does (flow and
  // group env first, then the process), so a variable set on the flow is not called unset.
  const names = text.includes('${') ? [...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1].trim()) : [text];
  const read = (n: string) => (RED.util.getSetting ? RED.util.getSetting(node, n) : process.env[n]);
  const unset = names.filter((n) => n && read(n) === undefined);
  if (!unset.length) return 'is required (its environment variable is empty)';
  return `environment variable ${unset.join(', ')} is not set (the input is required)`;
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw inputError(name, `is not valid JSON (${(err as Error).message})`);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
