'use strict';
const should = require('should');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { SecureStore, secureStore } = require('../../dist/lib/secure-store');

describe('secure-store', function () {
  let dir;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-store-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps values encrypted on disk and reads them back in a new instance', async function () {
    const key = Buffer.alloc(32, 7);
    await new SecureStore(dir, key).set('node-1:subscription', { id: 'sub-1', clientState: 's3cret-state' });
    const files = fs.readdirSync(dir);
    files.should.have.length(1);
    fs.readFileSync(path.join(dir, files[0]), 'utf8').should.not.match(/s3cret-state|sub-1/);
    (await new SecureStore(dir, key).get('node-1:subscription')).should.eql({ id: 'sub-1', clientState: 's3cret-state' });
  });

  it('treats a value written with another key as absent', async function () {
    await new SecureStore(dir, Buffer.alloc(32, 1)).set('a', { x: 1 });
    should(await new SecureStore(dir, Buffer.alloc(32, 2)).get('a')).be.undefined();
  });

  it('deletes, and reads a missing name as undefined', async function () {
    const store = new SecureStore(dir, Buffer.alloc(32, 3));
    await store.set('a', 1);
    await store.delete('a');
    should(await store.get('a')).be.undefined();
    await store.delete('never-there');
  });

  it("derives its key from Node-RED's credential secret", async function () {
    const a = secureStore({ settings: { userDir: dir, credentialSecret: 'one' } });
    await a.set('k', 'v');
    (await secureStore({ settings: { userDir: dir, credentialSecret: 'one' } }).get('k')).should.equal('v');
    should(await secureStore({ settings: { userDir: dir, credentialSecret: 'two' } }).get('k')).be.undefined();
    (await secureStore({ settings: { userDir: dir, get: (n) => (n === '_credentialSecret' ? 'one' : undefined) } }).get('k')).should.equal(
      'v',
    );
  });
});
