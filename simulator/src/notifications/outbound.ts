// Requests the simulator itself sends, as Graph does: the validation handshake and notification
// POSTs to a subscriber's notificationUrl. HTTPS only [SRES]; the simulator's own CA is trusted
// besides the public roots, so a Node-RED served with the simulator's certificate is reachable.
import * as fs from 'fs';
import * as https from 'https';
import * as tls from 'tls';

export interface OutboundResult {
  /** 0 when no answer arrived (connection error or timeout). */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** 'timeout' | 'network' when status is 0. */
  failure?: 'timeout' | 'network';
  error?: string;
  elapsedMs: number;
}

export class Outbound {
  private readonly agent: https.Agent;
  private readonly inFlight = new Set<import('http').ClientRequest>();

  constructor(caPath?: string) {
    const ca = [...tls.rootCertificates];
    if (caPath && fs.existsSync(caPath)) ca.push(fs.readFileSync(caPath, 'utf8'));
    this.agent = new https.Agent({ keepAlive: false, ca });
  }

  post(url: string, body: string, contentType: string, timeoutMs: number): Promise<OutboundResult> {
    const started = Date.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: Omit<OutboundResult, 'elapsedMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(req);
        resolve({ ...r, elapsedMs: Date.now() - started });
      };
      const req = https.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': contentType,
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Microsoft-Graph-Simulator/1.0',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
            finish({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (err) => finish({ status: 0, headers: {}, body: '', failure: 'network', error: err.message }));
        },
      );
      const timer = setTimeout(() => {
        finish({ status: 0, headers: {}, body: '', failure: 'timeout', error: `no answer within ${timeoutMs} ms` });
        req.destroy();
      }, timeoutMs);
      this.inFlight.add(req);
      req.on('error', (err) => finish({ status: 0, headers: {}, body: '', failure: 'network', error: err.message }));
      req.end(body);
    });
  }

  close(): void {
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
    this.agent.destroy();
  }
}
