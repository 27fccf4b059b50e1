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

/** "file:line: text" for every status text or shared-code error message written as a literal. */
function literalTexts(file) {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const rel = path.relative(repoRoot, file);
  const lib = rel.startsWith(`src${path.sep}lib${path.sep}`);
  const out = [];
  const report = (n) =>
    literals(n).forEach((l) =>
      out.push(`${rel}:${source.getLineAndCharacterOfPosition(l.getStart()).line + 1}: ${l.getText().slice(0, 80)}`),
    );
  (function visit(n) {
    // new EntraError(message, { statusText }) and node.status({ text }).
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'statusText') report(n.initializer);
    // An operation's partial result: warning: { log, status }.
    if (
      ts.isPropertyAssignment(n) &&
      ts.isIdentifier(n.name) &&
      n.name.text === 'status' &&
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
    ts.forEachChild(n, visit);
  })(source);
  return out;
}

/**
 * The connection's texts (src/config, src/lib/auth): "file:line: text" for every literal written to
 * the log (node.log/warn/error, RED.log.*) or sent as the `message` of an admin route's answer
 * (res.json({ message }), res.status(…).json({ message })): they are message keys of the
 * connection's catalogue (src/lib/auth/sign-in-messages.ts), rendered with render()/t().
 */
const LOG_METHODS = new Set(['log', 'warn', 'error', 'info', 'debug', 'trace']);
function literalConnectionTexts(file) {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const rel = path.relative(repoRoot, file);
  const out = [];
  const report = (n) =>
    literals(n).forEach((l) =>
      out.push(`${rel}:${source.getLineAndCharacterOfPosition(l.getStart()).line + 1}: ${l.getText().slice(0, 80)}`),
    );
  (function visit(n) {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.arguments[0]) {
      const method = n.expression.name.text;
      const target = n.expression.expression.getText();
      // node.log('…'), node.warn(…), this.warn(…), RED.log.info(…), this.RED.log.warn(…)
      const logs = LOG_METHODS.has(method) && (/(^|\.)(node|this)$/.test(target) || /(^|\.)RED\.log$/.test(target));
      if (logs) report(n.arguments[0]);
      // res.json({ ok: false, message: '…' }), res.status(400).json({ … })
      if (method === 'json' && /^res\b/.test(target) && ts.isObjectLiteralExpression(n.arguments[0])) {
        for (const p of n.arguments[0].properties) if (ts.isPropertyAssignment(p) && p.name.getText() === 'message') report(p.initializer);
      }
    }
    ts.forEachChild(n, visit);
  })(source);
  return out;
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
