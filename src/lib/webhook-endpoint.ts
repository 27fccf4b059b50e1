// The receiving end of Graph change notifications on Node-RED's httpNode app
// (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks):
// - `?validationToken=…` → 200 text/plain with the decoded token, at once (Graph waits 10 s);
// - a notification POST → 202 once the notifications are handed to the node (at once: Graph counts
//   answers slower than 3 s against the endpoint), 503 when the node cannot take them (closing, its
//   queue full): Graph delivers them again;
// - every notification's clientState is compared in constant time before anything is emitted,
//   and removed from what is passed on;
// - bodies are size-limited and only POST is accepted.
import { createHash, timingSafeEqual } from 'crypto';
import { BodyTooLargeError, readRawBody } from './http-body';
import type { RED } from './red';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookEndpointOptions {
  path: string;
  maxBodyBytes?: number;
  /**
   * The clientStates accepted now (several while a subscription is being replaced), or `undefined`
   * when none is configured (webhook mode without a clientState: everything is accepted).
   */
  clientStates(): string[] | undefined;
  /** False while the node is still loading its state: Graph is told to retry (503). */
  ready?(): boolean;
  /**
   * Called before the answer, with the notifications whose clientState matched, without it: the
   * secret stays out of msgs (a Debug node shows them to every editor user, who could then forge
   * notifications). With no clientState configured, notifications pass on as Graph sent them.
   * Returns (or resolves to) false when the node cannot take them now (its queue is full, it is
   * closing): the endpoint then answers 503 and Graph delivers them again. Anything else is a 202.
   */
  onNotifications(accepted: any[], rejected: number): void | boolean | Promise<void | boolean>;
}

export interface WebhookEndpoint {
  path: string;
  close(): void;
}

/** Equal strings, compared in constant time whatever their lengths. */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The token as plain text that no browser could run: Graph's tokens never contain these characters. */
function escapeText(token: string): string {
  return token.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function withoutClientState(n: object): object {
  const { clientState: _secret, ...rest } = n as { clientState?: unknown };
  return rest;
}

export function registerWebhookEndpoint(RED: RED, options: WebhookEndpointOptions): WebhookEndpoint {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const handler = (req: any, res: any) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.status(500).end();
    });
  };

  async function handle(req: any, res: any): Promise<void> {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Cache-Control', 'no-store');
    if (req.method !== 'POST') {
      res.set('Allow', 'POST');
      res.status(405).end();
      return;
    }
    const token = req.query?.validationToken;
    if (typeof token === 'string') {
      // Express has already URL-decoded the query: answer with the decoded token.
      res.status(200).type('text/plain').send(escapeText(token));
      req.resume?.();
      return;
    }
    if (options.ready && !options.ready()) {
      res.set('Retry-After', '5');
      res.status(503).end();
      return;
    }
    // A declared length above the limit is refused before reading (a chunked body that grows past
    // it is cut off by readRawBody).
    if (Number(req.headers?.['content-length']) > limit) {
      res.set('Connection', 'close');
      res.status(413).end();
      return;
    }
    let body: any = req.body;
    if (body === undefined || typeof body !== 'object' || Buffer.isBuffer(body)) {
      let raw: Buffer;
      try {
        raw = Buffer.isBuffer(body) ? body : await readRawBody(req, limit);
      } catch (err) {
        res.status(err instanceof BodyTooLargeError ? 413 : 400).end();
        return;
      }
      if (raw.length > limit) {
        res.status(413).end();
        return;
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        res.status(400).end();
        return;
      }
    }
    const list: unknown = body?.value;
    if (!Array.isArray(list)) {
      res.status(400).end();
      return;
    }
    // Verified and handed to the node before the acknowledgement: a 202 means the notifications are
    // queued on a node that will emit them (a closing node answered 503 above).
    {
      const expected = options.clientStates();
      const accepted: any[] = [];
      let rejected = 0;
      for (const n of list) {
        if (!n || typeof n !== 'object') {
          rejected++;
          continue;
        }
        if (expected === undefined) accepted.push(n);
        else if (expected.some((secret) => sameSecret((n as { clientState?: unknown }).clientState, secret)))
          accepted.push(withoutClientState(n));
        else rejected++;
      }
      if (options.ready && !options.ready()) {
        res.set('Retry-After', '5');
        res.status(503).end();
        return;
      }
      let taken: void | boolean;
      try {
        taken = await options.onNotifications(accepted, rejected);
      } catch {
        taken = false;
      }
      if (taken === false) {
        // Not taken (a full queue, a node closing meanwhile): Graph delivers them again.
        res.set('Retry-After', '5');
        res.status(503).end();
        return;
      }
    }
    res.status(202).end();
  }

  const path = options.path.startsWith('/') ? options.path : `/${options.path}`;
  RED.httpNode.all(path, handler);
  return {
    path,
    close: () => removeRoute(RED.httpNode, handler),
  };
}

/** Removes the route that holds `handler` (Express 4 keeps it in `_router`, Express 5 in `router`). */
function removeRoute(app: any, handler: unknown): void {
  const router = app?._router ?? app?.router;
  const stack: any[] | undefined = router?.stack;
  if (!Array.isArray(stack)) return;
  for (let i = stack.length - 1; i >= 0; i--) {
    const route = stack[i]?.route;
    if (route && Array.isArray(route.stack) && route.stack.some((layer: any) => layer.handle === handler)) stack.splice(i, 1);
  }
}
