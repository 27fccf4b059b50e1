// The HTTPS front: one port for the identity platform, Graph and the control API. Turns each
// HTTP request into a SimRequest, runs ctx.dispatch, records it, and writes the answer.
import * as fs from 'fs';
import * as https from 'https';
import type { Socket } from 'net';
import type { SimContext } from '../context';
import { BodyTooLarge, InvalidJson, parseBody, readBody } from './body';
import { ConnectionStats } from './connections';
import { headersOf, SimRequest, SimResponse } from './types';

export function writeResponse(res: import('http').ServerResponse, r: SimResponse): void {
  if (r.destroy) {
    res.socket?.destroy();
    return;
  }
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
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json; charset=utf-8';
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
  /** Connections and sockets as clients use them (GET /_sim/connections). */
  connections: ConnectionStats;
  close(): Promise<void>;
}

/** The default host: the loopback interface only (127.0.0.1 and ::1), as Node-RED's `npm start`. */
export const LOOPBACK = 'localhost';

export async function startHttpsServer(opts: {
  port: number;
  host?: string;
  certPath: string;
  keyPath: string;
  getContext: () => SimContext;
}): Promise<StartedServer> {
  const sockets = new Set<Socket>();
  const connections = new ConnectionStats();
  const tls = { cert: fs.readFileSync(opts.certPath), key: fs.readFileSync(opts.keyPath) };
  const makeServer = () => {
    const srv = https.createServer(tls, (req, res) => {
      void handle(req, res);
    });
    srv.on('secureConnection', (s: Socket) => {
      connections.connected(s);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    srv.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    srv.on('tlsClientError', () => {
      /* e.g. a client that does not trust our CA: nothing to answer */
    });
    return srv;
  };
  const server = makeServer();

  async function handle(req: import('http').IncomingMessage, res: import('http').ServerResponse): Promise<void> {
    const ctx = opts.getContext();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const rawQuery = q >= 0 ? url.slice(q + 1) : '';
    const headers = headersOf(req.headers);
    const area = path === '/_sim' || path.startsWith('/_sim/') ? 'control' : /^\/(v1\.0|beta)(\/|$)/.test(path) ? 'graph' : 'identity';
    const ended = connections.request(req.socket, area);
    res.once('close', ended);
    // The client closed the connection before the answer was written (it gave up waiting).
    const goneListeners: Array<() => void> = [];
    res.on('close', () => {
      if (res.writableFinished) return;
      for (const listener of goneListeners.splice(0)) listener();
    });
    const sreq: SimRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path,
      rawQuery,
      query: new URLSearchParams(rawQuery),
      headers,
      body: undefined,
      rawBody: '',
      onClientGone: (listener) => {
        if (res.writableFinished) return;
        if (res.destroyed || req.socket?.destroyed) listener();
        else goneListeners.push(listener);
      },
    };
    let response: SimResponse;
    try {
      sreq.rawBytes = await readBody(req, ctx.config.maxBodyBytes);
      sreq.rawBody = sreq.rawBytes.toString('utf8');
      sreq.body = parseBody(sreq.rawBody, headers['content-type']);
      response = await ctx.dispatch(sreq);
    } catch (err) {
      response = errorFor(ctx, sreq, err);
    }
    try {
      writeResponse(res, response);
    } catch {
      res.socket?.destroy();
    }
  }

  function errorFor(ctx: SimContext, sreq: SimRequest, err: unknown): SimResponse {
    const isGraph = /^\/(v1\.0|beta)\//.test(sreq.path);
    if (err instanceof BodyTooLarge) {
      return ctx.finish(sreq, { status: 413, headers: {}, body: graphBody('Request_EntityTooLarge', 'The request is too large.') });
    }
    if (err instanceof InvalidJson && isGraph) {
      // Graph's answer to a body that is not JSON.
      return ctx.finish(sreq, {
        status: 400,
        headers: {},
        body: graphBody(
          'BadRequest',
          'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
        ),
      });
    }
    if (err instanceof InvalidJson)
      return { status: 400, headers: {}, body: { error: 'invalid_request', error_description: 'Invalid JSON body.' } };
    return ctx.finish(sreq, {
      status: 500,
      headers: {},
      body: graphBody('generalException', `Simulator error: ${(err as Error)?.message ?? err}`),
    });
  }

  function graphBody(code: string, message: string) {
    return {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': '', 'client-request-id': '' },
      },
    };
  }

  const host = opts.host || LOOPBACK;
  const listen = (srv: https.Server, port: number, address: string, extra: object = {}) =>
    new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen({ port, host: address, ...extra }, () => {
        srv.removeListener('error', reject);
        resolve();
      });
    });
  const servers = [server];
  if (host === LOOPBACK) {
    // `localhost` resolves to 127.0.0.1 or ::1 depending on the client: answer on both loopbacks
    // (same port), never on other interfaces.
    await listen(server, opts.port, '127.0.0.1');
    const v6 = makeServer();
    try {
      await listen(v6, (server.address() as import('net').AddressInfo).port, '::1', { ipv6Only: true });
      servers.push(v6);
    } catch {
      /* no IPv6 loopback here: IPv4 is enough */
    }
  } else if (host === '::') {
    // '::' with ipv6Only false = dual stack on every interface (falls back to IPv4 only).
    await listen(server, opts.port, '::', { ipv6Only: false }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EAFNOSUPPORT' || err.code === 'EADDRNOTAVAIL') return listen(server, opts.port, '0.0.0.0');
      throw err;
    });
  } else {
    await listen(server, opts.port, host);
  }
  const port = (server.address() as import('net').AddressInfo).port;

  return {
    server,
    port,
    connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(
        servers.map(
          (srv) =>
            new Promise<void>((resolve) => {
              srv.closeAllConnections?.();
              srv.close(() => resolve());
            }),
        ),
      );
    },
  };
}
