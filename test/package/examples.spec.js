'use strict';
// The rules every example flow follows (README-testing.md, "Example flows"), read from the files:
// a tab with a short label of its own, a comment that says what it does, debug nodes named after
// what they show, Catch → an error debug node, background nodes disabled, ids of its own.
require('should');
const { readExamples } = require('../support/examples');

const examples = readExamples();
const MAX_LABEL = 15; // a Node-RED workspace tab shows about this much of its label
const TRIGGERS = ['entra-trigger'];

describe('example flows follow the rules (examples/*.json)', function () {
  it('each has one tab with a short label that no other example uses', function () {
    const problems = [];
    const seen = new Map();
    for (const ex of examples) {
      const tabs = ex.nodes.filter((n) => n.type === 'tab');
      if (tabs.length !== 1) {
        problems.push(`${ex.file}: ${tabs.length} tab nodes (want 1)`);
        continue;
      }
      const label = tabs[0].label || '';
      if (!label || label.length > MAX_LABEL) problems.push(`${ex.file}: tab label "${label}" (1 to ${MAX_LABEL} characters)`);
      if (seen.has(label.toLowerCase())) problems.push(`${ex.file}: tab label "${label}" is also used by ${seen.get(label.toLowerCase())}`);
      seen.set(label.toLowerCase(), ex.file);
      for (const n of ex.nodes) {
        const flowNode = n.type !== 'tab' && (n.wires !== undefined || n.x !== undefined);
        if (flowNode && n.z !== tabs[0].id) problems.push(`${ex.file}: ${n.type} ${n.id} is not on the example's tab`);
      }
    }
    problems.should.eql([]);
  });

  it('each says what it does in a comment node, and names its debug nodes after what they show', function () {
    const problems = [];
    for (const ex of examples) {
      if (!ex.nodes.some((n) => n.type === 'comment' && n.name && n.info))
        problems.push(`${ex.file}: no comment node with a name and an info text`);
      for (const d of ex.nodes.filter((n) => n.type === 'debug')) {
        if (!d.name || /^(result|debug|debug \d+|error|answer|msg\.payload)$/i.test(d.name.trim()))
          problems.push(`${ex.file}: debug node "${d.name || ''}" (name it after what it shows, e.g. "user created")`);
      }
      if (!ex.answerDebugs.length && !ex.nodes.some((n) => TRIGGERS.includes(n.type)))
        problems.push(`${ex.file}: no debug node shows its answer`);
    }
    problems.should.eql([]);
  });

  it('each sends its errors to a Catch node wired to a debug node, covering every entra node but triggers', function () {
    const problems = [];
    for (const ex of examples) {
      const entra = ex.nodes.filter((n) => /^entra-/.test(n.type) && n.type !== 'entra-connection' && !TRIGGERS.includes(n.type));
      if (!entra.length) continue;
      const catches = ex.nodes.filter((n) => n.type === 'catch');
      if (!ex.errorDebugs.length) problems.push(`${ex.file}: no Catch node wired to a debug node`);
      const covered = new Set(catches.flatMap((c) => (c.scope ? c.scope : entra.map((n) => n.id))));
      for (const n of entra)
        if (!covered.has(n.id)) problems.push(`${ex.file}: ${n.type} "${n.name || n.id}" is not in a Catch node's scope`);
    }
    problems.should.eql([]);
  });

  it('background nodes start disabled: no repeating or at-start inject, no polling or subscribing trigger, unless disabled (d: true)', function () {
    const problems = [];
    for (const ex of examples) {
      for (const n of ex.nodes) {
        if (n.d) continue;
        if (n.type === 'inject' && (n.repeat || n.crontab || n.once)) problems.push(`${ex.file}: inject "${n.name}" runs by itself`);
        // A webhook-mode trigger only answers requests: it neither polls nor subscribes by itself.
        if (TRIGGERS.includes(n.type) && n.resource !== 'webhook') problems.push(`${ex.file}: ${n.type} "${n.name}" is enabled`);
      }
      if (ex.nodes.some((n) => n.d) && !ex.nodes.some((n) => n.type === 'comment' && /enable/i.test(`${n.name} ${n.info || ''}`))) {
        problems.push(`${ex.file}: has disabled nodes but no comment saying how to enable them`);
      }
    }
    problems.should.eql([]);
  });

  it('node ids are their own; only config nodes are shared, and identical wherever they appear', function () {
    const problems = [];
    const owners = new Map();
    for (const ex of examples) {
      for (const n of ex.nodes) {
        const isConfig = n.type !== 'tab' && n.wires === undefined && n.x === undefined;
        const prev = owners.get(n.id);
        if (!prev) owners.set(n.id, { file: ex.file, json: JSON.stringify(n), isConfig });
        else if (!isConfig || !prev.isConfig) problems.push(`${ex.file}: id ${n.id} is also used in ${prev.file}`);
        else if (prev.json !== JSON.stringify(n)) problems.push(`${ex.file}: config node ${n.id} differs from the one in ${prev.file}`);
      }
    }
    problems.should.eql([]);
  });
});
