// Test routes for raw requests. `/_sim/echo` (under /v1.0 or /beta, behind Graph's token check) is
// NOT a Graph endpoint: it answers every method with what it received (method, path, query,
// headers, parsed JSON/text body, multipart parts with file names and bytes), so a client's
// request shapes can be checked end to end. `?respond=text|binary` answers text/plain or bytes.
//
// The application logo IS Graph's: `logo` is an Edm.Stream property of application, read and
// replaced with GET/PUT /applications/{id}/logo (https://learn.microsoft.com/graph/api/resources/application).
import type { SimContext } from '../context';
import { GraphErrors } from '../http/errors';
import { boundaryOf, parseMultipart } from '../http/multipart';
import type { Router } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { APP_KEY } from './applications';
import { findByKey } from './app-objects';
import { apiVersion } from './query/collection';
import { noContent } from './respond';

const ECHO = /^\/_sim\/echo(?<rest>\/.*)?$/;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
/** 256 bytes 0x00..0xff: every byte value, so a binary answer that went through text shows it. */
export const ECHO_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

export function registerEchoRoutes(ctx: SimContext, router: Router): void {
  for (const method of METHODS) router.add(method, ECHO, (req, p) => echo(req, p.rest ?? ''));
  registerApplicationLogo(ctx, router);
}

function echo(req: SimRequest, rest: string): SimResponse {
  const respond = req.query.get('respond');
  if (respond === 'text')
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${req.method} ${rest || '/'}` };
  if (respond === 'binary') return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: ECHO_BYTES };
  const headers = { ...req.headers };
  // The token was verified by the Graph front door; never echo it back.
  if (headers.authorization) headers.authorization = 'Bearer [verified]';
  const contentType = req.headers['content-type'];
  const boundary = boundaryOf(contentType);
  const out: Record<string, unknown> = {
    method: req.method,
    apiVersion: apiVersion(req),
    path: rest || '/',
    query: Object.fromEntries(req.query),
    headers,
  };
  if (boundary && req.rawBytes) {
    const parts = parseMultipart(req.rawBytes, boundary);
    if (!parts) return GraphErrors.badRequest('Malformed multipart/form-data body.');
    out.parts = parts.map((part) => ({
      name: part.name,
      ...(part.filename !== undefined ? { filename: part.filename } : {}),
      ...(part.contentType ? { contentType: part.contentType } : {}),
      size: part.data.length,
      text: part.data.toString('utf8'),
      base64: part.data.toString('base64'),
    }));
  } else if (req.rawBody !== '') {
    out.body = req.body;
    out.size = req.rawBytes?.length ?? Buffer.byteLength(req.rawBody);
  }
  // HEAD answers carry no body.
  return req.method === 'HEAD' ? { status: 200, headers: {} } : { status: 200, headers: {}, body: out };
}

function registerApplicationLogo(ctx: SimContext, router: Router): void {
  const logos = new Map<string, { type: string; data: Buffer }>();
  ctx.extensions.applicationLogos = logos;
  const previousReset = ctx.emitReset;
  ctx.emitReset = () => {
    previousReset?.();
    logos.clear();
  };
  const find = (p: Record<string, string>) => findByKey(ctx.store, 'applications', p);
  const route = new RegExp(`^${APP_KEY}/logo$`);
  router.put(route, (req, p) => {
    const app = find(p);
    if (!app) return GraphErrors.notFound(p.appId ?? p.id);
    const type = req.headers['content-type'] ?? '';
    if (!/^image\//i.test(type))
      return GraphErrors.badRequest('The logo must be an image (Content-Type image/png, image/jpeg or image/gif).');
    if (!req.rawBytes?.length) return GraphErrors.badRequest('Empty Payload.');
    logos.set(app.id, { type, data: Buffer.from(req.rawBytes) });
    return noContent();
  });
  router.get(route, (_req, p) => {
    const app = find(p);
    if (!app) return GraphErrors.notFound(p.appId ?? p.id);
    const logo = logos.get(app.id);
    if (!logo) return GraphErrors.notFound(`${app.id}/logo`);
    return { status: 200, headers: { 'content-type': logo.type }, body: logo.data };
  });
}
