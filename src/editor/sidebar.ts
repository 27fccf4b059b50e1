// The "Entra ID" sidebar tab: what the Entra ID nodes of this Node-RED are doing, live. Bundled by
// the build (esbuild) into resources/entra-sidebar.js, which entra-connection.html loads once.
// Per connection: sign-in type and source (a message key the runtime sends), signed-in account, token expiry, granted and missing
// permissions, throttling (last 429, Retry-After). Per entra-trigger: its subscription (resource, id,
// expiry, next renewal) or polling state (last poll, last change) and counts of notifications
// received, emitted, refused (wrong clientState), dropped and duplicates (repeated deliveries
// dropped). The last errors of each node (time, operation, code, request-id); a click reveals the
// node. Data from GET entra-id/status (needs entra-connection.read); RED.comms topic
// entra-id/activity says when to read it again.
// Every text it shows is a message key of the connection's catalogue (section `sidebar` of
// src/config/entra-connection/connection-messages.ts; Japanese in entra-connection.ja.json), read
// with RED._ in the editor's language: the helpers text(), row(), section(), revealLink() and
// nodeLabel() take texts made by t()/authTypeText() or the runtime's values, never a literal
// (test/lib/runtime-text-scan.spec.js fails on one).
import type { CONNECTION_TEXTS } from '../config/entra-connection/connection-messages';
import type { ActivitySnapshot } from '../lib/activity';
import type { Keyed } from '../lib/auth/sign-in-messages';

/** The connection's catalogue: Node-RED namespaces a module's node set as "<module>/<set>". */
const NS = '@entra-red/node-red-entra-id/entra-connection';

type Texts = typeof CONNECTION_TEXTS;
/** "a" | "b.c" … : the keys of a catalogue section. */
type Keys<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Keys<T[K]>}` }[keyof T & string];
type SidebarKey = Keys<Texts['sidebar']>;
type AuthType = keyof Texts['choices']['authType'];
type CountName = keyof Texts['sidebar']['count'];

/** A node type (not a text): the label of a trigger the workspace does not know. */
const TRIGGER_TYPE = 'entra-trigger';
const COUNTS: CountName[] = ['received', 'emitted', 'refused', 'dropped', 'duplicates'];
const AUTH_TYPES: AuthType[] = ['clientCredentials', 'authorizationCode', 'deviceCode', 'managedIdentity'];

/** A sidebar text in the editor's language. */
function t(key: SidebarKey, subs?: Record<string, string | number>): string {
  return RED._(`${NS}:entra-connection.sidebar.${key}`, subs);
}

/** The name of a sign-in type (the connection dialog's choice); an unknown one as it comes. */
function authTypeText(type: string): string {
  return (AUTH_TYPES as string[]).includes(type) ? RED._(`${NS}:entra-connection.choices.authType.${type}`) : type;
}

/** A text the runtime sends as a message key of the connection's catalogue (Keyed), in the editor's language; `fallback` (the runtime's rendering) when the editor has no such key. */
function keyedText(text: Keyed | undefined, fallback: string | undefined): string | undefined {
  if (!text || typeof text.key !== 'string') return fallback;
  const resolve = (k: Keyed): string => {
    const args: Record<string, string | number> = {};
    for (const [name, v] of Object.entries(k.args ?? {})) args[name] = v && typeof v === 'object' ? resolve(v) : v;
    const full = `${NS}:${k.key}`;
    const shown = RED._(full, args);
    if (shown === full || shown === k.key) throw new Error('missing');
    return shown;
  };
  try {
    return resolve(text);
  } catch {
    return fallback;
  }
}

type Value = string | number | null | undefined;

function text(tag: string, cls: string, value: Value): JQuery {
  return $(`<${tag}>`)
    .addClass(cls || '')
    .text(value === undefined || value === null ? '' : String(value));
}

function time(iso: string | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function nodeLabel(id: string, fallback: string): string {
  const n = RED.nodes.node(id);
  const label = n && (n.name || (n._def && typeof n._def.label === 'function' ? n._def.label.call(n) : n.type));
  return label || fallback || id;
}

function revealLink(id: string, label: string): JQuery {
  return $('<a href="#" class="entra-sidebar-reveal">')
    .attr('data-id', id)
    .text(label)
    .on('click', (e) => {
      e.preventDefault();
      if (RED.nodes.node(id)) RED.view.reveal(id);
    });
}

function row(table: JQuery, label: string, value: Value | JQuery, cls?: string): JQuery {
  const tr = $('<tr>').appendTo(table);
  text('td', 'entra-sidebar-key', label).appendTo(tr);
  const td = $('<td>')
    .addClass(cls || '')
    .appendTo(tr);
  if (value instanceof $) td.append(value as JQuery);
  else td.text(value === undefined || value === null || value === '' ? '–' : String(value));
  return tr;
}

function section(body: JQuery, title: string): JQuery {
  const s = $('<div class="entra-sidebar-section">').appendTo(body);
  text('div', 'red-ui-palette-header entra-sidebar-title', title).appendTo(s);
  return s;
}

function throttlingText(th: ActivitySnapshot['connections'][number]['throttling'] | undefined): string {
  if (!th || !th.count) return t('none');
  const subs = { count: th.count, time: time(th.last429) };
  return th.retryAfter ? t('throttledRetryAfter', { ...subs, seconds: th.retryAfter }) : t('throttled', subs);
}

function renderConnections(body: JQuery, data: ActivitySnapshot): void {
  const conns = section(body, t('connections'));
  if (!data.connections.length) text('div', 'entra-sidebar-empty', t('noConnection')).appendTo(conns);
  for (const c of data.connections) {
    const box = $('<div class="entra-sidebar-connection">').attr('data-id', c.id).appendTo(conns);
    box.append($('<div class="entra-sidebar-name">').append(revealLink(c.id, c.name || nodeLabel(c.id, t('connection')))));
    const table = $('<table class="entra-sidebar-table">').appendTo(box);
    const delegated = c.kind === 'delegated';
    row(table, t('signIn'), keyedText(c.sourceText, c.source) || authTypeText(c.authType));
    if (delegated) row(table, t('account'), c.account, 'entra-sidebar-account');
    row(table, t('tokenExpires'), time(c.tokenExpiresOn), 'entra-sidebar-expiry');
    if (c.signInError) row(table, t('signInError'), c.signInError, 'entra-sidebar-error');
    row(table, delegated ? t('delegated') : t('granted'), c.granted ? c.granted.join(', ') || t('none') : '–', 'entra-sidebar-granted');
    const missing = $('<div>');
    for (const m of c.missing || []) {
      const subs = { type: m.type, name: m.name ?? '', operation: m.operation };
      $('<div class="entra-sidebar-missing">')
        .append(revealLink(m.id, m.name ? t('missingNode', subs) : t('missingNodeUnnamed', subs)))
        .append(document.createTextNode(` ${t('needs', { permission: m.needs })}`))
        .appendTo(missing);
    }
    row(table, t('missing'), (c.missing || []).length ? missing : t('none'), 'entra-sidebar-missing-list');
    if (delegated) row(table, '', t('directoryRole'));
    row(table, t('throttling'), throttlingText(c.throttling), 'entra-sidebar-throttling');
  }
}

function renderTriggers(body: JQuery, data: ActivitySnapshot): void {
  const trig = section(body, t('triggers'));
  if (!data.triggers.length) text('div', 'entra-sidebar-empty', t('noTrigger')).appendTo(trig);
  for (const tr of data.triggers) {
    const box = $('<div class="entra-sidebar-trigger">').attr('data-id', tr.id).appendTo(trig);
    box.append($('<div class="entra-sidebar-name">').append(revealLink(tr.id, tr.name || nodeLabel(tr.id, TRIGGER_TYPE))));
    const table = $('<table class="entra-sidebar-table">').appendTo(box);
    row(table, t('resource'), `${tr.resource} · ${tr.delivery}`);
    if (tr.subscription) {
      row(table, t('subscription'), tr.subscription.id || tr.subscription.state, 'entra-sidebar-subscription-id');
      row(table, t('expires'), time(tr.subscription.expirationDateTime));
      row(table, t('nextRenewal'), time(tr.subscription.nextRenewal));
    }
    if (tr.polling) {
      row(table, t('polling'), t('every', { seconds: tr.polling.intervalSeconds }));
      row(table, t('lastPoll'), time(tr.polling.lastPoll), 'entra-sidebar-last-poll');
      row(table, t('lastChange'), time(tr.polling.lastChange));
    }
    // A counter the runtime does not report (yet) shows 0.
    const counts: Partial<Record<CountName, number>> = tr.counts || {};
    for (const name of COUNTS) row(table, t(`count.${name}`), counts[name] || 0, `entra-count-${name}`);
  }
}

function renderErrors(body: JQuery, data: ActivitySnapshot): void {
  const errs = section(body, t('lastErrors'));
  if (!data.errors.length) text('div', 'entra-sidebar-empty', t('noErrors')).appendTo(errs);
  for (const e of data.errors) {
    const box = $('<div class="entra-sidebar-errors">').attr('data-id', e.id).appendTo(errs);
    box.append($('<div class="entra-sidebar-name">').append(revealLink(e.id, e.name || nodeLabel(e.id, e.type))));
    for (const x of e.entries) {
      const line = [time(x.time), x.operation, x.statusCode, x.code].filter((v) => v !== undefined && v !== null && v !== '').join(' · ');
      const item = $('<div class="entra-sidebar-error">').appendTo(box);
      text('div', '', line).appendTo(item);
      text('div', 'entra-sidebar-error-message', x.message).appendTo(item);
      if (x.requestId) text('div', 'entra-sidebar-request-id', t('requestId', { id: x.requestId })).appendTo(item);
    }
  }
}

function render(body: JQuery, data: ActivitySnapshot): void {
  body.empty();
  renderConnections(body, data);
  renderTriggers(body, data);
  renderErrors(body, data);
}

const STYLE =
  '.entra-sidebar-table{width:100%;border-collapse:collapse;margin:2px 0 10px}.entra-sidebar-table td{padding:2px 4px;vertical-align:top;word-break:break-word}' +
  '.entra-sidebar-key{width:35%;color:var(--red-ui-secondary-text-color,#888)}.entra-sidebar-name{font-weight:bold;margin-top:6px}' +
  '.entra-sidebar-error{margin:2px 0 6px 8px}.entra-sidebar-error-message{color:var(--red-ui-text-color-error,#c00)}.entra-sidebar-request-id{font-family:monospace;font-size:11px}' +
  '.entra-sidebar-missing{color:#b35c00}.entra-sidebar-title{margin:8px 0 4px}';

function init(): void {
  if (!RED.sidebar || (RED.user && RED.user.hasPermission && !RED.user.hasPermission('entra-connection.read'))) return;
  const content = $('<div class="entra-sidebar">').css({ padding: '8px', overflowY: 'auto', height: '100%', boxSizing: 'border-box' });
  const body = $('<div class="entra-sidebar-body">').appendTo(content);
  $('<style>').text(STYLE).appendTo(content);
  let pending = false;
  function refresh(): void {
    if (pending) return;
    pending = true;
    $.getJSON('entra-id/status')
      .done((data: ActivitySnapshot) => render(body, data))
      .always(() => {
        pending = false;
      });
  }
  RED.sidebar.addTab({
    id: 'entra-id',
    label: t('tab'),
    name: t('tab'),
    iconClass: 'fa fa-id-card-o',
    content,
    enableOnEdit: true,
    onchange: refresh,
  });
  RED.comms.subscribe('entra-id/activity', refresh);
  RED.events.on('deploy', () => {
    setTimeout(refresh, 500);
  });
  refresh();
}

if (!window.EntraSidebar) {
  window.EntraSidebar = true;
  if (window.RED && RED.sidebar) $(init);
}
