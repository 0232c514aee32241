/**
 * The uploaded documents (sick notes) are files the database only points to: ops/backup.sh
 * archives UPLOAD_DIR next to the dump, and ops/restore.sh puts the files back without ever
 * overwriting one that is there.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { opsDir, requireTool, runScript } from './helpers.js';

const adminUrl = inject('opsDatabaseUrl');
const database = `tm_ops_uploads_${process.pid}`;

function urlFor(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

describe.skipIf(!adminUrl)('backup and restore of uploaded documents', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'timemaster-ops-uploads-'));
  const uploads = path.join(tmp, 'uploads');
  const backups = path.join(tmp, 'backups');

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    mkdirSync(path.join(uploads, 'ab'), { recursive: true });
    mkdirSync(path.join(uploads, 'exports'), { recursive: true });
    writeFileSync(path.join(uploads, 'ab', 'note-1'), '%PDF-1.7 first');
    writeFileSync(path.join(uploads, 'note-2'), '%PDF-1.7 second');
    writeFileSync(path.join(uploads, 'exports', 'archive.zip'), 'PK regenerable');
    chmodSync(path.join(uploads, 'ab', 'note-1'), 0o600);
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  });

  const backup = (env: Record<string, string>) =>
    runScript(path.join(opsDir, 'backup.sh'), ['--label', 'test'], {
      DATABASE_URL: urlFor(database),
      BACKUP_DIR: backups,
      ...env,
    });

  it('archives UPLOAD_DIR next to the dump (without report exports); the dump stays the last line', () => {
    requireTool('pg_dump', 'postgresql-client');
    const result = backup({ UPLOAD_DIR: uploads });
    expect(result.code, result.output).toBe(0);
    const files = readdirSync(backups).sort();
    expect(files).toEqual([
      expect.stringMatching(new RegExp(`^${database}_\\d{8}-\\d{6}_test\\.dump$`)),
      expect.stringMatching(new RegExp(`^${database}_\\d{8}-\\d{6}_test_uploads\\.tar\\.gz$`)),
    ]);
    expect(result.output.trim().split('\n').at(-1)).toBe(path.join(backups, files[0]!));
    expect(result.output).toContain('Dokumente gesichert: 2 Dateien');
  });

  it('puts the files back into an empty UPLOAD_DIR, bytes and modes as they were', () => {
    const archive = readdirSync(backups).find((f) => f.endsWith('_uploads.tar.gz'))!;
    const target = path.join(tmp, 'restored');
    const result = runScript(
      path.join(opsDir, 'restore.sh'),
      ['--yes', path.join(backups, archive)],
      {
        UPLOAD_DIR: target,
      },
    );
    expect(result.code, result.output).toBe(0);
    expect(readFileSync(path.join(target, 'ab', 'note-1'), 'utf8')).toBe('%PDF-1.7 first');
    expect(readFileSync(path.join(target, 'note-2'), 'utf8')).toBe('%PDF-1.7 second');
    expect(statSync(path.join(target, 'ab', 'note-1')).mode & 0o777).toBe(0o600);
    expect(readdirSync(target)).not.toContain('exports');
  });

  it('never overwrites a file that is there', () => {
    const archive = readdirSync(backups).find((f) => f.endsWith('_uploads.tar.gz'))!;
    const target = path.join(tmp, 'busy');
    mkdirSync(target);
    writeFileSync(path.join(target, 'note-2'), 'newer');
    const result = runScript(
      path.join(opsDir, 'restore.sh'),
      ['--yes', path.join(backups, archive)],
      {
        UPLOAD_DIR: target,
      },
    );
    expect(result.code, result.output).toBe(0);
    expect(readFileSync(path.join(target, 'note-2'), 'utf8')).toBe('newer');
    expect(readFileSync(path.join(target, 'ab', 'note-1'), 'utf8')).toBe('%PDF-1.7 first');
  });

  it('writes no archive while UPLOAD_DIR is empty or missing', () => {
    rmSync(backups, { recursive: true, force: true });
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    for (const dir of [empty, path.join(tmp, 'missing')]) {
      const result = backup({ UPLOAD_DIR: dir });
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain(`Keine hochgeladenen Dokumente in ${dir}`);
    }
    expect(readdirSync(backups).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
  });
});
