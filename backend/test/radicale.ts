/**
 * A real CalDAV server for tests: Debian's `radicale` (3.1), on a free loopback port, with
 * htpasswd sign-in (plain: bcrypt needs python3-bcrypt, which the package does not pull in) and
 * its own temporary storage. `.ci/run` installs the package; tests that need it skip with a
 * reason only when the binary is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The user TimeMaster writes as, as the deployment guide recommends. */
export const SYNC_USER = 'timemaster-sync';
export const SYNC_PASSWORD = 'app-passwort-1234';
/** A second user whose calendars the sync user may not touch. */
export const OTHER_USER = 'jemand-anderes';
export const OTHER_PASSWORD = 'anderes-passwort-1234';

function findRadicale(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v radicale'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

const binary = findRadicale();

/** Why Radicale tests cannot run here, or null when they can. */
export const radicaleMissing: string | null = binary
  ? null
  : 'the radicale binary is missing (apt-get install -y radicale; .ci/run installs it)';

export interface Radicale {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** The URL of a collection of the sync user, e.g. calendarUrl('firma') → …/timemaster-sync/firma/ */
  calendarUrl(name: string, user?: string): string;
  /**
   * Creates a calendar owned by the user. (The user's own principal collection, `/USER/`, is
   * the ready-made "folder, not a calendar": owner_only rights allow no other plain folders.)
   */
  createCalendar(name: string, user?: string): Promise<void>;
  /** Stops the server (the port stays reserved for start()). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same storage. */
  start(): Promise<void>;
  /** Stops it and removes its storage. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`radicale exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`radicale did not open port ${port}`);
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Starts Radicale; call close() in afterAll. */
export async function startRadicale(): Promise<Radicale> {
  if (!binary) throw new Error(radicaleMissing!);
  const dir = mkdtempSync(path.join(tmpdir(), 'radicale-'));
  const port = await freePort();
  writeFileSync(
    path.join(dir, 'users'),
    `${SYNC_USER}:${SYNC_PASSWORD}\n${OTHER_USER}:${OTHER_PASSWORD}\n`,
  );
  writeFileSync(
    path.join(dir, 'config'),
    `[server]
hosts = 127.0.0.1:${port}
[auth]
type = htpasswd
htpasswd_filename = ${path.join(dir, 'users')}
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = ${path.join(dir, 'collections')}
[web]
type = none
[logging]
level = warning
`,
  );
  const origin = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const passwords: Record<string, string> = {
    [SYNC_USER]: SYNC_PASSWORD,
    [OTHER_USER]: OTHER_PASSWORD,
  };

  async function start() {
    // --config replaces the system-wide /etc/radicale/config.
    child = spawn(binary!, ['--config', path.join(dir, 'config')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.resume();
    await waitForPort(port, child);
  }

  async function stop() {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  }

  await start();
  return {
    origin,
    port,
    calendarUrl: (name, user = SYNC_USER) => `${origin}/${user}/${name}/`,
    async createCalendar(name, user = SYNC_USER) {
      const res = await fetch(`${origin}/${user}/${name}/`, {
        method: 'MKCALENDAR',
        headers: { authorization: basic(user, passwords[user]!) },
      });
      if (res.status !== 201) throw new Error(`creating ${name}: ${res.status}`);
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
