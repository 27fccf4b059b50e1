'use strict';
// Preparing a Node-RED userDir: settings.js (HTTPS with the simulator's certificate, adminAuth,
// credentialSecret, context storage, logging), flows.json and an encrypted flows_cred.json.
// Used by the e2e harness (test/support/node-red-process.js) and by scripts/start.js.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ADMIN_USERS = {
  admin: { password: 'admin-password', permissions: '*' },
  reader: { password: 'reader-password', permissions: 'read' },
};

// Node-RED's own credential encryption (aes-256-ctr, key = sha256(credentialSecret)).
function encryptCredentials(secret, credentials) {
  const key = crypto.createHash('sha256').update(secret).digest();
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-ctr', key, iv);
  return { $: iv.toString('hex') + cipher.update(JSON.stringify(credentials), 'utf8', 'base64') + cipher.final('base64') };
}

function decryptCredentials(secret, stored) {
  const key = crypto.createHash('sha256').update(secret).digest();
  const iv = Buffer.from(stored.$.substring(0, 32), 'hex');
  const decipher = crypto.createDecipheriv('aes-256-ctr', key, iv);
  return JSON.parse(decipher.update(stored.$.substring(32), 'base64', 'utf8') + decipher.final('utf8'));
}

function bcryptHash(nodeRed, password) {
  const bcrypt = nodeRed.require('bcryptjs');
  return bcrypt.hashSync(password, 8);
}

/**
 * Writes <userDir>/settings.js.
 * @param {string} userDir
 * @param {object} o
 *   certs: {certPath, keyPath} (HTTPS; required), port (number, 0 = any), host ('127.0.0.1'),
 *   credentialSecret, adminAuth (true | {users…}), contextStorage (true = localfilesystem default;
 *   a store whose `module` is an absolute path is loaded with require(), e.g. a store plugin of
 *   test/support),
 *   httpNodeRoot ('/'), logLevel ('info'), nodeRed (resolveNodeRed() result, for bcrypt),
 *   extra (object merged last; values must be JSON-serialisable)
 */
function writeSettings(userDir, o) {
  const settings = {
    uiHost: o.host || '127.0.0.1',
    uiPort: o.port === undefined ? 0 : o.port,
    flowFile: 'flows.json',
    flowFilePretty: true,
    credentialSecret: o.credentialSecret || 'entra-test-credential-secret',
    httpAdminRoot: '/',
    httpNodeRoot: o.httpNodeRoot || '/',
    lang: 'en-US',
    logging: { console: { level: o.logLevel || 'info', metrics: false, audit: false } },
    diagnostics: { enabled: true, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    editorTheme: {
      tours: false,
      projects: { enabled: false },
      palette: { catalogues: [] },
      codeEditor: { lib: 'monaco' },
    },
    externalModules: { palette: { allowInstall: false }, modules: { allowInstall: false } },
    functionExternalModules: false,
    exportGlobalContextKeys: false,
  };
  if (o.adminAuth) {
    const users = o.adminAuth === true ? ADMIN_USERS : o.adminAuth;
    settings.adminAuth = {
      type: 'credentials',
      users: Object.entries(users).map(([username, u]) => ({
        username,
        password: bcryptHash(o.nodeRed, u.password),
        permissions: u.permissions,
      })),
    };
  }
  if (o.contextStorage) {
    settings.contextStorage =
      o.contextStorage === true
        ? { default: { module: 'localfilesystem', config: { flushInterval: 1 } }, memory: { module: 'memory' } }
        : o.contextStorage;
  }
  Object.assign(settings, o.extra || {});
  // Store plugins given by path: Node-RED takes a string `module` as the name of a built-in store.
  const required = [];
  for (const [name, store] of Object.entries(settings.contextStorage || {})) {
    if (store && typeof store.module === 'string' && path.isAbsolute(store.module)) {
      required.push(`settings.contextStorage[${JSON.stringify(name)}].module = require(${JSON.stringify(store.module)});`);
    }
  }
  const text = `// Written by test/support/node-red-userdir.js
const fs = require('fs');
const settings = ${JSON.stringify(settings, null, 2)};
${required.join('\n')}
settings.https = {
  key: fs.readFileSync(${JSON.stringify(o.certs.keyPath)}),
  cert: fs.readFileSync(${JSON.stringify(o.certs.certPath)}),
};
settings.requireHttps = true;
module.exports = settings;
`;
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.js'), text);
  return settings;
}

function writeFlows(userDir, flows, credentials, secret) {
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows || [], null, 2));
  const credFile = path.join(userDir, 'flows_cred.json');
  if (credentials && Object.keys(credentials).length) {
    fs.writeFileSync(credFile, JSON.stringify(encryptCredentials(secret || 'entra-test-credential-secret', credentials), null, 2));
  } else {
    fs.rmSync(credFile, { force: true });
  }
}

module.exports = { ADMIN_USERS, encryptCredentials, decryptCredentials, writeSettings, writeFlows };
