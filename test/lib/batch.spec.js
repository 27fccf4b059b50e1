'use strict';
require('should');
const { GraphClient } = require('../../dist/lib/graph-client');
const { runBatch, chunk } = require('../../dist/lib/batch');
const { startServer, countingTokens } = require('../support/https-server');

describe('$batch', function () {
  let server;
  afterEach(async () => server && server.close());

  it("splits into chunks of at most 20 (Graph's limit)", function () {
    chunk([...Array(45).keys()], 20)
      .map((c) => c.length)
      .should.eql([20, 20, 5]);
  });

  it('sends 20 requests per batch and matches answers to requests by id, whatever their order', async function () {
    server = await startServer((r) => ({
      status: 200,
      body: {
        responses: r.body.requests
          .slice()
          .reverse()
          .map((q) => ({ id: q.id, status: 204, headers: {}, body: { echo: q.url } })),
      },
    }));
    const client = new GraphClient({ baseUrl: `${server.url}/v1.0`, tokens: countingTokens() });
    const items = [...Array(45).keys()].map((i) => ({ method: 'DELETE', url: `/groups/g/members/m${i}/$ref` }));
    const results = await runBatch(client, items);
    server.requests.map((r) => r.body.requests.length).should.eql([20, 20, 5]);
    server.requests.forEach((r) => r.url.should.equal('/v1.0/$batch'));
    results.map((r) => r.body.echo).should.eql(items.map((i) => i.url));
  });

  it('tells onProgress, after each $batch, the final answers so far by index: a throttled one stays unanswered until its retry', async function () {
    let round = 0;
    server = await startServer((r) => {
      round++;
      return {
        status: 200,
        body: {
          responses: r.body.requests.map((q) => ({
            id: q.id,
            status: round === 1 && q.id === '3' ? 429 : 204,
            headers: round === 1 && q.id === '3' ? { 'Retry-After': '0.05' } : {},
          })),
        },
      };
    });
    const client = new GraphClient({ baseUrl: `${server.url}/v1.0`, tokens: countingTokens() });
    const seen = [];
    await runBatch(
      client,
      [...Array(25).keys()].map((i) => ({ method: 'DELETE', url: `/x/${i}` })),
      { onProgress: (results) => seen.push([...results.keys()].filter((i) => results[i]).join(',')) },
    );
    const upTo = (n, without = []) => [...Array(n).keys()].filter((i) => !without.includes(i)).join(',');
    // The first batch (0-19, 3 throttled), the second (20-24), the retry of 3.
    seen.should.eql([upTo(20, [3]), upTo(25, [3]), upTo(25)]);
  });

  it('retries inner 429s in a later batch after their Retry-After', async function () {
    let round = 0;
    server = await startServer((r) => {
      round++;
      return {
        status: 200,
        body: {
          responses: r.body.requests.map((q) => ({
            id: q.id,
            status: round === 1 && q.id === '1' ? 429 : 204,
            headers: round === 1 && q.id === '1' ? { 'Retry-After': '0.2' } : {},
          })),
        },
      };
    });
    const client = new GraphClient({ baseUrl: `${server.url}/v1.0`, tokens: countingTokens() });
    const results = await runBatch(
      client,
      [0, 1, 2].map((i) => ({ method: 'DELETE', url: `/x/${i}` })),
    );
    results.map((r) => r.status).should.eql([204, 204, 204]);
    server.requests.should.have.length(2);
    server.requests[1].body.requests.map((q) => q.url).should.eql(['/x/1']);
    (server.requests[1].time - server.requests[0].time).should.be.aboveOrEqual(180);
  });

  it('adds Content-Type to inner requests with a body, as Graph requires', async function () {
    server = await startServer((r) => ({ status: 200, body: { responses: r.body.requests.map((q) => ({ id: q.id, status: 204 })) } }));
    const client = new GraphClient({ baseUrl: `${server.url}/v1.0`, tokens: countingTokens() });
    await runBatch(client, [{ method: 'PATCH', url: '/groups/g', body: { a: 1 } }]);
    server.requests[0].body.requests[0].headers.should.eql({ 'Content-Type': 'application/json' });
  });
});
