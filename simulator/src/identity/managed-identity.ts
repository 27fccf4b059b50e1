// Managed identities for Azure resources: the local token endpoint an Azure host gives its code,
// in two of its forms, on a plain-HTTP loopback listener of its own (as on Azure: App Service's
// IDENTITY_ENDPOINT is http://localhost…, IMDS is http://169.254.169.254):
//   GET /msi/token?api-version=2019-08-01&resource=…   App Service / Functions / Container Apps, with
//       the X-IDENTITY-HEADER secret (https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference)
//   GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…   IMDS (VMs, scale sets, AKS), with
//       `Metadata: true` (https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token#get-a-token-using-http)
// msal-node reaches the App Service form through IDENTITY_ENDPOINT + IDENTITY_HEADER, and the IMDS
// form on another host through AZURE_POD_IDENTITY_AUTHORITY_HOST (msal-node Imds.tryCreate).
// User-assigned identities are chosen by client_id, object_id / principal_id, or the resource id
// (mi_res_id on App Service, msi_res_id on IMDS). Tokens are the simulator's app-only tokens with
// the identity's client id as appid and its service principal's object id as oid.
import { randomBytes } from 'crypto';
import * as http from 'http';
import type { Socket } from 'net';
import type { SimContext } from '../context';
import type { SimResponse } from '../http/types';
import { writeResponse } from '../http/server';
import { newGuid, seededGuid } from '../util/ids';
import { graphResourceOf } from './grants/client-credentials';

export interface ManagedIdentity {
  kind: 'system' | 'user';
  displayName: string;
  /** The identity's application (client) id: `appid` of its tokens. */
  clientId: string;
  /** Its service principal's object id (principal id): `oid` of its tokens. */
  objectId: string;
  /** ARM resource id of a user-assigned identity (of the Azure resource for system-assigned). */
  resourceId: string;
  /** Application permissions granted to it (app role assignments on Microsoft Graph). */
  roles: string[];
}

const RG = '/subscriptions/5f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f/resourceGroups/node-red';

export function seedManagedIdentities(): ManagedIdentity[] {
  return [
    {
      kind: 'system',
      displayName: 'node-red-app (system-assigned)',
      clientId: seededGuid('mi-system-client'),
      objectId: seededGuid('mi-system-object'),
      resourceId: `${RG}/providers/Microsoft.Web/sites/node-red-app`,
      roles: ['User.ReadWrite.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Application.ReadWrite.All'],
    },
    {
      kind: 'user',
      displayName: 'node-red-identity',
      clientId: seededGuid('mi-user-client'),
      objectId: seededGuid('mi-user-object'),
      resourceId: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/node-red-identity`,
      roles: ['User.Read.All'],
    },
  ];
}

export class ManagedIdentityService {
  identities: ManagedIdentity[] = seedManagedIdentities();
  /** The X-IDENTITY-HEADER value the App Service form requires (IDENTITY_HEADER on Azure). */
  readonly identityHeader = randomBytes(18).toString('base64url');
  url = '';
  port = 0;
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly ctx: SimContext) {}

  reset(): void {
    this.identities = seedManagedIdentities();
  }

  get appServiceEndpoint(): string {
    return `${this.url}/msi/token`;
  }

  /** Adds or updates an identity (a user-assigned one by client id; `kind: system` updates the system one). */
  upsert(b: Partial<ManagedIdentity>): ManagedIdentity {
    if (b.kind === 'system') {
      const sys = this.identities.find((i) => i.kind === 'system')!;
      if (Array.isArray(b.roles)) sys.roles = b.roles.map(String);
      return sys;
    }
    const clientId = b.clientId ?? newGuid();
    let mi = this.identities.find((i) => i.kind === 'user' && i.clientId === clientId);
    if (!mi) {
      mi = {
        kind: 'user',
        clientId,
        displayName: b.displayName ?? `identity-${clientId.slice(0, 8)}`,
        objectId: b.objectId ?? seededGuid(`${clientId}-object`),
        resourceId: b.resourceId ?? `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identity-${clientId.slice(0, 8)}`,
        roles: [],
      };
      this.identities.push(mi);
    }
    if (Array.isArray(b.roles)) mi.roles = b.roles.map(String);
    return mi;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      // The path may carry msal's canonical trailing slash (UrlString.canonicalizeUri).
      const path = url.pathname.replace(/\/+$/, '').toLowerCase();
      let out: SimResponse;
      if (req.method !== 'GET') out = this.error(405, 'invalid_request', 'Only GET is supported.');
      else if (path === '/msi/token') out = this.appService(url.searchParams, headers);
      else if (path === '/metadata/identity/oauth2/token') out = this.imds(url.searchParams, headers);
      else out = this.error(404, 'not_found', `No managed identity route ${url.pathname}`);
      this.ctx.recorder.add({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: undefined,
        status: out.status,
        time: new Date().toISOString(),
      });
      req.resume();
      writeResponse(res, out);
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
    });
    this.port = (this.server.address() as import('net').AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.sockets) s.destroy();
      if (!this.server) return resolve();
      this.server.close(() => resolve());
    });
  }

  private appService(q: URLSearchParams, headers: Record<string, string>): SimResponse {
    if (headers['x-identity-header'] !== this.identityHeader) {
      return this.error(401, 'unauthorized', 'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.');
    }
    if (q.get('api-version') !== '2019-08-01')
      return this.error(400, 'invalid_request', `Unsupported api-version '${q.get('api-version') ?? ''}'.`);
    const mi = this.select(q, 'mi_res_id');
    if (!mi) return this.error(400, 'invalid_request', 'Identity not found');
    return this.issue(mi, q.get('resource'), false);
  }

  private imds(q: URLSearchParams, headers: Record<string, string>): SimResponse {
    if (String(headers.metadata).toLowerCase() !== 'true')
      return this.error(400, 'invalid_request', 'Required metadata header not specified');
    if (!q.get('api-version')) return this.error(400, 'invalid_request', "Required query variable 'api-version' is missing");
    const mi = this.select(q, 'msi_res_id');
    if (!mi) return this.error(400, 'invalid_request', 'Identity not found');
    return this.issue(mi, q.get('resource'), true);
  }

  private select(q: URLSearchParams, resourceIdParam: string): ManagedIdentity | undefined {
    const clientId = q.get('client_id');
    const objectId = q.get('object_id') ?? q.get('principal_id');
    const resourceId = q.get(resourceIdParam);
    if (clientId) return this.identities.find((i) => i.kind === 'user' && i.clientId.toLowerCase() === clientId.toLowerCase());
    if (objectId) return this.identities.find((i) => i.kind === 'user' && i.objectId.toLowerCase() === objectId.toLowerCase());
    if (resourceId) return this.identities.find((i) => i.kind === 'user' && i.resourceId.toLowerCase() === resourceId.toLowerCase());
    return this.identities.find((i) => i.kind === 'system');
  }

  private issue(mi: ManagedIdentity, resource: string | null, imds: boolean): SimResponse {
    if (!resource) return this.error(400, 'invalid_request', "Required query variable 'resource' is missing");
    const audience = graphResourceOf(this.ctx, `${resource.replace(/\/$/, '')}/.default`);
    if (!audience)
      return this.error(
        400,
        'invalid_resource',
        `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${this.ctx.store.tenant.displayName}.`,
      );
    const lifetime = this.ctx.config.tokenLifetimeSeconds;
    const { token, claims } = this.ctx.tokens.issue({
      tenantId: this.ctx.store.tenant.id,
      appId: mi.clientId,
      roles: mi.roles,
      lifetimeSeconds: lifetime,
      audience,
      extra: { oid: mi.objectId, sub: mi.objectId, xms_mirid: mi.resourceId },
    });
    const body: Record<string, string> = {
      access_token: token,
      expires_on: String(claims.exp),
      resource,
      token_type: 'Bearer',
      client_id: mi.clientId,
    };
    if (imds)
      Object.assign(body, {
        refresh_token: '',
        expires_in: String(lifetime),
        ext_expires_in: String(lifetime),
        not_before: String(claims.nbf),
      });
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
  }

  private error(status: number, error: string, description: string): SimResponse {
    return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { error, error_description: description } };
  }
}
