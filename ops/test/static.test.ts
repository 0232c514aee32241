/**
 * The deployment files on their own: shellcheck on every script, `nginx -t` on the site,
 * `systemd-analyze verify` (or a parser check) on the unit, the cron file and servers.conf.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SITE_NAME,
  findTool,
  makeTestCert,
  nginxMainConf,
  optionalTool,
  opsDir,
  parseEnvironmentAssignments,
  parseUnit,
  repoRoot,
  unitValue,
  unitValues,
} from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'timemaster-ops-static-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function shellScripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return shellScripts(full);
    return entry.name.endsWith('.sh') ? [full] : [];
  });
}

describe('shell scripts', () => {
  const scripts = shellScripts(opsDir);

  it('are all there', () => {
    const names = scripts.map((s) => path.relative(opsDir, s)).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'backup.sh',
        'lib.sh',
        'restore.sh',
        'rollback.sh',
        'setup_server.sh',
        'sync-secondary.sh',
        'update.sh',
      ]),
    );
  });

  const shellcheck = optionalTool('shellcheck');

  it.skipIf(!shellcheck)('pass shellcheck', () => {
    const result = spawnSync(shellcheck!, scripts, { cwd: repoRoot, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  it('are executable bash with strict mode (lib.sh is only sourced)', () => {
    for (const script of scripts.filter((s) => !s.endsWith('/lib.sh'))) {
      const text = readFileSync(script, 'utf8');
      expect(text.startsWith('#!/usr/bin/env bash\n'), script).toBe(true);
      expect(text, script).toContain('\nset -euo pipefail\n');
      expect(statSync(script).mode & 0o111, `${script} is not executable`).not.toBe(0);
    }
  });

  it('answer --help with their usage', () => {
    for (const name of ['update.sh', 'setup_server.sh', 'backup.sh', 'restore.sh', 'rollback.sh']) {
      const result = spawnSync('bash', [path.join(opsDir, name), '--help'], { encoding: 'utf8' });
      expect(result.status, name).toBe(0);
      expect(result.stdout, name).toMatch(/Usage: ops\//);
    }
    const sync = spawnSync('bash', [path.join(opsDir, 'sync-secondary.sh'), '--help'], {
      encoding: 'utf8',
    });
    expect(sync.stdout).toMatch(/Usage: ops\/sync-secondary\.sh/);
  });
});

describe('nginx site', () => {
  const conf = readFileSync(path.join(opsDir, 'nginx/timemaster.conf'), 'utf8');
  const nginx = optionalTool('nginx');

  function nginxTest(site: string): { status: number | null; output: string } {
    const prefix = mkdtempSync(path.join(tmp, 'nginx-'));
    const siteFile = path.join(prefix, 'site.conf');
    writeFileSync(siteFile, site);
    writeFileSync(path.join(prefix, 'nginx.conf'), nginxMainConf(prefix, siteFile));
    const result = spawnSync(
      nginx!,
      ['-t', '-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', path.join(prefix, 'e.log')],
      { encoding: 'utf8' },
    );
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  function withTestCert(site: string): string {
    const { cert, key } = makeTestCert(mkdtempSync(path.join(tmp, 'cert-')));
    return site
      .replace(`/etc/letsencrypt/live/${SITE_NAME}/fullchain.pem`, cert)
      .replace(`/etc/letsencrypt/live/${SITE_NAME}/privkey.pem`, key);
  }

  it.skipIf(!nginx)('passes nginx -t with self-signed test certificates', () => {
    const result = nginxTest(withTestCert(conf));
    expect(result.output).toContain('test is successful');
    expect(result.output).not.toMatch(/\[(warn|emerg)\]/);
    expect(result.status).toBe(0);
  });

  it.skipIf(!nginx)('passes nginx -t with the documentation switch on', () => {
    const site = withTestCert(conf).replace(
      'set $timemaster_docs off;',
      'set $timemaster_docs on;',
    );
    expect(nginxTest(site).status).toBe(0);
  });

  it('keeps the guide’s settings and adds what the issue asks for', () => {
    expect(conf).toContain('return 301 https://$host$request_uri;');
    expect(conf).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
    expect(conf).toMatch(/add_header Strict-Transport-Security "max-age=31536000[^"]*" always;/);
    expect(conf).toContain('client_max_body_size 20M;');
    for (const header of [
      'Host $host',
      'X-Real-IP $remote_addr',
      'X-Forwarded-For',
      'X-Forwarded-Proto $scheme',
    ]) {
      expect(conf).toContain(`proxy_set_header ${header}`);
    }
    expect(conf).toContain('location = /health {');
    expect(conf).toMatch(/location ~ \^\/api\/v1\/\.\+\/stream\$ \{[^}]*proxy_buffering off;/);
    expect(conf).toContain('set $timemaster_docs off;');
    expect(conf).toContain('try_files $uri $uri/ /index.html;');
    expect(conf).toContain('root /opt/timemaster/frontend/dist;');
    expect(conf).toContain('alias /opt/timemaster/backend/static/;');
    expect(conf).toContain('"public, max-age=31536000, immutable"');
  });

  it('has no route to uploaded documents and no add_header inside a location', () => {
    expect(conf).not.toMatch(/^\s*(root|alias)\s+\S*\/data/m);
    const roots = [...conf.matchAll(/^\s*(?:root|alias)\s+(\S+);/gm)].map((m) => m[1]);
    expect(roots.sort()).toEqual([
      '/opt/timemaster/backend/static/',
      '/opt/timemaster/frontend/dist',
      '/opt/timemaster/frontend/dist',
    ]);
    // An add_header in a location would drop every server-level header (HSTS, CSP, …) there.
    const locations = conf.split(/\n\s*location /).slice(1);
    for (const block of locations) expect(block.split('\n}')[0]).not.toContain('add_header');
  });
});

describe('systemd unit', () => {
  const text = readFileSync(path.join(opsDir, 'timemaster.service'), 'utf8');
  const unit = parseUnit(text);

  it('passes systemd-analyze verify where available', (context) => {
    const analyze = findTool('systemd-analyze');
    if (!analyze) {
      context.skip('systemd-analyze not installed (the parser test below still checks the keys)');
      return;
    }
    const dir = mkdtempSync(path.join(tmp, 'unit-'));
    copyFileSync(path.join(opsDir, 'timemaster.service'), path.join(dir, 'timemaster.service'));
    const result = spawnSync(analyze, ['verify', path.join(dir, 'timemaster.service')], {
      encoding: 'utf8',
    });
    // systemd-analyze exits 0 even for unknown keys and bad values: the output must be empty.
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  it('has the guide’s settings for the Node backend', () => {
    expect(unitValue(unit, 'Service', 'Type')).toBe('exec');
    expect(unitValue(unit, 'Service', 'User')).toBe('www-data');
    expect(unitValue(unit, 'Service', 'Group')).toBe('www-data');
    expect(unitValue(unit, 'Service', 'WorkingDirectory')).toBe('/opt/timemaster/backend');
    expect(unitValue(unit, 'Service', 'EnvironmentFile')).toBe('/opt/timemaster/backend/.env');
    expect(unitValue(unit, 'Service', 'ExecStart')).toBe(
      '/usr/bin/node /opt/timemaster/backend/dist/main.js',
    );
    const env = Object.assign(
      {},
      ...unitValues(unit, 'Service', 'Environment').map(parseEnvironmentAssignments),
    ) as Record<string, string>;
    expect(env.WEB_CONCURRENCY).toBe('4');
    expect(unitValue(unit, 'Service', 'ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    expect(unitValue(unit, 'Service', 'Restart')).toBe('on-failure');
    expect(unitValue(unit, 'Service', 'RestartSec')).toBe('5');
    expect(Number(unitValue(unit, 'Service', 'TimeoutStopSec'))).toBeGreaterThanOrEqual(15);
    expect(unitValue(unit, 'Service', 'StandardOutput')).toBe('journal');
    expect(unitValue(unit, 'Service', 'StandardError')).toBe('journal');
    expect(unitValue(unit, 'Service', 'SyslogIdentifier')).toBe('timemaster');
    expect(unitValue(unit, 'Service', 'NoNewPrivileges')).toBe('yes');
    expect(unitValue(unit, 'Service', 'PrivateTmp')).toBe('yes');
    expect(unitValue(unit, 'Service', 'ProtectSystem')).toBe('strict');
    expect(unitValues(unit, 'Service', 'ReadWritePaths')).toEqual(['/opt/timemaster/backend/data']);
    for (const key of ['After', 'Requires']) {
      const value = unitValue(unit, 'Unit', key) ?? '';
      expect(value).toContain('postgresql.service');
      expect(value).toContain('redis-server.service');
    }
    expect(unitValue(unit, 'Unit', 'After')).toContain('network.target');
    expect(unitValue(unit, 'Install', 'WantedBy')).toBe('multi-user.target');
  });

  it('knows every key it uses (parser check for machines without systemd-analyze)', () => {
    const known: Record<string, string[]> = {
      Unit: ['Description', 'Documentation', 'After', 'Requires'],
      Service: [
        'Type',
        'User',
        'Group',
        'WorkingDirectory',
        'EnvironmentFile',
        'Environment',
        'ExecStart',
        'ExecReload',
        'KillMode',
        'TimeoutStopSec',
        'Restart',
        'RestartSec',
        'StandardOutput',
        'StandardError',
        'SyslogIdentifier',
        'UMask',
        'NoNewPrivileges',
        'PrivateTmp',
        'ProtectSystem',
        'ReadWritePaths',
        'ProtectHome',
        'PrivateDevices',
        'ProtectKernelTunables',
        'ProtectKernelModules',
        'ProtectControlGroups',
        'RestrictSUIDSGID',
        'RestrictRealtime',
        'LockPersonality',
      ],
      Install: ['WantedBy'],
    };
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    for (const [section, pairs] of unit) {
      for (const [key] of pairs) expect(known[section], `${section}.${key}`).toContain(key);
    }
  });
});

describe('backup cron', () => {
  const text = readFileSync(path.join(opsDir, 'cron/timemaster-backup'), 'utf8');

  it('runs ops/backup.sh daily as root, in a file cron accepts', () => {
    // cron.d ignores files whose names contain dots, and needs a final newline.
    expect(path.basename('cron/timemaster-backup')).not.toContain('.');
    expect(text.endsWith('\n')).toBe(true);
    const jobs = text
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^[A-Z_]+=/.test(line));
    expect(jobs).toHaveLength(1);
    const fields = (jobs[0] ?? '').trim().split(/\s+/);
    expect(fields.slice(2, 5)).toEqual(['*', '*', '*']);
    expect(Number(fields[0])).toBeLessThan(60);
    expect(Number(fields[1])).toBeLessThan(24);
    expect(fields[5]).toBe('root');
    expect(fields[6]).toBe('/opt/timemaster/ops/backup.sh');
    expect(text).toMatch(/^BACKUP_RETENTION_DAYS=30$/m);
  });
});

describe('servers.conf', () => {
  it('lists the guide’s example servers 137 and 164 (examples only)', () => {
    const text = readFileSync(path.join(opsDir, 'servers.conf'), 'utf8');
    const rows = text
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => line.trim().split(/\s+/));
    expect(rows).toEqual([
      ['137', 'root@192.168.1.137', 'primary'],
      ['164', 'root@192.168.1.164', 'secondary'],
    ]);
    expect(text).toMatch(/EXAMPLE/);
  });
});
