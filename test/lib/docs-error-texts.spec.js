'use strict';
// The docs and the editor's help quote status texts and error messages exactly as users see them (issue 18 item 6). The
// README's error table is generated from the catalogue (test/lib/generated-files.spec.js keeps it
// current, test/nodes/error-texts.spec.js runs the nodes against it); this checks the texts the
// prose quotes by hand in README.md, docs/nodes/*.md and the help (en-US) against the English message catalogues
// (src/**/locales/en-US/*.json: what the runtime shows, src/lib/i18n.ts), and the Japanese help
// (locales/ja/<node>.html) against the Japanese catalogues (locales/ja/*.json: what it shows in Japanese).
const fs = require('fs');
const path = require('path');
require('should');
const { repoRoot } = require('../support/node-red-path');

/** Every catalogue's strings of `lang` under a `status` or `errors` key, as { key, text }. */
function catalogueTexts(lang = 'en-US') {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(path.join('locales', lang, e.name)) && e.name.endsWith('.json')) files.push(p);
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

/** A language's catalogue texts: all, the status texts, Graph's reasons (an operation's 404 gives the status its words). */
function catalogue(lang) {
  const texts = catalogueTexts(lang);
  return {
    texts,
    status: texts.filter((t) => /(^|\.)status\./.test(t.key)),
    reasons: texts.filter((t) => /\.errors\.graph\./.test(t.key)).map((t) => t.text),
  };
}
const CATALOGUES = { 'en-US': catalogue('en-US'), ja: catalogue('ja') };
const TEXTS = CATALOGUES['en-US'].texts;

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

function isStatusText(doc, lang = 'en-US') {
  const { status, reasons } = CATALOGUES[lang];
  const c = concrete(doc);
  if (status.some((t) => pattern(t.text).test(c) || docPattern(doc).test(sample(t.text)))) return true;
  // An operation's own 404 ("Not a member: …") gives the status its first words.
  const m = /^404 (.+)$/.exec(c);
  return Boolean(m && reasons.some((r) => r.toLowerCase() === m[1]));
}

/** The editor's help of `lang` (locales/<lang>/<node>.html of each node), in markdown's marks. */
function help(lang) {
  const out = [];
  for (const dir of ['src/nodes', 'src/config'])
    for (const node of fs.readdirSync(path.join(repoRoot, dir))) {
      const rel = path.join(dir, node, 'locales', lang, `${node}.html`);
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
      out.push({ rel, text: text.replace(/[ \t]+/g, ' ') });
    }
  return out;
}

/** The docs, each as one line per paragraph (a quote may wrap); the editor's English help in markdown's marks. */
function docs() {
  const files = ['README.md', ...fs.readdirSync(path.join(repoRoot, 'docs', 'nodes')).map((f) => path.join('docs', 'nodes', f))];
  const pages = files.map((rel) => {
    let text = fs.readFileSync(path.join(repoRoot, rel), 'utf8');
    // The generated tables are checked where they are generated; fenced code is not prose.
    text = text.replace(/<!-- generated:[\s\S]*?<!-- \/generated:[^>]*-->/g, '').replace(/```[\s\S]*?```/g, '');
    return { rel, text: text.replace(/\n(?=[ \t]*(?![-*] |\d+\. |[|#])\S)/g, ' ').replace(/[ \t]+/g, ' ') };
  });
  return [...pages, ...help('en-US')];
}

/** How a quote says what it is, in each language's prose. */
const CLUES = {
  'en-US': {
    // "404 not found", "400 already a member" (not "410 Gone", "200 text/plain", "400 syncStateNotFound": Graph's answers).
    statusCode: (span) => /^\d{3} [a-z]/.test(span) && !span.includes('/') && !/^\d{3} [a-z]+[A-Z_]\w*$/.test(span),
    // "Status: *subscribing*, *renewing*", "the status reads *throttled, retry in 40 s*", "a yellow *sign in again* status".
    statusContext: ({ italic, before, after }) =>
      /(status(es)?( reads| shows)?:? \(?)$|status: \*[^.]*$|\b(yellow|red|green|blue) $/i.test(before) ||
      (italic && /\bshows? $/.test(before)) ||
      /^ (in (its|their|the) )?status/.test(after),
    // Bad input: "userId: is required", "additionalProperties: is not valid JSON (…)".
    input: /^[a-z][A-Za-z0-9]*: (is required|environment variable|is not valid JSON|must be)/,
  },
  ja: {
    // "404 見つかりません" (not "410 Gone": Graph's answer).
    // An English one left in the Japanese help is found too (and fails: it is not a Japanese text).
    statusCode: (span) => /^\d{3} [^\p{ASCII}]/u.test(span) || CLUES['en-US'].statusCode(span),
    // "ステータス: *更新中*、*…*", "ステータスに *ペース調整中* や *…*", "黄色の *再サインインが必要* ステータス".
    statusContext: ({ before, after }) =>
      /ステータス(: ?|に ?|は ?)(\*[^*\n]*\*(、| や |、または )?)*$|(黄色|赤|緑|青)(の|い) ?$/.test(before) || /^ ?ステータス/.test(after),
    // Bad input: "userId: は必須です", "top: は数値でなければなりません (…)".
    input: /^[a-z][A-Za-z0-9]*: (は|環境変数)/,
  },
};

/** The quoted texts of `pages` that claim to be a node status or an input error, with their kind. */
function quotes(pages = docs(), lang = 'en-US') {
  const clues = CLUES[lang];
  const found = [];
  for (const { rel, text } of pages) {
    const spans = [...text.matchAll(/`([^`\n]+)`|(?<![*\w])\*([^*\n]+)\*(?![*\w])/g)].map((m) => ({
      span: m[1] ?? m[2],
      italic: m[2] !== undefined,
      before: text.slice(Math.max(0, m.index - 80), m.index),
      after: text.slice(m.index + m[0].length, m.index + m[0].length + 20),
    }));
    for (const quote of spans) {
      const { span } = quote;
      if (clues.statusCode(span)) found.push({ rel, span, kind: 'status' });
      // Progress: "added 4,000 / 20,000 · paced".
      else if (span.includes(' · ')) for (const part of span.split(' · ')) part !== '…' && found.push({ rel, span: part, kind: 'status' });
      else if (clues.statusContext(quote)) found.push({ rel, span, kind: 'status' });
      else if (clues.input.test(span)) found.push({ rel, span: span.slice(span.indexOf(': ') + 2), kind: 'input' });
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

// The Japanese help (generated from the <node>.ja.json texts) against the Japanese catalogues: a
// status it quotes is one a node shows when Node-RED runs in Japanese.
describe('the Japanese help quotes the Japanese texts users see', function () {
  const found = quotes(help('ja'), 'ja');
  const perFile = (list) => list.reduce((n, q) => ({ ...n, [path.basename(q.rel)]: (n[path.basename(q.rel)] || 0) + 1 }), {});

  it('finds as many quoted status texts and input errors in each Japanese help as in its English help', function () {
    found.filter((q) => q.kind === 'status').length.should.be.above(5);
    found.map((q) => q.span).should.containEql('再サインインが必要');
    perFile(found).should.eql(perFile(quotes(help('en-US'), 'en-US')));
  });

  it('every quoted node status is a status text of the Japanese catalogue', function () {
    const wrong = found.filter((q) => q.kind === 'status' && !isStatusText(q.span, 'ja')).map((q) => `${q.rel}: ${q.span}`);
    wrong.should.eql([], 'quoted as a status but no node shows it in Japanese');
  });

  it('every quoted input error is an error text of the Japanese catalogue', function () {
    const inputErrors = CATALOGUES.ja.texts.filter((t) => /^entra\.errors\.[^.]+$/.test(t.key));
    const wrong = found
      .filter((q) => q.kind === 'input' && !inputErrors.some((t) => pattern(t.text).test(concrete(q.span))))
      .map((q) => `${q.rel}: ${q.span}`);
    wrong.should.eql([], 'quoted as an input error but no node says it in Japanese');
  });

  it('catches a quote that differs (the check can fail)', function () {
    isStatusText('更新中', 'ja').should.be.true();
    isStatusText('スロットリング中、3 秒後に再試行', 'ja').should.be.true();
    isStatusText('… UTC までサブスクライブ中', 'ja').should.be.true();
    isStatusText('404 見つかりません', 'ja').should.be.true();
    // The English text, or a Japanese one no node shows.
    isStatusText('renewing', 'ja').should.be.false();
    isStatusText('subscribed until …', 'ja').should.be.false();
    isStatusText('スロットリング中', 'ja').should.be.false();
    const page = {
      rel: 'x.html',
      text: 'ステータス: *更新中*、*更新しています*。黄色の *sign in again* ステータス。`404 not found`、`410 Gone`。`top: は数値です`',
    };
    const q = quotes([page], 'ja');
    q.map((x) => `${x.kind}: ${x.span}`).should.eql([
      'status: 更新中',
      'status: 更新しています',
      'status: sign in again',
      'status: 404 not found',
      'input: は数値です',
    ]);
    q.filter((x) => x.kind === 'status' && !isStatusText(x.span, 'ja'))
      .map((x) => x.span)
      .should.eql(['更新しています', 'sign in again', '404 not found']);
  });
});
