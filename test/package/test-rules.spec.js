'use strict';
// Rules for the tests themselves that a reviewer would otherwise have to remember.
const fs = require('fs');
const path = require('path');
require('should');
const { repoRoot } = require('../support/node-red-path');

describe('test rules', function () {
  it("browser tests wait on the editor's state, never a fixed time (a busy machine is slow, not wrong)", function () {
    const dir = path.join(repoRoot, 'test', 'browser');
    const problems = [];
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.js'))) {
      fs.readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/waitForTimeout\(|new Promise\(\(\w+\) => setTimeout\(/.test(line))
            problems.push(`test/browser/${f}:${i + 1}: ${line.trim()}`);
        });
    }
    problems.should.eql([]);
  });
});
