// Everything a route handler may need, created once per simulator instance.
import type { SimConfig } from './config';
import type { FaultTable } from './http/faults';
import type { RequestRecorder } from './http/recorder';
import type { Router } from './http/router';
import type { SimRequest } from './http/types';
import type { GrantRegistry } from './identity/grants/registry';
import type { TokenService } from './identity/tokens';
import type { Store } from './state/store';

export interface SimContext {
  store: Store;
  config: SimConfig;
  tokens: TokenService;
  faults: FaultTable;
  recorder: RequestRecorder;
  grants: GrantRegistry;
  /** https://localhost:<port> */
  baseUrl: string;
  port: number;
  /** Identity platform routes (/{tenant}/oauth2/v2.0/…): add authorize/devicecode handlers here. */
  identityRouter: Router;
  /** Graph routes, matched against the path after /v1.0 or /beta. */
  graphRouter: Router;
  /** Runs a request through faults + routing (used by the HTTPS server and by $batch). */
  dispatch: (req: SimRequest) => Promise<import('./http/types').SimResponse>;
  /** Adds the per-area headers (Graph: request-id, OData-Version, content type) and records the request. */
  finish: (req: SimRequest, res: import('./http/types').SimResponse) => import('./http/types').SimResponse;
  /** The identity service's documented quotas (graph/throttling.ts), active when config.throttling. */
  throttle?: import('./graph/throttling').IdentityThrottle;
  /** TLS connections and sockets as clients use them (GET /_sim/connections). */
  connections: import('./http/connections').ConnectionStats;
  /** Timers to clear on close (fault latency). */
  timers: Set<NodeJS.Timeout>;
  /** Called after POST /_sim/reset (features with their own state hook in here). */
  emitReset?: () => void;
  /** Extra per-feature state (e.g. subscriptions) registered by later modules. */
  extensions: Record<string, unknown>;
}

/** The origin the client used (Host header), so links point back where the client connected. */
export function originOf(ctx: SimContext, req: SimRequest): string {
  const host = req.headers.host;
  return host && /^(localhost|127\.0\.0\.1|\[::1\]):\d+$/.test(host) ? `https://${host}` : ctx.baseUrl;
}
