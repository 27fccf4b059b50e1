'use strict';
// Node-RED's own runtime i18n (@node-red/util) for the specs that check texts in Node-RED's
// language: the i18n of the Node-RED under test (NODE_RED_PATH selects Node-RED 5), a node
// module's RED._ as Node-RED's registry builds it (its namespace, its locales/<lang>/<node>.json),
// and the mocha hooks that set the language back and forget the modules' RED._ after each test.
const path = require('path');
const { repoRoot, resolveNodeRed } = require('./node-red-path');

const pkg = require(path.join(repoRoot, 'package.json'));

function nodeRedI18n() {
  return require(require.resolve('@node-red/util', { paths: [resolveNodeRed().nodeRedDir] })).i18n;
}

/** The compiled module file of a node type of the package (dist/…/<type>.js). */
function moduleFile(type) {
  const file = pkg['node-red'].nodes[type];
  if (!file) throw new Error(`${type} is not a node of the package`);
  return path.join(repoRoot, file);
}

/** `{ _ }` reading the catalogue of a node type's module, registered as Node-RED's registry does. */
async function moduleRed(i18n, type) {
  const file = moduleFile(type);
  const namespace = `${pkg.name}/${type}`;
  await i18n.registerMessageCatalog(namespace, path.join(path.dirname(file), 'locales'), `${path.basename(file, '.js')}.json`);
  return { _: (key, subs) => i18n._(key.includes(':') ? key : `${namespace}:${key}`, subs) };
}

/**
 * Registers mocha hooks in the calling describe: Node-RED's i18n initialised once, and after each
 * test its language restored and every module's RED._ forgotten (the next suites read the English
 * fallback). Returns `{ i18n, speak(type, lang) }`; speak hands the module `type` its RED._ in
 * `lang` and returns that RED.
 */
function useRuntimeI18n() {
  const { useRuntimeMessages } = require(path.join(repoRoot, 'dist', 'lib', 'i18n.js'));
  const state = {
    i18n: undefined,
    async speak(type, lang) {
      const RED = await moduleRed(state.i18n, type);
      await state.i18n.i.changeLanguage(lang);
      useRuntimeMessages(RED, type);
      return RED;
    },
  };
  let language;
  before(async function () {
    state.i18n = nodeRedI18n();
    await state.i18n.init({});
    language = state.i18n.i.language;
  });
  afterEach(async function () {
    useRuntimeMessages(undefined);
    for (const type of Object.keys(pkg['node-red'].nodes)) useRuntimeMessages(undefined, type);
    await state.i18n.i.changeLanguage(language);
  });
  return state;
}

module.exports = { pkg, nodeRedI18n, moduleFile, moduleRed, useRuntimeI18n };
