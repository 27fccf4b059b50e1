// The editor side of every node of this package, bundled by the build (esbuild) into
// resources/entra-editor.js, which each node's .html loads. A table-driven node's .html is
// generated (scripts/generate.js): its rows, texts (data-i18n) and an EditorSpec; this registers
// it: defaults, typedInputs, the rows each operation shows, validation, credentials, migrations.
// The connection and the trigger are hand-written and use register() with their own options.
import type { EditorInput, EditorSpec } from '../lib/editor-spec';
import { migrateConfig } from '../lib/migrations';
import { customLabels } from './labels';
import type { EditorNode, NodeDefault } from './red';

const CATEGORY = 'Microsoft Entra ID';
const COLOR = '#7FBCEA';
const PWRD = '__PWRD__';

/** What a node's .html gives register(): a generated spec, and/or hand-written parts. */
export interface RegisterOptions {
  spec?: EditorSpec;
  /** Hand-written nodes: the node's own defaults, credentials, inputs count and hooks. */
  requests?: boolean;
  defaults?: Record<string, NodeDefault>;
  credentials?: Record<string, { type: string }>;
  inputs?: number;
  label?: (this: EditorNode) => string;
  paletteLabel?: string;
  icon?: string;
  oneditprepare?: (this: EditorNode) => void;
}

const specs: Record<string, EditorSpec> = {};

// Flows saved by older versions (and imported examples) are upgraded as they are added to the
// workspace, with the code the runtime runs (src/lib/migrations.ts).
let listening = false;
function listenForNodes(): void {
  if (listening || !window.RED?.events) return;
  listening = true;
  RED.events.on('nodes:add', (node: EditorNode) => {
    const spec = specs[node.type];
    if (spec) migrateConfig(node, spec.inputs);
  });
}

function typedInputs(spec: EditorSpec): [string, EditorInput][] {
  return Object.entries(spec.inputs).filter(([, input]) => input.types);
}

/** The operation the dialog (or else the node) is set to. */
function currentOperation(node: EditorNode): string | undefined {
  const select = $('#node-input-operation');
  return select.length ? String(select.val()) : node.operation;
}

/** An empty input is valid; so is one that the chosen operation does not read (its row is hidden). */
function validator(spec: EditorSpec, name: string) {
  return function (this: EditorNode, value: unknown, opt?: unknown): boolean | string {
    if (value === '' || value === undefined || value === null) return true;
    const op = currentOperation(this);
    if (spec.operations && op !== 'msg' && !spec.operations[op ?? '']?.includes(name)) return true;
    const field = $(`#node-input-${name}Type`);
    const type = (field.length ? String(field.val()) : '') || this[`${name}Type`] || 'str';
    if (!['json', 'num', 'msg', 'flow', 'global', 'jsonata'].includes(type)) return true;
    return RED.utils.validateTypedProperty(value, type, opt);
  };
}

function defaultsOf(spec: EditorSpec, options: RegisterOptions): Record<string, NodeDefault> {
  const defaults: Record<string, NodeDefault> = { name: { value: '' }, version: { value: spec.version } };
  defaults.connection = { value: '', type: 'entra-connection', required: true };
  if (spec.operations) defaults.operation = { value: spec.defaultOperation };
  for (const [name, input] of Object.entries(spec.inputs)) {
    if (input.types) {
      defaults[name] = { value: input.value, validate: validator(spec, name) };
      defaults[`${name}Type`] = { value: input.type };
    } else {
      defaults[name] = { value: input.value };
    }
  }
  return Object.assign(defaults, options.defaults);
}

function notSet(node: EditorNode) {
  // "not set": the operation's default applies (create: the seed's default; update: unchanged).
  return { value: 'default', label: node._ ? node._('entra.notSet') : 'not set', hasValue: false, icon: 'fa fa-circle-o' };
}

function prepareTypedInputs(node: EditorNode, spec: EditorSpec): void {
  for (const [name, input] of typedInputs(spec)) {
    const element = $(`#node-input-${name}`);
    if (!element.length) continue;
    const typeField = $(`#node-input-${name}Type`);
    const saved = node[`${name}Type`];
    const type = saved || (node[name] === '' || node[name] === undefined ? input.type : 'str');
    typeField.val(type);
    // A secret's reference is a regular property; Node-RED filled the field from the credential.
    if (input.credential && type !== 'cred') element.val(node[name] ?? '');
    const types = (input.types ?? []).map((t) => (t === 'default' ? notSet(node) : t));
    element.typedInput({ default: input.type, types, typeField });
    element.typedInput('type', type);
  }
}

function showRowsOfOperation(spec: EditorSpec): void {
  const select = $('#node-input-operation');
  const refresh = () => {
    const op = String(select.val());
    $('#dialog-form .form-row[data-ops]').each(function () {
      const ops = String($(this).attr('data-ops')).split(',');
      $(this).toggle(op === 'msg' || ops.includes(op));
    });
  };
  if (!spec.operations) return;
  select.on('change', refresh);
  refresh();
}

/**
 * A secret typed literally goes to the credentials and its property stays empty; a
 * msg/flow/global/env reference stays a regular property (so it is exported and deployed) and
 * clears the credential. The field is then renamed so that Node-RED does not save it once more.
 */
function saveSecrets(node: EditorNode, spec: EditorSpec): void {
  for (const [name, input] of typedInputs(spec)) {
    if (!input.credential) continue;
    const element = $(`#node-input-${name}`);
    if (!element.length) continue;
    const type = String($(`#node-input-${name}Type`).val() || input.type);
    const value = String(element.typedInput('value') ?? '');
    const creds = (node.credentials = node.credentials ?? {});
    if (type === 'cred') {
      if (node[name] !== '') node[name] = '';
      const unchanged = value === PWRD || (value === '' && !creds[`has_${name}`]) || value === creds[name];
      if (!unchanged) {
        creds[name] = value;
        creds[`has_${name}`] = value !== '';
      }
    } else {
      if (node[name] !== value) node[name] = value;
      if (value !== '' && (creds[`has_${name}`] || creds[name])) {
        creds[name] = '';
        creds[`has_${name}`] = false;
      }
    }
    element.attr('id', `entra-saved-${name}`);
  }
}

/**
 * An empty password field of a node that never had that credential: Node-RED counts it as a
 * change unless it knows there is none (has_<name> false), so Done would mark the node changed.
 */
function keepEmptyPasswordsUnchanged(node: EditorNode, credentials: Record<string, { type: string }>): void {
  for (const [name, def] of Object.entries(credentials)) {
    if (def.type !== 'password') continue;
    const field = $(`#node-input-${name}`);
    const creds = (node.credentials = node.credentials ?? {});
    if (field.length && field.val() === '' && creds[`has_${name}`] === undefined && !creds[name]) creds[`has_${name}`] = false;
  }
}

export function register(type: string, options: RegisterOptions): void {
  listenForNodes();
  const spec = options.spec;
  if (spec) specs[type] = spec;
  const credentials: Record<string, { type: string }> = { ...options.credentials };
  if (spec) for (const [name, input] of Object.entries(spec.inputs)) if (input.credential) credentials[name] = { type: 'password' };
  const defaults = spec ? defaultsOf(spec, options) : { name: { value: '' }, ...options.defaults };
  const custom = options.label ?? customLabels[type];
  const def: Record<string, unknown> = {
    category: CATEGORY,
    color: COLOR,
    icon: spec?.icon ?? options.icon ?? 'entra-id.svg',
    inputs: options.inputs ?? 1,
    outputs: 1,
    paletteLabel: spec?.paletteLabel ?? options.paletteLabel ?? type.replace(/^entra-/, 'entra '),
    defaults,
    label(this: EditorNode) {
      if (this.name) return this.name;
      if (custom) return custom.call(this);
      const op = this.operation === 'msg' ? 'msg.operation' : this.operation;
      return spec ? `${spec.label}${op ? `: ${op}` : ''}` : type;
    },
    labelStyle(this: EditorNode) {
      return this.name ? 'node_label_italic' : '';
    },
    oneditprepare(this: EditorNode) {
      if (spec) {
        prepareTypedInputs(this, spec);
        showRowsOfOperation(spec);
      }
      options.oneditprepare?.call(this);
    },
    oneditsave(this: EditorNode) {
      if (spec) saveSecrets(this, spec);
      keepEmptyPasswordsUnchanged(this, options.credentials ?? {});
    },
  };
  if (Object.keys(credentials).length) def.credentials = credentials;
  RED.nodes.registerType(type, def);
}

window.EntraEditor = { register, category: CATEGORY, color: COLOR };
