// Typed inputs: every input of a node is a property `<name>` with its type in `<name>Type`
// (str when missing). Evaluation uses Node-RED's callback form, the only one that works for
// JSONata and for non-memory context stores. Empty inputs are left out (undefined), never sent.
import { inputError } from './errors';
import { t } from './i18n';
import type { NodeMessage, RED, RedNode } from './red';

export type InputKind = 'string' | 'boolean' | 'number' | 'object' | 'list' | 'stringOrList' | 'any';

/** The typedInput types an input may offer ('cred': typed in the dialog, kept in credentials; 'default': "not set"). */
export type TypedInputType = 'str' | 'num' | 'bool' | 'json' | 'msg' | 'flow' | 'global' | 'env' | 'jsonata' | 'cred' | 'default';

/**
 * One input of an operation: how the runtime reads it (kind, required, default) and what the user
 * reads about it (label, placeholder, help). The texts are written here once; the editor, the help,
 * the message catalogues, docs/ and the browser tests are generated from them.
 */
export interface InputSpec {
  kind: InputKind;
  /** The row's label in the edit dialog (a few words). */
  label: string;
  /** One sentence: what the input means. Required/default/"not set" notes are added by the generator. */
  help: string;
  /** A Font Awesome icon before the label (e.g. globe). */
  icon?: string;
  /** Shown in the empty field (an example value); beside a plain boolean's checkbox, its text. */
  placeholder?: string;
  required?: boolean;
  /** Used when the input is empty (e.g. create's accountEnabled = true); a text default also prefills a new node's field. */
  default?: unknown;
  /** What a new node's field starts with, when that is not `default` (e.g. a subscription's resource /users). */
  initial?: string;
  /** A secret: its value is kept in the node's credentials, never in flows.json. */
  credential?: boolean;
  /** The typedInput types offered; when absent they follow from kind (see typedInputTypes). */
  types?: readonly TypedInputType[];
  /** A fixed choice, value → label: a select in the dialog instead of a typedInput. */
  choices?: Readonly<Record<string, string>>;
  /**
   * A plain setting (a select or checkbox), read by the operation from the node's config as is:
   * never evaluated as a typedInput (pageOutput, followPages, apiVersion).
   */
  plain?: boolean;
  /** Texts accepted for a value (e.g. consistencyLevel "eventual" → true). */
  aliases?: Readonly<Record<string, unknown>>;
  /**
   * The name CONTRACT.md gives this input when that name is a property every node has (see
   * RESERVED_PROPERTIES: entra-app addFederatedCredential's `name` is the node's own name). The
   * input has its own name and row; a flow written with the contract's name (`name` + `nameType`,
   * e.g. msg.name) is read as this input (src/lib/migrations.ts).
   */
  contractName?: string;
}

export type InputSpecs = Record<string, InputSpec>;
export type Values = Record<string, any>;

/** Custom typedInput type meaning "not set": the operation's default applies (or nothing is sent). */
export const UNSET_TYPE = 'default';

export function evaluateProperty(RED: RED, node: RedNode, msg: NodeMessage, value: unknown, type: string): Promise<unknown> {
  if (type === UNSET_TYPE) return Promise.resolve(undefined);
  if (
    (type === 'str' || type === 'json' || type === 'num' || type === 'env' || type === 'jsonata') &&
    (value === '' || value === undefined || value === null)
  ) {
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

export async function readInputs(
  RED: RED,
  node: RedNode,
  config: Record<string, any>,
  msg: NodeMessage,
  specs: InputSpecs,
): Promise<Values> {
  const values: Values = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.plain) continue;
    let type = config[`${name}Type`] || 'str';
    // The editor's "credential" typedInput type is a literal kept in the credentials.
    if (type === 'cred') type = 'str';
    // A secret typed in the dialog is in the credentials; a msg/flow/global/env reference is a
    // regular property (0.1.0 kept references in the credentials too, and a hand-written flow may
    // carry a literal as a plain property).
    const stored = spec.credential ? storedSecret(node, config, name, config[`${name}Type`] || 'str') : config[name];
    let raw: unknown;
    try {
      raw = await evaluateProperty(RED, node, msg, stored, type);
    } catch (err) {
      throw inputError(name, t('errors.couldNotRead', { reason: (err as Error).message }));
    }
    const aliased = typeof raw === 'string' && spec.aliases && Object.hasOwn(spec.aliases, raw.trim()) ? spec.aliases[raw.trim()] : raw;
    const value = coerce(name, spec.kind, aliased);
    if (value === undefined) {
      // An optional input (or one with a default) whose variable is not set: said once, not refused.
      if (type === 'env' && (spec.default !== undefined || !spec.required)) warnUnsetEnv(RED, node, name, stored, spec.default);
      if (spec.default !== undefined) values[name] = spec.default;
      else if (spec.required) throw inputError(name, type === 'env' ? unsetEnvProblem(RED, node, stored) : t('errors.required'));
    } else {
      values[name] = value;
    }
  }
  return values;
}

function storedSecret(node: RedNode, config: Record<string, any>, name: string, type: string): unknown {
  const credential = node.credentials?.[name];
  const property = config[name];
  const has = (v: unknown) => v !== undefined && v !== null && v !== '';
  if (type === 'cred' || type === 'str') return has(credential) ? credential : property;
  return has(property) ? property : credential;
}

export function coerce(name: string, kind: InputKind, raw: unknown): unknown {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' && raw.trim() === '' && kind !== 'any') return undefined;
  switch (kind) {
    case 'string':
      if (typeof raw === 'string') return raw.trim();
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      throw inputError(name, t('errors.mustBeText', { value: describe(raw) }));
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw inputError(name, t('errors.mustBeBoolean', { value: describe(raw) }));
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw inputError(name, t('errors.mustBeNumber', { value: describe(raw) }));
      return n;
    }
    case 'object': {
      const obj = typeof raw === 'string' ? parseJson(name, raw) : raw;
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
        throw inputError(name, t('errors.mustBeObject', { value: describe(obj) }));
      return obj;
    }
    case 'list': {
      const list =
        typeof raw === 'string'
          ? raw.trim().startsWith('[')
            ? parseJson(name, raw)
            : raw
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
          : raw;
      if (!Array.isArray(list)) throw inputError(name, t('errors.mustBeList', { value: describe(list) }));
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

/** The variables an env-typed input names, and those of them that are not set. */
function envNames(RED: RED, node: RedNode, value: unknown): { names: string[]; unset: string[] } {
  const text = String(value ?? '').trim();
  // `${A}-${B}` templates name several; a bare `A` names one. Read as Node-RED does (flow and
  // group env first, then the process), so a variable set on the flow is not called unset.
  const names = (text.includes('${') ? [...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1].trim()) : [text]).filter(Boolean);
  const read = (n: string) => (RED.util.getSetting ? RED.util.getSetting(node, n) : process.env[n]);
  return { names, unset: names.filter((n) => read(n) === undefined) };
}

/** Why a required env-typed input is empty: names the variable(s) that are not set, or empty. */
function unsetEnvProblem(RED: RED, node: RedNode, value: unknown): string {
  const { names, unset } = envNames(RED, node, value);
  if (!unset.length) return t('errors.envEmpty', { names: names.join(', ') });
  return t('errors.envUnset', { names: unset.join(', ') });
}

const warnedEnv = new WeakMap<object, Set<string>>();

/**
 * An optional env-typed input whose variable is not set (most often a typo or a variable missing
 * on this machine): one warning per node and variable naming it, and the msg goes on without the
 * input (or with its default). A variable set to empty leaves the input out without a warning.
 */
function warnUnsetEnv(RED: RED, node: RedNode, input: string, value: unknown, fallback: unknown): void {
  const { unset } = envNames(RED, node, value);
  if (!unset.length) return;
  const seen = warnedEnv.get(node) ?? new Set<string>();
  warnedEnv.set(node, seen);
  const key = `${input}:${unset.join(',')}`;
  if (seen.has(key)) return;
  seen.add(key);
  const names = unset.join(', ');
  node.warn(
    `${input}: ${
      fallback !== undefined
        ? t('errors.envUnsetDefault', { names, value: JSON.stringify(fallback) })
        : t('errors.envUnsetOptional', { names })
    }`,
  );
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw inputError(name, t('errors.invalidJson', { reason: (err as Error).message }));
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
