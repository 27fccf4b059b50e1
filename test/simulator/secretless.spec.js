'use strict';
// Secretless sign-ins the simulator serves: the managed identity endpoint (App Service form with
// X-IDENTITY-HEADER, IMDS form with Metadata: true) and client assertions that are federated tokens
// it issued itself (workload identity federation) — each also through msal-node.
const http = require('http');
require('should');
const msal = require('@azure/msal-node');
const { start, request } = require('./helpers');

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined });
        });
      })
      .on('error', reject);
  });
}

const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

describe('simulator: managed identity endpoint and workload identity federation', function () {
  this.timeout(20000);
  let s;
  let mi;
  before(async () => {
    s = await start();
    mi = await s.control.managedIdentity();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  describe('managed identity', () => {
    it('App Service form: a token for the system-assigned identity with the X-IDENTITY-HEADER', async () => {
      mi.identityEndpoint.should.match(/^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
      const r = await get(`${mi.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent('https://graph.microsoft.com')}`, {
        'X-IDENTITY-HEADER': mi.identityHeader,
      });
      r.status.should.equal(200);
      r.body.token_type.should.equal('Bearer');
      r.body.expires_on.should.match(/^\d+$/);
      const system = mi.identities.find((i) => i.kind === 'system');
      r.body.client_id.should.equal(system.clientId);
      const claims = claimsOf(r.body.access_token);
      claims.appid.should.equal(system.clientId);
      claims.oid.should.equal(system.objectId);
      claims.roles.should.eql(system.roles);
      // The token is good for Graph.
      const users = await request(s, 'GET', '/v1.0/users', { token: r.body.access_token });
      users.status.should.equal(200);
    });

    it('App Service form refuses a request without the identity header', async () => {
      const r = await get(`${mi.identityEndpoint}?api-version=2019-08-01&resource=https://graph.microsoft.com`);
      r.status.should.equal(401);
      should(r.body.access_token).be.undefined();
    });

    it('IMDS form: needs Metadata: true, selects a user-assigned identity by client id, object id or msi_res_id', async () => {
      const user = mi.identities.find((i) => i.kind === 'user');
      const base = `${mi.imdsAuthorityHost}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://graph.microsoft.com`;
      const refused = await get(base);
      refused.status.should.equal(400);
      refused.body.error_description.should.equal('Required metadata header not specified');
      for (const q of [`client_id=${user.clientId}`, `object_id=${user.objectId}`, `msi_res_id=${encodeURIComponent(user.resourceId)}`]) {
        const r = await get(`${base}&${q}`, { Metadata: 'true' });
        r.status.should.equal(200, q);
        r.body.expires_in.should.match(/^\d+$/);
        claimsOf(r.body.access_token).appid.should.equal(user.clientId);
      }
      const unknown = await get(`${base}&client_id=00000000-0000-4000-8000-000000000000`, { Metadata: 'true' });
      unknown.status.should.equal(400);
      unknown.body.error_description.should.equal('Identity not found');
    });

    it('refuses a resource that is not Graph', async () => {
      const r = await get(`${mi.identityEndpoint}?api-version=2019-08-01&resource=https://vault.azure.net`, {
        'X-IDENTITY-HEADER': mi.identityHeader,
      });
      r.status.should.equal(400);
      r.body.error.should.equal('invalid_resource');
    });
  });

  describe('workload identity federation', () => {
    const tokenUrl = () => `/${s.tenantId}/oauth2/v2.0/token`;
    const form = (assertion) => ({
      grant_type: 'client_credentials',
      client_id: s.clientId,
      scope: 'https://graph.microsoft.com/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });

    it('exchanges a federated token the simulator issued for an app token, when the app trusts its subject', async () => {
      await s.control.addFederatedCredential(s.clientId, { subject: 'system:serviceaccount:apps:node-red' });
      const fed = await s.control.federatedToken({ subject: 'system:serviceaccount:apps:node-red' });
      fed.issuer.should.equal(`${s.url}/_sim/oidc`);
      const r = await request(s, 'POST', tokenUrl(), { form: form(fed.token) });
      r.status.should.equal(200, r.text);
      claimsOf(r.body.access_token).appid.should.equal(s.clientId);
    });

    it('refuses a token whose subject no federated credential names (AADSTS70021)', async () => {
      await s.control.addFederatedCredential(s.clientId, { subject: 'system:serviceaccount:apps:node-red' });
      const fed = await s.control.federatedToken({ subject: 'system:serviceaccount:other:intruder' });
      const r = await request(s, 'POST', tokenUrl(), { form: form(fed.token) });
      r.status.should.equal(400);
      r.body.error_codes.should.eql([70021]);
      r.body.error_description.should.match(/Assertion Subject: 'system:serviceaccount:other:intruder'/);
    });

    it('refuses an expired federated token (AADSTS700024) and one with a forged signature', async () => {
      await s.control.addFederatedCredential(s.clientId);
      const expired = await s.control.federatedToken({ lifetimeSeconds: -10 });
      const r = await request(s, 'POST', tokenUrl(), { form: form(expired.token) });
      r.body.error_codes.should.eql([700024]);
      const good = (await s.control.federatedToken()).token.split('.');
      const forged = [
        good[0],
        Buffer.from(JSON.stringify({ ...claimsOf(good.join('.')), exp: 9999999999 })).toString('base64url'),
        good[2],
      ].join('.');
      const f = await request(s, 'POST', tokenUrl(), { form: form(forged) });
      f.status.should.equal(401);
      f.body.error_codes.should.eql([700027]);
    });

    it('works through msal-node with a client assertion callback', async () => {
      await s.control.addFederatedCredential(s.clientId);
      let calls = 0;
      const app = new msal.ConfidentialClientApplication({
        auth: {
          clientId: s.clientId,
          authority: `${s.url}/${s.tenantId}`,
          knownAuthorities: [`localhost:${s.port}`],
          clientAssertion: async () => {
            calls += 1;
            return (await s.control.federatedToken()).token;
          },
        },
      });
      const result = await app.acquireTokenByClientCredential({ scopes: [`${s.url}/.default`] });
      result.accessToken.should.be.a.String();
      calls.should.equal(1);
    });
  });
});
