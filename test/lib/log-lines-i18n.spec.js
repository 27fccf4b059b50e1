'use strict';
// Log lines follow Node-RED's language (issue 10): the trigger's subscription and poller lines
// (entra-trigger.log, read through the RED._ its module hands over) and debugRequest's transcript
// (entra.log) are message keys, read through Node-RED's runtime i18n (@node-red/util, as the
// registry builds each module's RED._). In Japanese they are Japanese; without a catalogue (the
// test helper) or in English they are the English lines the other specs and the e2e tests read.
const path = require('path');
require('should');
const { repoRoot } = require('../support/node-red-path');
const { useRuntimeI18n } = require('../support/runtime-i18n');
const { startServer } = require('../support/https-server');

const dist = path.join(repoRoot, 'dist');
const { ManagedSubscription } = require(path.join(dist, 'nodes', 'entra-trigger', 'managed-subscription.js'));
const { DeltaPoller } = require(path.join(dist, 'nodes', 'entra-trigger', 'delta-poller.js'));
const { GraphClient } = require(path.join(dist, 'lib', 'graph-client.js'));
const { clip, redactBody } = require(path.join(dist, 'lib', 'redact.js'));

function memoryStore(initial = {}) {
  const m = new Map(Object.entries(initial));
  return {
    get: async (k) => m.get(k),
    set: async (k, v) => void m.set(k, v),
    delete: async (k) => void m.delete(k),
  };
}

const RENEWED_UNTIL = '2030-01-02T03:04:05Z';
const CREATED_UNTIL = '2030-02-03T04:05:06Z';

/** The lines of a subscription reused (and renewed, being due) and then deleted, and of one created. */
async function subscriptionLines() {
  const lines = [];
  const client = {
    request: async (req) => {
      if (req.method === 'GET')
        return { status: 200, data: { id: 'sub-1', expirationDateTime: new Date(Date.now() + 60_000).toISOString() } };
      if (req.method === 'PATCH') return { status: 200, data: { id: 'sub-1', expirationDateTime: RENEWED_UNTIL } };
      if (req.method === 'POST') return { status: 201, data: { id: 'sub-2', expirationDateTime: CREATED_UNTIL } };
      return { status: 204, data: undefined };
    },
  };
  const options = (store) => ({
    client,
    store,
    key: 'k',
    hash: 'h',
    resource: '/users',
    changeType: 'updated',
    notificationUrl: 'https://example.com/hook',
    lifetimeMinutes: 60,
    renewalMarginMs: 10 * 60_000,
    onState: () => undefined,
    onReport: () => undefined,
    log: (l) => lines.push(l),
  });
  // Stored with an expiry inside the renewal margin: reused, then renewed at once.
  const stored = { id: 'sub-1', clientState: 'cs', hash: 'h', expirationDateTime: new Date(Date.now() + 60_000).toISOString() };
  const reused = new ManagedSubscription(options(memoryStore({ k: stored })));
  await reused.start();
  await reused.stop(true);
  const created = new ManagedSubscription(options(memoryStore()));
  await created.start();
  await created.stop(false);
  return lines;
}

/** The poller's line when another instance holds the lease. */
async function standbyLine() {
  const lines = [];
  let standby;
  const seen = new Promise((resolve) => (standby = resolve));
  const poller = new DeltaPoller({
    client: { baseUrl: 'https://graph.microsoft.com/v1.0' },
    store: memoryStore(),
    key: 'd',
    lease: { acquire: async () => false, release: async () => undefined },
    onStandby: (s) => s && standby(),
    hash: 'h',
    resource: 'users',
    intervalMs: 60_000,
    fullSync: false,
    onRound: () => undefined,
    onError: (err) => lines.push(`error: ${err.message}`),
    log: (l) => lines.push(l),
  });
  await poller.start();
  await seen;
  await poller.stop(0);
  return lines;
}

/** debugRequest's transcript of a POST answered 429, then 201 (a password and a token to redact). */
async function transcript() {
  const server = await startServer((r, n) =>
    n === 1
      ? { status: 429, body: {}, headers: { 'retry-after': '0' } }
      : { status: 201, body: { id: '1', passwordProfile: { password: 'S3cret!pw' } } },
  );
  try {
    const lines = [];
    const client = new GraphClient({
      baseUrl: `${server.url}/v1.0`,
      tokens: { getAccessToken: async () => 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.signature-part' },
      maxRetries: 3,
      retryBaseDelayMs: 1,
      timeoutMs: 3000,
    });
    await client.request({
      method: 'POST',
      url: '/users',
      body: { displayName: 'A', passwordProfile: { password: 'S3cret!pw' } },
      debug: true,
      log: (l) => lines.push(l),
    });
    const text = lines.join('\n');
    text.should.not.match(/eyJhbGci|S3cret/);
    text.should.match(/Bearer \[redacted\]/);
    return lines.map((l) => l.replace(/localhost:\d+/g, 'localhost:PORT'));
  } finally {
    await server.close();
  }
}

describe("log lines in Node-RED's language", function () {
  this.timeout(20000);
  const runtime = useRuntimeI18n();
  const speak = (lang) => runtime.speak('entra-trigger', lang);

  it('Japanese when Node-RED runs in Japanese', async function () {
    await speak('ja');
    (await subscriptionLines()).should.eql([
      'サブスクリプション sub-1 を再利用します',
      `サブスクリプション sub-1 を ${RENEWED_UNTIL} まで更新しました`,
      'サブスクリプション sub-1 を削除しました',
      `/users のサブスクリプション sub-2 を ${CREATED_UNTIL} まで作成しました`,
    ]);
    (await standbyLine()).should.eql(['待機: 別のインスタンスが users をポーリングしています']);
    const lines = await transcript();
    lines.length.should.equal(5);
    lines[0].should.match(
      /^リクエスト POST https:\/\/localhost:PORT\/v1.0\/users headers=\{.*"Authorization":"Bearer \[redacted\]".*\} body=\{/,
    );
    lines[1].should.match(/^応答 429 POST https:\/\/localhost:PORT\/v1.0\/users headers=\{.*\} body=\{\}$/);
    lines[2].should.match(/^POST https:\/\/localhost:PORT\/v1.0\/users を \d+ ms 後に再試行します \(1\/3、429 のため、Retry-After 0\)$/);
    lines[3].should.match(/^リクエスト POST /);
    lines[4].should.match(/^応答 201 POST .* body=\{"id":"1","passwordProfile":\{"password":"\[redacted\]"\}\}$/);
    // A text cut for the log, a binary value in a body.
    clip('x'.repeat(5000)).should.equal(`${'x'.repeat(4000)}… (5000 文字)`);
    redactBody({ file: Buffer.alloc(3), password: 'p' }).should.eql({ file: '<3 バイト>', password: '[redacted]' });
  });

  for (const [name, setup] of [
    ['in English', () => speak('en-US')],
    ['without a catalogue (the English fallback)', async () => undefined],
  ])
    it(`the English lines ${name}`, async function () {
      await setup();
      (await subscriptionLines()).should.eql([
        'reusing subscription sub-1',
        `renewed subscription sub-1 until ${RENEWED_UNTIL}`,
        'deleted subscription sub-1',
        `created subscription sub-2 for /users until ${CREATED_UNTIL}`,
      ]);
      (await standbyLine()).should.eql(['standby: another instance polls users']);
      const lines = await transcript();
      lines[0].should.match(/^request POST https:\/\/localhost:PORT\/v1.0\/users headers=\{.*\} body=\{/);
      lines[1].should.match(/^response 429 POST https:\/\/localhost:PORT\/v1.0\/users headers=\{.*\} body=\{\}$/);
      lines[2].should.match(/^retry 1\/3 of POST https:\/\/localhost:PORT\/v1.0\/users in \d+ ms after 429 \(Retry-After 0\)$/);
      lines[4].should.match(/^response 201 POST /);
      clip('x'.repeat(5000)).should.equal(`${'x'.repeat(4000)}… (5000 chars)`);
      redactBody({ file: Buffer.alloc(3), password: 'p' }).should.eql({ file: '<3 bytes>', password: '[redacted]' });
    });
});
