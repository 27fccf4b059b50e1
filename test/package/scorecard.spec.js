'use strict';
// The Flow Library scorecard: `node-red-dev validate` on the repo. Its online look-ups
// (catalogue.nodered.org, npm registry metadata) are answered locally by
// test/support/offline-catalogue.js: name clashes with other catalogue packages (P08, N01)
// cannot be seen offline, and D03 ("dependencies at their latest version") compares with the
// versions installed here.
const { execFile } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
require('should');
const { repoRoot } = require('../support/node-red-path');

const CHECKS = {
  P01: 'package.json has a licence',
  P03: 'package.json has a repository or bugs URL',
  P04: 'the package uses a scoped name (or node-red-contrib-)',
  P05: 'keywords contain node-red',
  P06: 'node-red.version is compatible with the current Node-RED release',
  P07: 'engines.node accepts the minimum Node of the current Node-RED release',
  P08: 'no similarly named package in the catalogue (offline: empty catalogue)',
  N01: 'node type names are unique in the catalogue (offline: empty catalogue)',
  N02: 'examples/ has a flow using each (non-config) node',
  D01: 'at most 6 dependencies',
  D02: 'no known-incompatible package in the dependency tree',
  D03: 'dependencies are at their latest version (offline: latest installed)',
};

describe('Flow Library scorecard (node-red-dev validate, offline)', function () {
  this.timeout(180000);
  let scorecard;
  let output = '';

  before(function (done) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-scorecard-'));
    const out = path.join(dir, 'scorecard.json');
    const bin = require.resolve('node-red-dev/bin/run', { paths: [repoRoot] });
    const child = execFile(
      process.execPath,
      ['--require', path.join(repoRoot, 'test', 'support', 'offline-catalogue.js'), bin, 'validate', '-p', repoRoot, '-o', out],
      { cwd: repoRoot, timeout: 170000, maxBuffer: 10 * 1024 * 1024 },
      (err, stdout, stderr) => {
        output = `${stdout}\n${stderr}`;
        try {
          scorecard = JSON.parse(fs.readFileSync(out, 'utf8'));
        } catch (e) {
          return done(new Error(`node-red-dev validate wrote no scorecard (${err ? err.message : 'no error'}):\n${output}`));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        done();
      },
    );
    child.stdin && child.stdin.end();
  });

  it('validates this package', function () {
    scorecard.package.name.should.equal(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).name);
  });

  for (const [id, what] of Object.entries(CHECKS)) {
    it(`${id}: ${what}`, function () {
      scorecard.should.have.property(id);
      const warnings = output.split('\n').filter((l) => l.includes(id) || (id === 'N02' && /Examples not found|No examples/.test(l)));
      scorecard[id].test.should.equal(true, `${id} failed: ${JSON.stringify(scorecard[id])} ${warnings.join(' | ')}`);
    });
  }
});
