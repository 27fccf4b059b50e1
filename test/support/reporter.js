'use strict';
// Mocha reporter: the spec reporter's output, then one closing line
//   tests: N passed, N failed, N skipped
// (pending tests, including those of skipped browser suites, count as skipped; a failed hook
// counts as a failure). With ENTRA_TEST_RESULTS=<file> the counts are also written there as JSON
// so that scripts/test.js and .ci/run can sum several runs without parsing output.
const fs = require('fs');
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class EntraReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = this.stats;
      const counts = { passed: s.passes || 0, failed: s.failures || 0, skipped: s.pending || 0 };
      const file = process.env.ENTRA_TEST_RESULTS;
      if (file) {
        try {
          fs.writeFileSync(file, JSON.stringify(counts));
        } catch (e) {
          process.stderr.write(`reporter: cannot write ${file}: ${e.message}\n`);
        }
      }
      if (!process.env.ENTRA_TEST_NO_SUMMARY) {
        process.stdout.write(`\n${EntraReporter.summaryLine(counts)}\n`);
      }
    });
  }

  static summaryLine({ passed, failed, skipped }) {
    return `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
  }
}

module.exports = EntraReporter;
