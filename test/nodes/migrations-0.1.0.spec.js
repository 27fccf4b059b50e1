'use strict';
// Flows saved by the 0.1.0 nodes (test/fixtures/flows-0.1.0: its example flows, as shipped) are
// upgraded when they load: every node's config migrates to the current version (the same code
// runs in the editor), and the flows still run against the simulator.
const fs = require('fs');
const path = require('path');
require('should');
const { helper, loadNodes, run } = require('../support/helper');
const { startTestSimulator, simulatorEnv } = require('../support/simulator');
const { repoRoot } = require('../support/node-red-path');

const dist = path.join(repoRoot, 'dist');
const { migrateConfig, CONFIG_VERSION } = require(path.join(dist, 'lib', 'migrations.js'));
const { editorSpec } = require(path.join(dist, 'lib', 'editor-spec.js'));
const { NODE_SPECS } = require(path.join(dist, 'nodes', 'node-specs.js'));

const dir = path.join(repoRoot, 'test', 'fixtures', 'flows-0.1.0');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const specs = Object.fromEntries(NODE_SPECS.map((n) => [n.type, editorSpec(n)]));
// Subscriptions need a public https URL that Graph validates, and triggers have no input: their
// configs are migrated (below) but not run here.
const runnable = (file) => /^entra-(user|group|app|delta|raw) - /.test(file);

describe('flows saved by 0.1.0', function () {
  this.timeout(20000);

  describe('migrate to the current config version', function () {
    for (const file of files) {
      it(`"${file.replace(/\.json$/, '')}"`, function () {
        const nodes = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
        for (const saved of nodes.filter((n) => specs[n.type])) {
          const spec = specs[saved.type];
          const config = JSON.parse(JSON.stringify(saved));
          (config.version === undefined).should.be.true('0.1.0 wrote no version');
          migrateConfig(config, spec.inputs).should.be.true();
          config.version.should.equal(CONFIG_VERSION);
          for (const [name, input] of Object.entries(spec.inputs)) {
            if (!input.types) continue;
            // Every typed input has a type its typedInput offers, and the value as a string.
            input.types.should.containEql(config[`${name}Type`], `${saved.type} ${name}`);
            (typeof config[name]).should.equal('string', `${saved.type} ${name}`);
            if (saved[name] !== undefined && saved[`${name}Type`] !== undefined && name !== 'consistencyLevel')
              config[name].should.equal(saved[name]);
          }
          if (spec.inputs.consistencyLevel && config.operation === 'list')
            ['bool', 'default', 'msg', 'flow', 'global', 'env', 'jsonata'].should.containEql(config.consistencyLevelType);
          // A second load changes nothing.
          migrateConfig(config, spec.inputs).should.be.false();
        }
      });
    }

    it('turns a saved consistencyLevel text into the boolean (eventual → true, empty → not set)', function () {
      const inputs = specs['entra-user'].inputs;
      const a = { operation: 'list', consistencyLevel: 'eventual', consistencyLevelType: 'str' };
      migrateConfig(a, inputs);
      [a.consistencyLevel, a.consistencyLevelType].should.eql(['true', 'bool']);
      const b = { operation: 'list', consistencyLevel: '' };
      migrateConfig(b, inputs);
      [b.consistencyLevel, b.consistencyLevelType].should.eql(['', 'default']);
      const c = { operation: 'list', consistencyLevel: 'payload.cl', consistencyLevelType: 'msg' };
      migrateConfig(c, inputs);
      [c.consistencyLevel, c.consistencyLevelType].should.eql(['payload.cl', 'msg']);
    });

    it('keeps a password reference (msg) as a regular property and a bare literal as a credential', function () {
      const inputs = specs['entra-user'].inputs;
      const ref = { operation: 'create', password: 'payload.password', passwordType: 'msg' };
      migrateConfig(ref, inputs);
      [ref.password, ref.passwordType].should.eql(['payload.password', 'msg']);
      const literal = { operation: 'create', password: 'S3cret!' };
      migrateConfig(literal, inputs);
      literal.passwordType.should.equal('cred');
    });
  });

  describe('run against the simulator', function () {
    let sim;
    const saved = {};
    before(async () => {
      sim = await startTestSimulator();
      for (const [k, v] of Object.entries(simulatorEnv(sim))) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
    });
    after(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await sim.close();
    });
    beforeEach(() => sim.control.reset({ seed: 'small' }));
    afterEach(() => helper.unload());

    for (const file of files.filter(runnable)) {
      it(`"${file.replace(/\.json$/, '')}" answers on its output`, async function () {
        const nodes = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
        const inject = nodes.find((n) => n.type === 'inject');
        const conn = nodes.find((n) => n.type === 'entra-connection');
        const flow = [
          { id: 'f1', type: 'tab' },
          ...nodes
            .filter((n) => n.type !== 'inject' && n.type !== 'comment')
            .map((n) =>
              n.type === 'debug'
                ? { id: n.id, z: 'f1', type: 'helper', name: n.name }
                : n.type === 'entra-connection'
                  ? n
                  : { ...n, z: 'f1' },
            ),
        ];
        const credentials = { [conn.id]: { clientId: process.env.ENTRA_CLIENT_ID, clientSecret: process.env.ENTRA_CLIENT_SECRET } };
        await loadNodes(
          flow.map((n) => {
            const { credentials: _c, ...rest } = n;
            return rest;
          }),
          credentials,
        );
        const debug = (wanted) => nodes.find((n) => n.type === 'debug' && wanted(n.name));
        const out = helper.getNode(debug((name) => name !== 'error').id);
        const catcher = helper.getNode(debug((name) => name === 'error').id);
        // The inject's payload as it is configured (a literal, or JSON).
        const p = (inject.props || []).find((x) => x.p === 'payload');
        const [value, type] = p && p.v !== undefined ? [p.v, p.vt] : [inject.payload, inject.payloadType];
        let payload = Date.now();
        if (type === 'json') payload = JSON.parse(value);
        else if (type === 'str') payload = value;
        else if (type === 'num') payload = Number(value);
        const { kind, msg } = await run(helper.getNode(inject.wires[0][0]), { payload }, { out, catcher });
        kind.should.equal('output', JSON.stringify(msg.error));
      });
    }
  });
});
