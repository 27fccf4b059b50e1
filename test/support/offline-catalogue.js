'use strict';
// Preload (`node --require test/support/offline-catalogue.js …`) for `node-red-dev validate`,
// which this machine cannot run online: it fetches https://catalogue.nodered.org/catalogue.json
// (checks P08, N01) and package metadata from the npm registry (P06, P07: node-red; D02, D03:
// the dependency tree). Every request to a host other than loopback is answered locally:
// - catalogue.nodered.org/catalogue.json → an empty catalogue (no name clashes can be checked
//   offline; the scorecard test says so);
// - any other path → npm registry metadata built from the packages installed in the repo's
//   node_modules (every version found in the tree; "latest" = the highest installed), except
//   node-red, whose dist-tags/engines are a snapshot of the registry (latest 5.0.7, Node >=22.9)
//   completed with the installed Node-RED versions.
// Requests are served by a small HTTP server on 127.0.0.1 that https.request/http.request are
// redirected to. ENTRA_OFFLINE_LOG=<file> records each request.
const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const NODE_RED_SNAPSHOT = { latest: '5.0.7', engines: { '5.0.7': { node: '>=22.9' } } };

// ---------- package metadata from node_modules ----------
let index;
function scan(dir, depth) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return;
  }
  for (const e of entries) {
    if (!e.isDirectory() && !e.isSymbolicLink()) continue;
    if (e.name.startsWith('.')) continue;
    if (e.name.startsWith('@')) {
      scan(path.join(dir, e.name), depth);
      continue;
    }
    const pkgDir = path.join(dir, e.name);
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
      if (pkg.name && pkg.version) {
        const versions = index.get(pkg.name) || {};
        versions[pkg.version] = pkg;
        index.set(pkg.name, versions);
      }
    } catch (err) {
      /* not a package */
    }
    if (depth < 8) scan(path.join(pkgDir, 'node_modules'), depth + 1);
  }
}
function packages() {
  if (!index) {
    index = new Map();
    scan(path.join(repoRoot, 'node_modules'), 0);
    if (process.env.NODE_RED_PATH) {
      const nr = path.resolve(process.env.NODE_RED_PATH);
      scan(path.basename(nr) === 'node-red' ? path.dirname(nr) : path.join(nr, 'node_modules'), 0);
    }
  }
  return index;
}

function compareVersions(a, b) {
  const pa = a.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === undefined) return 1; // 1.0.0 > 1.0.0-beta
    if (pb[i] === undefined) return -1;
    if (typeof pa[i] === 'number' && typeof pb[i] === 'number') return pa[i] - pb[i];
    return String(pa[i]) < String(pb[i]) ? -1 : 1;
  }
  return 0;
}

function metadata(name) {
  const found = packages().get(name);
  const versions = {};
  for (const [v, pkg] of Object.entries(found || {})) {
    versions[v] = {
      name,
      version: v,
      dependencies: pkg.dependencies || {},
      engines: pkg.engines || {},
      dist: { tarball: `http://offline.invalid/${name}-${v}.tgz` },
    };
  }
  const distTags = {};
  if (name === 'node-red') {
    for (const [v, engines] of Object.entries(NODE_RED_SNAPSHOT.engines)) {
      versions[v] = versions[v] || { name, version: v, engines, dependencies: {} };
    }
    distTags.latest = NODE_RED_SNAPSHOT.latest;
  } else if (Object.keys(versions).length) {
    distTags.latest = Object.keys(versions).sort(compareVersions).pop();
  } else {
    return null;
  }
  const latest = versions[distTags.latest] || {};
  return {
    name,
    'dist-tags': distTags,
    versions,
    time: { created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z' },
    homepage: latest.homepage,
    repository: latest.repository,
  };
}

// ---------- the local server ----------
const log = process.env.ENTRA_OFFLINE_LOG;
const server = http.createServer((req, res) => {
  const host = req.headers['x-offline-host'] || req.headers.host;
  const url = decodeURIComponent(req.url.split('?')[0]);
  let status = 200;
  let body;
  if (/catalogue\.nodered\.org$/.test(host)) {
    body = { name: 'Node-RED Community catalogue (offline stand-in: empty)', updated_at: new Date().toISOString(), modules: [] };
  } else {
    const name = url.replace(/^\/+/, '').replace(/\/latest$/, '');
    body = metadata(name);
    if (!body) {
      status = 404;
      body = { error: 'Not found' };
    }
  }
  if (log) fs.appendFileSync(log, `${status} ${host}${req.url}\n`);
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
});
server.listen(0, '127.0.0.1');
server.unref();

const isLoopback = (h) => !h || /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/.test(h);

function redirect(original) {
  return function request(...args) {
    let url = null;
    let options = {};
    let cb;
    for (const a of args) {
      if (typeof a === 'string' || a instanceof URL) url = new URL(a);
      else if (typeof a === 'function') cb = a;
      else if (a && typeof a === 'object') options = a;
    }
    const host = (url && url.hostname) || options.hostname || (options.host || '').split(':')[0];
    if (isLoopback(host)) return original.apply(this, args);
    const pathPart = url ? url.pathname + url.search : options.path || '/';
    const addr = server.address();
    const headers = { ...(options.headers || {}), host, 'x-offline-host': host };
    return http.request({ method: options.method || 'GET', host: '127.0.0.1', port: addr.port, path: pathPart, headers }, cb);
  };
}

for (const mod of [https, http]) {
  // The redirect target is http.request on loopback, which the patched function passes through.
  mod.request = redirect(mod.request);
  mod.get = function get(...args) {
    const req = mod.request(...args);
    req.end();
    return req;
  };
}
