'use strict';
// The example flows (examples/*.json) as the tests read them: each file is one tab with a comment,
// inject nodes that start it, debug nodes that show its answers, and Catch nodes wired to a debug
// node that shows its errors (see "Example flows" in README-testing.md for the rules).
const fs = require('fs');
const path = require('path');
const { repoRoot } = require('./node-red-path');

const examplesDir = path.join(repoRoot, 'examples');

/**
 * Examples that cannot give their answer offline (against the simulator, with no public URL):
 * what they answer instead, exactly as the user sees it in the debug sidebar (msg.error.message).
 * README.md lists them under "Examples that need a public URL".
 */
const OFFLINE_ERRORS = {
  // The notification URL must be a public https:// address that answers Graph's validation request.
  'entra-subscription - create a subscription': /^Subscription validation request failed/,
  // They act on a subscription id: the placeholder in their inject node does not exist.
  'entra-subscription - get a subscription': /^Not found: /,
  'entra-subscription - renew a subscription': /^Not found: /,
  'entra-subscription - delete a subscription': /^Not found: /,
  // deleteInstanced acts only under the connection's Webhook URL, empty in the examples.
  'entra-subscription - delete instanced subscriptions': /^webhookBaseUrl: is empty in the connection/,
};

function exampleFiles() {
  return fs.existsSync(examplesDir)
    ? fs
        .readdirSync(examplesDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
}

/** One example: its nodes and what the tests need to run it. */
function readExample(file) {
  const name = file.replace(/\.json$/, '');
  const nodes = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
  const tab = nodes.find((n) => n.type === 'tab');
  const catches = nodes.filter((n) => n.type === 'catch');
  const errorDebugIds = new Set(catches.flatMap((c) => (c.wires || []).flat()));
  const debugs = nodes.filter((n) => n.type === 'debug' && !n.d);
  return {
    file,
    name,
    nodes,
    tab,
    /** Inject nodes a user clicks (a disabled one is a background timer that stays off). */
    injects: nodes.filter((n) => n.type === 'inject' && !n.d),
    answerDebugs: debugs.filter((n) => !errorDebugIds.has(n.id)),
    errorDebugs: debugs.filter((n) => errorDebugIds.has(n.id)),
    offlineError: OFFLINE_ERRORS[name],
  };
}

function readExamples() {
  return exampleFiles().map(readExample);
}

module.exports = { examplesDir, exampleFiles, readExample, readExamples, OFFLINE_ERRORS };
