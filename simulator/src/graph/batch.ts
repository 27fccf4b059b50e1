import type { SimContext } from '../context';
import type { Router } from '../http/router';
export function registerBatchRoutes(_ctx: SimContext, _router: Router): void { /* next step */ }
