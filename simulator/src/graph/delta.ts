import type { SimContext } from '../context';
import type { Router } from '../http/router';
export function registerDeltaRoutes(_ctx: SimContext, _router: Router): void { /* next step */ }
