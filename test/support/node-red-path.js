'use strict';
// Which Node-RED the tests run against. By default the repo's devDependency (node-red 4.1.x);
// NODE_RED_PATH selects another install: either the node-red package folder itself (the one with
// red.js) or an npm prefix holding node_modules/node-red (e.g. `npm install --prefix /tmp/nr5
// node-red@5.0.7` → NODE_RED_PATH=/tmp/nr5).
//
//   const { nodeRedDir, redJs, version, runtimePath } = require('./node-red-path').resolveNodeRed();
//   helper.init(runtimePath)   // node-red-node-test-helper: the node-red package's main file
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');

function isNodeRedDir(dir) {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return pkg.name === 'node-red' && fs.existsSync(path.join(dir, 'red.js'));
  } catch (e) {
    return false;
  }
}

let cached;
function resolveNodeRed() {
  if (cached) return cached;
  let dir;
  const wanted = process.env.NODE_RED_PATH;
  if (wanted) {
    const abs = path.resolve(wanted);
    const candidates = [abs, path.join(abs, 'node_modules', 'node-red'), path.join(abs, 'lib', 'node_modules', 'node-red')];
    dir = candidates.find(isNodeRedDir);
    if (!dir) throw new Error(`NODE_RED_PATH=${wanted}: no node-red package there (looked in ${candidates.join(', ')})`);
  } else {
    dir = path.dirname(require.resolve('node-red/package.json', { paths: [repoRoot] }));
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  cached = {
    nodeRedDir: dir,
    redJs: path.join(dir, 'red.js'),
    runtimePath: path.join(dir, pkg.main || 'lib/red.js'),
    version: pkg.version,
    engines: pkg.engines || {},
    custom: Boolean(wanted),
    // require() a module as this Node-RED install sees it (e.g. '@node-red/util').
    require(id) {
      return require(require.resolve(id, { paths: [dir] }));
    },
  };
  return cached;
}

module.exports = { resolveNodeRed, repoRoot };
