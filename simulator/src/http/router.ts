// A tiny method + regex router. Patterns are matched against the raw path; named groups are
// percent-decoded into params (ids may be UPNs with %40 / %23).
import type { Handler, RouteParams, SimRequest, SimResponse } from './types';

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), pattern, handler });
    return this;
  }
  get(p: RegExp, h: Handler): this {
    return this.add('GET', p, h);
  }
  post(p: RegExp, h: Handler): this {
    return this.add('POST', p, h);
  }
  patch(p: RegExp, h: Handler): this {
    return this.add('PATCH', p, h);
  }
  put(p: RegExp, h: Handler): this {
    return this.add('PUT', p, h);
  }
  delete(p: RegExp, h: Handler): this {
    return this.add('DELETE', p, h);
  }

  /** Returns the matching route, or 'method' when the path exists with another method, or undefined. */
  match(method: string, path: string): { handler: Handler; params: RouteParams } | 'method' | undefined {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method.toUpperCase()) continue;
      const params: RouteParams = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) {
        if (v === undefined) continue;
        try {
          params[k] = decodeURIComponent(v);
        } catch {
          params[k] = v;
        }
      }
      return { handler: r.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }

  async handle(req: SimRequest): Promise<SimResponse | undefined | 'method'> {
    const m = this.match(req.method, req.path);
    if (m === undefined || m === 'method') return m;
    return m.handler(req, m.params);
  }
}
