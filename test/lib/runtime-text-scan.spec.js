'use strict';
// Node statuses and the errors of the shared code are message keys (issue 18 item 6; i18n.ts): a
// node's status text (`statusText` of an error, the `text` of node.status({…})) and the message of
// an EntraError made in src/lib never hold an English literal. A source scan, so that a literal
// added later fails here (input errors and 404 reasons: test/lib/input-error-texts.spec.js).
const fs = require('fs');
const path = require('path');
require('should');
const ts = require('typescript');
const { repoRoot } = require('../support/node-red-path');

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Words in a literal (not only substitutions, spaces and punctuation). */
function literalWords(n) {
  const parts = ts.isTemplateExpression(n) ? [n.head.text, ...n.templateSpans.map((s) => s.literal.text)] : [n.text];
  return parts.some((p) => /[A-Za-z]{2,}/.test(p));
}

/** The literals of an expression, outside the calls in it (t('status.x', …) reads the catalogue). */
function literals(node) {
  const found = [];
  (function visit(n) {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return void found.push(n);
    if (ts.isTemplateExpression(n)) {
      found.push(n);
      return n.templateSpans.forEach((s) => visit(s.expression));
    }
    if (ts.isCallExpression(n)) return;
    if (ts.isConditionalExpression(n)) return [n.whenTrue, n.whenFalse].forEach(visit);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind !== ts.SyntaxKind.PlusToken) return visit(n.right);
    ts.forEachChild(n, visit);
  })(node);
  return found.filter(literalWords);
}

/**
 * "file:line: text" for each literal that `pick(node, report, rel)` reports (report(expression):
 * the literals of that expression) while walking every node of `file`.
 */
function scanLiterals(file, pick) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const rel = path.relative(repoRoot, file);
  const out = [];
  const report = (n) =>
    literals(n).forEach((l) =>
      out.push(`${rel}:${source.getLineAndCharacterOfPosition(l.getStart()).line + 1}: ${l.getText().slice(0, 80)}`),
    );
  (function visit(n) {
    pick(n, report, rel);
    ts.forEachChild(n, visit);
  })(source);
  return out;
}

/** "file:line: text" for every status text or shared-code error message written as a literal. */
function literalTexts(file) {
  const lib = path.relative(repoRoot, file).startsWith(`src${path.sep}lib${path.sep}`);
  return scanLiterals(file, (n, report) => {
    // new EntraError(message, { statusText }) and node.status({ text }).
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'statusText') report(n.initializer);
    // An operation's partial result: warning: { log, status }.
    if (
      ts.isPropertyAssignment(n) &&
      ts.isIdentifier(n.name) &&
      n.name.text === 'status' &&
      // (not a catalogue's `status` section beside its `log` section)
      !ts.isObjectLiteralExpression(n.initializer) &&
      ts.isObjectLiteralExpression(n.parent) &&
      n.parent.properties.some((p) => p.name && p.name.getText() === 'log')
    )
      report(n.initializer);
    if (ts.isCallExpression(n)) {
      const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name : n.expression;
      if (ts.isIdentifier(callee) && callee.text === 'status' && n.arguments[0] && ts.isObjectLiteralExpression(n.arguments[0])) {
        for (const p of n.arguments[0].properties) if (ts.isPropertyAssignment(p) && p.name.getText() === 'text') report(p.initializer);
      }
    }
    if (lib && ts.isNewExpression(n) && n.expression.getText() === 'EntraError' && n.arguments && n.arguments[0]) report(n.arguments[0]);
  });
}

/** A call that writes to Node-RED's log: node.log/warn/debug/trace/error, RED.log.*, this.o.log, log?.(…), a warn callback. */
const LOG_METHODS = new Set(['log', 'warn', 'debug', 'trace']);
function isLogCall(n) {
  let callee = n.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  // (this.o.warn ?? this.o.log)(line)
  if (ts.isBinaryExpression(callee)) return [callee.left, callee.right].some((side) => isLogCall({ expression: side }));
  if (ts.isIdentifier(callee)) return LOG_METHODS.has(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  // RED.log.info(…), RED.log.error(…)
  if (ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'log') return true;
  if (LOG_METHODS.has(name)) return true;
  // node.error(…) (not promise.catch, not an error property of something else)
  return name === 'error' && /(^|\.)node$/.test(callee.expression.getText());
}

/** The log lines (and an operation's warning: { log }) written as literals in `file`. */
function literalLogLines(file) {
  return scanLiterals(file, (n, report) => {
    if (ts.isCallExpression(n) && isLogCall(n)) n.arguments.forEach(report);
    // An operation's partial result: warning: { log, status } (runner.ts warns with its log).
    if (
      ts.isPropertyAssignment(n) &&
      ts.isIdentifier(n.name) &&
      n.name.text === 'log' &&
      !ts.isObjectLiteralExpression(n.initializer) &&
      ts.isObjectLiteralExpression(n.parent) &&
      n.parent.properties.some((p) => p.name && p.name.getText() === 'status')
    )
      report(n.initializer);
  });
}

/**
 * The connection's texts (src/config, src/lib/auth): "file:line: text" for every literal written to
 * the log (node.log/warn/error, RED.log.*) or sent as the `message` of an admin route's answer
 * (res.json({ message }), res.status(…).json({ message })): they are message keys of the
 * connection's catalogue (src/lib/auth/sign-in-messages.ts), rendered with render()/t().
 */
const CONNECTION_LOG_METHODS = new Set(['log', 'warn', 'error', 'info', 'debug', 'trace']);
function literalConnectionTexts(file) {
  return scanLiterals(file, (n, report) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.arguments[0]) {
      const method = n.expression.name.text;
      const target = n.expression.expression.getText();
      // node.log('…'), node.warn(…), this.warn(…), RED.log.info(…), this.RED.log.warn(…)
      const logs = CONNECTION_LOG_METHODS.has(method) && (/(^|\.)(node|this)$/.test(target) || /(^|\.)RED\.log$/.test(target));
      if (logs) report(n.arguments[0]);
      // res.json({ ok: false, message: '…' }), res.status(400).json({ … })
      if (method === 'json' && /^res\b/.test(target) && ts.isObjectLiteralExpression(n.arguments[0])) {
        for (const p of n.arguments[0].properties) if (ts.isPropertyAssignment(p) && p.name.getText() === 'message') report(p.initializer);
      }
    }
  });
}

describe("the connection's log lines and route answers are message keys", function () {
  this.timeout(60000);
  const files = ['src/config', 'src/lib/auth'].flatMap((d) => sourceFiles(path.join(repoRoot, d)));

  it('no log line (node.log/warn/error, RED.log.*) nor route answer message of src/config and src/lib/auth is an English literal', function () {
    files.length.should.be.above(10);
    files.flatMap(literalConnectionTexts).should.eql([]);
  });

  it('the scan finds a literal log line or route message (it can fail)', function () {
    const tmp = path.join(require('os').tmpdir(), `entra-scan-log-${process.pid}.ts`);
    fs.writeFileSync(
      tmp,
      [
        "node.warn('no token');",
        'RED.log.info(`entra-connection ${id}: signed out`);',
        "res.status(400).json({ ok: false, message: 'invalid connection id' });",
        "node.log(render(keyed('log', 'signedInAs', { account })));",
        "res.json({ ok: false, ...answerText(keyed('signIn', 'invalidId')), message2: 'x' });",
        'this.RED.log.warn(`${a} ${b}`);',
        "res.json({ ok: true, message: lines.map(render).join('\\n') });",
      ].join('\n'),
    );
    try {
      literalConnectionTexts(tmp)
        .map((l) => l.replace(/^[^:]*:/, ''))
        .should.eql(["1: 'no token'", '2: `entra-connection ${id}: signed out`', "3: 'invalid connection id'"]);
    } finally {
      fs.unlinkSync(tmp);
    }
  });
});

// Log lines (issue 10): what node.log/node.warn and the shared code's loggers write is a message key.
// The connection's (src/config, src/lib/auth) are keys too (its route answers: above).
describe('log lines are message keys', function () {
  const files = ['src/lib', 'src/nodes', 'src/config'].flatMap((d) => sourceFiles(path.join(repoRoot, d)));

  it('no node.log/warn/debug, RED.log.*, this.o.log or log?.() line of src/lib, src/nodes and src/config is an English literal', function () {
    files.length.should.be.above(20);
    files.some((f) => f.endsWith('managed-subscription.ts')).should.be.true();
    files.some((f) => f.endsWith('graph-client.ts')).should.be.true();
    files.flatMap(literalLogLines).should.eql([]);
  });

  it('the scan finds a literal log line (it can fail)', function () {
    const tmp = path.join(require('os').tmpdir(), `entra-log-scan-${process.pid}.ts`);
    fs.writeFileSync(
      tmp,
      [
        'node.log(`renewed subscription ${id}`);',
        "node.warn('could not emit');",
        'RED.log.error(`node-red-entra-id: ${message}; state stays here`);',
        'this.o.log(`standby: another instance polls ${this.o.resource}`);',
        'log?.(`retry ${attempt} of ${method}`);',
        "(this.o.warn ?? this.o.log)('discarded the state');",
        "warn('a warning');",
        "node.debug(cond ? 'ignored one' : t('log.x'));",
        "result.warning = { log: 'partly done', status: t('status.x') };",
        "node.log(logLine('renewed', { id }));",
        "log?.(t('log.retry', { attempt }));",
        "node.warn(`${input}: ${t('errors.envUnsetOptional')}`);",
        "promise.catch((err) => done(err)); other.error('not a log');",
      ].join('\n') + '\n',
    );
    try {
      literalLogLines(tmp)
        .map((l) => l.replace(/^[^:]*:/, ''))
        .should.eql([
          '1: `renewed subscription ${id}`',
          "2: 'could not emit'",
          '3: `node-red-entra-id: ${message}; state stays here`',
          '4: `standby: another instance polls ${this.o.resource}`',
          '5: `retry ${attempt} of ${method}`',
          "6: 'discarded the state'",
          "7: 'a warning'",
          "8: 'ignored one'",
          "9: 'partly done'",
        ]);
    } finally {
      fs.unlinkSync(tmp);
    }
  });
});

describe('status texts and shared error messages are message keys', function () {
  this.timeout(60000);
  const files = ['src/lib', 'src/nodes', 'src/config'].flatMap((d) => sourceFiles(path.join(repoRoot, d)));

  it('no status text, and no EntraError message of src/lib, is an English literal', function () {
    files.length.should.be.above(20);
    files.flatMap(literalTexts).should.eql([]);
  });

  it('the scan finds a literal (it can fail)', function () {
    const tmp = path.join(require('os').tmpdir(), `entra-scan-${process.pid}.ts`);
    fs.writeFileSync(
      tmp,
      "node.status({ fill: 'red', text: 'no webhookBaseUrl' });\nthrow new EntraError(`x`, { code: 'c', statusText: `${status} invalid response` });\nnode.status({ text: t('status.requesting') });\nresult.warning = { log: 'x', status: `${n} added` };\n",
    );
    try {
      literalTexts(tmp)
        .map((l) => l.replace(/^[^:]*:/, ''))
        .should.eql(["1: 'no webhookBaseUrl'", '2: `${status} invalid response`', '4: `${n} added`']);
    } finally {
      fs.unlinkSync(tmp);
    }
  });
});

// The editor's "Entra ID" sidebar (issue 10): every text it shows is a message key of the
// connection's catalogue (section sidebar), read with t()/RED._. A literal given to the helpers
// that put text on the page fails here.
/** Which arguments of a call put text on the page: the sidebar's helpers and jQuery/DOM. */
const SIDEBAR_TEXT_ARGS = { text: [2], row: [1, 2], section: [1], revealLink: [1], nodeLabel: [1] };
const DOM_TEXT_METHODS = new Set(['text', 'html', 'append', 'prepend', 'createTextNode', 'attr']);
function literalSidebarTexts(file) {
  return scanLiterals(file, (n, report) => {
    if (ts.isCallExpression(n)) {
      if (ts.isIdentifier(n.expression) && SIDEBAR_TEXT_ARGS[n.expression.text]) {
        for (const i of SIDEBAR_TEXT_ARGS[n.expression.text]) if (n.arguments[i]) report(n.arguments[i]);
      }
      if (ts.isPropertyAccessExpression(n.expression) && DOM_TEXT_METHODS.has(n.expression.name.text)) {
        const method = n.expression.name.text;
        // .attr('title', text): the value; .attr('data-id', id) holds no words worth a key either way.
        const args =
          method === 'attr'
            ? /^'(title|aria-label|placeholder)'$/.test(n.arguments[0]?.getText())
              ? [n.arguments[1]]
              : []
            : [n.arguments[0]];
        args.filter(Boolean).forEach(report);
      }
      // RED.sidebar.addTab({ label, name })
      if (
        ts.isPropertyAccessExpression(n.expression) &&
        n.expression.name.text === 'addTab' &&
        n.arguments[0] &&
        ts.isObjectLiteralExpression(n.arguments[0])
      ) {
        for (const p of n.arguments[0].properties)
          if (ts.isPropertyAssignment(p) && ['label', 'name'].includes(p.name.getText())) report(p.initializer);
      }
    }
  });
}

describe("the editor sidebar's texts are message keys", function () {
  const file = path.join(repoRoot, 'src', 'editor', 'sidebar.ts');

  it('no text that src/editor/sidebar.ts puts on the page is an English literal', function () {
    // (the scan sees the helpers' calls: one row per label)
    (fs.readFileSync(file, 'utf8').match(/\brow\(table, t\(/g) || []).length.should.be.above(10);
    literalSidebarTexts(file).should.eql([]);
  });

  it("reads the connection's catalogue under the package's namespace (<module>/<set>:)", function () {
    const pkg = require(path.join(repoRoot, 'package.json')).name;
    fs.readFileSync(file, 'utf8').should.containEql(`const NS = '${pkg}/entra-connection';`);
  });

  it('the scan finds a literal given to a text helper (it can fail)', function () {
    const tmp = path.join(require('os').tmpdir(), `entra-scan-sidebar-${process.pid}.ts`);
    fs.writeFileSync(
      tmp,
      [
        "text('div', 'entra-sidebar-empty', 'No deployed connection.').appendTo(conns);",
        "row(table, 'Token expires', time(c.tokenExpiresOn), 'entra-sidebar-expiry');",
        "row(table, t('granted'), c.granted ? c.granted.join(', ') || 'none' : '–', 'entra-sidebar-granted');",
        'section(body, `Last errors`);',
        "revealLink(c.id, c.name || nodeLabel(c.id, 'connection'));",
        "$('<div>').append(document.createTextNode(' needs ' + m.needs));",
        "RED.sidebar.addTab({ id: 'entra-id', label: 'Entra ID', name: t('tab'), iconClass: 'fa fa-id-card-o' });",
        "row(table, t('lastPoll'), time(x), 'entra-sidebar-last-poll'); text('div', 'entra-sidebar-title', t('triggers'));",
        "row(table, t('resource'), `${tr.resource} · ${tr.delivery}`); $('<a>').attr('data-id', id).text(label);",
      ].join('\n') + '\n',
    );
    try {
      literalSidebarTexts(tmp)
        .map((l) => l.replace(/^[^:]*:/, ''))
        .should.eql([
          "1: 'No deployed connection.'",
          "2: 'Token expires'",
          "3: 'none'",
          '4: `Last errors`',
          "5: 'connection'",
          "6: ' needs '",
          "7: 'Entra ID'",
        ]);
    } finally {
      fs.unlinkSync(tmp);
    }
  });
});
