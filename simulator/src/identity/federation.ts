// Workload identity federation [WIF]: an app registration trusts tokens of an external issuer
// (AKS's OIDC issuer, GitHub Actions…) through federated identity credentials {issuer, subject,
// audiences}; the workload sends such a token as its client assertion and gets an app token.
// The simulator is its own external issuer (`<url>/_sim/oidc`, with OpenID metadata and keys):
// POST /_sim/federated-token mints a token as the Kubernetes service account token file holds it,
// and only tokens it signed itself are accepted.
// https://learn.microsoft.com/entra/workload-id/workload-identity-federation
// https://learn.microsoft.com/graph/api/resources/federatedidentitycredential
import { generateKeyPairSync, KeyObject, createHash } from 'crypto';
import type { SimContext } from '../context';
import type { ClientApp } from '../state/store';
import type { DecodedJwt } from './jwt';
import { signRs256, verifySignature } from './jwt';

export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
export const DEFAULT_SUBJECT = 'system:serviceaccount:default:node-red';

export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export class FederationService {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly kid: string;
  /** Federated identity credentials by client id. */
  private credentials = new Map<string, FederatedCredential[]>();

  constructor(private readonly ctx: SimContext) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.kid = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64url')
      .slice(0, 27);
  }

  get issuer(): string {
    return `${this.ctx.baseUrl}/_sim/oidc`;
  }

  reset(): void {
    this.credentials.clear();
  }

  add(clientId: string, c: Partial<FederatedCredential>): FederatedCredential {
    const list = this.credentials.get(clientId) ?? [];
    const cred: FederatedCredential = {
      name: c.name ?? `credential-${list.length + 1}`,
      issuer: c.issuer ?? this.issuer,
      subject: c.subject ?? DEFAULT_SUBJECT,
      audiences: Array.isArray(c.audiences) && c.audiences.length ? c.audiences.map(String) : [TOKEN_EXCHANGE_AUDIENCE],
    };
    list.push(cred);
    this.credentials.set(clientId, list);
    return cred;
  }

  list(clientId: string): FederatedCredential[] {
    return this.credentials.get(clientId) ?? [];
  }

  /** A service account token as AKS projects it into the pod (the federated token file's content). */
  mint(p: { subject?: string; audience?: string; lifetimeSeconds?: number }): {
    token: string;
    issuer: string;
    subject: string;
    audience: string;
    expiresOn: number;
  } {
    const now = Math.floor(Date.now() / 1000);
    const subject = p.subject ?? DEFAULT_SUBJECT;
    const audience = p.audience ?? TOKEN_EXCHANGE_AUDIENCE;
    const exp = now + (p.lifetimeSeconds ?? 3600);
    const token = signRs256(
      { kid: this.kid },
      { iss: this.issuer, sub: subject, aud: [audience], iat: now, nbf: now, exp },
      this.privateKey,
    );
    return { token, issuer: this.issuer, subject, audience, expiresOn: exp };
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    return { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: this.kid, n: jwk.n, e: jwk.e }] };
  }

  openIdConfiguration(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwks_uri: `${this.issuer}/keys`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
  }

  /** Checks a client assertion that is an external token; undefined when the app trusts it. */
  check(app: ClientApp, jwt: DecodedJwt): { status: number; error: string; code: number; text: string } | undefined {
    const { payload } = jwt;
    const iss = String(payload.iss ?? '');
    const sub = String(payload.sub ?? '');
    const auds = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).map(String);
    const match = this.list(app.clientId).find((c) => c.issuer === iss && c.subject === sub && auds.some((a) => c.audiences.includes(a)));
    if (!match) {
      // The message of the identity platform (AKS workload identity troubleshooting guide).
      return {
        status: 400,
        error: 'invalid_request',
        code: 70021,
        text: `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${auds.join(',')}'.`,
      };
    }
    if (iss !== this.issuer || !verifySignature(jwt, this.publicKey)) {
      return {
        status: 401,
        error: 'invalid_client',
        code: 700027,
        text: 'Client assertion failed signature validation. [Reason - The key was not found.]',
      };
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.exp !== 'number' || payload.exp <= now || (typeof payload.nbf === 'number' && payload.nbf > now + 300)) {
      return { status: 400, error: 'invalid_client', code: 700024, text: 'Client assertion is not within its valid time range.' };
    }
    return undefined;
  }
}
