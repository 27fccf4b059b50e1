'use strict';
// Shared helpers for the simulator's own tests: start/stop an in-process simulator on an ephemeral
// port, and a tiny HTTPS client that trusts the simulator's CA.
const fs = require('fs');
const https = require('https');
const path = require('path');

const sim = require(path.join(__dirname, '..', '..', 'simulator', 'dist'));

let ca;
function caOf(s) {
  if (!ca) ca = fs.readFileSync(s.caPath);
  return ca;
}

/**
 * request(s, method, pathOrUrl, { headers, body, form, token, raw })
 * → { status, headers, body (JSON parsed when JSON), text }
 */
function request(s, method, pathOrUrl, opts = {}) {
  const url = new URL(pathOrUrl, s.url);
  const headers = Object.assign({}, opts.headers);
  let payload;
  if (opts.form) {
    payload = new URLSearchParams(opts.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (opts.raw !== undefined) {
    payload = opts.raw;
  } else if (opts.body !== undefined) {
    payload = JSON.stringify(opts.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: caOf(s), agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body;
        // A cut-off JSON body (a fault) stays text only.
        if (/json/i.test(res.headers['content-type'] || '') && text) {
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
        }
        resolve({ status: res.statusCode, headers: res.headers, body, text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function start(opts = {}) {
  const s = await sim.startSimulator(Object.assign({ port: 0, quiet: true }, opts));
  const { access_token: token } = await s.control.token();
  s.token = token;
  s.graph = (method, p, o = {}) => request(s, method, p.startsWith('http') ? p : `/v1.0${p}`, Object.assign({ token: s.token }, o));
  return s;
}

const EVENTUAL = { consistencylevel: 'eventual' };

module.exports = { sim, request, start, EVENTUAL };
