// Prints one plain closing line ("jest: N passed, N failed") that CI's log reader understands;
// jest's own summary is not one of the formats it reads.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\njest: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`
    );
  }
}
module.exports = SummaryReporter;
