'use strict';
// Throughput at Graph's limit (issue 15), in a real Node-RED with this package (packed tarball),
// against the simulator with Microsoft's identity quotas on and scaled down
// (https://learn.microsoft.com/graph/throttling-limits, "Identity and access service limits").
// Every job runs twice in the same Node-RED: on a connection with pacing (the default) and on one
// with pacing off (react to 429 only, as before), each from a fresh budget. For each: msgs that
// failed (Catch), requests answered 429 (counted by the simulator, $batch items one by one), and
// throughput as a fraction of the scaled documented budget (the binding one: resource units or
// writes; what the quota allowed during the job = the full bucket at the start + its refill). Peak RSS growth of Node-RED while it lists every user one msg per page.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const { startNodeRed } = require(path.join(root, 'test', 'support', 'node-red-process.js'));

// Documented quotas (S tenant): 3,500 units per 10 s; 3,000 writes per 150 s.
const RU = { budget: 3500, windowS: 10 };
const WRITES = { budget: 3000, windowS: 150 };

function flowsFor(sim, prefixes) {
  const nodes = [{ id: 'tab', type: 'tab', label: 'bench' }];
  const credentials = {};
  for (const { name, pacing } of prefixes) {
    const conn = `conn-${name}`;
    nodes.push({
      id: conn,
      type: 'entra-connection',
      name,
      authType: 'clientCredentials',
      tenantId: sim.tenantId,
      cloud: 'custom',
      authorityHost: sim.authorityHost,
      graphBaseUrl: sim.graphBaseUrl,
      maxRetries: 3,
      retryBaseDelayMs: 500,
      timeoutSeconds: 100,
      pacing,
      tenantSize: 'S',
      maxConcurrentRequests: 16,
    });
    credentials[conn] = { clientId: sim.clientId, clientSecret: sim.clientSecret };
    const n = (id, props) => nodes.push({ id: `${name}-${id}`, z: 'tab', x: 100, y: 100, ...props });
    const entra = [];
    const job = (id, url, props, after) => {
      n(`${id}-in`, { type: 'http in', url: `/${name}/${id}`, method: 'post', wires: [[`${name}-${id}`]] });
      n(id, { ...props, connection: conn, wires: [[after ? `${name}-${id}-after` : `${name}-ok`]] });
      if (after) n(`${id}-after`, { type: 'function', func: after, outputs: 1, wires: [[`${name}-ok`]] });
      entra.push(`${name}-${id}`);
    };
    job('create', 'create', {
      type: 'entra-user',
      operation: 'create',
      displayName: 'payload.name',
      displayNameType: 'msg',
      userPrincipalName: 'payload.upn',
      userPrincipalNameType: 'msg',
      domain: 'contoso.onmicrosoft.com',
      passwordType: 'cred',
      accountEnabled: true,
      forceChangePasswordNextSignIn: true,
    });
    credentials[`${name}-create`] = { password: 'Bench!Passw0rd-2026' };
    job(
      'members',
      'members',
      {
        type: 'entra-group',
        operation: 'addMember',
        groupId: 'payload.groupId',
        groupIdType: 'msg',
        groupMemberOdataId: 'payload.ids',
        groupMemberOdataIdType: 'msg',
        ignoreExisting: true,
        ignoreExistingType: 'bool',
      },
      'msg.payload = { added: msg.payload.added.length, failed: msg.payload.failed.length }; return msg;',
    );
    // One msg per page; only the last answers the HTTP request (and carries no page).
    job(
      'list',
      'list',
      { type: 'entra-user', operation: 'list', getAll: true, getAllType: 'bool', top: '999', topType: 'num', pageOutput: 'perPage' },
      'if (msg.parts.count === undefined) return null; msg.payload = { pages: msg.parts.count }; return msg;',
    );
    job('get', 'get', { type: 'entra-user', operation: 'get', userId: 'payload.id', userIdType: 'msg', select: 'id,displayName' });
    n('ok', { type: 'http response', statusCode: '200', wires: [] });
    n('catch', { type: 'catch', scope: entra, wires: [[`${name}-failed`]] });
    n('failed', {
      type: 'function',
      func: 'msg.statusCode = 500; msg.payload = { error: msg.error && msg.error.message }; return msg;',
      outputs: 1,
      wires: [[`${name}-failed-out`]],
    });
    n('failed-out', { type: 'http response', wires: [] });
  }
  return { nodes, credentials };
}

/** Runs `items` through `send` with `width` in flight; counts answers that were not 200. */
async function pool(items, width, send) {
  let next = 0;
  let failed = 0;
  const answers = [];
  async function worker() {
    while (next < items.length) {
      const item = items[next++];
      const r = await send(item);
      if (r.status !== 200) failed++;
      answers.push(r);
    }
  }
  await Promise.all(Array.from({ length: width }, worker));
  return { failed, answers };
}

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function peakRss(pid, fn) {
  const base = rssMb(pid);
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 20);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return { base, growth: Math.max(peak, rssMb(pid)) - base };
}

async function runPacingBench(sim, opts) {
  const scale = { timeScale: opts.timeScale, budgetScale: opts.budgetScale, writeBudgetScale: opts.writeBudgetScale };
  const ruRate = (RU.budget * scale.budgetScale) / (RU.windowS * scale.timeScale);
  const writeRate = (WRITES.budget * scale.writeBudgetScale) / (WRITES.windowS * scale.timeScale);
  console.log(
    `\nThroughput at Graph's limit: simulator quotas scaled to ${ruRate.toFixed(0)} resource units/s and ${writeRate.toFixed(0)} writes/s (S tenant; ×${scale.budgetScale} units, ×${scale.writeBudgetScale} writes per ×${scale.timeScale} windows)`,
  );
  await sim.control.setConfig({
    throttling: true,
    throttleTenantSize: 'S',
    throttleTimeScale: scale.timeScale,
    throttleBudgetScale: scale.budgetScale,
    throttleWriteBudgetScale: scale.writeBudgetScale,
  });

  const prefixes = [
    { name: 'paced', pacing: true },
    { name: 'baseline', pacing: false },
  ];
  const { nodes, credentials } = flowsFor(sim, prefixes);
  const nr = await startNodeRed({ flows: nodes, credentials, settings: { entraConnectionPacingScale: scale } });
  try {
    const post = (p, body) => nr.httpNode('POST', p, body, { timeout: 600000 });
    const token = (await sim.control.token()).access_token;
    // One group for the membership job (members come from the generated users).
    const group = await graph(sim, token, 'POST', '/groups', {
      displayName: 'Bench',
      mailEnabled: false,
      mailNickname: 'bench',
      securityEnabled: true,
    });
    const userIds = sim.largeUserIds;
    const adele = sim.adeleId;
    let offset = 0;
    const jobs = [
      {
        name: `create ${opts.creates.toLocaleString('en-US')} users (1 msg each, 50 at a time)`,
        run: (p) =>
          pool(
            Array.from({ length: opts.creates }, (_, i) => i),
            50,
            (i) => post(`/${p}/create`, { name: `Bench ${p} ${i}`, upn: `bench-${p}-${i}` }),
          ),
      },
      {
        name: `add ${opts.members.toLocaleString('en-US')} members (bulk addMember, 10 msgs)`,
        run: async (p) => {
          const ids = userIds.slice(offset, offset + opts.members);
          offset += opts.members;
          const per = Math.ceil(ids.length / 10);
          const r = await pool(
            Array.from({ length: 10 }, (_, i) => ids.slice(i * per, (i + 1) * per)),
            10,
            (chunk) => post(`/${p}/members`, { groupId: group.id, ids: chunk }),
          );
          // A msg with some members failed still answers 200: count those members too.
          r.failedItems = r.answers.reduce((n, a) => n + ((a.body && a.body.failed) || 0), 0);
          return r;
        },
      },
      {
        name: `list ${opts.users.toLocaleString('en-US')} users (getAll, 1 msg per page)`,
        memory: true,
        run: (p) => pool([0], 1, () => post(`/${p}/list`, {})),
      },
      {
        name: `${opts.gets.toLocaleString('en-US')} gets with $select (50 at a time)`,
        run: (p) =>
          pool(
            Array.from({ length: opts.gets }, () => adele),
            50,
            (id) => post(`/${p}/get`, { id }),
          ),
      },
    ];
    // Warm-up on both connections (token, JIT, sockets, one whole listing) before anything is measured.
    for (const { name } of prefixes) {
      await post(`/${name}/get`, { id: adele });
      await post(`/${name}/list`, {});
    }
    const rows = [];
    for (const job of jobs) {
      const results = {};
      for (const { name } of prefixes) {
        await sim.control.resetThrottling(); // a fresh budget for each run
        // Let any window left from the previous run pass (the simulator's buckets start full).
        const started = Date.now();
        let r;
        let mem;
        if (job.memory) {
          mem = await peakRss(nr.pid, async () => {
            r = await job.run(name);
          });
        } else {
          r = await job.run(name);
        }
        const seconds = (Date.now() - started) / 1000;
        const t = await sim.control.throttling();
        // What the quota allowed in that time: the full bucket at the start plus its refill.
        const units = t.charged.resourceUnits / (ruRate * RU.windowS * scale.timeScale + ruRate * seconds);
        const writes = t.charged.writes / (writeRate * WRITES.windowS * scale.timeScale + writeRate * seconds);
        results[name] = {
          failed: r.failed + (r.failedItems || 0),
          requests: t.charged.requests + t.throttled,
          throttled: t.throttled,
          share: Math.max(units, writes),
          seconds,
          mem,
        };
      }
      rows.push({ job: job.name, ...results });
      print(rows[rows.length - 1]);
    }
    return rows;
  } finally {
    await nr.stop();
  }
}

function print(row) {
  const cell = (r) =>
    `${String(r.failed).padStart(5)} failed  ${((100 * r.throttled) / Math.max(1, r.requests)).toFixed(1).padStart(5)}% 429 (${r.throttled}/${r.requests})  ${(100 * r.share).toFixed(0).padStart(3)}% of budget  ${r.seconds.toFixed(1).padStart(6)} s`;
  console.log(`${row.job}`);
  console.log(`    paced     ${cell(row.paced)}`);
  console.log(`    baseline  ${cell(row.baseline)}   time ratio paced/baseline ${(row.paced.seconds / row.baseline.seconds).toFixed(2)}`);
  if (row.paced.mem)
    console.log(
      `    peak RSS growth of Node-RED: paced ${row.paced.mem.growth.toFixed(1)} MB, baseline ${row.baseline.mem.growth.toFixed(1)} MB (goal ≤ 20 MB)`,
    );
}

function graph(sim, token, method, p, body) {
  const https = require('https');
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${sim.graphBaseUrl}${p}`,
      { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve(text ? JSON.parse(text) : undefined);
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

module.exports = { runPacingBench };
