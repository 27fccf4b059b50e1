'use strict';
// Every input error a user reads is a message key (issue 10): inputError(input, problem) takes its
// problem from a catalogue (t('errors.…') for shared texts, <node>Error('…') for a node's own),
// never from an English literal in code. A source scan, so that a literal added later fails here.
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

/** A call that reads a catalogue: t('errors.…'), userError('…'), appError('…'). */
const isMessageCall = (n) => {
  const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name : n.expression;
  return ts.isIdentifier(callee) && (callee.text === 't' || /[a-z]Error$/.test(callee.text));
};

/**
 * The string and template literals of an expression that are not arguments of a call inside it
 * (`strict`: only the arguments of a message call are keys and substitutions).
 */
function literalTexts(node, strict = false) {
  const found = [];
  (function visit(n) {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) {
      found.push(n);
      return;
    }
    // t('errors.required'), userError('top', { value }): a key and its substitutions.
    if (ts.isCallExpression(n) && (!strict || isMessageCall(n))) return visit(n.expression);
    // cond ? a : b: the texts are a and b (the condition may compare with a literal).
    if (ts.isConditionalExpression(n)) return [n.whenTrue, n.whenFalse].forEach(visit);
    ts.forEachChild(n, visit);
  })(node);
  return found;
}

/**
 * Every inputError(…) call whose problem is (or contains) a literal text, and every `notFound`
 * (an operation's 404 reason, or a $batch answer's) that is: "file:line: text".
 */
function literalProblems(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = [];
  // The catalogues' English (messages.ts, <x>-messages.ts, <x>-errors.ts) has keys named notFound.
  const catalogue = /(^|[-\\/])(messages|errors)\.ts$/.test(file);
  (function visit(n) {
    if (!catalogue && ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'notFound') {
      for (const literal of literalTexts(n.initializer, true)) {
        const line = source.getLineAndCharacterOfPosition(literal.getStart()).line + 1;
        out.push(`${path.relative(repoRoot, file)}:${line}: ${literal.getText().slice(0, 80)}`);
      }
    }
    if (ts.isCallExpression(n)) {
      const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name : n.expression;
      if (ts.isIdentifier(callee) && callee.text === 'inputError') {
        const problem = n.arguments[1];
        if (!problem)
          out.push(`${path.relative(repoRoot, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}: no problem`);
        else
          for (const literal of literalTexts(problem)) {
            const line = source.getLineAndCharacterOfPosition(literal.getStart()).line + 1;
            out.push(`${path.relative(repoRoot, file)}:${line}: ${literal.getText().slice(0, 80)}`);
          }
      }
    }
    ts.forEachChild(n, visit);
  })(source);
  return out;
}

describe('input error texts are message keys', function () {
  this.timeout(60000);
  it('no inputError(…) problem nor 404 reason (notFound) in src is a literal text (use t("errors.…") or the node\'s <x>-errors.ts)', function () {
    const files = sourceFiles(path.join(repoRoot, 'src'));
    files.length.should.be.above(20);
    let calls = 0;
    const found = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      calls += (text.match(/\binputError\(/g) || []).length;
      found.push(...literalProblems(file, text));
    }
    calls.should.be.above(50);
    found.should.eql([]);
  });

  it('the scan finds a literal problem, plain, templated or in a branch', function () {
    const sample = [
      "throw inputError('a', 'is required');",
      'throw inputError(input, `must be ${x}`);',
      "throw inputError('b', ok ? t('errors.required') : 'oops');",
      "throw inputError('c', t('errors.mustBeText', { value: describe(raw) }));",
      "throw inputError('d', userError('top'));",
      "throw inputError('e', (err as Error).message.replace(/^x: /, ''));",
      "throw inputError('f', type === 'env' ? t('errors.envEmpty') : t('errors.required'));",
      "throw inputError('g', known || 'none');",
      'const op = { notFound: (v) => `Not found: no group ${v.id}` };',
      "const ctx = { notFound: membershipNotFound('Not a member') };",
      "const ok = { notFound: (v, err) => (err.graphMessage.includes('x') ? groupError('noGroup', { id: v.id }) : t('errors.graph.notMember')) };",
    ].join('\n');
    literalProblems(path.join(repoRoot, 'src', 'sample.ts'), sample).should.eql([
      "src/sample.ts:1: 'is required'",
      'src/sample.ts:2: `must be ${x}`',
      "src/sample.ts:3: 'oops'",
      "src/sample.ts:8: 'none'",
      'src/sample.ts:9: `Not found: no group ${v.id}`',
      "src/sample.ts:10: 'Not a member'",
    ]);
  });

  it('every error text names the same placeholders in en-US and ja', function () {
    const { generate } = require(path.join(repoRoot, 'scripts', 'generate.js'));
    const files = generate();
    const placeholders = (text) => [...String(text).matchAll(/__([A-Za-z0-9_]+?)__/g)].map((m) => m[1]).sort();
    const leaves = (obj, prefix = '') =>
      Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));
    const mismatched = [];
    for (const en of Object.keys(files).filter((f) => /locales[\\/]en-US[\\/].*\.json$/.test(f))) {
      const ja = new Map(leaves(JSON.parse(files[en.replace(/en-US/, 'ja')])));
      for (const [key, text] of leaves(JSON.parse(files[en]))) {
        if (!/(^|\.)(errors|status)\./.test(key)) continue;
        if (placeholders(text).join() !== placeholders(ja.get(key)).join()) mismatched.push(`${path.basename(en)} ${key}`);
      }
    }
    mismatched.should.eql([]);
  });
});
