'use strict';
// Graph basics (headers, errors, auth) and /users CRUD [UPOST, UGET, ULIST, UUPD, UDEL, ERR].
require('should');
const { start, request } = require('./helpers');

describe('simulator: Graph users and common behaviour', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const newUser = (nick, extra = {}) =>
    Object.assign(
      {
        accountEnabled: true,
        displayName: `Test ${nick}`,
        mailNickname: nick,
        userPrincipalName: `${nick}@contoso.onmicrosoft.com`,
        passwordProfile: { password: 'xWwvJ]6NMw+bWH-d', forceChangePasswordNextSignIn: true },
      },
      extra,
    );

  it('sends request-id, echoes client-request-id, Graph JSON content type and OData-Version 4.0 [BATCH example]', async () => {
    const r = await s.graph('GET', '/users?$top=1', { headers: { 'client-request-id': 'abc-123' } });
    r.status.should.equal(200);
    r.headers['request-id'].should.match(/^[0-9a-f-]{36}$/);
    r.headers['client-request-id'].should.equal('abc-123');
    r.headers['content-type'].should.equal(
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    );
    r.headers['odata-version'].should.equal('4.0');
    r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#users`);
  });

  it('answers 401 InvalidAuthenticationToken for missing, malformed and revoked tokens [ERR, Observed messages]', async () => {
    const a = await request(s, 'GET', '/v1.0/users');
    a.status.should.equal(401);
    a.body.error.code.should.equal('InvalidAuthenticationToken');
    a.body.error.message.should.equal('Access token is empty.');
    a.body.error.innerError.should.have.properties('date', 'request-id', 'client-request-id');
    const b = await request(s, 'GET', '/v1.0/users', { token: 'garbage' });
    b.body.error.message.should.equal('CompactToken parsing failed with error code: 80049217');
    await s.control.invalidateTokens();
    const c = await s.graph('GET', '/users');
    c.status.should.equal(401);
    c.body.error.message.should.equal('Access token has expired or is not yet valid.');
    s.token = (await s.control.token()).access_token;
    (await s.graph('GET', '/users')).status.should.equal(200);
  });

  it('rejects an expired token with 401', async () => {
    const { access_token: t } = await s.control.token({ lifetimeSeconds: 0 });
    const r = await request(s, 'GET', '/v1.0/users', { token: t });
    r.status.should.equal(401);
    r.body.error.message.should.equal('Access token has expired or is not yet valid.');
  });

  it('serves /beta as the same data', async () => {
    const r = await s.graph('GET', `${s.url}/beta/users/AdeleV@contoso.onmicrosoft.com`);
    r.status.should.equal(200);
    r.body.displayName.should.equal('Adele Vance');
  });

  it('returns only the 11 default user properties without $select [UGET]', async () => {
    const r = await s.graph('GET', '/users/AdeleV@contoso.onmicrosoft.com');
    Object.keys(r.body)
      .filter((k) => !k.startsWith('@'))
      .sort()
      .should.eql([
        'businessPhones',
        'displayName',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
      ]);
    r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#users/$entity`);
  });

  it('$select returns the chosen properties plus id [QP]', async () => {
    const r = await s.graph('GET', '/users/AdeleV@contoso.onmicrosoft.com?$select=department,accountEnabled');
    Object.keys(r.body)
      .filter((k) => !k.startsWith('@'))
      .sort()
      .should.eql(['accountEnabled', 'department', 'id']);
    r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#users(id,department,accountEnabled)/$entity`);
  });

  it('creates a user: 201 + body with @odata.context and id [UPOST]', async () => {
    const r = await s.graph('POST', '/users', { body: newUser('newbie') });
    r.status.should.equal(201);
    r.body['@odata.context'].should.equal(`${s.url}/v1.0/$metadata#users/$entity`);
    r.body.id.should.match(/^[0-9a-f-]{36}$/);
    r.body.userPrincipalName.should.equal('newbie@contoso.onmicrosoft.com');
    r.body.should.not.have.property('passwordProfile');
  });

  it('rejects a duplicate UPN with the observed message [GRAPH-FACTS §1.1]', async () => {
    const r = await s.graph('POST', '/users', { body: newUser('AdeleV') });
    r.status.should.equal(400);
    r.body.error.code.should.equal('Request_BadRequest');
    r.body.error.message.should.equal('Another object with the same value for property userPrincipalName already exists.');
  });

  it('rejects a UPN on an unverified domain, a missing mailNickname, a weak password and unknown properties [UPOST]', async () => {
    const a = await s.graph('POST', '/users', { body: newUser('x', { userPrincipalName: 'x@fabrikam.com' }) });
    a.status.should.equal(400);
    a.body.error.code.should.equal('Request_BadRequest');
    a.body.error.message.should.match(/domain/);
    const b = await s.graph('POST', '/users', { body: newUser('y', { mailNickname: undefined }) });
    b.status.should.equal(400);
    b.body.error.message.should.match(/mailNickname/);
    const c = await s.graph('POST', '/users', { body: newUser('z', { passwordProfile: { password: 'short' } }) });
    c.status.should.equal(400);
    c.body.error.message.should.match(/password complexity/);
    const d = await s.graph('POST', '/users', { body: newUser('w', { favouriteColour: 'blue' }) });
    d.status.should.equal(400);
    d.body.error.message.should.match(/favouriteColour/);
  });

  it('answers PATCH /users/{id} with 204 and no body [UUPD]', async () => {
    const u = (await s.graph('GET', '/users/AdeleV@contoso.onmicrosoft.com')).body;
    const r = await s.graph('PATCH', `/users/${u.id}`, { body: { jobTitle: 'Chief Retail Officer' } });
    r.status.should.equal(204);
    r.text.should.equal('');
    (await s.graph('GET', `/users/${u.id}`)).body.jobTitle.should.equal('Chief Retail Officer');
  });

  it('rejects PATCH of an unknown or read-only property with 400 [UUPD]', async () => {
    const u = (await s.graph('GET', '/users/AdeleV@contoso.onmicrosoft.com')).body;
    (await s.graph('PATCH', `/users/${u.id}`, { body: { nope: 1 } })).status.should.equal(400);
    const r = await s.graph('PATCH', `/users/${u.id}`, { body: { createdDateTime: '2020-01-01T00:00:00Z' } });
    r.status.should.equal(400);
    r.body.error.message.should.match(/read-only/);
  });

  it('answers 404 Request_ResourceNotFound with the observed message for an unknown id [ERR]', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const r = await s.graph('GET', `/users/${id}`);
    r.status.should.equal(404);
    r.body.error.code.should.equal('Request_ResourceNotFound');
    r.body.error.message.should.equal(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  });

  it('soft-deletes users (204) into deletedItems, restores and purges them [UDEL]', async () => {
    const u = (await s.graph('POST', '/users', { body: newUser('temp') })).body;
    const d = await s.graph('DELETE', `/users/${u.id}`);
    d.status.should.equal(204);
    d.text.should.equal('');
    (await s.graph('GET', `/users/${u.id}`)).status.should.equal(404);
    const del = await s.graph('GET', '/directory/deletedItems/microsoft.graph.user');
    const item = del.body.value.find((x) => x.id === u.id);
    item.should.have.property('deletedDateTime');
    const restored = await s.graph('POST', `/directory/deletedItems/${u.id}/restore`);
    restored.status.should.equal(200);
    (await s.graph('GET', `/users/${u.id}`)).status.should.equal(200);
    await s.graph('DELETE', `/users/${u.id}`);
    (await s.graph('DELETE', `/directory/deletedItems/${u.id}`)).status.should.equal(204);
    (await s.graph('GET', `/directory/deletedItems/${u.id}`)).status.should.equal(404);
  });

  it("accepts the /users('$x@y') form for UPNs starting with $ [UGET]", async () => {
    await s.graph('POST', '/users', { body: newUser('dollar', { userPrincipalName: '$dollar@contoso.com' }) });
    const r = await s.graph('GET', "/users('$dollar@contoso.com')");
    r.status.should.equal(200);
  });

  it('limits the body size (413)', async () => {
    await s.control.setConfig({ maxBodyBytes: 100 });
    const r = await s.graph('POST', '/users', { body: newUser('big', { displayName: 'x'.repeat(500) }) });
    r.status.should.equal(413);
  });

  it('answers a body that is not JSON with 400', async () => {
    const r = await s.graph('POST', '/users', { raw: '{nope', headers: { 'content-type': 'application/json' } });
    r.status.should.equal(400);
    r.body.error.code.should.equal('BadRequest');
  });
});
