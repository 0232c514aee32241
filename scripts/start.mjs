#!/usr/bin/env node
// `npm start`: builds what is missing or out of date, then runs the server exactly as systemd
// does (`node backend/dist/main.js`). Without DATABASE_URL it brings its own PostgreSQL.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-built.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

try {
  ensureBuilt(['backend', 'frontend']);
} catch (error) {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const server = spawn(process.execPath, [path.join(root, 'backend/dist/main.js')], {
  cwd: path.join(root, 'backend'),
  stdio: 'inherit',
});
// Pass signals on (Ctrl-C reaches both processes; the server drains and stops itself).
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
