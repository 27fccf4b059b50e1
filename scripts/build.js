#!/usr/bin/env node
// Compiles the package (src -> dist) and type-checks the editor code (src/editor), generates what
// the operation tables describe (scripts/generate.js: editors, catalogues, help, docs tables,
// browser expectations, the editor bundle), copies each node's .html and locales/ next to its
// compiled .js, and compiles the simulator (simulator/src -> simulator/dist).
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');

function run(project) {
  execFileSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
}

function copyAssets(fromDir, toDir) {
  for (const entry of fs.readdirSync(fromDir, { withFileTypes: true })) {
    const from = path.join(fromDir, entry.name);
    const to = path.join(toDir, entry.name);
    if (entry.isDirectory()) {
      copyAssets(from, to);
    } else if (!entry.name.endsWith('.ts') && entry.name !== 'tsconfig.json') {
      fs.mkdirSync(toDir, { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}

// Node-RED looks for a node's icons in an icons/ folder beside the node's .js file.
function copyIcons() {
  const icons = path.join(root, 'icons');
  for (const group of ['config', 'nodes']) {
    const base = path.join(root, 'dist', group);
    if (!fs.existsSync(base)) continue;
    for (const nodeDir of fs.readdirSync(base, { withFileTypes: true })) {
      if (nodeDir.isDirectory()) copyAssets(icons, path.join(base, nodeDir.name, 'icons'));
    }
  }
}

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
run('tsconfig.json');
run('src/editor/tsconfig.json');
require('./generate').write(require('./generate').generate(), root);
copyAssets(path.join(root, 'src'), path.join(root, 'dist'));
copyIcons();
if (process.argv.includes('--package-only')) process.exit(0);
run('simulator/tsconfig.json');
