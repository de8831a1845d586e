'use strict';
// Reads a JUnit report as two readers this project did not write read it, and prints what each
// saw as one JSON object, for tests/Pester/ExportReport.Tests.ps1 to compare with the module:
//
// - "parser": test-results-parser, the npm package CI reporters such as testbeats build on.
//   It counts a suite's total without its skipped tests.
// - "dorny": xml2js read by the rules of dorny/test-reporter's java-junit parser, the usual
//   GitHub Actions test tab: suite and case names are trimmed (a missing one throws), a case
//   whose classname differs from its suite's name goes into a group of that name, a failure or
//   error makes it failed, a skipped element skipped, and times are parseFloat of seconds.
//
// Usage: node tests/Node/read-junit.js <report.xml>. Packages come from the root package.json.

const fs = require('fs');
const { parse } = require('test-results-parser');
const xml2js = require('xml2js');

function parserView(file) {
  const result = parse({ type: 'junit', files: [file] });
  const counts = item => ({
    name: item.name,
    total: item.total,
    passed: item.passed,
    failed: item.failed,
    errors: item.errors,
    skipped: item.skipped,
    duration: item.duration,
  });
  return Object.assign(counts(result), {
    suites: result.suites.map(suite => Object.assign(counts(suite), {
      cases: suite.cases.map(testCase => ({ name: testCase.name, status: testCase.status, duration: testCase.duration })),
    })),
  });
}

async function dornyView(file) {
  const document = await xml2js.parseStringPromise(fs.readFileSync(file, 'utf8'));
  const suites = (document.testsuites && document.testsuites.testsuite) || [];
  return {
    suites: suites.map(suite => {
      const name = suite.$.name.trim();
      return {
        name,
        time: parseFloat(suite.$.time),
        tests: (suite.testcase || []).map(testCase => ({
          group: testCase.$.classname === suite.$.name ? '' : testCase.$.classname,
          name: testCase.$.name.trim(),
          result: testCase.failure || testCase.error ? 'failed' : testCase.skipped ? 'skipped' : 'success',
          time: parseFloat(testCase.$.time),
        })),
      };
    }),
  };
}

// Non-ASCII as \u escapes, so the JSON reads the same whatever encoding the shell expects.
function asciiJson(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

async function main() {
  const file = process.argv[2];
  if (!file) {
    throw new Error('Give the path of a JUnit report.');
  }

  process.stdout.write(asciiJson({ parser: parserView(file), dorny: await dornyView(file) }) + '\n');
}

main().catch(error => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
