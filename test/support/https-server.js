'use strict';
// A tiny HTTPS server with the simulator's localhost certificate, for client unit tests that
// need exact control of each answer: `handler(req, body)` returns {status, headers, body} or
// 'reset' (destroy the socket). Every request is recorded.
const fs = require('fs');
const https = require('https');
const { getCerts } = require('./certs');

async function startServer(handler) {
  const certs = getCerts();
  const requests = [];
  const sockets = new Set();
  // TCP connections accepted so far, and the most requests answered at once.
  const stats = { connections: 0, inFlight: 0, maxInFlight: 0 };
  const server = https.createServer({ key: fs.readFileSync(certs.keyPath), cert: fs.readFileSync(certs.certPath) }, (req, res) => {
    const chunks = [];
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on('close', () => {
      stats.inFlight--;
    });
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch (e) {
        /* text */
      }
      const record = { method: req.method, url: req.url, headers: req.headers, body, time: Date.now() };
      requests.push(record);
      const answer = await handler(record, requests.length);
      if (answer === 'reset') return req.socket.destroy();
      const headers = { 'content-type': 'application/json', ...(answer.headers || {}) };
      res.writeHead(answer.status || 200, headers);
      if (answer.body === undefined) res.end();
      else res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  server.on('connection', (s) => {
    stats.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  const url = `https://localhost:${server.address().port}`;
  return {
    url,
    requests,
    stats,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TokenSource that counts how often it was asked, and for a fresh token. */
function countingTokens(prefix = 'token') {
  const source = {
    calls: 0,
    forced: 0,
    async getAccessToken(opts = {}) {
      source.calls++;
      if (opts.forceRefresh) source.forced++;
      return `${prefix}-${source.forced}`;
    },
  };
  return source;
}

module.exports = { startServer, countingTokens };
