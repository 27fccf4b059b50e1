'use strict';
// The shared state store of several Node-RED copies (settings.js entraStateStore): the context
// backend (sealed values in a named context store) and the lease a polling trigger holds there.
const should = require('should');
const { secureStore, derivedSecret, ContextBackend } = require('../../dist/lib/secure-store');
const { Lease } = require('../../dist/lib/lease');

/** A global context as Node-RED hands it to nodes: get/set with a store name and a callback. */
function fakeGlobal() {
  const stores = {};
  return {
    stores,
    get(key, store, cb) {
      setImmediate(() => cb(null, (stores[store] || {})[key]));
    },
    set(key, value, store, cb) {
      stores[store] = stores[store] || {};
      if (value === undefined) delete stores[store][key];
      else stores[store][key] = JSON.parse(JSON.stringify(value));
      setImmediate(() => cb(null));
    },
  };
}
const nodeWith = (global) => ({ context: () => ({ global }) });
const RED = (extra = {}) => ({
  settings: { userDir: '/nonexistent', credentialSecret: 'same', contextStorage: { shared: {} }, entraStateStore: 'shared', ...extra },
  log: { error() {} },
});

describe('shared state store (entraStateStore) and lease', function () {
  it('keeps values sealed in the named context store, readable by every copy with the same credential secret', async function () {
    const global = fakeGlobal();
    const a = secureStore(RED(), nodeWith(global));
    a.should.be.instanceOf(ContextBackend);
    a.shared.should.be.true();
    await a.set('entra-connection:c1:token-cache', { refresh: 'r-token-1' });
    JSON.stringify(global.stores.shared).should.not.containEql('r-token-1');
    (await secureStore(RED(), nodeWith(global)).get('entra-connection:c1:token-cache')).should.eql({ refresh: 'r-token-1' });
    should(await secureStore(RED({ credentialSecret: 'other' }), nodeWith(global)).get('entra-connection:c1:token-cache')).be.undefined();
    await a.delete('entra-connection:c1:token-cache');
    Object.keys(global.stores.shared).length.should.equal(0);
  });

  it('stays with the userDir files without entraStateStore or without a node, and refuses a store settings.js does not define', function () {
    secureStore(RED({ entraStateStore: undefined }), nodeWith(fakeGlobal())).shared.should.be.false();
    secureStore(RED()).shared.should.be.false();
    (() => secureStore(RED({ entraStateStore: 'redis' }), nodeWith(fakeGlobal()))).should.throw(/contextStorage has no store of that name/);
  });

  it('derives the same secret on every copy with the same credential secret, another per label', function () {
    derivedSecret(RED(), 'a').should.equal(derivedSecret(RED(), 'a'));
    derivedSecret(RED(), 'a').should.not.equal(derivedSecret(RED(), 'b'));
    derivedSecret(RED(), 'a').should.not.equal(derivedSecret(RED({ credentialSecret: 'other' }), 'a'));
  });

  it('a lease is held by one copy at a time, renewed by its holder, taken over once it expires, handed over on release', async function () {
    const store = secureStore(RED(), nodeWith(fakeGlobal()));
    let now = 1_000_000;
    const lease = (holder) => new Lease({ store, key: 'lease', durationMs: 3000, settleMs: 5, holder, now: () => now });
    const a = lease('a');
    const b = lease('b');
    (await a.acquire()).should.be.true();
    (await b.acquire()).should.be.false();
    now += 2000;
    (await a.acquire()).should.be.true(); // renewed until now + 3 s
    now += 2000;
    (await b.acquire()).should.be.false();
    now += 1500; // a stopped renewing: expired
    (await b.acquire()).should.be.true();
    (await a.acquire()).should.be.false();
    await b.release();
    (await a.acquire()).should.be.true();
  });

  it('two copies claiming a free lease at the same moment: one acts, as both read back the later claim', async function () {
    const store = secureStore(RED(), nodeWith(fakeGlobal()));
    const a = new Lease({ store, key: 'lease', durationMs: 3000, settleMs: 30, holder: 'a' });
    const b = new Lease({ store, key: 'lease', durationMs: 3000, settleMs: 30, holder: 'b' });
    const [ra, rb] = await Promise.all([a.acquire(), b.acquire()]);
    [ra, rb].filter(Boolean).length.should.equal(1);
  });
});
