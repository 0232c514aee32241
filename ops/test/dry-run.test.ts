/**
 * `--dry-run` of the ops scripts, step by step: the commands they would run on the example
 * servers 137 and 164 and on `local`. Every command that could change something or talk to
 * another machine (ssh, rsync, apt-get, systemctl, npm, git, psql, …) is replaced by a stand-in
 * that records its call: a dry run must record none.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeBin } from './helpers.js';
import { expectInOrder, fakeBin, opsDir, repoRoot, runScript } from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'timemaster-ops-dry-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let fakes: FakeBin;
beforeEach(() => {
  fakes = fakeBin(mkdtempSync(path.join(tmp, 'bin-')));
});

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = runScript(path.join(opsDir, script), args, {
    PATH: `${fakes.dir}:${process.env.PATH ?? ''}:/usr/sbin:/sbin`,
    TM_SERVERS_CONF: path.join(opsDir, 'servers.conf'),
    ...env,
  });
  expect(fakes.calls(), `commands were run:\n${result.output}`).toEqual([]);
  return result;
}

/** The script block sent to one server for one step. */
function block(output: string, heading: string): string {
  const start = output.indexOf(heading);
  if (start < 0) throw new Error(`no step "${heading}" in:\n${output}`);
  const next = output.indexOf('\n=== ', start + heading.length);
  return output.slice(start, next < 0 ? undefined : next);
}

describe('update.sh --dry-run', () => {
  it('updates 137 then 164, tests on 137 only, and runs nothing', () => {
    const { code, output } = run('update.sh', ['--dry-run']);
    expect(code).toBe(0);
    expectInOrder(output, [
      '=== Schritt 1 – Tests auf 137',
      "[137] ssh -o BatchMode=yes root@192.168.1.137 bash -s <<'EOF'",
      "TEST_CMD='npm test -- --project backend --project frontend --project e2e'",
      'git worktree add -q --detach "$wt" "$rev"',
      'TEST_DATABASE_URL=$(sed -n',
      'bash -c "$TEST_CMD"',
      '=== Schritt 2 – Frontend lokal bauen',
      `+ cd ${repoRoot} && npm run build -w frontend`,
      '=== Schritt 3 – git pull auf 137 (root@192.168.1.137)',
      'REMOTE=origin\nBRANCH=main',
      'git pull --ff-only "$REMOTE" "$BRANCH"',
      '=== Schritt 4 – Abhängigkeiten und Build auf 137',
      'npm ci --no-audit --no-fund',
      'npm run build -w backend',
      '=== Schritt 5 – Datenbank-Migrationen auf 137',
      'npm run db -- upgrade head',
      '=== Schritt 6 – Dienst neu laden auf 137',
      "RELOAD_CMD='systemctl reload timemaster'",
      '=== Schritt 7 – Health-Check auf 137',
      'HEALTH_URL=http://127.0.0.1:8000/health\nTRIES=3',
      '=== Rollback auf 137',
      "RESTART_CMD='systemctl restart timemaster'",
      'git checkout -q --detach "$OLD"',
      '=== Schritt 8 – Frontend übertragen nach 137',
      `+ rsync -az -e 'ssh -o BatchMode=yes' --exclude index.html ${repoRoot}/frontend/dist/ root@192.168.1.137:/opt/timemaster/frontend/dist/`,
      `+ rsync -az -e 'ssh -o BatchMode=yes' --delete ${repoRoot}/frontend/dist/ root@192.168.1.137:/opt/timemaster/frontend/dist/`,
      '=== Schritt 3 – git pull auf 164 (root@192.168.1.164)',
      "[164] ssh -o BatchMode=yes root@192.168.1.164 bash -s <<'EOF'",
      '=== Schritt 4 – Abhängigkeiten und Build auf 164',
      '=== Schritt 5 – Datenbank-Migrationen auf 164',
      '=== Schritt 6 – Dienst neu laden auf 164',
      '=== Schritt 7 – Health-Check auf 164',
      '=== Schritt 8 – Frontend übertragen nach 164',
      'root@192.168.1.164:/opt/timemaster/frontend/dist/',
      'Probelauf: nichts wurde ausgeführt.',
    ]);
    // Tests run once, on the primary; the secondary deploys the tested commit.
    expect(output.match(/^TEST_CMD=/gm)).toHaveLength(1);
    expect(block(output, 'Schritt 3 – git pull auf 164')).toContain("TESTED='<getesteter Commit>'");
  });

  it('--server 164 updates the secondary only and leaves the tests to the primary', () => {
    const { code, output } = run('update.sh', ['--server', '164', '--dry-run']);
    expect(code).toBe(0);
    expect(output).toContain('Tests übersprungen: sie laufen nur auf dem Primary');
    expect(output).not.toContain('192.168.1.137');
    expectInOrder(output, ['Schritt 2 – Frontend', 'Schritt 3 – git pull auf 164', 'Schritt 8']);
  });

  it('--server 137 --no-tests --no-frontend: backend steps on the primary only', () => {
    const { code, output } = run('update.sh', [
      '--server=137',
      '--no-tests',
      '--no-frontend',
      '--dry-run',
    ]);
    expect(code).toBe(0);
    expect(output).toContain('Tests übersprungen (--no-tests).');
    expect(output).toContain('Frontend-Build übersprungen (--no-frontend)');
    expect(output).not.toContain('npm test');
    expect(output).not.toContain('rsync');
    expect(output).not.toContain('192.168.1.164');
    expectInOrder(output, ['Schritt 3 – git pull auf 137', 'Schritt 7 – Health-Check auf 137']);
  });

  it('--server local runs the same steps on this machine, without ssh', () => {
    const dir = path.join(tmp, 'opt-timemaster');
    const { code, output } = run('update.sh', ['--server', 'local', '--dry-run'], {
      TIMEMASTER_DIR: dir,
      TM_RELOAD_CMD: 'kill -HUP 12345',
      TM_HEALTH_URL: 'http://127.0.0.1:18123/health',
      TM_HEALTH_TRIES: '7',
    });
    expect(code).toBe(0);
    expect(output).not.toMatch(/ssh|192\.168/);
    expectInOrder(output, [
      'Schritt 1 – Tests auf local',
      "[local] bash -s <<'EOF'",
      `TIMEMASTER_DIR=${dir}`,
      'Schritt 2 – Frontend lokal bauen',
      `Schritt 3 – git pull auf local (dieser Rechner, ${dir})`,
      'git pull --ff-only "$REMOTE" "$BRANCH"',
      "RELOAD_CMD='kill -HUP 12345'",
      'HEALTH_URL=http://127.0.0.1:18123/health\nTRIES=7',
      'Schritt 8 – Frontend übertragen nach local',
      `+ rsync -a --exclude index.html ${repoRoot}/frontend/dist/ ${dir}/frontend/dist/`,
      `+ rsync -a --delete ${repoRoot}/frontend/dist/ ${dir}/frontend/dist/`,
    ]);
  });

  it('refuses unknown servers and options', () => {
    const unknown = run('update.sh', ['--server', '999', '--dry-run']);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('unbekannter Server 999');
    expect(run('update.sh', ['--bogus']).code).toBe(2);
  });
});

describe('setup_server.sh --dry-run', () => {
  function skeleton(withEnv: boolean): { dir: string; etc: Record<string, string> } {
    const dir = mkdtempSync(path.join(tmp, 'checkout-'));
    mkdirSync(path.join(dir, 'backend'));
    writeFileSync(path.join(dir, 'package.json'), '{}\n');
    cpSync(path.join(repoRoot, 'backend/.env.example'), path.join(dir, 'backend/.env.example'));
    if (withEnv) {
      writeFileSync(
        path.join(dir, 'backend/.env'),
        'DATABASE_URL=postgresql://timemaster:secret-from-env@localhost:5432/timemaster_db\n' +
          'TEST_DATABASE_URL=postgresql://timemaster_test:t@localhost:5432/timemaster_test\n',
      );
    }
    const etc = {
      TM_NGINX_DIR: path.join(dir, 'etc/nginx'),
      TM_SYSTEMD_DIR: path.join(dir, 'etc/systemd'),
      TM_CRON_DIR: path.join(dir, 'etc/cron.d'),
      BACKUP_DIR: path.join(dir, 'backups'),
    };
    return { dir, etc };
  }

  it('prints every step of a fresh server and changes nothing', () => {
    const { dir, etc } = skeleton(false);
    const { code, output } = run('setup_server.sh', ['--dry-run', '--domain', 'zeit.example.de'], {
      TIMEMASTER_DIR: dir,
      TM_NODE_BIN: '/nonexistent/node',
      ...etc,
    });
    expect(code).toBe(0);
    expectInOrder(output, [
      'Probelauf',
      '=== Schritt 1 – System-Pakete ===',
      '+ apt-get update',
      '+ env DEBIAN_FRONTEND=noninteractive apt-get upgrade -y',
      '+ env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql postgresql-contrib redis-server nginx git curl build-essential rsync',
      'Node.js ≥ 20.19 fehlt: Node.js 20 aus dem NodeSource-Repository.',
      'https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key',
      'https://deb.nodesource.com/node_20.x nodistro main',
      '+ env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs',
      '=== Schritt 2 – PostgreSQL (Rolle, Datenbanken, backend/.env) ===',
      '+ systemctl enable --now postgresql',
      `+ ${dir}/backend/.env anlegen aus backend/.env.example`,
      "+ runuser -u postgres -- psql -v ON_ERROR_STOP=1 <<'SQL'",
      "\\set db_user 'timemaster'\n\\set db_name 'timemaster_db'\n\\set db_pw '********'",
      "\\set test_name 'timemaster_test'\n\\set test_pw '********'",
      "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'db_user', :'db_pw')",
      "SELECT format('CREATE DATABASE %I OWNER %I', :'db_name', :'db_user')",
      "SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'test_user', :'test_pw')",
      '=== Schritt 3 – Redis ===',
      '+ systemctl enable --now redis-server',
      '=== Schritt 4 – Node-Abhängigkeiten und Build ===',
      `+ cd ${dir} && npm ci --no-audit --no-fund`,
      `+ cd ${dir} && npm run build`,
      `+ install -d -o www-data -g www-data -m 750 ${dir}/backend/data ${dir}/backend/data/uploads ${dir}/backend/data/mail`,
      '=== Schritt 5 – Datenbank-Migrationen ===',
      `+ cd ${dir} && npm run db -- upgrade head`,
      '=== Schritt 6 – nginx ===',
      'Noch kein Zertifikat für zeit.example.de',
      `+ ${etc.TM_NGINX_DIR}/sites-available/timemaster schreiben`,
      `+ ln -sfn ${etc.TM_NGINX_DIR}/sites-available/timemaster ${etc.TM_NGINX_DIR}/sites-enabled/timemaster`,
      '+ nginx -t',
      '+ systemctl reload-or-restart nginx',
      '=== Schritt 7 – systemd-Dienst ===',
      `+ ${etc.TM_SYSTEMD_DIR}/timemaster.service schreiben`,
      '+ systemctl daemon-reload',
      '+ systemctl enable timemaster',
      '=== Schritt 8 – Backup-Cron ===',
      `+ install -d -m 700 ${etc.BACKUP_DIR}`,
      `+ ${etc.TM_CRON_DIR}/timemaster-backup schreiben`,
      '=== Fertig ===',
      'certbot --nginx -d zeit.example.de',
    ]);
    // No secret is printed, nothing is written.
    expect(output).not.toMatch(/[0-9a-f]{48}/);
    expect(existsSync(path.join(dir, 'backend/.env'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['backend', 'package.json']);
  });

  it('keeps an existing .env and a suitable Node.js', () => {
    const { dir, etc } = skeleton(true);
    const { code, output } = run('setup_server.sh', ['--dry-run', '--only', 'packages,postgres'], {
      TIMEMASTER_DIR: dir,
      TM_NODE_BIN: process.execPath,
      ...etc,
    });
    expect(code).toBe(0);
    expect(output).toContain('reicht (≥ 20.19): NodeSource wird nicht eingerichtet.');
    expect(output).not.toContain('nodesource.list');
    expect(output).toContain('ist vorhanden und bleibt unverändert');
    expect(output).toContain("\\set sync_pw 'no'");
    expect(output).not.toContain('secret-from-env');
    expect(output).not.toContain('Schritt 3');
  });

  it('--server 137 and 164 run the server’s own setup_server.sh over ssh', () => {
    const servers: [string, string][] = [
      ['137', 'root@192.168.1.137'],
      ['164', 'root@192.168.1.164'],
    ];
    for (const [name, address] of servers) {
      const { code, output } = run('setup_server.sh', [
        '--server',
        name,
        '--domain',
        'zeit.example.de',
        '--no-upgrade',
        '--dry-run',
      ]);
      expect(code).toBe(0);
      expectInOrder(output, [
        `=== Setup auf ${name} (${address}) mit /opt/timemaster/ops/setup_server.sh ===`,
        `[${name}] ssh -o BatchMode=yes ${address} bash -s <<'EOF'`,
        '/opt/timemaster/ops/setup_server.sh --domain zeit.example.de --no-upgrade\nEOF',
      ]);
    }
  });

  it('refuses unknown steps', () => {
    const { dir } = skeleton(false);
    const result = run('setup_server.sh', ['--dry-run', '--only', 'everything'], {
      TIMEMASTER_DIR: dir,
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('unbekannter Schritt everything');
  });
});

describe('sync-secondary.sh --dry-run', () => {
  it('restores 164 from the newest dump of 137', () => {
    const { code, output } = run('sync-secondary.sh', ['--dry-run']);
    expect(code).toBe(0);
    expectInOrder(output, [
      '=== Schritt 1 – Dump auf 137 (root@192.168.1.137)',
      "[137] ssh -o BatchMode=yes root@192.168.1.137 bash -s <<'EOF'",
      'out=$(ops/backup.sh --latest)',
      '=== Schritt 2 – SECRET_KEY von 164 prüfen',
      '[164] ssh -o BatchMode=yes root@192.168.1.164',
      '=== Schritt 3 – Dump nach 164 übertragen',
      "+ rsync -a -e 'ssh -o BatchMode=yes' 'root@192.168.1.137:<Dump aus Schritt 1>'",
      "root@192.168.1.164:<Dump aus Schritt 1>'",
      '=== Schritt 4 – Wiederherstellen auf 164',
      'ops/restore.sh --yes --replace "$DUMP"',
      '=== Schritt 5 – Health-Check auf 164',
      'Probelauf: nichts wurde ausgeführt.',
    ]);
  });

  it('--fresh dumps first; local to local needs no transfer', () => {
    const { code, output } = run(
      'sync-secondary.sh',
      ['--from', 'local', '--to', 'local', '--fresh', '--dry-run'],
      {
        TIMEMASTER_DIR: '/srv/timemaster',
      },
    );
    expect(code).toBe(0);
    expect(output).not.toMatch(/ssh|192\.168/);
    expectInOrder(output, [
      "[local] bash -s <<'EOF'",
      'TIMEMASTER_DIR=/srv/timemaster',
      'FRESH=1',
      'ops/backup.sh --label sync',
      'Quelle und Ziel sind dieser Rechner: nichts zu übertragen.',
      'ops/restore.sh --yes --replace',
    ]);
  });
});

describe('rollback.sh and backup.sh --dry-run', () => {
  it('rollback.sh --server 137 sends the server’s own rollback.sh over ssh', () => {
    const { code, output } = run('rollback.sh', [
      '--server',
      '137',
      '--downgrade',
      '--dry-run',
      'abc1234',
    ]);
    expect(code).toBe(0);
    expectInOrder(output, [
      'Rollback auf 137 (root@192.168.1.137) nach abc1234',
      "[137] ssh -o BatchMode=yes root@192.168.1.137 bash -s <<'EOF'",
      '/opt/timemaster/ops/rollback.sh --downgrade abc1234',
    ]);
  });

  it('backup.sh shows pg_dump without the password, the retention and the upload hook', () => {
    const { code, output } = run('backup.sh', ['--dry-run', '--label', 'manual'], {
      DATABASE_URL: 'postgresql+asyncpg://timemaster:hunter2secret@localhost:5432/timemaster_db',
      BACKUP_DIR: path.join(tmp, 'backups'),
      BACKUP_UPLOAD_CMD: 'rclone copy "$1" offsite:timemaster/',
    });
    expect(code).toBe(0);
    expect(output).not.toContain('hunter2secret');
    expectInOrder(output, [
      `+ mkdir -p ${tmp}/backups`,
      '+ pg_dump --format=custom --file=',
      '_manual.dump.partial --dbname=postgresql://timemaster@localhost:5432/timemaster_db',
      '-mtime +30 -print -delete',
      'Upload: rclone copy "$1" offsite:timemaster/',
    ]);
    expect(existsSync(path.join(tmp, 'backups'))).toBe(false);
  });
});
