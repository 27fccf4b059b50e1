// The editor's "Entra ID" sidebar: GET <admin>/entra-id/status (needs entra-connection.read) answers
// the activity of every Entra node (src/lib/activity.ts); when it changes, a notice goes to the
// editors over RED.comms (topic `entra-id/activity`, only a revision number: what changed is read
// through the permission-checked route).
import { activity } from '../../lib/activity';
import type { RED } from '../../lib/red';

export const ACTIVITY_TOPIC = 'entra-id/activity';

export function registerActivityRoutes(RED: RED): void {
  RED.httpAdmin.get('/entra-id/status', RED.auth.needsPermission('entra-connection.read'), (_req: any, res: any) => {
    res.set('Cache-Control', 'no-store');
    res.json(activity.snapshot());
  });
  let rev = 0;
  let timer: NodeJS.Timeout | undefined;
  activity.onChange(() => {
    // At most four notices a second, however busy the nodes are.
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      RED.comms?.publish(ACTIVITY_TOPIC, { rev: ++rev }, false);
    }, 250);
    timer.unref?.();
  });
}
