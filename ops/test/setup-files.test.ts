/**
 * setup_server.sh's steps nginx, service and backup for real, into temporary /etc folders, with
 * nginx and systemctl replaced by stand-ins that succeed: the rendered files, and that re-running
 * updates untouched files but keeps edited ones (certbot's, an administrator's).
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { opsDir, repoRoot, runScript } from './helpers.js';

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('setup_server.sh installs its files', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'timemaster-ops-setup-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const dir = path.join(tmp, 'srv/timemaster');
  mkdirSync(path.join(dir, 'backend'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{}\n');
  cpSync(path.join(repoRoot, 'backend/.env.example'), path.join(dir, 'backend/.env.example'));
  const etc = path.join(tmp, 'etc');
  const site = path.join(etc, 'nginx/sites-available/timemaster');
  const unit = path.join(etc, 'systemd/timemaster.service');
  const cron = path.join(etc, 'cron.d/timemaster-backup');
  const bin = path.join(tmp, 'bin');
  const calls = path.join(tmp, 'calls.log');
  mkdirSync(bin);
  for (const name of ['nginx', 'systemctl']) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${calls}'\n`);
    chmodSync(path.join(bin, name), 0o755);
  }

  const setup = (domain: string) => {
    writeFileSync(calls, '');
    return runScript(
      path.join(opsDir, 'setup_server.sh'),
      ['--only', 'nginx,service,backup', '--domain', domain],
      {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        TIMEMASTER_DIR: dir,
        TM_NODE_BIN: '/opt/node-20/bin/node',
        TM_NGINX_DIR: path.join(etc, 'nginx'),
        TM_SYSTEMD_DIR: path.join(etc, 'systemd'),
        TM_CRON_DIR: path.join(etc, 'cron.d'),
        BACKUP_DIR: path.join(tmp, 'backups'),
      },
    );
  };

  it('renders the site, the unit and the cron file for this installation', () => {
    const result = setup('zeit.example.de');
    expect(result.code, result.output).toBe(0);
    const siteText = readFileSync(site, 'utf8');
    expect(siteText).toMatch(/^# Installed by ops\/setup_server\.sh \(sha256:[0-9a-f]{16}\)/);
    expect(siteText).toContain('server_name zeit.example.de;');
    expect(siteText).not.toContain('timemaster.example.com');
    expect(siteText).not.toContain('/opt/timemaster');
    expect(siteText).toContain(`root ${dir}/frontend/dist;`);
    expect(siteText).toContain('ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem;');
    expect(siteText).toContain('ssl_certificate_key /etc/ssl/private/ssl-cert-snakeoil.key;');
    const link = path.join(etc, 'nginx/sites-enabled/timemaster');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(site);

    const unitText = readFileSync(unit, 'utf8');
    expect(unitText).toContain(`ExecStart=/opt/node-20/bin/node ${dir}/backend/dist/main.js`);
    expect(unitText).toContain(`EnvironmentFile=${dir}/backend/.env`);
    expect(unitText).toContain(`ReadWritePaths=${dir}/backend/data`);

    const cronText = readFileSync(cron, 'utf8');
    expect(cronText).toContain(`root  ${dir}/ops/backup.sh`);
    expect(cronText).toContain(`BACKUP_DIR=${tmp}/backups`);
    expect(existsSync(path.join(tmp, 'backups'))).toBe(true);

    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
      'nginx -t',
      'systemctl enable nginx',
      'systemctl reload-or-restart nginx',
      'systemctl daemon-reload',
      'systemctl enable timemaster',
    ]);
    // Without mail in .env the service is enabled, not started.
    expect(result.output).toContain('kein Mail-Versand');
  });

  it('leaves everything as it is on a second run', () => {
    const before = [site, unit, cron].map((file) => readFileSync(file, 'utf8'));
    const result = setup('zeit.example.de');
    expect(result.code, result.output).toBe(0);
    expect(result.output.match(/ist aktuell\./g)).toHaveLength(3);
    expect([site, unit, cron].map((file) => readFileSync(file, 'utf8'))).toEqual(before);
    expect(existsSync(`${site}.new`)).toBe(false);
  });

  it('updates untouched files in place', () => {
    const result = setup('zeiterfassung.example.de');
    expect(result.code, result.output).toBe(0);
    expect(readFileSync(site, 'utf8')).toContain('server_name zeiterfassung.example.de;');
    expect(existsSync(`${site}.new`)).toBe(false);
  });

  it('keeps an edited file and writes the new version next to it', () => {
    const edited = `${readFileSync(site, 'utf8')}# managed by Certbot\n`;
    writeFileSync(site, edited);
    const result = setup('zeit.example.de');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`${site} wurde von Hand geändert und bleibt, wie es ist.`);
    expect(readFileSync(site, 'utf8')).toBe(edited);
    expect(readFileSync(`${site}.new`, 'utf8')).toContain('server_name zeit.example.de;');
  });
});
