// The deploy-time permission check of one connection: nodes register what their operation needs;
// whenever the connection obtains a token, what it grants is compared with those needs, and a
// node whose operation needs a permission the token lacks shows a yellow "needs …" status and
// logs one warning — before its first request gets a 403.
import { t } from './i18n';
import { describeProblem, missingPermission, PermissionNeeds, TokenGrants, tokenGrants } from './permissions';

export interface PermissionUser {
  id: string;
  type: string;
  name?: string;
  operation: string;
  needs: PermissionNeeds;
  status(s: object): void;
  warn(text: string): void;
}

export class PermissionWatch {
  grants?: TokenGrants;
  private readonly users = new Map<string, PermissionUser>();
  /** "<node id> <permission>" already warned about: one warning per node and permission. */
  private readonly warned = new Set<string>();
  private readonly listeners = new Set<() => void>();

  /** A token the connection obtained. */
  observe(token: string): void {
    const grants = tokenGrants(token);
    if (!grants) return;
    this.grants = grants;
    for (const u of this.users.values()) this.check(u);
    for (const l of this.listeners) l();
  }

  add(user: PermissionUser): void {
    this.users.set(user.id, user);
    if (this.grants) this.check(user);
    for (const l of this.listeners) l();
  }

  remove(id: string): void {
    this.users.delete(id);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every registered node whose operation needs a permission the current token lacks. */
  problems(): { id: string; type: string; name?: string; operation: string; needs: string }[] {
    if (!this.grants) return [];
    const out = [];
    for (const u of this.users.values()) {
      const needs = missingPermission(u.needs, this.grants);
      if (needs) out.push({ id: u.id, type: u.type, name: u.name, operation: u.operation, needs });
    }
    return out;
  }

  private check(u: PermissionUser): void {
    const needs = missingPermission(u.needs, this.grants!);
    if (!needs) return;
    u.status({ fill: 'yellow', shape: 'ring', text: t('status.needs', { permissions: needs }) });
    const key = `${u.id} ${needs}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const granted = this.grants!.granted.length ? this.grants!.granted.join(', ') : t('errors.permissions.none');
    const problem = describeProblem({ ...u, needs });
    u.warn(
      t(this.grants!.kind === 'delegated' ? 'errors.permissions.notGrantedDelegated' : 'errors.permissions.notGranted', {
        problem,
        granted,
      }),
    );
  }
}
