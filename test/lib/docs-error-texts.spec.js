'use strict';
// The docs and the editor's help quote status texts and error messages exactly as users see them (issue 18 item 6). The
// README's error table is generated from the catalogue (test/lib/generated-files.spec.js keeps it
// current, test/nodes/error-texts.spec.js runs the nodes against it); this checks the texts the
// prose quotes by hand in README.md, docs/nodes/*.md and the help (en-US) against the English message catalogues
// (src/**/locales/en-US/*.json: what the runtime shows, src/lib/i18n.ts).
const fs = require('fs');
const path = require('path');
require('should');
const { repoRoot } = require('../support/node-red-path');

/** Every en-US catalogue's strings under a `status` or `errors` key, as { key, text }. */
function catalogueTexts() {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/[\\/]locales[\\/]en-US[\\/][^\\/]+\.json$/.test(p)) files.push(p);
    }
  };
  walk(path.join(repoRoot, 'src'));
  const out = new Map();
  const collect = (obj, keyPath) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = keyPath ? `${keyPath}.${k}` : k;
      if (v && typeof v === 'object') collect(v, key);
      else if (typeof v === 'string' && /(^|\.)(status|errors)\./.test(key)) out.set(key, v);
    }
  };
  for (const f of files) collect(JSON.parse(fs.readFileSync(f, 'utf8')), '');
  return [...out].map(([key, text]) => ({ key, text }));
}

const TEXTS = catalogueTexts();
const STATUS_TEXTS = TEXTS.filter((t) => /(^|\.)status\./.test(t.key));
const REASONS = TEXTS.filter((t) => /\.errors\.graph\./.test(t.key)).map((t) => t.text);

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A catalogue text as a pattern: __name__ stands for any value. */
const pattern = (text) =>
  new RegExp(
    `^${text
      .split(/__[A-Za-z0-9_]+__/)
      .map(escapeRe)
      .join('.+')}$`,
  );
/** A documented text as users read it: "…", "<time>", "n" or "N" stand for a value. */
const concrete = (doc) =>
  doc
    .replace(/&lt;[^&]*&gt;|<[^>]*>/g, 'X')
    .replace(/…/g, 'X')
    .replace(/\b[nN]\b/g, '5');

/** A documented text as a pattern: "…" (an elided part) stands for anything. */
const docPattern = (doc) => new RegExp(`^${concrete(doc).split('X').map(escapeRe).join('.*')}$`);
/** A catalogue text with a value in each __name__. */
const sample = (text) => text.replace(/__[A-Za-z0-9_]+__/g, 'X');

function isStatusText(doc) {
  const c = concrete(doc);
  if (STATUS_TEXTS.some((t) => pattern(t.text).test(c) || docPattern(doc).test(sample(t.text)))) return true;
  // An operation's own 404 ("Not a member: …") gives the status its first words.
  const m = /^404 (.+)$/.exec(c);
  return Boolean(m && REASONS.some((r) => r.toLowerCase() === m[1]));
}

/** The docs, each as one line per paragraph (a quote may wrap); the editor's English help in markdown's marks. */
function docs() {
  const files = ['README.md', ...fs.readdirSync(path.join(repoRoot, 'docs', 'nodes')).map((f) => path.join('docs', 'nodes', f))];
  const help = [];
  for (const dir of ['src/nodes', 'src/config'])
    for (const node of fs.readdirSync(path.join(repoRoot, dir))) {
      const rel = path.join(dir, node, 'locales', 'en-US', `${node}.html`);
      if (!fs.existsSync(path.join(repoRoot, rel))) continue;
      const html = fs.readFileSync(path.join(repoRoot, rel), 'utf8');
      const text = html
        .replace(/<h3>([^<]*)<\/h3>\s*<p>/g, '\n\n$1: ')
        .replace(/<\/?code>/g, '`')
        .replace(/<\/?i>/g, '*')
        .replace(/<[^>]+>/g, '\n\n')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
      help.push({ rel, text: text.replace(/[ \t]+/g, ' ') });
    }
  const pages = files.map((rel) => {
    let text = fs.readFileSync(path.join(repoRoot, rel), 'utf8');
    // The generated tables are checked where they are generated; fenced code is not prose.
    text = text.replace(/<!-- generated:[\s\S]*?<!-- \/generated:[^>]*-->/g, '').replace(/```[\s\S]*?```/g, '');
    return { rel, text: text.replace(/\n(?=[ \t]*(?![-*] |\d+\. |[|#])\S)/g, ' ').replace(/[ \t]+/g, ' ') };
  });
  return [...pages, ...help];
}

/** The quoted texts that claim to be a node status or an input error, with their kind. */
function quotes() {
  const found = [];
  for (const { rel, text } of docs()) {
    const spans = [...text.matchAll(/`([^`\n]+)`|(?<![*\w])\*([^*\n]+)\*(?![*\w])/g)].map((m) => ({
      span: m[1] ?? m[2],
      italic: m[2] !== undefined,
      before: text.slice(Math.max(0, m.index - 80), m.index),
      after: text.slice(m.index + m[0].length, m.index + m[0].length + 20),
    }));
    for (const { span, italic, before, after } of spans) {
      // "404 not found", "400 already a member" (not "410 Gone", "200 text/plain", "400 syncStateNotFound": Graph's answers).
      if (/^\d{3} [a-z]/.test(span) && !span.includes('/') && !/^\d{3} [a-z]+[A-Z_]\w*$/.test(span))
        found.push({ rel, span, kind: 'status' });
      // Progress: "added 4,000 / 20,000 · paced".
      else if (span.includes(' · ')) for (const part of span.split(' · ')) part !== '…' && found.push({ rel, span: part, kind: 'status' });
      // "Status: *subscribing*, *renewing*", "the status reads *throttled, retry in 40 s*", "a yellow *sign in again* status".
      else if (
        /(status(es)?( reads| shows)?:? \(?)$|status: \*[^.]*$|\b(yellow|red|green|blue) $/i.test(before) ||
        (italic && /\bshows? $/.test(before)) ||
        /^ (in (its|their|the) )?status/.test(after)
      )
        found.push({ rel, span, kind: 'status' });
      // Bad input: "userId: is required", "additionalProperties: is not valid JSON (…)".
      else if (/^[a-z][A-Za-z0-9]*: (is required|environment variable|is not valid JSON|must be)/.test(span))
        found.push({ rel, span: span.slice(span.indexOf(': ') + 2), kind: 'input' });
    }
  }
  return found;
}

describe('docs quote the texts users see', function () {
  const found = quotes();

  it('finds the quoted status texts and input errors (README, docs/nodes)', function () {
    found.filter((q) => q.kind === 'status').length.should.be.above(8);
    found.filter((q) => q.kind === 'input').length.should.be.above(2);
    found.map((q) => q.span).should.containEql('404 not found');
  });

  it('every quoted node status is a status text of the catalogue', function () {
    const wrong = found.filter((q) => q.kind === 'status' && !isStatusText(q.span)).map((q) => `${q.rel}: ${q.span}`);
    wrong.should.eql([], 'quoted as a status but no node shows it');
  });

  it('every quoted input error is an error text of the catalogue', function () {
    const inputErrors = TEXTS.filter((t) => /^entra\.errors\.[^.]+$/.test(t.key));
    const wrong = found
      .filter((q) => q.kind === 'input' && !inputErrors.some((t) => pattern(t.text).test(concrete(q.span))))
      .map((q) => `${q.rel}: ${q.span}`);
    wrong.should.eql([], 'quoted as an input error but no node says it');
  });

  it('catches a quote that differs (the check can fail)', function () {
    isStatusText('… throttled, 3 s').should.be.false();
    isStatusText('throttled, retry in 3 s').should.be.true();
    isStatusText('throttled').should.be.false();
    isStatusText('subscribed until …').should.be.true();
    isStatusText('404 not a member').should.be.true();
    isStatusText('404 Request_ResourceNotFound').should.be.false();
  });
});
