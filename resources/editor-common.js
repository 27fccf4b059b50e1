/* Shared editor code for the Microsoft Entra ID nodes: register() (palette look, the request
 * nodes' defaults, label), the rows several nodes share (name, connection, operation, the list
 * options, debug) filled into placeholders of each node's template, typedInputs per input kind,
 * and rows that show only for the operations that read them (`<div class="form-row" data-ops="create,update">`).
 * Served by Node-RED from this package's resources/ folder; each node's .html loads it before its
 * own script. */
(function () {
  'use strict';
  if (window.EntraEditor) return;

  // "not set": the operation's default applies (create: the seed's default; update: unchanged).
  var UNSET = { value: 'default', label: 'not set', hasValue: false, icon: 'fa fa-circle-o' };
  var COLOR = '#7FBCEA';
  var CATEGORY = 'Microsoft Entra ID';
  var DYNAMIC = ['msg', 'flow', 'global', 'env', 'jsonata'];

  var TYPES = {
    string: ['str'].concat(DYNAMIC),
    boolean: [UNSET, 'bool'].concat(DYNAMIC),
    number: ['num'].concat(DYNAMIC),
    object: ['json'].concat(DYNAMIC),
    list: ['json', 'str'].concat(DYNAMIC),
    any: ['str', 'num', 'bool', 'json'].concat(DYNAMIC),
    // A secret typed in the dialog is kept in the node's credentials (a credential named like the input).
    secret: ['cred', 'msg', 'flow', 'global', 'env'],
  };

  var DEFAULT_TYPE = { string: 'str', boolean: 'default', number: 'num', object: 'json', list: 'str', any: 'str', secret: 'cred' };

  /** Node defaults for typed inputs: `name` and `nameType` for each field of `fields` {name: kind}. */
  function defaults(fields, overrides) {
    var out = {};
    Object.keys(fields).forEach(function (name) {
      var kind = fields[name];
      if (kind !== 'secret') out[name] = { value: '' };
      out[name + 'Type'] = { value: DEFAULT_TYPE[kind] || 'str' };
    });
    return Object.assign(out, overrides || {});
  }

  /** Builds every typedInput and wires the operation select to the rows. */
  function prepare(node, fields, options) {
    options = options || {};
    Object.keys(fields).forEach(function (name) {
      var kind = fields[name];
      var input = $('#node-input-' + name);
      if (!input.length) return;
      var typeField = $('#node-input-' + name + 'Type');
      if (!typeField.length) {
        typeField = $('<input type="hidden">').attr('id', 'node-input-' + name + 'Type');
        input.after(typeField);
      }
      var type = node[name + 'Type'] || (node[name] === '' || node[name] === undefined ? DEFAULT_TYPE[kind] : 'str');
      typeField.val(type);
      input.typedInput({ default: DEFAULT_TYPE[kind] || 'str', types: TYPES[kind] || TYPES.string, typeField: typeField });
      input.typedInput('type', type);
    });
    var select = $('#node-input-operation');
    function refresh() {
      var op = select.val();
      $('.form-row[data-ops]').each(function () {
        var ops = String($(this).attr('data-ops')).split(',');
        $(this).toggle(op === 'msg' || ops.indexOf(op) !== -1);
      });
      if (options.onOperation) options.onOperation(op);
    }
    select.on('change', refresh);
    refresh();
  }

  // The rows several nodes share, by property. A node's template asks for them with a placeholder
  // `<div data-entra-rows="filter,search" data-ops="list"></div>`; its own texts (placeholders,
  // operations) come from its register() spec.
  var ROWS = {
    name: { label: 'Name', icon: 'tag', placeholder: 'Name' },
    connection: { label: 'Connection', icon: 'plug' },
    operation: { label: 'Operation', icon: 'wrench' },
    displayName: { label: 'Display name' },
    additionalProperties: { label: 'Additional properties' },
    uniqueName: { label: 'Unique name' },
    useAsUpsert: { label: 'Use as upsert' },
    select: { label: 'Select' },
    filter: { label: 'Filter' },
    search: { label: 'Search' },
    orderBy: { label: 'Order by', placeholder: 'displayName' },
    expand: { label: 'Expand' },
    count: { label: 'Count' },
    top: { label: 'Top (page size)', placeholder: '100 (999 with Get all)' },
    getAll: { label: 'Get all pages' },
    pageOutput: { label: 'Output', options: [['array', 'all items in one message'], ['perPage', 'one message per page (msg.parts)']] },
    consistencyLevel: { label: 'Consistency level', placeholder: 'eventual' },
    debugRequest: { label: 'Debug', icon: 'bug', checkbox: 'log requests (secrets redacted)' },
  };

  function escape(text) {
    return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  /** The HTML of the shared row for `prop`, shown for the operations `ops` (all when empty). */
  function row(prop, ops, spec) {
    var def = ROWS[prop];
    if (!def) throw new Error('EntraEditor: no shared row "' + prop + '"');
    var id = 'node-input-' + prop;
    var label = '<label for="' + id + '">' + (def.icon ? '<i class="fa fa-' + def.icon + '"></i> ' : '') + def.label + '</label>';
    var options = prop === 'operation' ? operationOptions(spec.operations) : def.options;
    var placeholder = (spec.placeholders || {})[prop] || def.placeholder;
    var input;
    if (options) {
      input = '<select id="' + id + '">' + options.map(function (o) {
        return '\n      <option value="' + escape(o[0]) + '">' + escape(o[1]) + '</option>';
      }).join('') + '\n    </select>';
    } else if (def.checkbox) {
      input = '<input type="checkbox" id="' + id + '" style="width: auto"> ' + def.checkbox;
    } else {
      input = '<input type="text" id="' + id + '"' + (placeholder ? ' placeholder="' + escape(placeholder) + '"' : '') + '>';
    }
    return '<div class="form-row"' + (ops ? ' data-ops="' + escape(ops) + '"' : '') + '>\n    ' + label + '\n    ' + input + '\n  </div>';
  }

  /** `{value: label}` in menu order, then "From msg.operation". */
  function operationOptions(operations) {
    return Object.keys(operations || {}).map(function (op) { return [op, operations[op]]; }).concat([['msg', 'From msg.operation']]);
  }

  var PLACEHOLDER = /<div\s+data-entra-rows="([^"]+)"(?:\s+data-ops="([^"]*)")?\s*><\/div>/g;

  /** Replaces the shared-row placeholders in the node's template (read by Node-RED when a dialog opens). */
  function expandTemplate(type, spec) {
    var template = $('script[data-template-name="' + type + '"]');
    if (!template.length) return false;
    // A script element's text is the template's HTML as written.
    template.text(template.text().replace(PLACEHOLDER, function (all, props, ops) {
      return props.split(',').map(function (prop) { return row(prop.trim(), ops, spec); }).join('\n  ');
    }));
    return true;
  }

  /**
   * Registers a node type of this package: palette category, colour and icon, name-or-label, and,
   * unless `requests: false`, the request node's defaults (a required connection, `operation` when
   * it has `operations`, pageOutput, debugRequest) and typed inputs.
   * spec: fields {name: kind}; operations {value: menu label} (default `operation`, else 'get');
   * defaults (the node's own, placed after name/connection/operation); label (a prefix for
   * "prefix: operation", or a function used when the node has no name); placeholders {prop: text}
   * for the shared rows; credentials, inputs, oneditprepare (after the typed inputs are built).
   */
  // "entra subscription" is too wide for a palette node: it would wrap onto two lines.
  var PALETTE_LABELS = { 'entra-subscription': 'subscription' };

  function register(type, spec) {
    if (!expandTemplate(type, spec)) {
      // Not in the page yet: Node-RED appends a module's templates with its scripts.
      setTimeout(function () { expandTemplate(type, spec); }, 0);
    }
    var requests = spec.requests !== false;
    var fixed = { name: { value: '' } };
    if (requests) {
      fixed.connection = { value: '', type: 'entra-connection', required: true };
      if (spec.operations) fixed.operation = { value: spec.operation || 'get' };
    }
    Object.assign(fixed, spec.defaults);
    if (requests) {
      fixed.pageOutput = { value: 'array' };
      fixed.debugRequest = { value: false };
    }
    var describe = typeof spec.label === 'function' ? spec.label : function () {
      return spec.label + ': ' + (this.operation === 'msg' ? 'msg.operation' : this.operation);
    };
    var def = {
      category: CATEGORY,
      color: COLOR,
      // Each node its own icon (icons/<type>.svg) and a palette label that fits on one line.
      icon: spec.icon || type + '.svg',
      inputs: spec.inputs === undefined ? 1 : spec.inputs,
      outputs: 1,
      paletteLabel: spec.paletteLabel || PALETTE_LABELS[type] || type.replace(/^entra-/, 'entra '),
      defaults: defaults(spec.fields || {}, fixed),
      label: function () {
        return this.name || describe.call(this);
      },
      labelStyle: function () {
        return this.name ? 'node_label_italic' : '';
      },
      oneditprepare: function () {
        if (spec.fields) prepare(this, spec.fields);
        if (spec.oneditprepare) spec.oneditprepare.call(this);
      },
    };
    if (spec.credentials) def.credentials = spec.credentials;
    RED.nodes.registerType(type, def);
  }

  window.EntraEditor = { defaults: defaults, prepare: prepare, register: register, TYPES: TYPES, UNSET: UNSET, color: COLOR, category: CATEGORY };
})();
