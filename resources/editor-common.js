/* Shared editor code for the Microsoft Entra ID nodes: typedInputs per input kind, and rows that
 * show only for the operations that read them (`<div class="form-row" data-ops="create,update">`).
 * Served by Node-RED from this package's resources/ folder. */
(function () {
  'use strict';
  if (window.EntraEditor) return;

  // "not set": the operation's default applies (create: the seed's default; update: unchanged).
  var UNSET = { value: 'default', label: 'not set', hasValue: false, icon: 'fa fa-circle-o' };
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

  window.EntraEditor = { defaults: defaults, prepare: prepare, TYPES: TYPES, UNSET: UNSET, color: '#7FBCEA', category: 'Microsoft Entra ID' };
})();
