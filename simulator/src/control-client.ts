// A typed client of the control API (/_sim), usable from any process (e.g. a test driving a
// simulator started by `npm run simulator`). Trusts the simulator's CA via NODE_EXTRA_CA_CERTS or `ca`.
import * as fs from 'fs';
import * as https from 'https';
import type { SimConfig } from './config';
import type { FaultSpec } from './http/faults';
import type { RecordedRequest } from './http/recorder';
import type { ChangeEvent } from './state/journal';

export interface SimulatorInfo {
  url: string;
  authorityHost: string;
  graphBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  domains: string[];
  grants: string[];
}
export interface RegisteredApp {
  clientId: string;
  displayName: string;
  clientSecret?: string;
  secrets: string[];
  certificates: { x5t: string; x5tS256: string }[];
  roles: string[];
  redirectUris: string[];
  publicClient: boolean;
}

export class SimulatorControl {
  private readonly agent: https.Agent;

  constructor(
    readonly baseUrl: string,
    opts: { ca?: string | Buffer; caPath?: string } = {},
  ) {
    const ca = opts.ca ?? (opts.caPath ? fs.readFileSync(opts.caPath) : undefined);
    this.agent = new https.Agent({ keepAlive: false, ...(ca ? { ca } : {}) });
  }

  private request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const data = text ? JSON.parse(text) : undefined;
            if ((res.statusCode ?? 500) >= 400) reject(new Error(`${method} ${path} → ${res.statusCode}: ${text}`));
            else resolve(data as T);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  info(): Promise<SimulatorInfo> {
    return this.request('GET', '/_sim/info');
  }
  reset(opts: { seed?: 'small' | 'empty' | 'large'; largeUserCount?: number } = {}): Promise<{ ok: true }> {
    return this.request('POST', '/_sim/reset', opts);
  }
  requests(): Promise<RecordedRequest[]> {
    return this.request('GET', '/_sim/requests');
  }
  clearRequests(): Promise<void> {
    return this.request('DELETE', '/_sim/requests');
  }
  addFault(spec: FaultSpec): Promise<{ id: string }> {
    return this.request('POST', '/_sim/faults', spec);
  }
  /** `hits`: requests it matched; `held`: requests a hanging fault holds now. */
  faults(): Promise<(FaultSpec & { id: string; remaining: number; hits: number; held: number })[]> {
    return this.request('GET', '/_sim/faults');
  }
  removeFault(id: string): Promise<void> {
    return this.request('DELETE', `/_sim/faults/${encodeURIComponent(id)}`);
  }
  clearFaults(): Promise<void> {
    return this.request('DELETE', '/_sim/faults');
  }
  /** TLS connections accepted, sockets that carried Graph / identity requests, Graph requests at once (since the reset). */
  connections(): Promise<import('./http/connections').ConnectionCounts> {
    return this.request('GET', '/_sim/connections');
  }
  clearConnections(): Promise<void> {
    return this.request('DELETE', '/_sim/connections');
  }
  config(): Promise<SimConfig> {
    return this.request('GET', '/_sim/config');
  }
  setConfig(patch: Partial<SimConfig>): Promise<SimConfig> {
    return this.request('PATCH', '/_sim/config', patch);
  }
  throttling(): Promise<{ enabled: boolean; throttled: number; charged: { requests: number; resourceUnits: number; writes: number } }> {
    return this.request('GET', '/_sim/throttling');
  }
  resetThrottling(): Promise<void> {
    return this.request('DELETE', '/_sim/throttling');
  }
  invalidateTokens(): Promise<void> {
    return this.request('POST', '/_sim/tokens/invalidate');
  }
  token(
    opts: { clientId?: string; roles?: string[]; lifetimeSeconds?: number } = {},
  ): Promise<{ access_token: string; expires_in: number }> {
    return this.request('POST', '/_sim/token', opts);
  }
  registerApp(
    opts: {
      clientId?: string;
      clientSecret?: string;
      certificatePem?: string;
      roles?: string[];
      displayName?: string;
      redirectUris?: string[];
      publicClient?: boolean;
    } = {},
  ): Promise<RegisteredApp> {
    return this.request('POST', '/_sim/apps', opts);
  }
  /** Answers the sign-in page of an authorize URL as `user` (id or UPN): → where the browser goes next (code + state). */
  authorize(url: string, user: string, opts: { decline?: boolean } = {}): Promise<{ location: string; code?: string }> {
    return this.request('POST', '/_sim/authorize', { url, user, ...opts });
  }
  deviceCodes(): Promise<{ userCode: string; clientId: string; scopes: string[]; state: string; expiresAt: string; redeemed: boolean }[]> {
    return this.request('GET', '/_sim/devicecodes');
  }
  approveDeviceCode(userCode: string, user: string): Promise<{ ok: true; message: string }> {
    return this.request('POST', '/_sim/devicecode/approve', { userCode, user });
  }
  /** The managed identity endpoint (IDENTITY_ENDPOINT, IDENTITY_HEADER, AZURE_POD_IDENTITY_AUTHORITY_HOST) and identities. */
  managedIdentity(): Promise<{
    identityEndpoint: string;
    identityHeader: string;
    imdsAuthorityHost: string;
    identities: { kind: string; clientId: string; objectId: string; resourceId: string; roles: string[] }[];
  }> {
    return this.request('GET', '/_sim/managed-identity');
  }
  addManagedIdentity(opts: {
    kind?: 'system' | 'user';
    clientId?: string;
    objectId?: string;
    resourceId?: string;
    roles?: string[];
    displayName?: string;
  }): Promise<{ kind: string; clientId: string; objectId: string; resourceId: string; roles: string[] }> {
    return this.request('POST', '/_sim/managed-identities', opts);
  }
  /** Trusts tokens of an issuer (default: the simulator's own) for a subject on an app registration. */
  addFederatedCredential(
    clientId: string,
    opts: { issuer?: string; subject?: string; audiences?: string[]; name?: string } = {},
  ): Promise<{ name: string; issuer: string; subject: string; audiences: string[] }> {
    return this.request('POST', `/_sim/apps/${encodeURIComponent(clientId)}/federated-credentials`, opts);
  }
  /** A token as a federated token file holds it (AKS service account token), issued by the simulator. */
  federatedToken(
    opts: { subject?: string; audience?: string; lifetimeSeconds?: number } = {},
  ): Promise<{ token: string; issuer: string; subject: string; audience: string; expiresOn: number }> {
    return this.request('POST', '/_sim/federated-token', opts);
  }
  declineDeviceCode(userCode: string): Promise<{ ok: true; message: string }> {
    return this.request('POST', '/_sim/devicecode/decline', { userCode });
  }
  /** Revokes the user's refresh tokens (as revokeSignInSessions): the next refresh answers AADSTS50173. */
  revokeRefreshTokens(user: string): Promise<{ ok: true; userId: string; refreshTokens: number }> {
    return this.request('POST', '/_sim/refresh-tokens/revoke', { user });
  }
  expireDeltaTokens(): Promise<void> {
    return this.request('POST', '/_sim/delta/expire-tokens');
  }
  journal(since = 0): Promise<{ lastSeq: number; events: ChangeEvent[] }> {
    return this.request('GET', `/_sim/journal?since=${since}`);
  }

  /** Every active subscription (all apps, clientState included). */
  subscriptions(): Promise<Record<string, any>[]> {
    return this.request('GET', '/_sim/subscriptions');
  }
  /** Removes a subscription without telling the subscriber (its next renewal answers 404). */
  dropSubscription(id: string): Promise<void> {
    return this.request('DELETE', `/_sim/subscriptions/${encodeURIComponent(id)}`);
  }
  /** Sends a lifecycle event to the subscription's lifecycleNotificationUrl; resolves with the delivery. */
  fireLifecycle(id: string, event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed'): Promise<Record<string, any>> {
    return this.request('POST', `/_sim/subscriptions/${encodeURIComponent(id)}/lifecycle`, { event });
  }
  /** Validation requests, notifications and lifecycle events sent so far, with the answers. */
  deliveries(): Promise<Record<string, any>[]> {
    return this.request('GET', '/_sim/deliveries');
  }
  clearDeliveries(): Promise<void> {
    return this.request('DELETE', '/_sim/deliveries');
  }

  close(): void {
    this.agent.destroy();
  }
}
