// What the delegated flows remember between requests: authorization codes, refresh tokens, device
// codes and sign-in requests waiting on the simulator's sign-in page. Lives in ctx.extensions and
// is emptied by POST /_sim/reset.
import { randomBytes } from 'crypto';
import type { SimContext } from '../../context';

export interface Grant {
  userId: string;
  clientId: string;
  /** Resource scopes (Graph's, without the OpenID ones) and the OpenID ones asked for. */
  scopes: string[];
  oidcScopes: string[];
  /** Issued to a confidential client (a secret or certificate was presented). */
  confidential: boolean;
}

export interface AuthCode extends Grant {
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  expiresAt: number;
  redeemed: boolean;
}

export interface RefreshTokenRecord extends Grant {
  issuedAt: number;
}

export type DeviceCodeState = 'pending' | 'approved' | 'declined';

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  oidcScopes: string[];
  expiresAt: number;
  interval: number;
  state: DeviceCodeState;
  userId?: string;
  redeemed: boolean;
}

/** An /authorize request shown on the sign-in page, answered by the page's form or POST /_sim/authorize. */
export interface AuthorizeRequest {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  oidcScopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  responseMode: string;
  createdAt: number;
}

export class DelegatedState {
  readonly codes = new Map<string, AuthCode>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly deviceCodes = new Map<string, DeviceCode>();
  readonly authorizeRequests = new Map<string, AuthorizeRequest>();
  /** Per user: refresh tokens issued before this time are revoked (revokeSignInSessions). */
  readonly validFrom = new Map<string, number>();

  clear(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.deviceCodes.clear();
    this.authorizeRequests.clear();
    this.validFrom.clear();
  }

  /** Revokes every refresh token of the user, as revokeSignInSessions does [RT "Token revocation"]. */
  revokeUser(userId: string): number {
    // Strictly after every token issued so far, even within the same millisecond.
    this.validFrom.set(userId, Date.now() + 1);
    let n = 0;
    for (const r of this.refreshTokens.values()) if (r.userId === userId) n++;
    return n;
  }

  findDeviceCodeByUserCode(userCode: string): DeviceCode | undefined {
    const wanted = userCode.replace(/[\s-]/g, '').toUpperCase();
    for (const d of this.deviceCodes.values()) if (d.userCode === wanted) return d;
    return undefined;
  }
}

export function opaqueToken(prefix: string, bytes = 32): string {
  return `${prefix}.${randomBytes(bytes).toString('base64url')}`;
}

/** A user code as people type it: 9 characters without look-alikes (0/O, 1/I). */
export function userCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(9);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

export function delegatedState(ctx: SimContext): DelegatedState {
  let s = ctx.extensions.delegated as DelegatedState | undefined;
  if (!s) {
    s = new DelegatedState();
    ctx.extensions.delegated = s;
    const previous = ctx.emitReset;
    const state = s;
    ctx.emitReset = () => {
      previous?.();
      state.clear();
    };
  }
  return s;
}
