'use strict';
// node-red-node-test-helper on the compiled package, against the simulator.
//   const { helper, loadNodes, connection } = require('../support/helper');
//   await loadNodes([flow], credentials)   // every node type of the package is registered
//   connection(sim, { maxRetries: 0 })     // { node, credentials } of an entra-connection on the simulator
const path = require('path');
const helper = require('node-red-node-test-helper');
const { resolveNodeRed, repoRoot } = require('./node-red-path');

helper.init(resolveNodeRed().runtimePath);

/** Core nodes the tests wire around ours (catch, join, …), from the Node-RED under test. */
function coreNodes() {
  const nodesDir = path.dirname(require.resolve('@node-red/nodes/package.json', { paths: [resolveNodeRed().nodeRedDir] }));
  return [
    'core/common/20-inject.js',
    'core/common/25-catch.js',
    'core/common/21-debug.js',
    'core/sequence/17-split.js',
    'core/function/15-change.js',
    'core/function/10-switch.js',
  ].map((f) => require(path.join(nodesDir, f)));
}

/**
 * The test helper calls its own copy of the catch, status and complete modules once per node of
 * that type in the flow: a flow with two Catch nodes registered "catch" twice, and the error
 * ("catch already registered") was thrown outside the helper's try, so its callback never came and
 * the test stalled until mocha's timeout. Each of those modules now runs once per load (`red` is
 * one object per load), also when a spec hands helper.load its own module list.
 */
const oncePerLoad = new Map();
for (const [type, fn] of Object.entries(helper._nodeModules || {})) {
  const loaded = new WeakSet();
  const once = (red) => {
    if (loaded.has(red)) return undefined;
    loaded.add(red);
    return fn(red);
  };
  oncePerLoad.set(fn, once);
  helper._nodeModules[type] = once;
}
// Specs that call helper.load themselves (with their own module lists) get the same modules.
const helperLoad = helper.load.bind(helper);
helper.load = (testNode, ...rest) =>
  helperLoad(Array.isArray(testNode) ? testNode.map((fn) => oncePerLoad.get(fn) || fn) : oncePerLoad.get(testNode) || testNode, ...rest);

/** Every node module the package declares, loaded from dist (what users run), plus core nodes. */
function packageNodes() {
  const pkg = require(path.join(repoRoot, 'package.json'));
  return Object.values(pkg['node-red'].nodes)
    .map((file) => require(path.join(repoRoot, file)))
    .concat(coreNodes());
}

function loadNodes(flow, credentials) {
  // Flow nodes have a position; without x/y Node-RED takes a node for a config node.
  const positioned = flow.map((n) => (n.z && n.x === undefined ? { x: 100, y: 100, ...n } : n));
  return new Promise((resolve, reject) => {
    const done = (err) => (err ? reject(err) : resolve());
    // An error the helper throws outside its try rejects its promise without calling back.
    Promise.resolve(helper.load(packageNodes(), positioned, credentials || {}, done)).catch(reject);
  });
}

let counter = 0;
/** An entra-connection config node wired to the simulator. */
function connection(sim, overrides = {}, credentialOverrides = {}) {
  const id = overrides.id || `conn${++counter}`;
  const node = {
    id,
    type: 'entra-connection',
    name: 'simulator',
    authType: 'clientCredentials',
    tenantId: sim.tenantId,
    cloud: 'custom',
    authorityHost: sim.authorityHost,
    graphBaseUrl: sim.graphBaseUrl,
    maxRetries: 3,
    retryBaseDelayMs: 10,
    timeoutSeconds: 10,
    ...overrides,
  };
  return { node, credentials: { [id]: { clientId: sim.clientId, clientSecret: sim.clientSecret, ...credentialOverrides } } };
}

/** Resolves with the next msg a helper node receives, or rejects on timeout. */
function nextMessage(node, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${node.id} within ${ms} ms`)), ms);
    node.once('input', (msg) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

/** Sends msg into `node` and resolves with what reaches `out` or, on error, the Catch node's msg. */
function run(node, msg, { out, catcher, ms = 8000 } = {}) {
  const result = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output or error within ${ms} ms`)), ms);
    const finish = (kind) => (m) => {
      clearTimeout(timer);
      out && out.removeAllListeners('input');
      catcher && catcher.removeAllListeners('input');
      resolve({ kind, msg: m });
    };
    out && out.once('input', finish('output'));
    catcher && catcher.once('input', finish('error'));
  });
  node.receive(msg);
  return result;
}

/**
 * One node of `type` (id "node") on the simulator, wired to a helper "out", with a Catch node
 * wired to a helper "caught"; `extra` nodes join the flow. → { node, out, caught, run(msg) }.
 */
async function nodeFlow(sim, type, props, { conn = {}, connCredentials = {}, credentials, extra = [] } = {}) {
  const c = connection(sim, conn, connCredentials);
  const nodes = [
    { id: 'f1', type: 'tab' },
    c.node,
    { id: 'node', z: 'f1', type, connection: c.node.id, wires: [['out']], ...props },
    { id: 'out', z: 'f1', type: 'helper' },
    { id: 'catch', z: 'f1', type: 'catch', scope: ['node'], wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper' },
    ...extra.map((n) => ({ z: 'f1', ...n })),
  ];
  await loadNodes(nodes, { ...c.credentials, ...(credentials ? { node: credentials } : {}) });
  const n = { node: helper.getNode('node'), out: helper.getNode('out'), caught: helper.getNode('caught') };
  n.run = (msg = {}, ms) => run(n.node, msg, { out: n.out, catcher: n.caught, ms });
  return n;
}

/** The node's status calls, recorded from now on. */
function recordStatus(node) {
  const statuses = [];
  const orig = node.status.bind(node);
  node.status = (s) => {
    statuses.push(s);
    orig(s);
  };
  return statuses;
}

/**
 * Mocha hooks shared by node suites: one simulator for the suite (handed to `onStart`), reset to the
 * small seed before each test, and the flows unloaded after each.
 */
let suiteUserDir;

/**
 * Sets Node-RED settings for the next flows, keeping the suite's own userDir: without it the
 * package's state (secret bindings) would land in the working directory, shared between runs.
 */
function nodeSettings(extra = {}) {
  helper.settings({ userDir: suiteUserDir, ...extra });
}

function useSimulator(onStart, options = {}) {
  const { startTestSimulator } = require('./simulator');
  let sim;
  let userDir;
  before(async () => {
    // State the package keeps in the userDir (secret bindings, token caches) stays out of the repo.
    userDir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'entra-nodes-'));
    suiteUserDir = userDir;
    helper.settings({ userDir });
    sim = await startTestSimulator(options);
    onStart(sim);
  });
  after(async () => {
    if (sim) await sim.close();
    // A state write of the last flow may still be landing in <userDir>/.entra-id: retry on ENOTEMPTY.
    require('fs').rmSync(userDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });
  beforeEach(async () => sim.control.reset({ seed: 'small' }));
  afterEach(async () => helper.unload());
}

module.exports = { useSimulator, nodeSettings, helper, loadNodes, connection, nextMessage, run, packageNodes, nodeFlow, recordStatus };
