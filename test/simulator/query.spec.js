'use strict';
// The collection/query engine: $filter, $search, $orderby, $top paging, $count, advanced queries [QP, AQ, PAGING, LISTPG].
require('should');
const { start, EVENTUAL } = require('./helpers');

describe('simulator: query engine', function () {
  this.timeout(20000);
  let s;
  before(async () => {
    s = await start();
  });
  after(async () => {
    if (s) await s.close();
  });
  beforeEach(() => s.control.reset());

  const names = (r) => r.body.value.map((u) => u.displayName);

  it("$filter: eq, startswith, in, and/or, parentheses, quotes escaped as '' [QP]", async () => {
    (await s.graph('GET', "/users?$filter=displayName eq 'Adele Vance'")).body.value.length.should.equal(1);
    names(await s.graph('GET', "/users?$filter=startswith(displayName,'Al')")).should.eql(['Alex Wilber']);
    (await s.graph('GET', "/users?$filter=department in ('Marketing','HR')")).body.value.length.should.equal(3);
    (
      await s.graph('GET', "/users?$filter=(department eq 'Marketing' or department eq 'HR') and accountEnabled eq true")
    ).body.value.length.should.equal(3);
    (await s.graph('GET', '/users?$filter=accountEnabled eq false')).body.value.length.should.equal(1);
    await s.graph('POST', '/users', {
      body: {
        accountEnabled: true,
        displayName: "Conan O'Brien",
        mailNickname: 'conan',
        userPrincipalName: 'conan@contoso.com',
        passwordProfile: { password: 'Aa1!aaaaaa' },
      },
    });
    names(await s.graph('GET', `/users?$filter=${encodeURIComponent("displayName eq 'Conan O''Brien'")}`)).should.eql(["Conan O'Brien"]);
    (await s.graph('GET', "/groups?$filter=groupTypes/any(c:c eq 'Unified')")).body.value.length.should.equal(2);
  });

  it('ne, not and endswith need ConsistencyLevel: eventual + $count=true, else 400 Request_UnsupportedQuery [AQ]', async () => {
    for (const f of ["department ne 'Sales'", "not(startswith(displayName,'A'))", "endswith(mail,'@contoso.com')"]) {
      const r = await s.graph('GET', `/users?$filter=${encodeURIComponent(f)}`);
      r.status.should.equal(400);
      r.body.error.code.should.equal('Request_UnsupportedQuery');
      const ok = await s.graph('GET', `/users?$filter=${encodeURIComponent(f)}&$count=true`, { headers: EVENTUAL });
      ok.status.should.equal(200);
    }
    const e = await s.graph('GET', `/users?$filter=${encodeURIComponent("endswith(mail,'@contoso.com')")}&$count=true`, {
      headers: EVENTUAL,
    });
    e.body['@odata.count'].should.equal(2);
  });

  it('unknown properties in $select/$filter → 400 Request_BadRequest; a syntax error → 400 [QP]', async () => {
    const a = await s.graph('GET', '/users?$select=displayName,shoeSize');
    a.status.should.equal(400);
    a.body.error.code.should.equal('Request_BadRequest');
    a.body.error.message.should.equal("Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
    const b = await s.graph('GET', '/users?$filter=shoeSize eq 42');
    b.status.should.equal(400);
    b.body.error.code.should.equal('Request_BadRequest');
    (await s.graph('GET', '/users?$filter=displayName eq')).status.should.equal(400);
  });

  it('$top pages with a full-URL @odata.nextLink carrying $skiptoken and the original params [PAGING]', async () => {
    const first = await s.graph('GET', '/users?$top=4&$select=displayName');
    first.body.value.length.should.equal(4);
    const next = first.body['@odata.nextLink'];
    next.should.startWith(`${s.url}/v1.0/users?`);
    next.should.match(/\$top=4/);
    next.should.match(/\$select=displayName/);
    next.should.match(/\$skiptoken=/);
    const all = [...first.body.value];
    let link = next;
    while (link) {
      const p = await s.graph('GET', link);
      all.push(...p.body.value);
      link = p.body['@odata.nextLink'];
    }
    all.length.should.equal(11);
    new Set(all.map((u) => u.id)).size.should.equal(11);
  });

  it('$top outside 1..999 → 400; $skip → 400 [LISTPG, ULIST]', async () => {
    (await s.graph('GET', '/users?$top=1000')).status.should.equal(400);
    (await s.graph('GET', '/users?$top=0')).status.should.equal(400);
    const r = await s.graph('GET', '/users?$skip=2');
    r.status.should.equal(400);
    r.body.error.code.should.equal('Request_BadRequest');
  });

  it('$count=true gives @odata.count on the first page only with ConsistencyLevel, ignored without [AQ, PAGING]', async () => {
    const a = await s.graph('GET', '/users?$count=true&$top=5', { headers: EVENTUAL });
    a.body['@odata.count'].should.equal(11);
    const b = await s.graph('GET', a.body['@odata.nextLink'], { headers: EVENTUAL });
    b.body.should.not.have.property('@odata.count');
    const c = await s.graph('GET', '/users?$count=true');
    c.status.should.equal(200);
    c.body.should.not.have.property('@odata.count');
  });

  it('/$count answers text/plain with ConsistencyLevel, else 400 "$count is not currently supported." [AQ, ULIST]', async () => {
    const a = await s.graph('GET', '/users/$count', { headers: EVENTUAL });
    a.status.should.equal(200);
    a.headers['content-type'].should.match(/^text\/plain/);
    a.text.should.equal('11');
    const b = await s.graph('GET', '/users/$count');
    b.status.should.equal(400);
    b.body.error.code.should.equal('Request_BadRequest');
    b.body.error.message.should.equal('$count is not currently supported.');
  });

  it('$search needs quotes and ConsistencyLevel; tokenised on displayName, AND/OR [QP, AQ]', async () => {
    const no = await s.graph('GET', '/users?$search="displayName:adele"');
    no.status.should.equal(400);
    no.body.error.code.should.equal('Request_UnsupportedQuery');
    no.body.error.message.should.equal(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
    names(await s.graph('GET', `/users?$search=${encodeURIComponent('"displayName:vance"')}`, { headers: EVENTUAL })).should.eql([
      'Adele Vance',
    ]);
    (
      await s.graph('GET', `/users?$search=${encodeURIComponent('"displayName:al" OR "displayName:megan"')}`, { headers: EVENTUAL })
    ).body.value.length.should.equal(2);
    (
      await s.graph('GET', `/users?$search=${encodeURIComponent('"displayName:a" AND "mail:alex"')}`, { headers: EVENTUAL })
    ).body.value.length.should.equal(1);
    (await s.graph('GET', '/users?$search=displayName:adele', { headers: EVENTUAL })).status.should.equal(400);
    names(await s.graph('GET', `/groups?$search=${encodeURIComponent('"description:VPN"')}`, { headers: EVENTUAL })).should.eql([
      'VPN Users',
    ]);
  });

  it('$orderby displayName/userPrincipalName asc/desc; other props or with $filter need advanced query [AQ]', async () => {
    const asc = names(await s.graph('GET', '/users?$orderby=displayName'));
    asc.should.eql(asc.slice().sort());
    const desc = names(await s.graph('GET', '/users?$orderby=displayName desc'));
    desc.should.eql(asc.slice().reverse());
    (await s.graph('GET', '/users?$orderby=userPrincipalName')).status.should.equal(200);
    (await s.graph('GET', '/users?$orderby=jobTitle')).status.should.equal(400);
    (await s.graph('GET', '/users?$orderby=displayName&$filter=accountEnabled eq true')).status.should.equal(400);
    (
      await s.graph('GET', '/users?$orderby=displayName&$filter=accountEnabled eq true&$count=true', { headers: EVENTUAL })
    ).status.should.equal(200);
  });
});
