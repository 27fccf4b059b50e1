// Access tokens issued by the simulator: RS256 JWTs signed with a key generated at start-up and
// published at /{tenant}/discovery/v2.0/keys. Graph routes verify them (signature, audience, expiry,
// tenant) and POST /_sim/tokens/invalidate revokes everything issued so far.
import { createHash, generateKeyPairSync, KeyObject, randomUUID } from 'crypto';
import type { TokenClaims } from '../http/types';
import { decodeJwt, signRs256, verifySignature } from './jwt';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'empty' | 'malformed' | 'signature' | 'expired' | 'audience' | 'tenant' | 'revoked' };

export class TokenService {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly kid: string;
  /** Tokens whose serial is below this are revoked (POST /_sim/tokens/invalidate). */
  private minSerial = 0;
  private serial = 0;

  constructor(private readonly opts: { issuerBase: string; selfUrl: string }) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.kid = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64url')
      .slice(0, 27);
  }

  /** Audiences a Graph token may carry: Microsoft's Graph root and the simulator's own url. */
  audiences(): string[] {
    return [GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, '00000003-0000-0000-c000-000000000000', this.opts.selfUrl, `${this.opts.selfUrl}/`];
  }

  /** `principalId`: the service principal's object id (`oid`, `sub` of an app-only token); user tokens set theirs in `extra`. */
  issue(p: {
    tenantId: string;
    appId: string;
    principalId?: string;
    roles: string[];
    lifetimeSeconds: number;
    audience?: string;
    extra?: Record<string, unknown>;
  }): { token: string; claims: TokenClaims } {
    const now = Math.floor(Date.now() / 1000);
    const claims: TokenClaims = {
      aud: p.audience ?? GRAPH_RESOURCE,
      iss: `https://sts.windows.net/${p.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + p.lifetimeSeconds,
      appid: p.appId,
      azp: p.appId,
      idtyp: 'app',
      oid: p.principalId ?? p.appId,
      sub: p.principalId ?? p.appId,
      roles: p.roles,
      tid: p.tenantId,
      uti: `${randomUUID().replace(/-/g, '').slice(0, 16)}.${++this.serial}`,
      ver: '1.0',
      ...p.extra,
    };
    // Delegated tokens (scp) carry no roles claim: roles are application permissions.
    if (p.roles.length === 0 && p.extra?.scp !== undefined) delete claims.roles;
    return { token: signRs256({ kid: this.kid, x5t: this.kid }, claims, this.privateKey), claims };
  }

  /** Signs any claims with the simulator's key (id tokens). */
  sign(payload: Record<string, unknown>): string {
    return signRs256({ kid: this.kid }, payload, this.privateKey);
  }

  invalidateAll(): void {
    this.minSerial = this.serial + 1;
  }

  verify(token: string | undefined, tenantId: string): TokenCheck {
    if (!token) return { ok: false, reason: 'empty' };
    const jwt = decodeJwt(token);
    if (!jwt) return { ok: false, reason: 'malformed' };
    if (!verifySignature(jwt, this.publicKey)) return { ok: false, reason: 'signature' };
    const c = jwt.payload as TokenClaims;
    const now = Math.floor(Date.now() / 1000);
    if (typeof c.exp !== 'number' || c.exp <= now || (typeof c.nbf === 'number' && c.nbf > now + 300))
      return { ok: false, reason: 'expired' };
    if (!this.audiences().includes(String(c.aud))) return { ok: false, reason: 'audience' };
    if (c.tid !== tenantId) return { ok: false, reason: 'tenant' };
    const serial = Number(String(c.uti).split('.')[1] ?? 0);
    if (serial < this.minSerial) return { ok: false, reason: 'revoked' };
    return { ok: true, claims: c };
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    return { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e, issuer: this.opts.issuerBase }] };
  }
}
