/** Running the backend's entry points as real processes (through tsx, so no build is needed). */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

export const backendDir = path.resolve(import.meta.dirname, '..');
const TSX = ['--import', 'tsx'];

/** A clean environment: nothing from the developer's shell leaks into the child's config. */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env };
}

export function runCli(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...TSX, path.join(backendDir, script), ...args], {
    cwd: backendDir,
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface Server {
  child: ChildProcess;
  /** Every stdout/stderr line so far. */
  lines: string[];
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts src/main.ts as systemd would start dist/main.js. */
export function startServer(env: Record<string, string | undefined>): Server {
  const child = spawn(process.execPath, [...TSX, path.join(backendDir, 'src/main.ts')], {
    cwd: backendDir,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    for (const wake of waiters) wake();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      for (const wake of waiters) wake();
      resolve({ code, signal });
    }),
  );
  const waitForLine = (match: (line: string) => boolean, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      let seen = 0;
      const check = () => {
        for (; seen < lines.length; seen++) {
          const line = lines[seen]!;
          if (match(line)) {
            cleanup();
            return resolve(line);
          }
        }
        if (child.exitCode !== null || child.signalCode !== null) {
          cleanup();
          reject(new Error(`server exited before the expected line:\n${lines.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for a line:\n${lines.join('\n')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return { child, lines, waitForLine, exited };
}

/** Parsed JSON log lines (non-JSON lines are skipped). */
export function logRecords(lines: string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
