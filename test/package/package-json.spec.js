'use strict';
// The Flow Library's rules for package.json and the published tarball, checked directly.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
require('should');
const { repoRoot, resolveNodeRed } = require('../support/node-red-path');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const nodeRed = resolveNodeRed();
const semver = require(require.resolve('semver', { paths: [repoRoot, nodeRed.nodeRedDir] }));
const nodes = (pkg['node-red'] && pkg['node-red'].nodes) || {};

// What users need: the compiled nodes, icons, editor resources, examples, README, LICENSE.
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/i,
  /^LICENSE(\.md|\.txt)?$/i,
  /^CHANGELOG\.md$/i,
  /^dist\//,
  /^icons\//,
  /^resources\//,
  /^examples\//,
  /^locales\//,
];
const FORBIDDEN = [
  /^src\//,
  /^test\//,
  /^simulator\//,
  /^\.simulator\//,
  /^scripts\//,
  /^bench\//,
  /^docs\//,
  /^\.ci\//,
  /^node_modules\//,
  /^tsconfig/,
  /\.tgz$/,
];

let packed;
function packList() {
  if (!packed) {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    packed = JSON.parse(out)[0].files.map((f) => f.path.replace(/\\/g, '/'));
  }
  return packed;
}

describe('package.json and the published tarball', function () {
  this.timeout(60000);

  it('has a licence, and the LICENSE file', function () {
    pkg.should.have.property('license').which.is.a.String().and.not.empty();
    fs.existsSync(path.join(repoRoot, 'LICENSE')).should.be.true('LICENSE is missing');
  });

  it('has a repository URL', function () {
    pkg.should.have.property('repository');
    (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository.url).should.match(/^(git\+)?https:\/\//);
  });

  it('has the node-red keyword', function () {
    (pkg.keywords || []).should.containEql('node-red');
  });

  it('uses a scoped name', function () {
    pkg.name.should.match(/^@[a-z\d][\w-.]+\/[a-z\d][\w-.]*$/);
  });

  it(`node-red.version (${pkg['node-red'] && pkg['node-red'].version}) is satisfied by the running Node-RED ${nodeRed.version}`, function () {
    semver.satisfies(nodeRed.version, pkg['node-red'].version, { includePrerelease: true }).should.be.true();
  });

  it(`node-red.version accepts Node-RED 4.1.x and 5.0.x`, function () {
    semver.satisfies('4.1.0', pkg['node-red'].version).should.be.true('4.1.0');
    semver.satisfies('5.0.7', pkg['node-red'].version).should.be.true('5.0.7');
  });

  it(`engines.node (${pkg.engines && pkg.engines.node}) accepts the lowest Node that Node-RED ${nodeRed.version} (${nodeRed.engines.node}) and the dependencies support`, function () {
    pkg.should.have.property('engines').with.property('node');
    // The effective minimum: Node-RED's own, raised by what the runtime dependencies require.
    let min = semver.minVersion(nodeRed.engines.node);
    const why = [`node-red ${nodeRed.engines.node}`];
    for (const dep of Object.keys(pkg.dependencies || {})) {
      const depPkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', ...dep.split('/'), 'package.json'), 'utf8'));
      const range = depPkg.engines && depPkg.engines.node;
      if (range && semver.validRange(range)) {
        const m = semver.minVersion(range);
        if (semver.gt(m, min)) min = m;
        why.push(`${dep} ${range}`);
      }
    }
    semver
      .satisfies(min, pkg.engines.node)
      .should.be.true(`Node ${min} (${why.join(', ')}) is not accepted by engines.node ${pkg.engines.node}`);
    semver.satisfies(process.versions.node, pkg.engines.node).should.be.true(`the running Node ${process.versions.node}`);
  });

  it('declares node files that exist in dist/, each with its .html', function () {
    Object.keys(nodes).length.should.be.above(0);
    for (const [type, file] of Object.entries(nodes)) {
      file.should.match(/^dist\//, `${type}: ${file}`);
      fs.existsSync(path.join(repoRoot, file)).should.be.true(`${type}: ${file} is missing (build first)`);
      fs.existsSync(path.join(repoRoot, file.replace(/\.js$/, '.html'))).should.be.true(
        `${type}: ${file.replace(/\.js$/, '.html')} is missing`,
      );
    }
  });

  it('npm pack contains only what users need (dist, icons, resources, examples, README, LICENSE, package.json)', function () {
    const files = packList();
    const forbidden = files.filter((f) => FORBIDDEN.some((re) => re.test(f)) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)));
    forbidden.should.eql([], `should not be published: ${forbidden.join(', ')}`);
    const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
    unexpected.should.eql([], `not expected in the package: ${unexpected.join(', ')}`);
    files.should.containEql('package.json');
    files.some((f) => /^README\.md$/i.test(f)).should.be.true('README.md is not in the package');
    files.some((f) => /^LICENSE/i.test(f)).should.be.true('LICENSE is not in the package');
  });

  it('npm pack contains every declared node file, its .html, its icons and the editor resources it loads', function () {
    const files = new Set(packList());
    const problems = [];
    for (const [type, file] of Object.entries(nodes)) {
      const html = file.replace(/\.js$/, '.html');
      if (!files.has(file)) problems.push(`${type}: ${file} not packed`);
      if (!files.has(html)) problems.push(`${type}: ${html} not packed`);
      const htmlPath = path.join(repoRoot, html);
      if (!fs.existsSync(htmlPath)) continue;
      const text = fs.readFileSync(htmlPath, 'utf8');
      // <script src="resources/<package>/<file>">: served from the package's resources/ folder.
      for (const m of text.matchAll(/resources\/([^"'\s]+)/g)) {
        const rel = m[1].startsWith(`${pkg.name}/`) ? m[1].slice(pkg.name.length + 1) : null;
        if (rel && !files.has(`resources/${rel}`)) problems.push(`${type}: resources/${rel} (loaded by ${html}) not packed`);
      }
      // icon: 'x.svg' → Node-RED looks in the node file's folder's icons/ (not the package root).
      for (const m of text.matchAll(/\bicon\s*:\s*["']([^"'/]+\.(?:svg|png))["']/g)) {
        const expected = `${path.posix.dirname(file)}/icons/${m[1]}`;
        if (!files.has(expected)) problems.push(`${type}: icon ${m[1]} must be at ${expected} (Node-RED looks in <node dir>/icons/)`);
      }
    }
    problems.should.eql([]);
  });
});
