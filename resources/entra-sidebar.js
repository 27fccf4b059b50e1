/* The "Entra ID" sidebar tab: what the Entra ID nodes of this Node-RED are doing, live.
 * Per connection: sign-in type and source, signed-in account, token expiry, granted and missing
 * permissions, throttling (last 429, Retry-After). Per entra-trigger: its subscription (resource, id,
 * expiry, next renewal) or polling state (last poll, last change) and counts of notifications
 * received, emitted, refused (wrong clientState), dropped and duplicates (repeated deliveries
 * dropped). The last errors of each node (time,
 * operation, code, request-id); a click reveals the node. Data from GET entra-id/status (needs
 * entra-connection.read); RED.comms topic entra-id/activity says when to read it again.
 * Loaded once by entra-connection.html. */
(function () {
  'use strict';
  if (window.EntraSidebar) return;
  window.EntraSidebar = true;

  var AUTH = {
    clientCredentials: 'App only (client credentials)',
    authorizationCode: 'User sign-in (authorization code)',
    deviceCode: 'User sign-in (device code)',
    managedIdentity: 'Managed identity',
  };

  function text(tag, cls, value) {
    return $('<' + tag + '>')
      .addClass(cls || '')
      .text(value === undefined || value === null ? '' : String(value));
  }
  function time(iso) {
    if (!iso) return '–';
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }
  function nodeLabel(id, fallback) {
    var n = RED.nodes.node(id);
    return (n && (n.name || (n._def && typeof n._def.label === 'function' ? n._def.label.call(n) : n.type))) || fallback || id;
  }
  function revealLink(id, label) {
    return $('<a href="#" class="entra-sidebar-reveal">')
      .attr('data-id', id)
      .text(label)
      .on('click', function (e) {
        e.preventDefault();
        if (RED.nodes.node(id)) RED.view.reveal(id);
      });
  }
  function row(table, label, value, cls) {
    var tr = $('<tr>').appendTo(table);
    text('td', 'entra-sidebar-key', label).appendTo(tr);
    var td = $('<td>')
      .addClass(cls || '')
      .appendTo(tr);
    if (value instanceof $) td.append(value);
    else td.text(value === undefined || value === null || value === '' ? '–' : String(value));
    return tr;
  }
  function section(body, title) {
    var s = $('<div class="entra-sidebar-section">').appendTo(body);
    text('div', 'red-ui-palette-header entra-sidebar-title', title).appendTo(s);
    return s;
  }

  function render(body, data) {
    body.empty();
    var conns = section(body, 'Connections');
    if (!data.connections.length) text('div', 'entra-sidebar-empty', 'No deployed connection.').appendTo(conns);
    data.connections.forEach(function (c) {
      var box = $('<div class="entra-sidebar-connection">').attr('data-id', c.id).appendTo(conns);
      box.append($('<div class="entra-sidebar-name">').append(revealLink(c.id, c.name || nodeLabel(c.id, 'connection'))));
      var t = $('<table class="entra-sidebar-table">').appendTo(box);
      row(t, 'Sign-in', c.source || AUTH[c.authType] || c.authType);
      if (c.kind === 'delegated') row(t, 'Account', c.account, 'entra-sidebar-account');
      row(t, 'Token expires', time(c.tokenExpiresOn), 'entra-sidebar-expiry');
      if (c.signInError) row(t, 'Sign-in error', c.signInError, 'entra-sidebar-error');
      row(t, c.kind === 'delegated' ? 'Delegated' : 'Granted', c.granted ? c.granted.join(', ') || 'none' : '–', 'entra-sidebar-granted');
      var missing = $('<div>');
      (c.missing || []).forEach(function (m) {
        $('<div class="entra-sidebar-missing">')
          .append(revealLink(m.id, m.type + (m.name ? " '" + m.name + "'" : '') + ' (' + m.operation + ')'))
          .append(document.createTextNode(' needs ' + m.needs))
          .appendTo(missing);
      });
      row(t, 'Missing', (c.missing || []).length ? missing : 'none', 'entra-sidebar-missing-list');
      if (c.kind === 'delegated') row(t, '', "The signed-in user's directory role can still refuse an operation.");
      var th = c.throttling || {};
      row(
        t,
        'Throttling',
        th.count ? th.count + ' × 429, last ' + time(th.last429) + (th.retryAfter ? ', Retry-After ' + th.retryAfter + ' s' : '') : 'none',
        'entra-sidebar-throttling',
      );
    });

    var trig = section(body, 'Triggers');
    if (!data.triggers.length) text('div', 'entra-sidebar-empty', 'No deployed entra-trigger.').appendTo(trig);
    data.triggers.forEach(function (tr) {
      var box = $('<div class="entra-sidebar-trigger">').attr('data-id', tr.id).appendTo(trig);
      box.append($('<div class="entra-sidebar-name">').append(revealLink(tr.id, tr.name || nodeLabel(tr.id, 'entra-trigger'))));
      var t = $('<table class="entra-sidebar-table">').appendTo(box);
      row(t, 'Resource', tr.resource + ' · ' + tr.delivery);
      if (tr.subscription) {
        row(t, 'Subscription', tr.subscription.id || tr.subscription.state, 'entra-sidebar-subscription-id');
        row(t, 'Expires', time(tr.subscription.expirationDateTime));
        row(t, 'Next renewal', time(tr.subscription.nextRenewal));
      }
      if (tr.polling) {
        row(t, 'Polling', 'every ' + tr.polling.intervalSeconds + ' s');
        row(t, 'Last poll', time(tr.polling.lastPoll), 'entra-sidebar-last-poll');
        row(t, 'Last change', time(tr.polling.lastChange));
      }
      var k = tr.counts;
      ['received', 'emitted', 'refused', 'dropped', 'duplicates'].forEach(function (name) {
        row(t, name.charAt(0).toUpperCase() + name.slice(1), k[name] || 0, 'entra-count-' + name);
      });
    });

    var errs = section(body, 'Last errors');
    if (!data.errors.length) text('div', 'entra-sidebar-empty', 'None.').appendTo(errs);
    data.errors.forEach(function (e) {
      var box = $('<div class="entra-sidebar-errors">').attr('data-id', e.id).appendTo(errs);
      box.append($('<div class="entra-sidebar-name">').append(revealLink(e.id, e.name || nodeLabel(e.id, e.type))));
      e.entries.forEach(function (x) {
        var line = [time(x.time), x.operation, x.statusCode, x.code]
          .filter(function (v) {
            return v !== undefined && v !== null && v !== '';
          })
          .join(' · ');
        var item = $('<div class="entra-sidebar-error">').appendTo(box);
        text('div', '', line).appendTo(item);
        text('div', 'entra-sidebar-error-message', x.message).appendTo(item);
        if (x.requestId) text('div', 'entra-sidebar-request-id', 'request-id ' + x.requestId).appendTo(item);
      });
    });
  }

  function init() {
    if (!RED.sidebar || (RED.user && RED.user.hasPermission && !RED.user.hasPermission('entra-connection.read'))) return;
    var content = $('<div class="entra-sidebar">').css({ padding: '8px', overflowY: 'auto', height: '100%', boxSizing: 'border-box' });
    var body = $('<div class="entra-sidebar-body">').appendTo(content);
    $('<style>')
      .text(
        '.entra-sidebar-table{width:100%;border-collapse:collapse;margin:2px 0 10px}.entra-sidebar-table td{padding:2px 4px;vertical-align:top;word-break:break-word}' +
          '.entra-sidebar-key{width:35%;color:var(--red-ui-secondary-text-color,#888)}.entra-sidebar-name{font-weight:bold;margin-top:6px}' +
          '.entra-sidebar-error{margin:2px 0 6px 8px}.entra-sidebar-error-message{color:var(--red-ui-text-color-error,#c00)}.entra-sidebar-request-id{font-family:monospace;font-size:11px}' +
          '.entra-sidebar-missing{color:#b35c00}.entra-sidebar-title{margin:8px 0 4px}',
      )
      .appendTo(content);
    var pending = false;
    function refresh() {
      if (pending) return;
      pending = true;
      $.getJSON('entra-id/status')
        .done(function (data) {
          render(body, data);
        })
        .always(function () {
          pending = false;
        });
    }
    RED.sidebar.addTab({
      id: 'entra-id',
      label: 'Entra ID',
      name: 'Entra ID',
      iconClass: 'fa fa-id-card-o',
      content: content,
      enableOnEdit: true,
      onchange: refresh,
    });
    RED.comms.subscribe('entra-id/activity', refresh);
    RED.events.on('deploy', function () {
      setTimeout(refresh, 500);
    });
    refresh();
  }

  if (window.RED && RED.sidebar) $(init);
})();
