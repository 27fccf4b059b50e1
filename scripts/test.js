#!/usr/bin/env node
// npm test [-- [paths…] [--grep RE] [--no-browser] [--no-build] [--bail] [--timeout MS] [--results FILE]]
//
// 1. builds the package and the simulator (node scripts/build.js; --no-build skips it),
// 2. makes the simulator's CA and localhost certificate (simulator/dist ensureCertificates),
// 3. runs mocha over test/**/*.spec.js (or the given folders/files) in a child process with
//    NODE_EXTRA_CA_CERTS set to that CA (Node reads it only at start-up) and the reporter
//    test/support/reporter.js, and ends with one line `tests: N passed, N failed, N skipped`.
// 4. lint (ESLint over src, simulator/src, scripts, test, bench, resources) runs on a whole run
//    (no paths given) or with --lint, and counts as one test: failed when ESLint reports an
//    error. With ENTRA_FORMAT_CHECK=1, Prettier's check (npm run format:check) counts as another.
//
// Browser tests (test/browser) need Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH).
// Without it they are skipped with a notice, except in CI (CI=true), where that is a failure.
// NODE_RED_PATH=<dir> runs the tests against another Node-RED install (see
// test/support/node-red-path.js). Exit code: 0 when nothing failed.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const testRoot = path.join(root, 'test');
const browserDir = path.join(testRoot, 'browser');
const inCI = process.env.CI === 'true' || process.env.CI === '1';

function usage(code) {
  console.log(`usage: npm test -- [paths…] [options]
  paths              folders or spec files (default: test/)
  --grep, -g RE      only tests whose full title matches RE
  --invert           with --grep: the tests that do not match
  --no-browser       skip the browser tests (test/browser)
  --no-build         do not run scripts/build.js first
  --bail             stop at the first failure
  --lint, --no-lint  run ESLint as a test (default: only when no paths are given)
  --timeout MS       mocha's per-test timeout (default 30000)
  --results FILE     also write {"passed","failed","skipped"} as JSON to FILE
env: CHROMIUM_PATH (browser), NODE_RED_PATH (another Node-RED install), CI=true (a missing
browser fails), ENTRA_FORMAT_CHECK=1 (Prettier's check counts as a test)`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = {
    paths: [],
    grep: null,
    invert: false,
    browser: true,
    build: true,
    bail: false,
    timeout: '30000',
    results: null,
    lint: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) {
        console.error(`${a} needs a value`);
        usage(2);
      }
      return argv[++i];
    };
    if (a === '--grep' || a === '-g') opts.grep = value();
    else if (a.startsWith('--grep=')) opts.grep = a.slice(7);
    else if (a === '--invert' || a === '-i') opts.invert = true;
    else if (a === '--no-browser') opts.browser = false;
    else if (a === '--no-build') opts.build = false;
    else if (a === '--bail' || a === '-b') opts.bail = true;
    else if (a === '--lint') opts.lint = true;
    else if (a === '--no-lint') opts.lint = false;
    else if (a === '--timeout' || a === '-t') opts.timeout = value();
    else if (a.startsWith('--timeout=')) opts.timeout = a.slice(10);
    else if (a === '--results') opts.results = value();
    else if (a.startsWith('--results=')) opts.results = a.slice(10);
    else if (a === '--help' || a === '-h') usage(0);
    else if (a.startsWith('-')) {
      console.error(`unknown option ${a}`);
      usage(2);
    } else opts.paths.push(a);
  }
  return opts;
}

function specFiles(p) {
  const abs = path.resolve(root, p);
  if (!fs.existsSync(abs)) throw new Error(`no such test path: ${p}`);
  if (fs.statSync(abs).isFile()) return [abs];
  const out = [];
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(abs, e.name);
    if (e.isDirectory()) out.push(...specFiles(full));
    else if (e.name.endsWith('.spec.js')) out.push(full);
  }
  return out.sort();
}

const isBrowserSpec = (f) => f === browserDir || f.startsWith(browserDir + path.sep);

function summary(c) {
  return `tests: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

function finish(counts, opts, code) {
  if (opts.results) fs.writeFileSync(path.resolve(opts.results), JSON.stringify(counts));
  console.log(summary(counts));
  process.exit(code !== undefined ? code : counts.failed > 0 ? 1 : 0);
}

// The checks that are not mocha specs but count as tests: ESLint (and Prettier when asked).
const LINT_TARGETS = ['src', 'simulator/src', 'scripts', 'test', 'bench', 'resources'];

function staticChecks(opts) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const lint = opts.lint !== undefined ? opts.lint : opts.paths.length === 0;
  const checks = [];
  if (lint)
    checks.push([
      'lint (eslint)',
      path.join(path.dirname(require.resolve('eslint/package.json', { paths: [root] })), 'bin', 'eslint.js'),
      [...LINT_TARGETS],
    ]);
  if (process.env.ENTRA_FORMAT_CHECK === '1')
    checks.push([
      'format (prettier --check)',
      path.join(path.dirname(require.resolve('prettier/package.json', { paths: [root] })), 'bin', 'prettier.cjs'),
      ['--check', ...LINT_TARGETS],
    ]);
  for (const [name, bin, args] of checks) {
    const t = Date.now();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit' });
    const ok = r.status === 0;
    counts[ok ? 'passed' : 'failed']++;
    console.log(
      `${name}: ${ok ? 'passed' : `FAILED (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`} in ${((Date.now() - t) / 1000).toFixed(1)}s`,
    );
  }
  return counts;
}

const add = (a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped });

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const env = { ...process.env };

  // Which Node-RED.
  let nr;
  try {
    nr = require('../test/support/node-red-path').resolveNodeRed();
  } catch (e) {
    console.error(e.message);
    return finish({ passed: 0, failed: 1, skipped: 0 }, opts);
  }
  env.NODE_RED_PATH = nr.nodeRedDir;
  console.log(`Node ${process.version}, Node-RED ${nr.version} (${path.relative(root, nr.nodeRedDir) || nr.nodeRedDir})`);

  // 1. Build.
  if (opts.build) {
    const t = Date.now();
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { cwd: root, stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`build failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`);
      return finish({ passed: 0, failed: 1, skipped: 0 }, opts);
    }
    console.log(`build: ${((Date.now() - t) / 1000).toFixed(1)}s`);
  }

  const checked = staticChecks(opts);

  // 2. Certificates.
  const simIndex = path.join(root, 'simulator', 'dist', 'index.js');
  if (fs.existsSync(simIndex)) {
    try {
      const { ensureCertificates } = require(simIndex);
      const c = ensureCertificates();
      env.NODE_EXTRA_CA_CERTS = c.caPath;
      env.ENTRA_TEST_CA = c.caPath;
      env.ENTRA_TEST_CERT = c.certPath;
      env.ENTRA_TEST_KEY = c.keyPath;
    } catch (e) {
      console.error(`cannot make the simulator's certificates: ${e.stack || e}`);
      return finish({ passed: 0, failed: 1, skipped: 0 }, opts);
    }
  } else {
    console.warn(`warning: ${path.relative(root, simIndex)} is missing: tests that need the simulator will fail`);
  }

  // 3. Which specs.
  let files;
  try {
    const paths = opts.paths.length ? opts.paths : ['test'];
    files = [...new Set(paths.flatMap(specFiles))];
  } catch (e) {
    console.error(e.message);
    return finish({ passed: 0, failed: 1, skipped: 0 }, opts, 2);
  }
  const { findChromium } = require('../test/support/chromium');
  const hasBrowserSpecs = files.some(isBrowserSpec);
  const chromium = findChromium();
  if (!opts.browser) {
    env.ENTRA_BROWSER = 'skip';
    if (hasBrowserSpecs) console.log('--no-browser: the browser tests (test/browser) are skipped');
  } else if (chromium) {
    env.ENTRA_BROWSER = 'run';
    env.CHROMIUM_PATH = chromium;
  } else if (inCI) {
    env.ENTRA_BROWSER = 'missing';
    if (hasBrowserSpecs) {
      console.error(`CI: chromium not found (${process.env.CHROMIUM_PATH || '/usr/bin/chromium'}): the browser tests fail`);
    }
  } else {
    env.ENTRA_BROWSER = 'skip';
    if (hasBrowserSpecs) {
      console.log('');
      console.log('NOTICE: chromium not found (/usr/bin/chromium, or set CHROMIUM_PATH).');
      console.log('        The browser tests (test/browser) are SKIPPED. Install it with:');
      console.log('        sudo apt-get install chromium');
      console.log('');
    }
  }
  if (!files.length) {
    console.error('no spec files found');
    return finish(checked, opts, 1);
  }

  // 4. Mocha in a child process (so NODE_EXTRA_CA_CERTS applies from the start).
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'entra-test-')), 'results.json');
  env.ENTRA_TEST_RESULTS = resultsFile;
  env.ENTRA_TEST_NO_SUMMARY = '1';
  const mochaBin = require.resolve('mocha/bin/mocha.js', { paths: [root] });
  const args = [mochaBin, '--reporter', path.join(testRoot, 'support', 'reporter.js'), '--timeout', String(opts.timeout), '--exit'];
  if (opts.grep) args.push('--grep', opts.grep);
  if (opts.invert) args.push('--invert');
  if (opts.bail) args.push('--bail');
  args.push(...files);

  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => {
    let counts = null;
    try {
      counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    } catch (e) {
      // mocha died before its end (a spec that throws while loading, a signal…)
    }
    fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
    console.log(`\ntime: ${((Date.now() - started) / 1000).toFixed(1)}s`);
    if (!counts) {
      console.error(`mocha ended without results (exit ${code}${signal ? `, ${signal}` : ''})`);
      return finish(add(checked, { passed: 0, failed: 1, skipped: 0 }), opts);
    }
    if (code !== 0 && counts.failed === 0) {
      console.error(`mocha exited ${code}${signal ? ` (${signal})` : ''} although no test failed`);
      counts.failed = 1;
    }
    finish(add(checked, counts), opts);
  });
}

main();
