#!/usr/bin/env node
// npm run bench [-- --users 100000 --gets 500] [--only-pacing | --skip-pacing]
//                 [--creates 2000 --members 10000 --paced-gets 2000]
//                 [--time-scale 0.1 --budget-scale 0.01 --write-budget-scale 0.15]
//
// Measures the shared Graph client against a baseline measured in the same run, on the same
// simulator (a generated tenant), and prints ratios (client ÷ baseline): no absolute numbers are
// asserted anywhere, since machines differ.
//   1. list every user: bare axios following nextLinks (baseline) vs GraphClient.collectAll
//   2. memory of listing: all items in one array (baseline) vs page by page (GraphClient.pages,
//      what pageOutput "perPage" uses): peak heap growth
//   3. many small GETs: bare axios with one token fetched up front (baseline) vs GraphClient
//      (token from the msal cache, retry and redaction layers on every request)
//   4. throughput at Graph's limit (bench/pacing.js): in a real Node-RED, with the simulator's
//      identity quotas on and scaled, every job with pacing on and off side by side
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const flag = (name) => process.argv.includes(`--${name}`);

// NODE_EXTRA_CA_CERTS is read only at start-up: make the certificates, then run again with it.
if (!process.env.ENTRA_BENCH_CHILD) {
  if (!process.argv.includes('--no-build')) spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { stdio: 'inherit' });
  const simIndex = path.join(root, 'simulator', 'dist', 'index.js');
  const caPath = spawnSync(
    process.execPath,
    ['-e', `process.stdout.write(require(${JSON.stringify(simIndex)}).ensureCertificates().caPath)`],
    { encoding: 'utf8' },
  ).stdout;
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath, ENTRA_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

const axios = require('axios');
const { startSimulator, largeUserId, seedIds } = require(path.join(root, 'simulator', 'dist', 'index.js'));
const { runPacingBench } = require('./pacing');
const { GraphClient } = require(path.join(root, 'dist', 'lib', 'graph-client.js'));
const { ClientCredentialsTokenSource } = require(path.join(root, 'dist', 'lib', 'auth', 'client-credentials.js'));
const { resolveEndpoints } = require(path.join(root, 'dist', 'lib', 'clouds.js'));

const gc = global.gc || (() => {});

async function time(fn) {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

/** Peak heap growth while fn runs, sampled every 5 ms. */
async function peakHeap(fn) {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return (peak - base) / 1024 / 1024;
}

function row(name, baseline, measured, unit) {
  const ratio = measured / baseline;
  console.log(
    `${name.padEnd(44)} baseline ${baseline.toFixed(1).padStart(9)} ${unit}   client ${measured.toFixed(1).padStart(9)} ${unit}   ratio ${ratio.toFixed(2)}`,
  );
}

async function main() {
  const users = arg('users', 100000);
  const gets = arg('gets', 500);
  console.log(`Generating a tenant of ${users.toLocaleString('en-US')} users…`);
  const sim = await startSimulator({ port: 0, seed: 'large', largeUserCount: users, quiet: true });
  try {
    const endpoints = resolveEndpoints('custom', sim.authorityHost, sim.graphBaseUrl);
    const tokens = new ClientCredentialsTokenSource({
      nodeId: 'bench',
      authType: 'clientCredentials',
      tenantId: sim.tenantId,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      scopes: [],
      endpoints,
    });
    const client = new GraphClient({ baseUrl: sim.graphBaseUrl, tokens });
    const token = await tokens.getAccessToken();
    const bare = axios.create({ headers: { Authorization: `Bearer ${token}` } });

    async function bareAll() {
      const items = [];
      let url = `${sim.graphBaseUrl}/users?$top=999`;
      while (url) {
        const { data } = await bare.get(url);
        for (const u of data.value) items.push(u);
        url = data['@odata.nextLink'];
      }
      return items;
    }
    async function clientBench() {
      const probe = await client.request({ method: 'GET', url: '/users', query: { $top: 1 } });
      const oneId = probe.data.value[0].id;
      async function clientGets() {
        for (let i = 0; i < gets; i++) await client.request({ method: 'GET', url: `/users/${encodeURIComponent(oneId)}` });
      }
      async function bareGetsById() {
        for (let i = 0; i < gets; i++) await bare.get(`${sim.graphBaseUrl}/users/${encodeURIComponent(oneId)}`);
      }

      // Warm up both paths once (JIT, TLS session, token cache).
      await bareAll();
      await client.collectAll({ method: 'GET', url: '/users', query: { $top: 999 } });

      const b1 = await time(bareAll);
      const c1 = await time(() => client.collectAll({ method: 'GET', url: '/users', query: { $top: 999 } }));
      if (c1.result.items.length !== b1.result.length)
        throw new Error(`item counts differ: ${c1.result.items.length} vs ${b1.result.length}`);
      row(`list ${b1.result.length.toLocaleString('en-US')} users (time)`, b1.ms, c1.ms, 'ms');

      const m1 = await peakHeap(bareAll);
      const m2 = await peakHeap(async () => {
        let n = 0;
        for await (const page of client.pages({ method: 'GET', url: '/users', query: { $top: 999 } })) n += page.data.value.length;
        return n;
      });
      row('list all users, page by page (peak heap)', m1, m2, 'MB');

      await bareGetsById();
      const b3 = await time(bareGetsById);
      const c3 = await time(clientGets);
      row(`${gets} sequential GET /users/{id} (time)`, b3.ms, c3.ms, 'ms');
    }

    if (!flag('only-pacing')) await clientBench();
    if (!flag('skip-pacing')) {
      sim.largeUserIds = Array.from({ length: users }, (_, i) => largeUserId(i));
      sim.adeleId = seedIds.user('adele');
      await runPacingBench(sim, {
        users,
        creates: arg('creates', 2000),
        members: arg('members', 10000),
        gets: arg('paced-gets', 2000),
        timeScale: arg('time-scale', 0.1),
        budgetScale: arg('budget-scale', 0.01),
        writeBudgetScale: arg('write-budget-scale', 0.15),
      });
    }
  } finally {
    await sim.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
