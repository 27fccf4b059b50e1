'use strict';
// The identity platform: OpenID metadata, discovery, keys, client-credentials token endpoint,
// error shapes [CC], and msal-node end to end (secret and certificate) [MSAL].
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
require('should');
const msal = require('@azure/msal-node');
const { start, request } = require('./helpers');

describe('simulator: identity platform', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const tokenUrl = () => `/${s.tenantId}/oauth2/v2.0/token`;
  const ccForm = (extra = {}) =>
    Object.assign(
      {
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      },
      extra,
    );

  it('serves OpenID metadata with every endpoint on this host [MSAL Authority.ts]', async () => {
    const r = await request(s, 'GET', `/${s.tenantId}/v2.0/.well-known/openid-configuration`);
    r.status.should.equal(200);
    for (const k of [
      'token_endpoint',
      'authorization_endpoint',
      'device_authorization_endpoint',
      'jwks_uri',
      'end_session_endpoint',
      'issuer',
    ]) {
      r.body[k].should.startWith(s.url);
    }
    r.body.token_endpoint.should.equal(`${s.url}/${s.tenantId}/oauth2/v2.0/token`);
  });

  it('accepts a verified domain as tenant and rejects unknown tenants with AADSTS90002 [CC]', async () => {
    (await request(s, 'GET', '/contoso.com/v2.0/.well-known/openid-configuration')).status.should.equal(200);
    const r = await request(s, 'POST', '/fabrikam.example/oauth2/v2.0/token', { form: ccForm() });
    r.status.should.equal(400);
    r.body.error.should.equal('invalid_request');
    r.body.error_codes.should.eql([90002]);
    r.body.error_description.should.match(/^AADSTS90002: .*\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: .+$/);
    r.body.should.have.properties('timestamp', 'trace_id', 'correlation_id');
  });

  it('answers instance discovery and publishes keys [MSAL Constants.ts]', async () => {
    const d = await request(
      s,
      'GET',
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(s.url + '/common/oauth2/v2.0/authorize')}`,
    );
    d.status.should.equal(200);
    d.body.metadata[0].aliases.should.containEql(`localhost:${s.port}`);
    const k = await request(s, 'GET', `/${s.tenantId}/discovery/v2.0/keys`);
    k.body.keys[0].should.have.properties('kty', 'kid', 'n', 'e');
  });

  it('issues a client-credentials token (secret in the body) with expires_in from config [CC]', async () => {
    await s.control.setConfig({ tokenLifetimeSeconds: 1234 });
    const r = await request(s, 'POST', tokenUrl(), { form: ccForm() });
    r.status.should.equal(200);
    r.body.token_type.should.equal('Bearer');
    r.body.expires_in.should.equal(1234);
    r.body.ext_expires_in.should.equal(1234);
    r.body.should.not.have.property('refresh_token');
    const claims = JSON.parse(Buffer.from(r.body.access_token.split('.')[1], 'base64url').toString());
    claims.should.have.properties('aud', 'iss', 'tid', 'appid', 'roles', 'iat', 'nbf', 'exp');
    claims.tid.should.equal(s.tenantId);
    claims.appid.should.equal(s.clientId);
  });

  it('accepts the secret via HTTP Basic and the simulator url as .default scope [CC]', async () => {
    const basic = Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64');
    const r = await request(s, 'POST', tokenUrl(), {
      headers: { authorization: `Basic ${basic}` },
      form: { grant_type: 'client_credentials', scope: `${s.url}/.default` },
    });
    r.status.should.equal(200);
  });

  it('rejects an unknown client (400 unauthorized_client AADSTS700016), a wrong secret (401 invalid_client AADSTS7000215) [CC]', async () => {
    const a = await request(s, 'POST', tokenUrl(), { form: ccForm({ client_id: '99999999-9999-4999-8999-999999999999' }) });
    a.status.should.equal(400);
    a.body.error.should.equal('unauthorized_client');
    a.body.error_codes.should.eql([700016]);
    const b = await request(s, 'POST', tokenUrl(), { form: ccForm({ client_secret: 'nope' }) });
    b.status.should.equal(401);
    b.body.error.should.equal('invalid_client');
    b.body.error_codes.should.eql([7000215]);
  });

  it('rejects a bad scope (400 invalid_scope AADSTS70011) and an unknown grant (400 unsupported_grant_type AADSTS70003) [CC]', async () => {
    const a = await request(s, 'POST', tokenUrl(), { form: ccForm({ scope: 'User.Read' }) });
    a.status.should.equal(400);
    a.body.error.should.equal('invalid_scope');
    a.body.error_codes.should.eql([70011]);
    const b = await request(s, 'POST', tokenUrl(), { form: ccForm({ grant_type: 'password' }) });
    b.status.should.equal(400);
    b.body.error.should.equal('unsupported_grant_type');
    b.body.error_codes.should.eql([70003]);
  });

  it('rejects a client assertion signed by an unregistered key (401 invalid_client AADSTS700027)', async () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const h = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5t: 'AAAA' })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const p = Buffer.from(
      JSON.stringify({ aud: `${s.url}${tokenUrl()}`, iss: s.clientId, sub: s.clientId, exp: now + 600, nbf: now }),
    ).toString('base64url');
    const sig = crypto.createSign('RSA-SHA256').update(`${h}.${p}`).sign(privateKey).toString('base64url');
    const r = await request(s, 'POST', tokenUrl(), {
      form: {
        grant_type: 'client_credentials',
        client_id: s.clientId,
        scope: 'https://graph.microsoft.com/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: `${h}.${p}.${sig}`,
      },
    });
    r.status.should.equal(401);
    r.body.error.should.equal('invalid_client');
    r.body.error_codes.should.eql([700027]);
  });

  describe('msal-node ConfidentialClientApplication end to end [MSAL]', () => {
    let seen;
    let realFetch;
    before(function () {
      if (!process.env.NODE_EXTRA_CA_CERTS) this.skip(); // run through the documented command
      realFetch = globalThis.fetch;
      seen = [];
      globalThis.fetch = (url, o) => {
        seen.push(String(url));
        return realFetch(url, o);
      };
    });
    after(() => {
      if (realFetch) globalThis.fetch = realFetch;
    });

    const auth = () => ({ clientId: s.clientId, authority: `${s.url}/${s.tenantId}`, knownAuthorities: [`localhost:${s.port}`] });

    it('gets a token with a client secret, no request leaves for login.microsoftonline.com', async () => {
      const app = new msal.ConfidentialClientApplication({ auth: Object.assign(auth(), { clientSecret: s.clientSecret }) });
      const r = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
      r.accessToken.should.be.a.String();
      const g = await request(s, 'GET', '/v1.0/users?$top=1', { token: r.accessToken });
      g.status.should.equal(200);
      seen.length.should.be.above(0);
      seen.every((u) => u.startsWith(s.url)).should.be.true();
    });

    it('gets a token with a certificate (x5t#S256 thumbprint, PS256) and with a SHA-1 thumbprint (RS256)', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cert-'));
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-sha256',
            '-days',
            '2',
            '-subj',
            '/CN=sim-client',
            '-keyout',
            'key.pem',
            '-out',
            'cert.pem',
          ],
          { cwd: dir, stdio: 'ignore' },
        );
        const certPem = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
        const keyPem = fs.readFileSync(path.join(dir, 'key.pem'), 'utf8');
        const x509 = new crypto.X509Certificate(certPem);
        const registered = await s.control.registerApp({ certificatePem: certPem });
        const thumbprintSha256 = crypto.createHash('sha256').update(x509.raw).digest('hex');
        const thumbprint = crypto.createHash('sha1').update(x509.raw).digest('hex');
        const base = { clientId: registered.clientId, authority: `${s.url}/${s.tenantId}`, knownAuthorities: [`localhost:${s.port}`] };
        const a = new msal.ConfidentialClientApplication({
          auth: Object.assign({}, base, { clientCertificate: { thumbprintSha256, privateKey: keyPem, x5c: certPem } }),
        });
        (await a.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })).accessToken.should.be.a.String();
        const b = new msal.ConfidentialClientApplication({
          auth: Object.assign({}, base, { clientCertificate: { thumbprint, privateKey: keyPem } }),
        });
        (await b.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })).accessToken.should.be.a.String();
        seen.every((u) => !u.includes('login.microsoftonline.com')).should.be.true();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
