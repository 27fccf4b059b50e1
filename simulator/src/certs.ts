// Creates (once) and reuses a local CA and a server certificate for localhost, 127.0.0.1 and ::1.
// Microsoft's hosts are HTTPS only and msal-node refuses non-https authorities
// (GRAPH-FACTS §6 msal-node notes, UrlString.validateAsUri), so the simulator is HTTPS only too.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface CertificatePaths {
  caPath: string;
  certPath: string;
  keyPath: string;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_CERT_DIR = path.join(REPO_ROOT, '.simulator', 'certs');

function paths(dir: string): CertificatePaths {
  return {
    caPath: path.join(dir, 'ca.pem'),
    certPath: path.join(dir, 'server.pem'),
    keyPath: path.join(dir, 'server-key.pem'),
  };
}

function complete(p: CertificatePaths): boolean {
  return [p.caPath, p.certPath, p.keyPath].every((f) => fs.existsSync(f) && fs.statSync(f).size > 0);
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function generate(into: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '3650',
      '-subj',
      '/CN=Entra-RED Graph Simulator Local CA',
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    into,
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', '/CN=localhost', '-keyout', 'server-key.pem', '-out', 'server.csr'],
    into,
  );
  fs.writeFileSync(
    path.join(into, 'server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
      '',
    ].join('\n'),
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '825',
      '-sha256',
      '-extfile',
      'server.ext',
    ],
    into,
  );
}

/**
 * Returns the CA and server certificate paths, creating them with openssl on first use.
 * Safe when two processes race: each generates into its own temp dir and renames it into place;
 * the loser discards its copy and uses the winner's.
 */
export function ensureCertificates(dir: string = DEFAULT_CERT_DIR): CertificatePaths {
  const target = paths(dir);
  if (complete(target)) return target;
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.certs-tmp-${process.pid}-`));
  try {
    generate(tmp);
    try {
      fs.renameSync(tmp, dir);
    } catch (err) {
      // Another process won the race (dir exists and is not empty) or an empty dir is in the way.
      if (!complete(target)) {
        try {
          fs.rmdirSync(dir);
        } catch {
          /* not empty or gone */
        }
        try {
          fs.renameSync(tmp, dir);
        } catch {
          /* lost again */
        }
      }
      if (!complete(target)) {
        // Wait briefly for the winner to finish its rename.
        const until = Date.now() + 5000;
        while (!complete(target) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        if (!complete(target)) throw err;
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return target;
}

export function tmpCertDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'graph-sim-certs-'));
}
