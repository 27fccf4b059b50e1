'use strict';
// Microsoft's own clients against the simulator, unmodified: msal-node (client credentials),
// @azure/identity (ClientSecretCredential with authorityHost) and @microsoft/microsoft-graph-client
// (PageIterator, BatchRequestContent). They must trust the simulator's CA from process start, so
// this runs through `npm test` (which sets NODE_EXTRA_CA_CERTS) and skips otherwise.
require('should');
const { ConfidentialClientApplication } = require('@azure/msal-node');
const { ClientSecretCredential } = require('@azure/identity');
const { Client, PageIterator, BatchRequestContent, BatchResponseContent } = require('@microsoft/microsoft-graph-client');
const { TokenCredentialAuthenticationProvider } = require('@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials');
const { start, sim } = require('./helpers');

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

describe('simulator: real Microsoft clients (msal-node, @azure/identity, microsoft-graph-client)', function () {
  this.timeout(30000);
  let s;
  before(async function () {
    if (!process.env.NODE_EXTRA_CA_CERTS) this.skip(); // run through `npm test`, which trusts the simulator's CA
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(async () => {
    if (s) await s.control.reset();
  });

  const credential = () =>
    new ClientSecretCredential(sim.TENANT_ID, sim.CLIENT_ID, sim.CLIENT_SECRET, {
      authorityHost: s.url,
      disableInstanceDiscovery: true,
    });
  const graphClient = () =>
    Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(credential(), { scopes: [GRAPH_SCOPE] }),
      baseUrl: `${s.url}/`,
      defaultVersion: 'v1.0',
      customHosts: new Set([new URL(s.url).hostname]),
    });

  it('msal-node gets a client-credentials token whose oid is the service principal, and Graph accepts it', async () => {
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: sim.CLIENT_ID,
        clientSecret: sim.CLIENT_SECRET,
        authority: `${s.url}/${sim.TENANT_ID}`,
        knownAuthorities: [new URL(s.url).host],
      },
    });
    const r = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    r.accessToken.should.be.a.String();
    claimsOf(r.accessToken).oid.should.equal(sim.seedIds.servicePrincipal('client'));
    const res = await fetch(`${s.graphBaseUrl}/users/$count`, {
      headers: { authorization: `Bearer ${r.accessToken}`, consistencylevel: 'eventual' },
    });
    res.status.should.equal(200);
    (await res.text()).should.equal('11');
  });

  it('@azure/identity ClientSecretCredential with authorityHost gets a token (and reports a wrong secret as Microsoft does)', async () => {
    const t = await credential().getToken(GRAPH_SCOPE);
    t.token.should.be.a.String();
    t.expiresOnTimestamp.should.be.above(Date.now());
    const bad = new ClientSecretCredential(sim.TENANT_ID, sim.CLIENT_ID, 'wrong', { authorityHost: s.url, disableInstanceDiscovery: true });
    const e = await bad.getToken(GRAPH_SCOPE).then(
      () => null,
      (err) => err,
    );
    (e !== null).should.be.true();
    String(e.message).should.match(/AADSTS7000215/);
  });

  it('microsoft-graph-client reads, selects and expands through the simulator', async () => {
    const client = graphClient();
    const me = await client
      .api(`/users/${sim.seedIds.user('alex')}`)
      .select('id,displayName')
      .expand('manager($select=id,displayName)')
      .get();
    me.displayName.should.equal('Alex Wilber');
    me.manager.displayName.should.equal('Megan Bowen');
    const owners = await client.api(`/groups/${sim.seedIds.group('sales')}/owners`).get();
    owners.value.map((o) => o.id).should.eql([sim.seedIds.user('nestor')]);
  });

  it('PageIterator follows @odata.nextLink across every page of /users', async () => {
    const client = graphClient();
    const first = await client.api('/users').top(3).select('id,displayName').get();
    first.should.have.property('@odata.nextLink');
    const names = [];
    const it = new PageIterator(client, first, (u) => {
      names.push(u.displayName);
      return true;
    });
    await it.iterate();
    names.length.should.equal(11);
    new Set(names).size.should.equal(11);
    it.isComplete().should.be.true();
  });

  it('BatchRequestContent / BatchResponseContent: three requests in one $batch, each with its own status', async () => {
    const client = graphClient();
    // Version-less URLs: 3.0.7 strips only the origin, and Graph refuses "/v1.0/…" inside a v1.0 batch
    // (msgraph-sdk-javascript#1178, #1451; next test).
    const base = s.url;
    const content = new BatchRequestContent([
      { id: '1', request: new Request(`${base}/users/${sim.seedIds.user('adele')}?$select=displayName`, { method: 'GET' }) },
      { id: '2', request: new Request(`${base}/groups/00000000-0000-4000-8000-000000000001`, { method: 'GET' }) },
      {
        id: '3',
        request: new Request(`${base}/groups/${sim.seedIds.group('itadmins')}/members/$ref`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ '@odata.id': `${s.graphBaseUrl}/directoryObjects/${sim.seedIds.user('adele')}` }),
        }),
      },
    ]);
    const raw = await client.api('/$batch').post(await content.getContent());
    const res = new BatchResponseContent(raw);
    res.getResponseById('1').status.should.equal(200);
    (await res.getResponseById('1').json()).displayName.should.equal('Adele Vance');
    res.getResponseById('2').status.should.equal(404);
    res.getResponseById('3').status.should.equal(204);
    const members = await client.api(`/groups/${sim.seedIds.group('itadmins')}/members`).get();
    members.value.map((m) => m.id).should.containEql(sim.seedIds.user('adele'));
  });

  it('answers a batch step built from a full /v1.0 URL as Graph does: 400 "Resource not found for the segment \'v1.0\'" (msgraph-sdk-javascript#1178)', async () => {
    const client = graphClient();
    const content = new BatchRequestContent([{ id: '1', request: new Request(`${s.graphBaseUrl}/groups`, { method: 'GET' }) }]);
    (await content.getContent()).requests[0].url.should.equal('/v1.0/groups');
    const res = new BatchResponseContent(await client.api('/$batch').post(await content.getContent()));
    res.getResponseById('1').status.should.equal(400);
    (await res.getResponseById('1').json()).error.message.should.equal("Resource not found for the segment 'v1.0'.");
  });
});
