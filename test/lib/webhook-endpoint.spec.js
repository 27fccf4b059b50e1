'use strict';
// The webhook endpoint on a real Express app served over HTTPS, as Node-RED's httpNode is.
require('should');
const fs = require('fs');
const https = require('https');
const express = require('express');
const { getCerts } = require('../support/certs');
const { httpRequest } = require('../support/node-red-process');
const { registerWebhookEndpoint, sameSecret } = require('../../dist/lib/webhook-endpoint');

describe('webhook-endpoint', function () {
  let server;
  let base;
  let app;
  let ca;
  const endpoints = [];

  before(async function () {
    const certs = getCerts();
    ca = fs.readFileSync(certs.caPath);
    app = express();
    server = https.createServer({ key: fs.readFileSync(certs.keyPath), cert: fs.readFileSync(certs.certPath) }, (req, res) =>
      app(req, res),
    );
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    base = `https://localhost:${server.address().port}`;
  });
  after(async function () {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  afterEach(() => {
    while (endpoints.length) endpoints.pop().close();
  });

  function endpoint(options) {
    const received = [];
    const e = registerWebhookEndpoint(
      { httpNode: app },
      {
        path: '/hook',
        clientStates: () => ['right-state'],
        onNotifications: (accepted, rejected) => received.push({ accepted, rejected }),
        ...options,
      },
    );
    endpoints.push(e);
    return { e, received };
  }
  const post = (path, body, headers) => httpRequest(`${base}${path}`, { method: 'POST', body, headers, ca });
  const until = async (fn) => {
    for (let i = 0; i < 100 && !fn(); i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('answers the validation request with the decoded token as text/plain, 200 [VAL]', async function () {
    endpoint();
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 1a2b';
    const r = await post(`/hook?validationToken=${encodeURIComponent(token)}`, '', { 'Content-Type': 'text/plain; charset=utf-8' });
    r.status.should.equal(200);
    r.headers['content-type'].should.match(/^text\/plain/);
    r.headers['x-content-type-options'].should.equal('nosniff');
    r.text.should.equal(token);
  });

  it('escapes markup in a validation token instead of reflecting it', async function () {
    endpoint();
    const r = await post(`/hook?validationToken=${encodeURIComponent('<script>alert(1)</script>')}`, '');
    r.text.should.not.containEql('<script>');
  });

  it('acknowledges notifications with 202 and passes on only those whose clientState matches, without the secret [WH]', async function () {
    const { received } = endpoint();
    const r = await post('/hook', {
      value: [
        { changeType: 'updated', clientState: 'right-state' },
        { changeType: 'updated', clientState: 'forged' },
        { changeType: 'deleted' },
      ],
    });
    r.status.should.equal(202);
    await until(() => received.length);
    received[0].accepted.should.eql([{ changeType: 'updated' }]);
    received[0].rejected.should.equal(2);
  });

  it('accepts everything when no clientState is configured (webhook mode without one)', async function () {
    const { received } = endpoint({ clientStates: () => undefined });
    (await post('/hook', { value: [{ changeType: 'updated', clientState: 'anything' }] })).status.should.equal(202);
    await until(() => received.length);
    // Nothing was verified: the flow may check clientState itself.
    received[0].accepted.should.eql([{ changeType: 'updated', clientState: 'anything' }]);
  });

  it('accepts only POST, limits the body size and refuses bodies that are not notifications', async function () {
    endpoint({ maxBodyBytes: 1000 });
    const get = await httpRequest(`${base}/hook`, { ca });
    get.status.should.equal(405);
    get.headers.allow.should.equal('POST');
    (await post('/hook', { value: [{ pad: 'x'.repeat(5000) }] })).status.should.equal(413);
    (await post('/hook', '{not json', { 'Content-Type': 'application/json' })).status.should.equal(400);
    (await post('/hook', { hello: 'world' })).status.should.equal(400);
  });

  it('asks Graph to retry (503) while the node has not loaded its state yet', async function () {
    let ready = false;
    const { received } = endpoint({ ready: () => ready });
    (await post('/hook', { value: [{ clientState: 'right-state' }] })).status.should.equal(503);
    ready = true;
    (await post('/hook', { value: [{ clientState: 'right-state' }] })).status.should.equal(202);
    await until(() => received.length);
    received.length.should.equal(1);
  });

  it('acknowledges (202) only after the notifications were handed to the node, and answers 503 once it is closing', async function () {
    let closing = false;
    const { received } = endpoint({ ready: () => !closing });
    const first = await post('/hook', { value: [{ clientState: 'right-state', n: 1 }] });
    first.status.should.equal(202);
    // Already handed over when the 202 arrived: nothing acknowledged is left to a later tick.
    received.length.should.equal(1);
    closing = true;
    const second = await post('/hook', { value: [{ clientState: 'right-state', n: 2 }] });
    second.status.should.equal(503);
    second.headers['retry-after'].should.equal('5');
    received.length.should.equal(1);
  });

  it('answers 503 when the node does not take the notifications (false, a promise of false, an error), and 202 only once a promise of taking them resolves', async function () {
    let answer;
    endpoint({ onNotifications: () => answer() });
    const body = { value: [{ clientState: 'right-state', n: 1 }] };
    for (const refuse of [
      () => false,
      () => Promise.resolve(false),
      () => Promise.reject(new Error('closed')),
      () => {
        throw new Error('closed');
      },
    ]) {
      answer = refuse;
      const r = await post('/hook', body);
      r.status.should.equal(503);
      r.headers['retry-after'].should.equal('5');
    }
    // A slow hand-over (several copies check which subscription is kept): no answer before it ends.
    let finish;
    answer = () => new Promise((resolve) => (finish = resolve));
    let status;
    const pending = post('/hook', body).then((r) => (status = r.status));
    await until(() => finish);
    await new Promise((r) => setTimeout(r, 50));
    (status === undefined).should.be.true();
    finish(true);
    await pending;
    status.should.equal(202);
  });

  it('releases its route on close', async function () {
    const { e } = endpoint();
    e.close();
    endpoints.length = 0;
    (await post('/hook', { value: [] })).status.should.equal(404);
  });

  it('compares secrets in constant time whatever their lengths', function () {
    sameSecret('abc', 'abc').should.be.true();
    sameSecret('abc', 'abcd').should.be.false();
    sameSecret(undefined, 'abc').should.be.false();
    sameSecret('', '').should.be.true();
  });
});
