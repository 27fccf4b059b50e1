// The HTTPS front: one port for the identity platform, Graph and the control API. Turns each
// HTTP request into a SimRequest, runs ctx.dispatch, records it, and writes the answer.
import * as fs from 'fs';
import * as https from 'https';
import type { Socket } from 'net';
import type { SimContext } from '../context';
import { BodyTooLarge, InvalidJson, parseBody, readBody } from './body';
import { headersOf, SimRequest, SimResponse } from './types';

export function writeResponse(res: import('http').ServerResponse, r: SimResponse): void {
  if (r.destroy) { res.socket?.destroy(); return; }
  let payload: string | Buffer | undefined;
  const headers = { ...r.headers };
  if (r.body !== undefined) {
    if (Buffer.isBuffer(r.body)) {
      payload = r.body;
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/octet-stream';
    } else if (typeof r.body === 'string') {
      payload = r.body;
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'text/plain; charset=utf-8';
    } else {
      payload = JSON.stringify(r.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json; charset=utf-8';
    }
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  else if (r.status !== 204 && r.status !== 304) headers['content-length'] = '0';
  res.writeHead(r.status, headers);
  res.end(payload);
}

export interface StartedServer {
  server: https.Server;
  port: number;
  close(): Promise<void>;
}

export async function startHttpsServer(opts: { port: number; certPath: string; keyPath: string; getContext: () => SimContext }): Promise<StartedServer> {
  const sockets = new Set<Socket>();
  const server = https.createServer({ cert: fs.readFileSync(opts.certPath), key: fs.readFileSync(opts.keyPath) }, (req, res) => {
    void handle(req, res);
  });
  server.on('secureConnection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('tlsClientError', () => { /* e.g. a client that does not trust our CA: nothing to answer */ });

  async function handle(req: import('http').IncomingMessage, res: import('http').ServerResponse): Promise<void> {
    const ctx = opts.getContext();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const rawQuery = q >= 0 ? url.slice(q + 1) : '';
    const headers = headersOf(req.headers);
    const sreq: SimRequest = { method: (req.method ?? 'GET').toUpperCase(), path, rawQuery, query: new URLSearchParams(rawQuery), headers, body: undefined, rawBody: '' };
    let response: SimResponse;
    try {
      sreq.rawBytes = await readBody(req, ctx.config.maxBodyBytes);
      sreq.rawBody = sreq.rawBytes.toString('utf8');
      sreq.body = parseBody(sreq.rawBody, headers['content-type']);
      response = await ctx.dispatch(sreq);
    } catch (err) {
      response = errorFor(ctx, sreq, err);
    }
    try { writeResponse(res, response); } catch { res.socket?.destroy(); }
  }

  function errorFor(ctx: SimContext, sreq: SimRequest, err: unknown): SimResponse {
    const isGraph = /^\/(v1\.0|beta)\//.test(sreq.path);
    if (err instanceof BodyTooLarge) {
      return ctx.finish(sreq, { status: 413, headers: {}, body: graphBody('Request_EntityTooLarge', 'The request is too large.') });
    }
    if (err instanceof InvalidJson && isGraph) {
      // Graph's answer to a body that is not JSON.
      return ctx.finish(sreq, { status: 400, headers: {}, body: graphBody('BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.') });
    }
    if (err instanceof InvalidJson) return { status: 400, headers: {}, body: { error: 'invalid_request', error_description: 'Invalid JSON body.' } };
    return ctx.finish(sreq, { status: 500, headers: {}, body: graphBody('generalException', `Simulator error: ${(err as Error)?.message ?? err}`) });
  }

  function graphBody(code: string, message: string) {
    return { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': '', 'client-request-id': '' } } };
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EAFNOSUPPORT' || err.code === 'EADDRNOTAVAIL') {
        server.removeListener('error', onError);
        server.once('error', reject);
        server.listen({ port: opts.port, host: '0.0.0.0' }, () => resolve());
      } else {
        reject(err);
      }
    };
    server.once('error', onError);
    // '::' with ipv6Only false = dual stack: 127.0.0.1 and ::1 both reach us.
    server.listen({ port: opts.port, host: '::', ipv6Only: false }, () => { server.removeListener('error', onError); resolve(); });
  });
  const port = (server.address() as import('net').AddressInfo).port;

  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
