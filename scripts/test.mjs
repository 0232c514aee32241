#!/usr/bin/env node
// `npm test`: every vitest project (backend, frontend, e2e) in one run, then one closing line
// `N passed, N failed, N skipped` that CI and people can read. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = path.join(root, '.test-output');
const resultFile = path.join(outputDir, 'vitest.json');
mkdirSync(outputDir, { recursive: true });
rmSync(resultFile, { force: true });

const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const result = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultFile}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);

let summary = 'test results missing (vitest did not finish)';
if (existsSync(resultFile)) {
  /** @type {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number }} */
  const report = JSON.parse(readFileSync(resultFile, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  summary = `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`;
}
console.log(`\n${summary}`);
process.exit(result.status ?? 1);
