'use strict';
// Debian's haproxy in front of several HTTPS servers, round robin per TCP connection (TLS passes
// through: each Node-RED presents the simulator's certificate, valid for 127.0.0.1).
//   const lb = await startHaproxy([portA, portB], { port });   // { port, url, stop() }; port: a free one when not given
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { freePort, isListening } = require('./ports');

const CANDIDATES = ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'];

function findHaproxy() {
  if (process.env.HAPROXY) return fs.existsSync(process.env.HAPROXY) ? process.env.HAPROXY : undefined;
  return CANDIDATES.find((p) => fs.existsSync(p));
}

async function startHaproxy(backendPorts, options = {}) {
  const bin = findHaproxy();
  if (!bin) throw new Error('haproxy is not installed (apt-get install haproxy)');
  const port = options.port || (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-haproxy-'));
  const cfg = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(
    cfg,
    [
      'global',
      '  maxconn 4096',
      'defaults',
      '  mode tcp',
      '  timeout connect 2s',
      '  timeout client 30s',
      '  timeout server 30s',
      '  retries 2',
      '  option redispatch',
      'frontend webhooks',
      `  bind 127.0.0.1:${port}`,
      '  default_backend nodered',
      'backend nodered',
      '  balance roundrobin',
      // Health checks take a killed copy out of the rotation within a second.
      ...backendPorts.map((p, i) => `  server nr${i} 127.0.0.1:${p} check inter 300ms fall 1 rise 1`),
      '',
    ].join('\n'),
  );
  const child = spawn(bin, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  process.on('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 10000;
  while (!(await isListening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`haproxy did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    log: () => output,
    async stop() {
      if (child.exitCode === null && !child.signalCode) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { findHaproxy, startHaproxy };
