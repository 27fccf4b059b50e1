'use strict';
// A real Node-RED process with this package installed from its `npm pack` tarball, for
// end-to-end tests.
//
//   const { startNodeRed } = require('../support/node-red-process');
//   const nr = await startNodeRed({ flows, credentials, env, settings, adminAuth, contextStorage });
//   nr.url                        https://127.0.0.1:<port>  (editor + admin API, HTTPS)
//   await nr.deploy(flows)        POST /flows (full deployment) → rev
//   await nr.getFlows()           → { flows, rev }
//   await nr.request(method, path, body, { token, user, auth:false, headers }) → { status, headers, body, text }
//   await nr.httpNode(method, path, body, { headers })  → same, under httpNodeRoot
//   nr.log()                      the process's stdout+stderr so far
//   await nr.waitForLog(/re/, ms) → the match
//   await nr.restart()            stop + start with the same userDir and port
//   await nr.stop()               (also done for every process left running when the test process exits)
//   await nr.kill()               SIGKILL: a crash, no close handlers run
//
// Or in a mocha suite: `const nr = useNodeRed(() => options)` → nr.current after `before`.
//
// The tarball is made once per test process (`npm pack --ignore-scripts`: scripts/test.js has
// built dist) and extracted into <userDir>/node_modules/<name>; its runtime dependencies are
// symlinked from the repo's node_modules (no network). NODE_RED_PATH selects the Node-RED
// install (test/support/node-red-path.js); the process runs on the same Node binary as the tests.
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const https = require('https');
const os = require('os');
const path = require('path');
const { resolveNodeRed, repoRoot } = require('./node-red-path');
const { getCerts } = require('./certs');
const { ADMIN_USERS, writeSettings, writeFlows } = require('./node-red-userdir');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const running = new Set();
const tempDirs = new Set();

function killAll() {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch (e) {
      /* gone */
    }
  }
  running.clear();
  if (!process.env.ENTRA_KEEP_USERDIR) {
    for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  }
}
process.on('exit', killAll);
for (const sig of ['SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killAll();
    process.exit(128 + (sig === 'SIGTERM' ? 15 : 1));
  });
}

// ---------- package tarball (once per process) ----------
let packPromise;
function packOnce() {
  if (!packPromise) {
    packPromise = Promise.resolve().then(() => {
      for (const f of Object.values((pkg['node-red'] || {}).nodes || {})) {
        if (!fs.existsSync(path.join(repoRoot, f))) throw new Error(`${f} is missing: build first (node scripts/build.js)`);
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-pack-'));
      tempDirs.add(dir);
      const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const info = JSON.parse(out)[0];
      return { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path) };
    });
  }
  return packPromise;
}

function installPackage(userDir, tarball) {
  const dest = path.join(userDir, 'node_modules', ...pkg.name.split('/'));
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1']);
  // Runtime dependencies: symlinks to the repo's installed copies (their own dependencies
  // resolve from the repo through the symlinks' real paths).
  for (const dep of Object.keys(pkg.dependencies || {})) {
    const src = path.join(repoRoot, 'node_modules', ...dep.split('/'));
    if (!fs.existsSync(src)) throw new Error(`dependency ${dep} is not installed in the repo (npm install)`);
    const link = path.join(dest, 'node_modules', ...dep.split('/'));
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(src, link, 'dir');
  }
  fs.writeFileSync(
    path.join(userDir, 'package.json'),
    JSON.stringify({ name: 'node-red-project', private: true, dependencies: { [pkg.name]: pkg.version } }, null, 2),
  );
  return dest;
}

// ---------- HTTP ----------
function httpRequest(url, { method = 'GET', body, headers = {}, ca, timeout = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    let data;
    const h = { ...headers };
    if (body !== undefined && body !== null) {
      if (Buffer.isBuffer(body) || typeof body === 'string') data = body;
      else {
        data = JSON.stringify(body);
        if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
      }
      h['Content-Length'] = Buffer.byteLength(data);
    }
    const req = https.request(u, { method, headers: h, ca, timeout }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = text;
        if (/json/.test(res.headers['content-type'] || '')) {
          try {
            parsed = JSON.parse(text);
          } catch (e) {
            /* keep text */
          }
        }
        resolve({ status: res.statusCode, headers: res.headers, body: parsed, text });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timed out after ${timeout} ms`)));
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------- the process ----------
async function startNodeRed(options = {}) {
  const nodeRed = resolveNodeRed();
  const certs = getCerts();
  const ca = fs.readFileSync(certs.caPath);
  const { tarball } = await packOnce();

  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-nr-'));
  tempDirs.add(userDir);
  installPackage(userDir, tarball);
  const credentialSecret = 'entra-e2e-credential-secret';
  const adminAuth = options.adminAuth ? (options.adminAuth === true ? ADMIN_USERS : options.adminAuth) : null;
  const { logLevel, ...s } = options.settings || {};
  writeSettings(userDir, {
    certs,
    port: 0,
    credentialSecret,
    adminAuth,
    contextStorage: options.contextStorage,
    httpNodeRoot: s.httpNodeRoot,
    logLevel,
    nodeRed,
    extra: s,
  });
  writeFlows(userDir, options.flows || [], options.credentials, credentialSecret);
  const httpNodeRoot = (s.httpNodeRoot || '/').replace(/\/?$/, '/');

  let child = null;
  let output = '';
  let port = 0;
  let url = null;
  const tokens = {};
  const logWaiters = new Set();

  function onOutput(chunk) {
    const text = chunk.toString('utf8');
    output += text;
    if (process.env.ENTRA_E2E_VERBOSE) process.stderr.write(text.replace(/^(?=.)/gm, '    [node-red] '));
    for (const w of logWaiters) w();
  }

  async function launch() {
    const env = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: certs.caPath,
      ...(options.env || {}),
    };
    delete env.ENTRA_TEST_RESULTS;
    delete env.NODE_OPTIONS;
    const args = [nodeRed.redJs, '--userDir', userDir, '--settings', path.join(userDir, 'settings.js'), '--port', String(port)];
    child = spawn(process.execPath, args, { cwd: userDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    const me = child;
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    const exited = new Promise((resolve) =>
      me.on('exit', (code, signal) => {
        running.delete(me);
        resolve({ code, signal });
      }),
    );
    me.exited = exited;
    const from = output.length;
    const started = await Promise.race([
      waitForLog(/Server now running at (https?:\/\/[^\s/]+)/, options.startTimeout || 60000, from),
      exited.then(({ code, signal }) => {
        throw new Error(`Node-RED exited during start (code ${code}, signal ${signal}):\n${output.slice(from)}`);
      }),
    ]);
    url = started[1].replace('0.0.0.0', '127.0.0.1');
    port = Number(new URL(url).port);
    // The admin API answers once the runtime has loaded the flows.
    const deadline = Date.now() + 30000;
    for (;;) {
      const r = await httpRequest(`${url}/settings`, { ca }).catch((e) => ({ status: 0, text: String(e) }));
      if (r.status === 200 || r.status === 401) break;
      if (Date.now() > deadline) throw new Error(`Node-RED admin API does not answer at ${url}: ${r.status} ${r.text}`);
      await sleep(100);
    }
    // Resolve only once the flows have started (http-in routes registered), not when they begin to.
    await waitForLog(/Started flows|Waiting for missing types/, 30000, from).catch(() => {});
  }

  function waitForLog(re, ms = 10000, from = 0) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = output.slice(from).match(re);
        if (m) {
          cleanup();
          resolve(m);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${ms} ms waiting for ${re} in the Node-RED log:\n${output.slice(-4000)}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        logWaiters.delete(check);
      };
      logWaiters.add(check);
      check();
    });
  }

  async function token(user = 'admin') {
    if (!adminAuth) return null;
    if (!tokens[user]) {
      const u = adminAuth[user];
      if (!u) throw new Error(`no adminAuth user ${user}`);
      const r = await httpRequest(`${url}/auth/token`, {
        method: 'POST',
        ca,
        body: { client_id: 'node-red-admin', grant_type: 'password', scope: u.permissions, username: user, password: u.password },
      });
      if (r.status !== 200) throw new Error(`login as ${user} failed: ${r.status} ${r.text}`);
      tokens[user] = r.body.access_token;
    }
    return tokens[user];
  }

  async function request(method, p, body, opts = {}) {
    const headers = { 'Node-RED-API-Version': 'v2', ...(opts.headers || {}) };
    if (opts.auth !== false && adminAuth) {
      const t = opts.token || (await token(opts.user || 'admin'));
      headers.Authorization = `Bearer ${t}`;
    }
    return httpRequest(url + (p.startsWith('/') ? p : `/${p}`), { method, body, headers, ca, timeout: opts.timeout });
  }

  const nr = {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    /** The Node-RED process id (memory measurements). */
    get pid() {
      return child && child.pid;
    },
    userDir,
    nodeRed,
    ca,
    certs,
    httpNodeUrl(p = '') {
      return url + httpNodeRoot + p.replace(/^\//, '');
    },
    // Resolves once the runtime has started the new flows (the POST answers before that).
    async deploy(flows, { type = 'full' } = {}) {
      const mark = nr.logMark();
      const r = await request('POST', '/flows', { flows }, { headers: { 'Node-RED-Deployment-Type': type } });
      if (r.status !== 200) throw new Error(`deploy failed: ${r.status} ${r.text}`);
      // "Stopped … Started": a start-up "Started flows" logged late must not count as this deploy's.
      await mark.waitFor(/Stopped (modified )?(flows|nodes)[\s\S]*Started (modified )?(flows|nodes)/, 30000);
      return r.body.rev;
    },
    async getFlows() {
      const r = await request('GET', '/flows');
      if (r.status !== 200) throw new Error(`GET /flows failed: ${r.status} ${r.text}`);
      return r.body;
    },
    request,
    token,
    httpNode(method, p, body, opts = {}) {
      return httpRequest(nr.httpNodeUrl(p), { method, body, headers: opts.headers || {}, ca, timeout: opts.timeout });
    },
    log: () => output,
    waitForLog: (re, ms) => waitForLog(re, ms),
    // Waits for `re` in the output written after this call.
    logMark() {
      const from = output.length;
      return { waitFor: (re, ms) => waitForLog(re, ms, from), text: () => output.slice(from) };
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode) return;
      const me = child;
      me.kill('SIGTERM');
      const t = setTimeout(() => me.kill('SIGKILL'), 10000);
      await me.exited;
      clearTimeout(t);
    },
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode) return;
      const me = child;
      me.kill('SIGKILL');
      await me.exited;
    },
    async restart() {
      await nr.stop();
      for (const k of Object.keys(tokens)) delete tokens[k];
      await launch();
    },
  };
  try {
    await launch();
  } catch (e) {
    await nr.stop();
    throw e;
  }
  return nr;
}

// Mocha convenience: starts Node-RED in `before`, stops it in `after`.
function useNodeRed(getOptions) {
  const holder = { current: null };
  before(async function () {
    this.timeout(120000);
    holder.current = await startNodeRed(typeof getOptions === 'function' ? await getOptions() : getOptions || {});
  });
  after(async function () {
    this.timeout(20000);
    if (holder.current) await holder.current.stop();
  });
  return holder;
}

module.exports = { startNodeRed, useNodeRed, packOnce, httpRequest, ADMIN_USERS };
