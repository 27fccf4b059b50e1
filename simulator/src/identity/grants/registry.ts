// Token-endpoint grant handlers by grant_type. Add a grant by registering a handler in its own file
// (grants/client-credentials.ts is the model) and calling registerDefaultGrants / grants.register.
import type { SimContext } from '../../context';
import type { SimRequest, SimResponse } from '../../http/types';

export interface GrantRequest {
  ctx: SimContext;
  req: SimRequest;
  /** The form fields of the token request. */
  form: Record<string, string>;
  /** Tenant segment of the URL as sent (GUID or verified domain). */
  tenant: string;
}

export type GrantHandler = (g: GrantRequest) => SimResponse | Promise<SimResponse>;

export class GrantRegistry {
  private readonly handlers = new Map<string, GrantHandler>();
  register(grantType: string, handler: GrantHandler): void {
    this.handlers.set(grantType, handler);
  }
  get(grantType: string): GrantHandler | undefined {
    return this.handlers.get(grantType);
  }
  types(): string[] {
    return [...this.handlers.keys()];
  }
}
