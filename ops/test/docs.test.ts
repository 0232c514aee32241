/**
 * docs/deployment.de.md only names commands that exist: every ops/ script with every option it
 * is shown with, every `npm run` script and every `npm run db` verb. And everything the old
 * Python guide named has its equivalent there.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { opsDir, repoRoot } from './helpers.js';

const guide = readFileSync(path.join(repoRoot, 'docs/deployment.de.md'), 'utf8');
const lines = guide.split('\n');

describe('docs/deployment.de.md', () => {
  it('names only ops files that exist, with options the scripts know', () => {
    const mentioned = new Set<string>();
    for (const line of lines) {
      for (const match of line.matchAll(/ops\/([\w./-]+[\w])/g)) {
        const file = match[1] ?? '';
        mentioned.add(file);
        expect(existsSync(path.join(opsDir, file)), `ops/${file}`).toBe(true);
        if (!file.endsWith('.sh')) continue;
        const source = readFileSync(path.join(opsDir, file), 'utf8');
        const rest = line.slice((match.index ?? 0) + match[0].length).split('`')[0] ?? '';
        for (const option of rest.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)) {
          expect(source, `ops/${file} ${option[1]}`).toMatch(
            new RegExp(`(^|\\s|\\|)${option[1]}[)=|]`, 'm'),
          );
        }
      }
    }
    for (const file of [
      'setup_server.sh',
      'update.sh',
      'backup.sh',
      'restore.sh',
      'rollback.sh',
      'sync-secondary.sh',
      'timemaster.service',
      'nginx/timemaster.conf',
      'cron/timemaster-backup',
      'servers.conf',
    ]) {
      expect(mentioned, file).toContain(file);
    }
  });

  it('names only npm scripts and db verbs that exist', () => {
    const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const workspace = (name: string) =>
      (
        JSON.parse(readFileSync(path.join(repoRoot, name, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts;
    const cli = readFileSync(path.join(repoRoot, 'backend/src/db/cli.ts'), 'utf8');
    for (const match of guide.matchAll(/npm run ([\w:-]+)(?: -w (\w+))?(?: -- ([^`"\n]*))?/g)) {
      const [, script = '', ws, args] = match;
      const scripts = ws ? workspace(ws) : root.scripts;
      expect(scripts, match[0]).toHaveProperty(script);
      if (script === 'db' && args) {
        const [verb = '', ...options] = args.trim().split(/\s+/);
        expect(['upgrade', 'downgrade', 'current', 'history'], match[0]).toContain(verb);
        for (const option of options.filter((o) => o.startsWith('--'))) {
          expect(cli, match[0]).toContain(option);
        }
      }
    }
  });

  it('has an equivalent for every command and file of the old guide', () => {
    for (const needle of [
      'setup_server.sh',
      'timemaster.service',
      'sites-available/timemaster',
      'requirements.txt',
      'alembic upgrade head',
      'alembic downgrade -1',
      'alembic downgrade 0023',
      'alembic current',
      'alembic history --verbose',
      'update.sh',
      '--no-tests',
      '--no-frontend',
      '--server 137',
      '--server 164',
      '--dry-run',
      'pytest -x -q',
      'git pull --ff-only origin main',
      'rsync',
      'pg_dump',
      'gunzip -c',
      'git checkout',
      'git log --oneline -10',
      'certbot --nginx -d',
      'nginx -t && systemctl reload nginx',
      'journalctl -u timemaster -f',
      'journalctl -u timemaster -n 100',
      "--since='1 hour ago' -p err",
      'systemctl status redis-server',
      'curl https://',
      'CALDAV_ALLOWED_CIDRS=192.168.1.50/32',
      'lieber `/32` (einzelner Host) als',
      'postgresql+asyncpg://',
      'FIRST_SUPERADMIN_EMAIL',
      'RESEND_API_KEY',
      'SECRET_KEY',
    ]) {
      expect(guide, needle).toContain(needle);
    }
  });
});
