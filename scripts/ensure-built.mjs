#!/usr/bin/env node
// Builds the named workspaces (backend, frontend) when their build output is missing or older
// than their sources, so `npm start`, `npm run db` and the tests work on a fresh clone.
// Usage: node scripts/ensure-built.mjs backend [frontend]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each workspace is built from, and the file whose age stands for its build output. */
const targets = {
  backend: {
    sources: [
      'backend/src',
      'backend/package.json',
      'backend/tsconfig.build.json',
      'tsconfig.base.json',
    ],
    output: 'backend/dist/main.js',
  },
  frontend: {
    sources: [
      'frontend/src',
      'frontend/public',
      'frontend/index.html',
      'frontend/package.json',
      'frontend/vite.config.ts',
      'frontend/tsconfig.json',
    ],
    output: 'frontend/dist/index.html',
  },
};

/**
 * Newest modification time below a path (0 when it does not exist).
 * @param {string} target
 * @returns {number}
 */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** @param {string} name */
export function isStale(name) {
  const target = targets[/** @type {keyof typeof targets} */ (name)];
  const output = path.join(root, target.output);
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return target.sources.some((source) => newestMtime(path.join(root, source)) > built);
}

/** @param {string[]} names */
export function ensureBuilt(names) {
  for (const name of names) {
    if (!(name in targets)) throw new Error(`unknown workspace "${name}" (backend, frontend)`);
    if (!isStale(name)) continue;
    console.error(`[ensure-built] building ${name} …`);
    const result = spawnSync('npm', ['run', 'build', '-w', name], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`building ${name} failed`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureBuilt(process.argv.slice(2));
  } catch (error) {
    console.error(`[ensure-built] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
