#!/usr/bin/env node
// npm start [-- --reset]
//
// Starts the local Graph simulator (HTTPS, port SIM_PORT, default 8443) and Node-RED (HTTPS,
// port PORT, default 1880) with this package linked into the userDir .simulator/node-red and
// every example flow (examples/*.json) deployed, each on its own tab, wired to the simulator: no
// Azure tenant needed. The userDir's flows are written on the first start only (or with --reset):
// your edits are kept otherwise. Ctrl-C stops both.
//
// env: PORT, SIM_PORT, HOST (Node-RED's address, default 127.0.0.1), SIM_HOST (the simulator's,
//      default localhost: both listen on the loopback interface only), NODE_RED_USER_DIR
//      (default .simulator/node-red), NODE_RED_PATH (another Node-RED install, see test/support/node-red-path.js).
'use strict';
const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const { resolveNodeRed } = require('../test/support/node-red-path');
const { writeSettings, writeFlows } = require('../test/support/node-red-userdir');

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npm start [-- --reset]   (env: PORT, SIM_PORT, HOST, SIM_HOST, NODE_RED_USER_DIR, NODE_RED_PATH)');
  process.exit(0);
}
const reset = args.includes('--reset');
const port = Number(process.env.PORT || 1880);
const simPort = Number(process.env.SIM_PORT || 8443);
const host = process.env.HOST || '127.0.0.1';
const simHost = process.env.SIM_HOST || 'localhost';
const userDir = path.resolve(root, process.env.NODE_RED_USER_DIR || path.join('.simulator', 'node-red'));
const CREDENTIAL_SECRET = 'entra-red-local-development';

function build() {
  const distNodes = Object.values(pkg['node-red'].nodes).map((f) => path.join(root, f));
  const simIndex = path.join(root, 'simulator', 'dist', 'index.js');
  if (distNodes.every((f) => fs.existsSync(f)) && fs.existsSync(simIndex)) return;
  console.log('Building (dist/ or simulator/dist/ is missing)…');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('build failed');
    process.exit(1);
  }
}

// Links the repo into <userDir>/node_modules/<name>, so a rebuilt dist/ shows after a restart.
function linkPackage() {
  const link = path.join(userDir, 'node_modules', ...pkg.name.split('/'));
  fs.mkdirSync(path.dirname(link), { recursive: true });
  let current = null;
  try {
    current = fs.readlinkSync(link);
  } catch (e) {
    /* missing, or not a link */
  }
  if (current !== root) {
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync(root, link, 'dir');
  }
  fs.writeFileSync(
    path.join(userDir, 'package.json'),
    JSON.stringify({ name: 'entra-red-dev', private: true, dependencies: { [pkg.name]: `file:${root}` } }, null, 2),
  );
}

const tabId = (name) => crypto.createHash('sha1').update(`example:${name}`).digest('hex').slice(0, 16);

// Every examples/*.json on a tab of its own: the example's own tab node (its short label), or one
// named after the file for an example without one. Config nodes shared between the examples (the
// entra-connection) are kept once, by id. The "Start here" tab comes first.
function exampleFlows() {
  const dir = path.join(root, 'examples');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const out = [];
  const seen = new Set();
  const credentials = {};
  const tabs = [];
  for (const file of files) {
    let nodes;
    try {
      nodes = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (e) {
      console.warn(`examples/${file}: not valid JSON (${e.message}): left out`);
      continue;
    }
    if (!Array.isArray(nodes)) nodes = [nodes];
    const own = nodes.filter((n) => n.type === 'tab');
    const label = own.length === 1 ? own[0].label : file.replace(/\.json$/, '');
    const id = own.length === 1 ? own[0].id : tabId(label);
    const subflows = new Set(nodes.filter((n) => n.type === 'subflow').map((n) => n.id));
    const tab = {
      id,
      type: 'tab',
      label,
      disabled: false,
      info: own
        .map((t) => t.info || '')
        .join('\n')
        .trim(),
    };
    out.push(tab);
    const comment = nodes.find((n) => n.type === 'comment');
    tabs.push({ label, what: comment ? comment.name : '', hasInject: nodes.some((n) => n.type === 'inject' && !n.d) });
    for (const original of nodes) {
      if (original.type === 'tab') continue;
      const n = { ...original };
      // Exported examples often carry no `z`: every flow node (it has wires or a position) goes
      // on the example's tab; config nodes (neither) stay global; subflow contents stay put.
      const flowNode = n.wires !== undefined || n.x !== undefined || (n.z !== undefined && n.z !== '');
      if (n.type !== 'subflow' && flowNode && !subflows.has(n.z)) n.z = id;
      if (seen.has(n.id)) {
        if (n.z === id) console.warn(`examples/${file}: node id ${n.id} is also used by another example: left out`);
        continue;
      }
      seen.add(n.id);
      if (n.type === 'entra-connection') {
        credentials[n.id] = { clientId: '${ENTRA_CLIENT_ID}', clientSecret: '${ENTRA_CLIENT_SECRET}', ...(n.credentials || {}) };
      }
      delete n.credentials;
      out.push(n);
    }
  }
  return { flows: [...startHere(tabs), ...out], credentials, files };
}

// The first tab: what to click first and what each tab shows, as comment nodes.
function startHere(tabs) {
  const id = tabId('Start here');
  const first = tabs.find((t) => t.label === 'Get user') || tabs.find((t) => t.hasInject);
  const steps = [
    '1. Open the debug sidebar: the bug icon at the top right of the editor',
    `2. Open a tab${first ? `, e.g. "${first.label}",` : ''} and click the button on the left of its inject node`,
    '3. The answer shows in the debug sidebar, under the name of the debug node that shows it',
    'Each tab starts with a comment: select it and read the info sidebar (i) for what it does',
    'Timers and triggers start disabled (their comment says how to enable them); the subscription tabs need a public URL (README)',
  ];
  // A comment node's x is its centre: place each by its left edge (about 7 px a character).
  const at = (left, y, name, n) => ({
    id: `${id.slice(0, 12)}${String(n).padStart(4, '0')}`,
    type: 'comment',
    z: id,
    name,
    info: '',
    x: left + 20 + name.length * 3.5,
    y,
    wires: [],
  });
  const nodes = steps.map((text, i) => at(40, 40 + i * 40, text, i));
  nodes.push(at(40, 260, 'The tabs:', 90));
  const perColumn = Math.ceil(tabs.length / 2);
  tabs.forEach((t, i) => {
    const text = t.what ? `${t.label}: ${t.what}` : t.label;
    nodes.push(at(i < perColumn ? 40 : 600, 300 + (i % perColumn) * 40, text, 100 + i));
  });
  const info = [
    'Every other tab is one example, wired to the local Graph simulator:',
    '',
    ...tabs.map((t) => `- **${t.label}**: ${t.what}`),
  ].join('\n');
  return [{ id, type: 'tab', label: 'Start here', disabled: false, info }, ...nodes];
}

async function main() {
  build();
  const sim = require(path.join(root, 'simulator', 'dist', 'index.js'));
  const certs = sim.ensureCertificates();
  const nodeRed = resolveNodeRed();

  const simulator = await sim.startSimulator({ port: simPort, host: simHost, seed: 'small' });

  fs.mkdirSync(userDir, { recursive: true });
  linkPackage();
  writeSettings(userDir, { certs, port, host, credentialSecret: CREDENTIAL_SECRET, nodeRed, contextStorage: true });
  const flowFile = path.join(userDir, 'flows.json');
  if (reset || !fs.existsSync(flowFile)) {
    const { flows, credentials, files } = exampleFlows();
    writeFlows(userDir, flows, credentials, CREDENTIAL_SECRET);
    console.log(`${reset ? 'Reset' : 'Wrote'} ${path.relative(root, flowFile)}: ${files.length} example flow(s) from examples/`);
  } else {
    console.log(`Keeping ${path.relative(root, flowFile)} (npm start -- --reset rewrites it from examples/)`);
  }

  const env = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: certs.caPath,
    ENTRA_TENANT_ID: simulator.tenantId,
    ENTRA_AUTHORITY_HOST: simulator.authorityHost,
    ENTRA_GRAPH_BASE_URL: simulator.graphBaseUrl,
    ENTRA_CLIENT_ID: simulator.clientId,
    ENTRA_CLIENT_SECRET: simulator.clientSecret,
  };
  const child = spawn(
    process.execPath,
    [nodeRed.redJs, '--userDir', userDir, '--settings', path.join(userDir, 'settings.js'), '--port', String(port)],
    { cwd: userDir, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
  const editorUrl = `https://${shownHost}:${port}/`;
  let announced = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (!announced && /Server now running at/.test(chunk.toString())) {
      announced = true;
      console.log('');
      console.log(`  Node-RED editor : ${editorUrl}  (Node-RED ${nodeRed.version})`);
      console.log(`  Graph simulator : ${simulator.url}  (tenant ${simulator.tenantId})`);
      console.log(`  Both use certificates of a local CA: ${certs.caPath}`);
      console.log('  (trust it in your browser, or accept the warning once). Ctrl-C stops both.');
      console.log('');
    }
  });

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nStopping Node-RED and the simulator (${signal})…`);
    if (child.exitCode === null) child.kill('SIGINT');
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  child.on('exit', async (code, signal) => {
    try {
      await simulator.close();
    } catch (e) {
      /* closing anyway */
    }
    if (!stopping) console.error(`Node-RED exited (${signal || code})`);
    process.exit(stopping ? 0 : code || 1);
  });
}

main().catch((e) => {
  console.error(e.stack || e);
  process.exit(1);
});
