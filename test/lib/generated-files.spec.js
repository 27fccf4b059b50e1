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
});
