'use strict';
const should = require('should');
const { helper, useSimulator, loadNodes, connection, run } = require('../support/helper');

// entra-user in Node-RED (test helper, compiled package) against the Graph simulator.
describe('entra-user node', function () {
  this.timeout(20000);
  let sim;

  useSimulator((s) => {
    sim = s;
  });

  /** A flow: entra-user → out, with a Catch node → caught. */
  async function flow(props, { conn = {}, creds = {}, extra = [] } = {}) {
    const c = connection(sim, conn);
    const nodes = [
      { id: 'f1', type: 'tab' },
      c.node,
      { id: 'user', z: 'f1', type: 'entra-user', connection: c.node.id, wires: [['out']], ...props },
      { id: 'out', z: 'f1', type: 'helper' },
      { id: 'catch', z: 'f1', type: 'catch', scope: ['user'], wires: [['caught']] },
      { id: 'caught', z: 'f1', type: 'helper' },
      ...extra.map((n) => ({ z: 'f1', ...n })),
    ];
    const credentials = { ...c.credentials, ...(creds.user ? { user: creds.user } : {}) };
    await loadNodes(nodes, credentials);
    return { user: helper.getNode('user'), out: helper.getNode('out'), caught: helper.getNode('caught') };
  }

  async function graphRequests(method, pathRe) {
    const all = await sim.control.requests();
    return all.filter((r) => r.method === method && pathRe.test(r.path));
  }

  describe('create', function () {
    it('POSTs /users with mailNickname from the UPN, name@domain, the password profile and create defaults', async function () {
      const n = await flow(
        {
          operation: 'create',
          displayName: 'Ada Lovelace',
          userPrincipalName: 'ada',
          domain: 'contoso.com',
          additionalProperties: '{"department":"Engineering","usageLocation":"GB"}',
          additionalPropertiesType: 'json',
          passwordType: 'cred',
        },
        { creds: { user: { password: 'Str0ng!Passw0rd' } } },
      );
      const { kind, msg } = await run(n.user, { payload: 'go' }, { out: n.out, catcher: n.caught });
      kind.should.equal('output');
      msg.statusCode.should.equal(201);
      msg.payload.id.should.be.a.String();
      msg.payload.userPrincipalName.should.equal('ada@contoso.com');
      msg.headers.should.have.property('request-id');
      const [req] = await graphRequests('POST', /^\/v1\.0\/users$/);
      req.body.should.eql({
        accountEnabled: true,
        displayName: 'Ada Lovelace',
        mailNickname: 'ada',
        userPrincipalName: 'ada@contoso.com',
        passwordProfile: { password: 'Str0ng!Passw0rd', forceChangePasswordNextSignIn: true },
        department: 'Engineering',
        usageLocation: 'GB',
      });
    });

    it('takes inputs from msg and a UPN with @ whole; additionalProperties may name mailNickname', async function () {
      const n = await flow({
        operation: 'create',
        displayName: 'payload.name',
        displayNameType: 'msg',
        userPrincipalName: 'payload.upn',
        userPrincipalNameType: 'msg',
        password: 'payload.pw',
        passwordType: 'msg',
        accountEnabled: 'false',
        accountEnabledType: 'bool',
        additionalProperties: 'payload.extra',
        additionalPropertiesType: 'msg',
      });
      const { kind, msg } = await run(
        n.user,
        { payload: { name: 'Bo', upn: 'bo@contoso.onmicrosoft.com', pw: 'Str0ng!Passw0rd', extra: { mailNickname: 'bobo' } } },
        { out: n.out, catcher: n.caught },
      );
      kind.should.equal('output', JSON.stringify(msg.error));
      const [req] = await graphRequests('POST', /^\/v1\.0\/users$/);
      req.body.accountEnabled.should.be.false();
      req.body.mailNickname.should.equal('bobo');
      req.body.userPrincipalName.should.equal('bo@contoso.onmicrosoft.com');
    });

    it('refuses a missing required input, naming it, and sends nothing', async function () {
      const n = await flow({ operation: 'create', userPrincipalName: 'x@contoso.com', password: 'p', passwordType: 'str' });
      const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('error');
      msg.error.message.should.equal('displayName: is required');
      (await graphRequests('POST', /users/)).should.have.length(0);
    });

    it('names the environment variable a required input reads when it is not set, and sends nothing', async function () {
      delete process.env.ENTRA_TEST_UNSET_USER;
      const n = await flow({ operation: 'get', userId: 'ENTRA_TEST_UNSET_USER', userIdType: 'env' });
      const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('error');
      msg.error.message.should.equal('userId: environment variable ENTRA_TEST_UNSET_USER is not set (the input is required)');
      (await graphRequests('GET', /users/)).should.have.length(0);
    });

    it('refuses invalid JSON in additionalProperties and sends nothing', async function () {
      const n = await flow({
        operation: 'create',
        displayName: 'A',
        userPrincipalName: 'a@contoso.com',
        password: 'payload',
        passwordType: 'msg',
        additionalProperties: '{bad',
        additionalPropertiesType: 'str',
      });
      const { kind, msg } = await run(n.user, { payload: 'Str0ng!Passw0rd' }, { out: n.out, catcher: n.caught });
      kind.should.equal('error');
      msg.error.message.should.match(/^additionalProperties: is not valid JSON/);
      (await graphRequests('POST', /users/)).should.have.length(0);
    });

    it("reports Graph's error for a duplicate user principal name, with status and request id on the msg", async function () {
      const n = await flow({
        operation: 'create',
        displayName: 'Dup',
        userPrincipalName: 'payload',
        userPrincipalNameType: 'msg',
        password: 'Str0ng!Passw0rd',
        passwordType: 'str',
      });
      const first = await run(n.user, { payload: 'dup@contoso.com' }, { out: n.out, catcher: n.caught });
      first.kind.should.equal('output');
      const { kind, msg } = await run(n.user, { payload: 'dup@contoso.com' }, { out: n.out, catcher: n.caught });
      kind.should.equal('error');
      msg.statusCode.should.equal(400);
      msg.requestId.should.be.a.String();
      msg.error.code.should.equal('Request_BadRequest');
      msg.error.message.should.match(/already exists/);
    });
  });

  describe('get', function () {
    it('GETs one user by user principal name with $select', async function () {
      const n = await flow({
        operation: 'get',
        userId: 'payload',
        userIdType: 'msg',
        select: 'id,displayName,department',
        selectType: 'str',
      });
      const first = await run(n.user, { payload: 'AdeleV@contoso.onmicrosoft.com' }, { out: n.out, catcher: n.caught });
      first.kind.should.equal('output', JSON.stringify(first.msg.error));
      first.msg.payload.should.have.keys('id', 'displayName', 'department');
      const [req] = await graphRequests('GET', /^\/v1\.0\/users\//);
      req.path.should.equal('/v1.0/users/AdeleV%40contoso.onmicrosoft.com');
      req.query.$select.should.equal('id,displayName,department');
    });

    it("sends an unknown id to Catch with Graph's code, status 404 and a red status", async function () {
      const n = await flow({ operation: 'get', userId: '00000000-0000-0000-0000-000000000000' });
      const statuses = [];
      const orig = n.user.status.bind(n.user);
      n.user.status = (s) => {
        statuses.push(s);
        orig(s);
      };
      const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('error');
      msg.statusCode.should.equal(404);
      msg.error.code.should.equal('Request_ResourceNotFound');
      msg.error.message.should.match(/^Not found: /);
      msg.requestId.should.be.a.String();
      statuses[statuses.length - 1].should.eql({ fill: 'red', shape: 'ring', text: '404 not found' });
    });

    it('encodes the id into one path segment: "../groups" cannot reach another endpoint', async function () {
      const n = await flow({ operation: 'get', userId: '../groups' });
      const { kind } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('error');
      const reqs = await sim.control.requests();
      reqs
        .filter((r) => /groups/.test(r.path))
        .map((r) => r.path)
        .should.eql(['/v1.0/users/..%2Fgroups']);
    });
  });

  describe('list', function () {
    it('returns one page and msg.nextLink when getAll is off', async function () {
      const n = await flow({ operation: 'list', top: '3', topType: 'num' });
      const { msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      msg.payload.should.have.length(3);
      msg.nextLink.should.match(/\$skiptoken=/);
    });

    it('follows every page with getAll and returns one array', async function () {
      const n = await flow({ operation: 'list', top: '2', topType: 'num', getAll: 'true', getAllType: 'bool', select: 'id,displayName' });
      const { msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      const pages = await graphRequests('GET', /^\/v1\.0\/users$/);
      msg.payload.length.should.be.above(4);
      // 2 per page: every page requested once (a last full page may be followed by none).
      pages.length.should.equal(Math.ceil(msg.payload.length / 2));
      should(msg.nextLink).be.undefined();
      new Set(msg.payload.map((u) => u.id)).size.should.equal(msg.payload.length);
    });

    it('asks for 999 per page with getAll and no top (the fewest round trips)', async function () {
      const n = await flow({ operation: 'list', getAll: 'true', getAllType: 'bool' });
      await run(n.user, {}, { out: n.out, catcher: n.caught });
      const [req] = await graphRequests('GET', /^\/v1\.0\/users$/);
      req.query.$top.should.equal('999');
    });

    it('sends one msg per page with msg.parts that a Join node turns back into the array', async function () {
      const n = await flow(
        {
          operation: 'list',
          top: '3',
          topType: 'num',
          getAll: 'true',
          getAllType: 'bool',
          pageOutput: 'perPage',
          select: 'id',
          wires: [['join', 'out']],
        },
        {
          extra: [
            { id: 'join', type: 'join', mode: 'auto', wires: [['joined']] },
            { id: 'joined', type: 'helper' },
          ],
        },
      );
      const pages = [];
      n.out.on('input', (m) => pages.push(m));
      const joined = helper.getNode('joined');
      const result = new Promise((resolve) => joined.once('input', resolve));
      n.user.receive({});
      const msg = await result;
      pages.length.should.be.above(2);
      pages.forEach((p, i) => {
        p.parts.index.should.equal(i);
        p.parts.len.should.equal(3);
        p.payload.length.should.be.belowOrEqual(3);
      });
      pages[pages.length - 1].parts.count.should.equal(pages.length);
      const all = pages.flatMap((p) => p.payload.map((u) => u.id));
      msg.payload.map((u) => u.id).should.eql(all);
      new Set(all).size.should.equal(all.length);
    });

    it('sends ConsistencyLevel: eventual and a quoted $search with count and search, and sets msg.count', async function () {
      const n = await flow({ operation: 'list', search: 'displayName:adele', count: 'true', countType: 'bool' });
      const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('output', JSON.stringify(msg.error));
      const [req] = await graphRequests('GET', /^\/v1\.0\/users$/);
      req.headers.consistencylevel.should.equal('eventual');
      req.query.$search.should.equal('"displayName:adele"');
      msg.count.should.equal(msg.payload.length);
      msg.payload.length.should.be.above(0);
    });

    it('filters with startswith', async function () {
      const n = await flow({ operation: 'list', filter: "startswith(displayName,'A')" });
      const { msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      msg.payload.length.should.be.above(0);
      msg.payload.forEach((u) => u.displayName.should.startWith('A'));
    });
  });

  describe('update', function () {
    it('PATCHes only the inputs given (firstName → givenName) and never sends an unset accountEnabled', async function () {
      const n = await flow({
        operation: 'update',
        userId: 'AdeleV@contoso.onmicrosoft.com',
        jobTitle: 'CTO',
        firstName: 'Adele',
        accountEnabledType: 'default',
      });
      const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(204);
      msg.payload.should.eql({ id: 'AdeleV@contoso.onmicrosoft.com', jobTitle: 'CTO', givenName: 'Adele' });
      const [req] = await graphRequests('PATCH', /^\/v1\.0\/users\//);
      req.body.should.eql({ givenName: 'Adele', jobTitle: 'CTO' });
    });

    it('refuses an update with nothing to change', async function () {
      const n = await flow({ operation: 'update', userId: 'AdeleV@contoso.onmicrosoft.com' });
      const { kind, msg } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('error');
      msg.error.message.should.match(/nothing to update/);
    });
  });

  describe('delete', function () {
    it('DELETEs the user (204) and reports { id, deleted: true }', async function () {
      const n = await flow({ operation: 'delete', userId: 'payload', userIdType: 'msg' });
      const { kind, msg } = await run(n.user, { payload: 'AdeleV@contoso.onmicrosoft.com' }, { out: n.out, catcher: n.caught });
      kind.should.equal('output', JSON.stringify(msg.error));
      msg.statusCode.should.equal(204);
      msg.payload.should.eql({ id: 'AdeleV@contoso.onmicrosoft.com', deleted: true });
      const again = await run(n.user, { payload: 'AdeleV@contoso.onmicrosoft.com' }, { out: n.out, catcher: n.caught });
      again.kind.should.equal('error');
      again.msg.statusCode.should.equal(404);
    });
  });

  describe('operation from msg', function () {
    it('uses msg.operation only when the node is set to "msg"', async function () {
      const n = await flow({ operation: 'msg', userId: 'AdeleV@contoso.onmicrosoft.com' });
      const { kind, msg } = await run(n.user, { operation: 'get' }, { out: n.out, catcher: n.caught });
      kind.should.equal('output');
      msg.payload.userPrincipalName.should.equal('AdeleV@contoso.onmicrosoft.com');
      const bad = await run(n.user, { operation: 'drop' }, { out: n.out, catcher: n.caught });
      bad.kind.should.equal('error');
      bad.msg.error.message.should.match(/operation: must be one of create, get, list, update, delete/);
    });
  });

  describe('transport through the connection', function () {
    it('shares one token request between concurrent first messages and reuses it', async function () {
      // The connection asks for its token at deploy (the permission check): count from before it.
      await sim.control.clearRequests();
      const n = await flow({ operation: 'get', userId: 'AdeleV@contoso.onmicrosoft.com' });
      const outputs = (count) =>
        new Promise((resolve) => {
          let seen = 0;
          const onInput = () => {
            if (++seen === count) {
              n.out.removeListener('input', onInput);
              resolve();
            }
          };
          n.out.on('input', onInput);
        });
      const firstFive = outputs(5);
      for (let i = 0; i < 5; i++) n.user.receive({});
      await firstFive;
      const sixth = outputs(1);
      n.user.receive({});
      await sixth;
      const reqs = await sim.control.requests();
      reqs.filter((r) => /oauth2\/v2.0\/token$/.test(r.path)).should.have.length(1);
      reqs.filter((r) => /^\/v1\.0\/users\//.test(r.path)).should.have.length(6);
    });

    it('retries a 429 from Graph after its Retry-After and succeeds', async function () {
      const n = await flow({ operation: 'get', userId: 'AdeleV@contoso.onmicrosoft.com' });
      await sim.control.addFault({ method: 'GET', path: '^/v1.0/users/', status: 429, retryAfter: '0.2', count: 1 });
      const { kind } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('output');
      (await graphRequests('GET', /^\/v1\.0\/users\//)).map((r) => r.status).should.eql([429, 200]);
    });

    it('gets a fresh token when Graph refuses the cached one', async function () {
      const n = await flow({ operation: 'get', userId: 'AdeleV@contoso.onmicrosoft.com' });
      (await run(n.user, {}, { out: n.out, catcher: n.caught })).kind.should.equal('output');
      await sim.control.invalidateTokens();
      const { kind } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('output');
      const tokenRequests = (await sim.control.requests()).filter((r) => /oauth2\/v2.0\/token$/.test(r.path));
      tokenRequests.should.have.length(2);
    });

    it('reports a wrong client secret in plain words (AADSTS7000215)', async function () {
      const c = connection(sim, {}, { clientSecret: 'wrong' });
      await loadNodes(
        [
          { id: 'f1', type: 'tab' },
          c.node,
          { id: 'user', z: 'f1', type: 'entra-user', connection: c.node.id, operation: 'get', userId: 'x', wires: [['out']] },
          { id: 'out', z: 'f1', type: 'helper' },
          { id: 'catch', z: 'f1', type: 'catch', scope: ['user'], wires: [['caught']] },
          { id: 'caught', z: 'f1', type: 'helper' },
        ],
        c.credentials,
      );
      const { kind, msg } = await run(helper.getNode('user'), {}, { out: helper.getNode('out'), catcher: helper.getNode('caught') });
      kind.should.equal('error');
      msg.error.message.should.match(/^Sign-in failed \(invalid_client\): AADSTS7000215/);
      msg.error.message.should.match(/client secret is wrong/);
      msg.error.message.should.not.match(/wrong'|Trace ID/);
    });

    it('logs requests with debugRequest, with the token and password redacted', async function () {
      const n = await flow({
        operation: 'create',
        displayName: 'Dbg',
        userPrincipalName: 'dbg@contoso.com',
        password: 'Sup3r!Secret',
        passwordType: 'str',
        debugRequest: true,
      });
      const { kind } = await run(n.user, {}, { out: n.out, catcher: n.caught });
      kind.should.equal('output');
      const lines = helper
        .log()
        .args.map((a) => JSON.stringify(a[0]))
        .filter((l) => /request POST|response 201/.test(l));
      lines.length.should.be.above(1);
      lines.join('\n').should.not.match(/Sup3r!Secret|eyJ[A-Za-z0-9_-]{10,}\./);
      lines.join('\n').should.match(/Bearer \[redacted\]/);
    });
  });
});
