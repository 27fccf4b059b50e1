#!/usr/bin/env node
// Runs the Graph + identity platform simulator from the command line.
//   npm run simulator -- --port 8443 --host localhost --seed small|empty|large [--users 100000] [--token-lifetime 3599]
//                        [--throttling [--tenant-size S|M|L]]
// Port: --port, else SIM_PORT, else 8443. Host: --host, else SIM_HOST, else localhost (the
// loopback interface only; 0.0.0.0 or :: to accept connections from other machines).
// Builds nothing: run `npm run build` (or `npx tsc -p simulator/tsconfig.json`) first if
// simulator/dist is missing.
'use strict';
const path = require('path');

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : undefined;
}

let sim;
try {
  sim = require(path.join(__dirname, '..', 'simulator', 'dist'));
} catch (err) {
  console.error('simulator/dist is missing: run `npx tsc -p simulator/tsconfig.json` (or `npm run build`) first.');
  process.exit(1);
}

(async () => {
  const port = Number(arg('port') ?? process.env.SIM_PORT ?? 8443);
  const s = await sim.startSimulator({
    port,
    host: arg('host') || process.env.SIM_HOST || undefined,
    seed: arg('seed') || process.env.SIM_SEED || 'small',
    largeUserCount: arg('users') ? Number(arg('users')) : undefined,
    tokenLifetimeSeconds: arg('token-lifetime') ? Number(arg('token-lifetime')) : undefined,
  });
  // The identity service's documented quotas (429s when spent): off unless asked for.
  if (process.argv.includes('--throttling')) {
    Object.assign(s.config, { throttling: true, throttleTenantSize: arg('tenant-size') || 'S' });
  }
  const lines = [
    'Microsoft Graph / Entra ID simulator is running',
    `  url (authority host):  ${s.url}`,
    `  Graph base URL:        ${s.graphBaseUrl}`,
    `  token endpoint:        ${s.url}/${s.tenantId}/oauth2/v2.0/token`,
    `  tenant id:             ${s.tenantId}   (domains: contoso.onmicrosoft.com, contoso.com)`,
    `  client id:             ${s.clientId}`,
    `  client secret:         ${s.clientSecret}`,
    `  CA certificate:        ${s.caPath}`,
    `  control API:           ${s.url}/_sim   (see simulator/README.md)`,
    '',
    `Trust the CA in Node clients with:  NODE_EXTRA_CA_CERTS=${s.caPath}`,
  ];
  console.log(lines.join('\n'));
  const stop = async () => {
    await s.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
})().catch((err) => {
  console.error(err && err.message ? err.message : err);
  process.exit(1);
});
