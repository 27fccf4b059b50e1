'use strict';
// Debian's redis-server for tests, on a free loopback port, without persistence, and a tiny RESP
// client (no npm Redis client is needed: the tests send a handful of commands).
//
//   const { findRedisServer, startRedis, RedisClient } = require('./redis');
//   findRedisServer()            → the binary's path, or undefined when it is not installed
//   const redis = await startRedis();   // { port, url, stop() }
//   const c = new RedisClient(redis.port); await c.command('SET', 'k', 'v'); c.close();
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const { freePort } = require('./ports');

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

function findRedisServer() {
  if (process.env.REDIS_SERVER) return fs.existsSync(process.env.REDIS_SERVER) ? process.env.REDIS_SERVER : undefined;
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/** A RESP2 client: one connection, commands answered in order. */
class RedisClient {
  constructor(port, host = '127.0.0.1') {
    this.pending = [];
    this.buffer = Buffer.alloc(0);
    this.socket = net.connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (err) => this.failAll(err));
    this.socket.on('close', () => this.failAll(new Error('redis connection closed')));
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
  }

  command(...args) {
    const parts = [`*${args.length}\r\n`];
    for (const a of args) {
      const b = Buffer.from(String(a), 'utf8');
      parts.push(`$${b.length}\r\n`, b, '\r\n');
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p, 'utf8')))));
    });
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = parse(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      const waiter = this.pending.shift();
      if (!waiter) continue;
      if (parsed.value instanceof Error) waiter.reject(parsed.value);
      else waiter.resolve(parsed.value);
    }
  }

  failAll(err) {
    for (const w of this.pending.splice(0)) w.reject(err);
  }

  close() {
    this.socket.end();
    this.socket.destroy();
  }
}

/** One RESP2 value from `buf` at `at`: { value, end } or undefined when incomplete. */
function parse(buf, at) {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  if (type === '+') return { value: line, end: next };
  if (type === '-') return { value: new Error(line), end: next };
  if (type === ':') return { value: Number(line), end: next };
  if (type === '$') {
    const len = Number(line);
    if (len < 0) return { value: null, end: next };
    if (buf.length < next + len + 2) return undefined;
    return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
  }
  if (type === '*') {
    const count = Number(line);
    if (count < 0) return { value: null, end: next };
    const items = [];
    let pos = next;
    for (let i = 0; i < count; i++) {
      const item = parse(buf, pos);
      if (!item) return undefined;
      items.push(item.value);
      pos = item.end;
    }
    return { value: items, end: pos };
  }
  throw new Error(`unexpected RESP type ${JSON.stringify(type)}`);
}

/** Starts redis-server on a free loopback port, nothing saved to disk. */
async function startRedis() {
  const bin = findRedisServer();
  if (!bin) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const port = await freePort();
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  process.on('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 10000;
  for (;;) {
    const c = new RedisClient(port);
    try {
      await c.ready;
      if ((await c.command('PING')) === 'PONG') {
        c.close();
        break;
      }
    } catch (e) {
      /* not yet */
    }
    c.close();
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

module.exports = { findRedisServer, startRedis, RedisClient };
