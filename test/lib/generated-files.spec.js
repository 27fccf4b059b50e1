'use strict';
// What scripts/generate.js makes from the operation tables (editors, catalogues, help, docs tables,
// browser expectations, the editor bundle) is committed: a table changed without running the
// build leaves a stale file, which this finds (run after the build, as npm test does).
const fs = require('fs');
const path = require('path');
require('should');
const { repoRoot } = require('../support/node-red-path');
const { generate } = require(path.join(repoRoot, 'scripts', 'generate.js'));

describe('generated files', function () {
  this.timeout(60000);
  const files = generate();

  it('are all committed as the tables describe them (run node scripts/build.js and commit)', function () {
    const stale = Object.entries(files)
      .filter(([rel, content]) => !fs.existsSync(path.join(repoRoot, rel)) || fs.readFileSync(path.join(repoRoot, rel), 'utf8') !== content)
      .map(([rel]) => rel);
    stale.should.eql([]);
  });

  it('give every language the same message keys (en-US and ja)', function () {
    const keys = (obj, prefix = '') =>
      Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    const catalogues = Object.keys(files).filter((f) => /locales[\\/]en-US[\\/].*\.json$/.test(f));
    catalogues.length.should.be.above(0);
    for (const en of catalogues) {
      const ja = en.replace(/en-US/, 'ja');
      (files[ja] !== undefined).should.be.true(`${ja} is not generated`);
      const a = keys(JSON.parse(files[en])).sort();
      const b = keys(JSON.parse(files[ja])).sort();
      const onlyEn = a.filter((k) => !b.includes(k));
      const onlyJa = b.filter((k) => !a.includes(k));
      [onlyEn, onlyJa].should.eql(
        [[], []],
        `${path.basename(en)}: only in en-US: ${onlyEn.join(', ') || '-'}; only in ja: ${onlyJa.join(', ') || '-'}`,
      );
    }
  });
});
