// Control routes for change notifications (no auth, JSON): inspect subscriptions and deliveries,
// fire lifecycle events [LIFE], drop a subscription behind the subscriber's back.
import type { SimContext } from '../context';
import type { Router } from '../http/router';
import type { SimResponse } from '../http/types';
import type { LifecycleEvent, NotificationService } from './service';

const json = (body: unknown, status = 200): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body,
});
const EVENTS: LifecycleEvent[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

export function registerNotificationControlRoutes(ctx: SimContext, router: Router, service: NotificationService): void {
  // Every active subscription of every app, clientState included (tests check for leftovers).
  router.get(/^\/_sim\/subscriptions$/, () => json(service.active()));

  // Gone without a lifecycle event (e.g. to make the next renewal answer 404).
  router.delete(/^\/_sim\/subscriptions\/(?<id>[^/]+)$/, (_req, p) =>
    service.subscriptions.delete(p.id) ? { status: 204, headers: {} } : json({ error: 'No such subscription' }, 404),
  );

  router.post(/^\/_sim\/subscriptions\/(?<id>[^/]+)\/lifecycle$/, async (req, p) => {
    const event = (req.body as { event?: string } | undefined)?.event as LifecycleEvent;
    if (!EVENTS.includes(event)) return json({ error: `event must be one of ${EVENTS.join(', ')}` }, 400);
    const s = service.get(p.id);
    if (!s) return json({ error: 'No such subscription' }, 404);
    if (!s.lifecycleNotificationUrl)
      return json({ error: 'The subscription has no lifecycleNotificationUrl: Graph sends it no lifecycle events.' }, 400);
    return json(await service.fireLifecycle(p.id, event));
  });

  router.get(/^\/_sim\/deliveries$/, () => json(service.deliveries));
  router.delete(/^\/_sim\/deliveries$/, () => {
    service.deliveries.length = 0;
    return { status: 204, headers: {} };
  });
  void ctx;
}
