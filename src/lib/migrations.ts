// Saved configs of older versions, upgraded when they are loaded: by the runtime before a node
// reads its config, and by the editor when a flow is loaded or imported (the same code, bundled
// into resources/entra-editor.js). Each node's config carries `version`; 0.1.0 saved none.
import type { EditorInput } from './editor-spec';

/** The config version the nodes write. 1: 0.1.0 (no `version` property). */
export const CONFIG_VERSION = 2;

type Config = Record<string, any>;

/** Upgrades `config` in place to CONFIG_VERSION; true when anything changed. */
export function migrateConfig(config: Config, inputs: Record<string, EditorInput>): boolean {
  const version = Number(config.version) || 1;
  const named = fromContractNames(config, inputs);
  if (version >= CONFIG_VERSION) return named;
  if (version < 2) toVersion2(config, inputs);
  config.version = CONFIG_VERSION;
  return true;
}

/**
 * An input that CONTRACT.md names after a property every node has (entra-app
 * addFederatedCredential's `name`): a flow written with the contract's name (by hand, in any
 * version) is read as the input's own name (`name`/`nameType` → `credentialName`/`credentialNameType`).
 * A node saved by the dialog has the input's type already, and its `name` stays the node's name.
 * Without `nameType`, `name` is taken only when the node is set to an operation that reads it.
 */
function fromContractNames(config: Config, inputs: Record<string, EditorInput>): boolean {
  let changed = false;
  const given = (v: unknown) => v !== undefined && v !== null && v !== '';
  for (const [name, input] of Object.entries(inputs)) {
    const from = input.contractName;
    if (!from || given(config[name]) || given(config[`${name}Type`]) || !given(config[from])) continue;
    const type = config[`${from}Type`];
    if (!given(type) && !input.contractOperations?.includes(config.operation)) continue;
    config[name] = typeof config[from] === 'string' ? config[from] : String(config[from]);
    config[`${name}Type`] = given(type) ? type : 'str';
    changed = true;
  }
  return changed;
}

/** 0.1.0 → 2: consistencyLevel became a boolean; missing inputs get what the runtime read them as. */
function toVersion2(config: Config, inputs: Record<string, EditorInput>): void {
  if (inputs.consistencyLevel && (config.consistencyLevelType ?? 'str') === 'str') {
    const text = String(config.consistencyLevel ?? '')
      .trim()
      .toLowerCase();
    // 0.1.0 sent the text as the header: "eventual" meant eventual, empty meant nothing.
    if (text === '') Object.assign(config, { consistencyLevel: '', consistencyLevelType: 'default' });
    else if (text === 'eventual' || text === 'true') Object.assign(config, { consistencyLevel: 'true', consistencyLevelType: 'bool' });
    else if (text === 'false') Object.assign(config, { consistencyLevel: 'false', consistencyLevelType: 'bool' });
  }
  for (const [name, input] of Object.entries(inputs)) {
    if (!input.types) {
      if (config[name] === undefined) config[name] = input.value;
      continue;
    }
    const typeKey = `${name}Type`;
    if (config[typeKey] !== undefined && config[typeKey] !== '') {
      // A typedInput's value is text (a hand-written flow may hold true or 30, or nothing).
      if (typeof config[name] === 'boolean' || typeof config[name] === 'number') config[name] = String(config[name]);
      else if (config[name] === undefined || config[name] === null) config[name] = '';
      continue;
    }
    const value = config[name];
    if (value === undefined || value === '' || value === null) {
      config[name] = input.value;
      config[typeKey] = input.type;
    } else {
      // 0.1.0 read a property without a type as str: the literal type that reads the same.
      const [literal, type] = literalOf(value, input);
      config[name] = literal;
      config[typeKey] = type;
    }
  }
}

function literalOf(value: unknown, input: EditorInput): [string, string] {
  const types = input.types ?? [];
  if (input.credential) return [String(value), 'cred'];
  if (typeof value === 'boolean' || (input.kind === 'boolean' && /^(true|false)$/.test(String(value).trim()))) {
    if (types.includes('bool')) return [String(value).trim(), 'bool'];
  }
  if (typeof value === 'number' && types.includes('num')) return [String(value), 'num'];
  if (typeof value === 'object' && types.includes('json')) return [JSON.stringify(value), 'json'];
  return [typeof value === 'object' ? JSON.stringify(value) : String(value), types.includes('str') ? 'str' : (types[0] ?? 'str')];
}
