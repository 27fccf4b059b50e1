'use strict';
const should = require('should');
const { GraphClient } = require('../../dist/lib/graph-client');
const { parseRetryAfter } = require('../../dist/lib/retry');
const { startServer, countingTokens } = require('../support/https-server');

const json = (status, body, headers) => ({ status, body, headers });
const graphError = (status, code, message) => ({
  status,
  headers: { 'request-id': `req-${status}` },
  body: { error: { code, message, innerError: { 'request-id': `req-${status}`, date: '2026-11-27T00:00:00' } } },
});

describe('GraphClient', function () {
  let server;
  let other;
  afterEach(async () => {
    if (server) await server.close();
    if (other) await other.close();
    server = other = undefined;
  });

  function client(opts = {}) {
    return new GraphClient({
      baseUrl: `${server.url}/v1.0`,
      tokens: opts.tokens || countingTokens(),
      maxRetries: 3,
      retryBaseDelayMs: 20,
      timeoutMs: 3000,
      ...opts,
    });
  }

  describe('parseRetryAfter', function () {
    it('reads whole and fractional seconds (Graph sends e.g. 2.128)', function () {
      parseRetryAfter('3').should.equal(3000);
      parseRetryAfter('2.128').should.equal(2128);
      parseRetryAfter('0').should.equal(0);
    });
    it('reads an HTTP date as the time left until it', function () {
      const now = Date.parse('2026-11-27T10:00:00Z');
      parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', now).should.equal(5000);
      parseRetryAfter('Fri, 27 Nov 2026 09:00:00 GMT', now).should.equal(0);
    });
    it('ignores what it cannot read', function () {
      should(parseRetryAfter('soon')).be.undefined();
      should(parseRetryAfter(undefined)).be.undefined();
      should(parseRetryAfter('')).be.undefined();
    });
  });

  describe('retries', function () {
    it('retries a 429 after its Retry-After', async function () {
      server = await startServer((r, n) =>
        n === 1
          ? json(429, { error: { code: 'TooManyRequests', message: 'Please retry again later.' } }, { 'retry-after': '0.3' })
          : json(200, { ok: true }),
      );
      const started = Date.now();
      const res = await client({ retryBaseDelayMs: 1 }).request({ method: 'GET', url: '/users' });
      res.data.should.eql({ ok: true });
      server.requests.should.have.length(2);
      (server.requests[1].time - server.requests[0].time).should.be.aboveOrEqual(280);
      (Date.now() - started).should.be.below(2500);
    });

    it('backs off exponentially on 503 without Retry-After, then reports the Graph error', async function () {
      server = await startServer(() => graphError(503, 'serviceNotAvailable', 'Service unavailable'));
      const err = await client({ maxRetries: 2, retryBaseDelayMs: 50 })
        .request({ method: 'GET', url: '/users' })
        .then(
          () => null,
          (e) => e,
        );
      should(err).be.ok();
      err.code.should.equal('serviceNotAvailable');
      err.statusCode.should.equal(503);
      err.requestId.should.equal('req-503');
      server.requests.should.have.length(3);
      const gap1 = server.requests[1].time - server.requests[0].time;
      const gap2 = server.requests[2].time - server.requests[1].time;
      gap1.should.be.aboveOrEqual(45);
      gap2.should.be.aboveOrEqual(95); // 50·2 + jitter
    });

    it('retries 504 as well, and POST too (Graph did not process it)', async function () {
      server = await startServer((r, n) => (n === 1 ? json(504, {}) : json(201, { id: 'x' })));
      const res = await client().request({ method: 'POST', url: '/groups', body: { displayName: 'a' } });
      res.status.should.equal(201);
      server.requests.should.have.length(2);
    });

    it("does not retry a 400 and keeps Graph's code and message", async function () {
      server = await startServer(() => graphError(400, 'Request_BadRequest', 'Invalid value'));
      const err = await client()
        .request({ method: 'GET', url: '/users' })
        .then(
          () => null,
          (e) => e,
        );
      err.code.should.equal('Request_BadRequest');
      err.message.should.match(/Invalid value/);
      err.name.should.equal('GraphError');
      server.requests.should.have.length(1);
    });

    it('retries a reset connection for GET but never for POST (it could create a duplicate)', async function () {
      server = await startServer((r, n) => (n === 1 ? 'reset' : json(200, { value: [] })));
      const res = await client().request({ method: 'GET', url: '/users' });
      res.status.should.equal(200);
      await server.close();
      server = await startServer(() => 'reset');
      const err = await client()
        .request({ method: 'POST', url: '/groups', body: {} })
        .then(
          () => null,
          (e) => e,
        );
      err.name.should.equal('NetworkError');
      err.code.should.equal('ECONNRESET');
      server.requests.should.have.length(1);
    });

    it('names a timeout as such', async function () {
      server = await startServer(() => new Promise((resolve) => setTimeout(() => resolve(json(200, {})), 500)));
      const err = await client({ maxRetries: 0 })
        .request({ method: 'GET', url: '/users', timeoutMs: 100 })
        .then(
          () => null,
          (e) => e,
        );
      err.name.should.equal('NetworkError');
      err.message.should.match(/timed out/);
    });

    it('honours a per-request policy (entra-raw): no retries when maxRetries is 0', async function () {
      server = await startServer(() => json(429, {}, { 'retry-after': '0' }));
      await client()
        .request({ method: 'GET', url: '/users', retry: { maxRetries: 0 } })
        .then(
          () => null,
          (e) => e,
        );
      server.requests.should.have.length(1);
    });
  });

  describe("signal (a node's close, issue 11 item 13)", function () {
    const outcome = (p) =>
      p.then(
        (r) => ({ ok: r }),
        (e) => ({ err: e }),
      );

    it('ends a wait before a retry at once with Cancelled: the retry is never sent', async function () {
      server = await startServer(() => json(429, { error: { code: 'TooManyRequests', message: 'later' } }, { 'retry-after': '15' }));
      const controller = new AbortController();
      const c = client({ timeoutMs: 60000 });
      const pending = outcome(c.request({ method: 'DELETE', url: '/users/u1', signal: controller.signal }));
      while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      controller.abort();
      const { err } = await pending;
      (Date.now() - started).should.be.below(200);
      err.code.should.equal('Cancelled');
      err.name.should.equal('CancelledError');
      server.requests.should.have.length(1);
      await c.close();
    });

    it('does not send a request queued in the pacer, nor one whose signal is already aborted', async function () {
      let release;
      const held = new Promise((r) => (release = r));
      server = await startServer(async () => {
        await held;
        return json(200, { ok: true });
      });
      const c = client({ pacing: { maxConcurrent: 1 } });
      const first = outcome(c.request({ method: 'GET', url: '/users/1' }));
      const controller = new AbortController();
      const queued = outcome(c.request({ method: 'GET', url: '/users/2', signal: controller.signal }));
      while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      (await queued).err.code.should.equal('Cancelled');
      (await outcome(c.request({ method: 'GET', url: '/users/3', signal: controller.signal }))).err.code.should.equal('Cancelled');
      release();
      (await first).ok.data.should.eql({ ok: true });
      server.requests.map((r) => r.url).should.eql(['/v1.0/users/1']);
      await c.close();
    });

    it('lets a request already on the wire finish: its answer is returned, and close(grace) waits for it', async function () {
      let release;
      const held = new Promise((r) => (release = r));
      server = await startServer(async () => {
        await held;
        return { status: 204 };
      });
      const c = client();
      const controller = new AbortController();
      const pending = outcome(c.request({ method: 'DELETE', url: '/users/u1', signal: controller.signal }));
      while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      c.requestsOnWire.should.equal(1);
      let closed = false;
      const closing = c.close(5000).then(() => (closed = true));
      await new Promise((r) => setTimeout(r, 100));
      closed.should.be.false();
      release();
      (await pending).ok.status.should.equal(204);
      await closing;
      c.requestsOnWire.should.equal(0);
    });

    it('withSignal(): a view whose requests (pages included) carry the signal and report every answer', async function () {
      server = await startServer((r) =>
        /skip/.test(r.url) ? json(200, { value: [2] }) : json(200, { value: [1], '@odata.nextLink': `${server.url}/v1.0/users?skip=1` }),
      );
      const controller = new AbortController();
      const answers = [];
      const view = client().withSignal(controller.signal, (status) => answers.push(status));
      (await view.collectAll({ method: 'GET', url: '/users' })).items.should.eql([1, 2]);
      answers.should.eql([200, 200]);
      controller.abort();
      (await outcome(view.request({ method: 'GET', url: '/users' }))).err.code.should.equal('Cancelled');
      server.requests.should.have.length(2);
    });
  });

  describe('tokens', function () {
    it('sends the bearer token and, when Graph refuses it, gets a fresh one and retries once', async function () {
      const tokens = countingTokens();
      server = await startServer((r) =>
        r.headers.authorization === 'Bearer token-0'
          ? graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.')
          : json(200, { ok: 1 }),
      );
      const res = await client({ tokens }).request({ method: 'GET', url: '/me' });
      res.data.should.eql({ ok: 1 });
      tokens.forced.should.equal(1);
      server.requests.map((r) => r.headers.authorization).should.eql(['Bearer token-0', 'Bearer token-1']);
    });

    it('gives up after one refresh when the fresh token is refused too', async function () {
      const tokens = countingTokens();
      server = await startServer(() => graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'));
      const err = await client({ tokens })
        .request({ method: 'GET', url: '/me' })
        .then(
          () => null,
          (e) => e,
        );
      err.statusCode.should.equal(401);
      server.requests.should.have.length(2);
    });
  });

  describe('paging', function () {
    it('follows @odata.nextLink and sends ConsistencyLevel again on every page', async function () {
      server = await startServer((r) => {
        const page = Number(new URL(r.url, 'https://x').searchParams.get('$skiptoken') || 0);
        const next = page < 2 ? `${server.url}/v1.0/users?$skiptoken=${page + 1}&$count=true` : undefined;
        return json(200, {
          value: [{ id: `u${page}` }],
          ...(page === 0 ? { '@odata.count': 3 } : {}),
          ...(next ? { '@odata.nextLink': next } : {}),
        });
      });
      const all = await client().collectAll({
        method: 'GET',
        url: '/users',
        query: { $count: 'true' },
        headers: { ConsistencyLevel: 'eventual' },
      });
      all.items.map((u) => u.id).should.eql(['u0', 'u1', 'u2']);
      all.first.data['@odata.count'].should.equal(3);
      server.requests.should.have.length(3);
      server.requests.forEach((r) => r.headers.consistencylevel.should.equal('eventual'));
    });

    it('never sends the token to a nextLink on another host', async function () {
      other = await startServer(() => json(200, { value: [] }));
      server = await startServer(() => json(200, { value: [{ id: 'a' }], '@odata.nextLink': `${other.url}/v1.0/users?$skiptoken=x` }));
      const err = await client()
        .collectAll({ method: 'GET', url: '/users' })
        .then(
          () => null,
          (e) => e,
        );
      should(err).be.ok();
      err.code.should.equal('HostNotAllowed');
      err.message.should.match(/Refused to send the access token/);
      other.requests.should.have.length(0);
    });

    it('refuses an absolute URL on another host before sending anything', async function () {
      other = await startServer(() => json(200, {}));
      server = await startServer(() => json(200, {}));
      const err = await client()
        .request({ method: 'GET', url: `${other.url}/v1.0/users` })
        .then(
          () => null,
          (e) => e,
        );
      err.code.should.equal('HostNotAllowed');
      other.requests.should.have.length(0);
      server.requests.should.have.length(0);
    });

    it('accepts an absolute URL on the Graph host', async function () {
      server = await startServer(() => json(200, { ok: true }));
      await client().request({ method: 'GET', url: `${server.url}/v1.0/users?$top=1` });
      server.requests[0].url.should.equal('/v1.0/users?$top=1');
    });

    it('follows a redirect to another host without the token', async function () {
      other = await startServer(() => ({ status: 200, headers: { 'content-type': 'application/octet-stream' }, body: 'bytes' }));
      server = await startServer(() => ({ status: 302, headers: { location: `${other.url}/download/1` } }));
      const res = await client().request({ method: 'GET', url: '/drives/x/content', responseType: 'binary' });
      Buffer.isBuffer(res.data).should.be.true();
      res.data.toString().should.equal('bytes');
      should(other.requests[0].headers.authorization).be.undefined();
      server.requests[0].headers.authorization.should.startWith('Bearer ');
    });

    it('never sends the token again once a redirect has left Graph, even when it points back', async function () {
      server = await startServer((r) =>
        r.url.startsWith('/v1.0/drives') ? { status: 302, headers: { location: `${other.url}/hop` } } : json(200, { reached: r.url }),
      );
      other = await startServer(() => ({ status: 307, headers: { location: `${server.url}/v1.0/users/victim` } }));
      const res = await client().request({ method: 'GET', url: '/drives/x/content' });
      res.data.should.eql({ reached: '/v1.0/users/victim' });
      server.requests.should.have.length(2);
      server.requests[0].headers.authorization.should.startWith('Bearer ');
      should(other.requests[0].headers.authorization).be.undefined();
      should(server.requests[1].headers.authorization).be.undefined();
    });

    it('refuses a nextLink outside the Graph root of a base URL behind a gateway', async function () {
      server = await startServer((r) =>
        r.url.startsWith('/graph/')
          ? json(200, { value: [{ id: 'a' }], '@odata.nextLink': `${server.url}/graph/v1.0/%2e%2e/%2e%2e/admin/keys` })
          : json(200, { value: [] }),
      );
      const c = new GraphClient({ baseUrl: `${server.url}/graph/v1.0`, tokens: countingTokens(), maxRetries: 0, timeoutMs: 3000 });
      const err = await c.collectAll({ method: 'GET', url: '/users' }).then(
        () => null,
        (e) => e,
      );
      should(err).be.ok();
      err.code.should.equal('HostNotAllowed');
      server.requests.map((r) => r.url).should.eql(['/graph/v1.0/users']);
    });
  });

  describe('debug logging', function () {
    it('logs method, URL, headers and bodies with the token and secrets redacted', async function () {
      server = await startServer(() => json(201, { id: '1', passwordProfile: { password: 'S3cret!pw' } }));
      const lines = [];
      const tokens = { getAccessToken: async () => 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.signature-part' };
      await client({ tokens }).request({
        method: 'POST',
        url: '/users',
        body: { displayName: 'A', passwordProfile: { password: 'S3cret!pw' } },
        debug: true,
        log: (l) => lines.push(l),
      });
      const text = lines.join('\n');
      text.should.match(/request POST https:\/\/localhost:\d+\/v1.0\/users/);
      text.should.match(/response 201/);
      text.should.match(/Bearer \[redacted\]/);
      text.should.not.match(/eyJhbGci/);
      text.should.not.match(/S3cret/);
    });

    it('logs each retry when debugging', async function () {
      server = await startServer((r, n) => (n === 1 ? json(429, {}, { 'retry-after': '0' }) : json(200, {})));
      const lines = [];
      await client().request({ method: 'GET', url: '/users', debug: true, log: (l) => lines.push(l) });
      lines.join('\n').should.match(/retry 1\/3 of GET .* after 429 \(Retry-After 0\)/);
    });
  });
  it('keeps the debug log of a request with a huge id and a 10 MB body to a few KB', async function () {
    server = await startServer((r) => ({
      status: 404,
      body: {
        error: {
          code: 'Request_ResourceNotFound',
          message: `Resource '${decodeURIComponent(r.url.split('/').pop())}' does not exist: ${r.body.jobTitle}`,
        },
      },
    }));
    const lines = [];
    const id = 'u'.repeat(12000);
    const err = await client({ log: (l) => lines.push(l), maxRetries: 0 })
      .request({ method: 'PATCH', url: `/users/${id}`, body: { jobTitle: 'j'.repeat(10 * 1024 * 1024) }, debug: true })
      .catch((e) => e);
    err.code.should.equal('Request_ResourceNotFound');
    lines.join('\n').length.should.be.below(40000);
    err.message.length.should.be.below(5000);
  });
});
