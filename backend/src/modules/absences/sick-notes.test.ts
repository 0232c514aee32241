import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import { buildTestApp, createTestDatabase, manualClock } from '../../../test/helpers.js';
import type { Company } from '../../../test/world.js';
import { createCompany, tokenFor } from '../../../test/world.js';
import type { Role } from '../../db/types.js';
import { MAX_SICK_NOTE_BYTES } from './sick-notes-storage.js';

type Someone = { id: string; tenant_id: string | null; role: Role };

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.alloc(2000, 0x20),
  Buffer.from('%%EOF'),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(500, 1),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 2)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500, 0x90)]);
const HTML = Buffer.from('<html><script>alert(document.cookie)</script></html>');

let database: TestDatabase;
let t: TestApp;
let a: Company;
let b: Company;
let uploadDir: string;
let distDir: string;
const clock = manualClock(new Date('2026-03-20T10:00:00Z'));

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'tm-uploads-'));
  distDir = await mkdtemp(path.join(tmpdir(), 'tm-dist-'));
  await writeFile(path.join(distDir, 'index.html'), '<!doctype html><title>SPA</title>');
  database = await createTestDatabase();
  // The built frontend is served too, so the test can show the uploads are not reachable there.
  t = await buildTestApp({
    database,
    redis: false,
    clock,
    env: { UPLOAD_DIR: uploadDir, SERVE_FRONTEND: 'true', FRONTEND_DIST: distDir },
  });
  a = await createCompany(database.db, 'Alpha');
  b = await createCompany(database.db, 'Beta');
  for (const c of [a, b]) {
    await database.db
      .insertInto('work_schedules')
      .values({
        tenant_id: c.tenant.id,
        user_id: null,
        valid_from: '2025-01-01',
        minutes: [480, 480, 480, 480, 480, 0, 0],
      })
      .execute();
  }
});
afterAll(async () => {
  await t.close();
  await database.drop();
  await rm(uploadDir, { recursive: true, force: true });
  await rm(distDir, { recursive: true, force: true });
});
beforeEach(() => clock.set(new Date('2026-03-20T10:00:00Z')));

let days = 0;
/** A sickness (or another absence) of a person, on days no other test uses. */
async function absence(
  c: Company,
  user: Someone,
  values: { key?: string; from?: string; to?: string | null; status?: string } = {},
) {
  days += 1;
  const type = await database.db
    .selectFrom('absence_types')
    .select('id')
    .where('tenant_id', '=', c.tenant.id)
    .where('key', '=', values.key ?? 'sick')
    .executeTakeFirstOrThrow();
  const from =
    values.from ??
    `2024-${String(Math.ceil(days / 14)).padStart(2, '0')}-${String((days % 14) * 2 + 1).padStart(2, '0')}`;
  return database.db
    .insertInto('absences')
    .values({
      tenant_id: c.tenant.id,
      user_id: user.id,
      type_id: type.id,
      start_day: from,
      end_day: values.to === undefined ? from : values.to,
      status: (values.status ?? 'approved') as 'approved',
      created_by: user.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

interface Part {
  field?: string;
  /** Sent as filename="…" (raw header text). */
  filename?: string;
  /** Sent as filename*=UTF-8''… (already percent-encoded). */
  filenameStar?: string;
  contentType?: string;
  data: Buffer;
}

/** A multipart/form-data body as a browser would send it. */
function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = '----TimeMasterTestBoundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let disposition = `form-data; name="${part.field ?? 'file'}"`;
    if (part.filename !== undefined) disposition += `; filename="${part.filename}"`;
    if (part.filenameStar !== undefined) disposition += `; filename*=UTF-8''${part.filenameStar}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
          `Content-Type: ${part.contentType ?? 'application/pdf'}\r\n\r\n`,
        'utf8',
      ),
      part.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(as: Someone, absenceId: string, part: Part | Part[]) {
  const body = multipart([part].flat());
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/absences/${absenceId}/sick-note`,
    headers: {
      authorization: `Bearer ${await tokenFor(t.app, as)}`,
      'content-type': body.contentType,
    },
    payload: body.payload,
  });
}

async function call(as: Someone, method: 'GET' | 'DELETE', url: string) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${await tokenFor(t.app, as)}` },
  });
}

const codeOf = (res: { json: () => unknown }) =>
  (res.json() as { error: { code: string } }).error.code;

/** Everything in the upload folder, temporary files included. */
const storedFiles = () => readdir(uploadDir);

async function filesOf(absenceId: string) {
  return database.db.selectFrom('files').selectAll().where('absence_id', '=', absenceId).execute();
}

async function auditOf(action: string, entityId?: string) {
  let query = database.db.selectFrom('audit_log').selectAll().where('action', '=', action);
  if (entityId) query = query.where('entity_id', '=', entityId);
  return query.execute();
}

describe('uploading a sick note', () => {
  it('stores the file under a random key, readable by the service only, with row, hash and audit', async () => {
    const sickness = await absence(a, a.employee);
    const res = await upload(a.employee, sickness.id, { filename: 'AU Müller.pdf', data: PDF });
    expect(res.statusCode, res.body).toBe(201);
    const note = res.json<{ id: string; fileName: string; contentType: string; sha256: string }>();
    expect(note).toMatchObject({
      fileName: 'AU Müller.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      userId: a.employee.id,
      uploadedBy: a.employee.id,
    });
    const [row] = await filesOf(sickness.id);
    expect(row!.storage_key).toMatch(/^[0-9a-f]{32}$/);
    expect(row!.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    const onDisk = path.join(uploadDir, row!.storage_key);
    expect(await readFile(onDisk)).toEqual(PDF);
    expect((await stat(onDisk)).mode & 0o777).toBe(0o600);
    expect((await stat(uploadDir)).mode & 0o077).toBe(0);
    expect(await storedFiles()).not.toContainEqual(expect.stringContaining('partial'));
    const [audit] = await auditOf('sick_note.uploaded', note.id);
    expect(audit).toMatchObject({ actor_user_id: a.employee.id, tenant_id: a.tenant.id });
    expect(audit!.after).toMatchObject({ sha256: note.sha256, fileName: 'AU Müller.pdf' });
  });

  it('decides the type by content: PNG and JPEG pass whatever the client calls them', async () => {
    const sickness = await absence(a, a.employee);
    const png = await upload(a.employee, sickness.id, {
      filename: 'scan.pdf',
      contentType: 'application/pdf',
      data: PNG,
    });
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({ contentType: 'image/png', fileName: 'scan.pdf.png' });
    const jpeg = await upload(a.employee, sickness.id, {
      filename: 'foto',
      contentType: 'text/plain',
      data: JPEG,
    });
    expect(jpeg.statusCode, jpeg.body).toBe(201);
    expect(jpeg.json()).toMatchObject({ contentType: 'image/jpeg' });
  });

  it.each([
    ['an EXE renamed .pdf', EXE],
    ['an HTML page renamed .pdf', HTML],
    ['three bytes that start like PNG', Buffer.from([0x89, 0x50, 0x4e])],
  ])('refuses %s (magic bytes) and keeps nothing', async (_name, data) => {
    const sickness = await absence(a, a.employee);
    const before = await storedFiles();
    const res = await upload(a.employee, sickness.id, {
      filename: 'AU.pdf',
      contentType: 'application/pdf',
      data,
    });
    expect(res.statusCode).toBe(415);
    expect(codeOf(res)).toBe('SICK_NOTE_FILE_TYPE');
    expect(await filesOf(sickness.id)).toEqual([]);
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses an empty file', async () => {
    const sickness = await absence(a, a.employee);
    const before = await storedFiles();
    const res = await upload(a.employee, sickness.id, {
      filename: 'AU.pdf',
      data: Buffer.alloc(0),
    });
    expect(res.statusCode).toBe(400);
    expect(codeOf(res)).toBe('SICK_NOTE_EMPTY');
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses more than 10 MB while streaming, without a file left behind', async () => {
    const sickness = await absence(a, a.employee);
    const before = await storedFiles();
    const exactly = Buffer.concat([PDF, Buffer.alloc(MAX_SICK_NOTE_BYTES - PDF.length, 0x20)]);
    const tooLarge = Buffer.concat([exactly, Buffer.from(' ')]);
    const res = await upload(a.employee, sickness.id, { filename: 'big.pdf', data: tooLarge });
    expect(res.statusCode).toBe(413);
    expect(codeOf(res)).toBe('SICK_NOTE_TOO_LARGE');
    expect(await filesOf(sickness.id)).toEqual([]);
    expect(await storedFiles()).toEqual(before);
    // Exactly 10 MB is still fine.
    const ok = await upload(a.employee, sickness.id, { filename: 'big.pdf', data: exactly });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('keeps only a cleaned name for display: no path, no control characters, bounded length', async () => {
    const sickness = await absence(a, a.employee);
    const cases: [Part, string][] = [
      [{ filename: '../../etc/passwd', data: PDF }, 'passwd.pdf'],
      [{ filename: '..\\..\\Windows\\AU.PDF', data: PDF }, 'AU.PDF'],
      [{ filenameStar: 'AU%00x.pdf%07', data: PDF }, 'AUx.pdf'],
      [{ filename: 'AU\u0000y\u001b[31m.pdf', data: PDF }, 'AUy[31m.pdf'],
      [{ filenameStar: '%E2%80%AEfdp.exe', data: PDF }, 'fdp.exe.pdf'],
      [{ filename: 'scan.pdf', data: PNG }, 'scan.pdf.png'],
      [{ filename: 'foto.JPEG', data: JPEG }, 'foto.JPEG'],
      [{ filename: '', data: PDF }, 'Krankmeldung.pdf'],
      [{ filename: '...', data: PDF }, 'Krankmeldung.pdf'],
      [{ filename: `${'x'.repeat(300)}.pdf`, data: PDF }, `${'x'.repeat(116)}.pdf`],
    ];
    for (const [part, shown] of cases) {
      const res = await upload(a.employee, sickness.id, part);
      expect(
        res.statusCode,
        `${JSON.stringify(part.filename ?? part.filenameStar)}: ${res.body}`,
      ).toBe(201);
      expect(res.json<{ fileName: string }>().fileName).toBe(shown);
    }
    for (const row of await filesOf(sickness.id)) {
      expect(row.storage_key).toMatch(/^[0-9a-f]{32}$/);
      expect(await readFile(path.join(uploadDir, row.storage_key))).toHaveLength(row.size_bytes);
    }
    // Nothing was written outside the upload folder under the given names.
    expect(await storedFiles()).not.toContain('passwd');
  });

  it('is for the person and admins only; colleagues, managers and other companies get 404', async () => {
    const sickness = await absence(a, a.employee);
    for (const someone of [a.outsider, a.manager, b.admin, b.employee]) {
      const res = await upload(someone, sickness.id, { filename: 'AU.pdf', data: PDF });
      expect(res.statusCode, `${someone.role}: ${res.body}`).toBe(404);
    }
    const onBehalf = await upload(a.admin, sickness.id, { filename: 'AU.pdf', data: PDF });
    expect(onBehalf.statusCode).toBe(201);
    expect(onBehalf.json()).toMatchObject({ userId: a.employee.id, uploadedBy: a.admin.id });
    expect(await filesOf(sickness.id)).toHaveLength(1);
  });

  it('only for an active sickness', async () => {
    const vacation = await absence(a, a.employee, { key: 'vacation' });
    const notSick = await upload(a.employee, vacation.id, { filename: 'AU.pdf', data: PDF });
    expect(notSick.statusCode).toBe(409);
    expect(codeOf(notSick)).toBe('NOT_A_SICKNESS');
    for (const status of ['cancelled', 'rejected']) {
      const gone = await absence(a, a.employee, { status });
      const res = await upload(a.employee, gone.id, { filename: 'AU.pdf', data: PDF });
      expect(res.statusCode).toBe(409);
      expect(codeOf(res)).toBe('ABSENCE_NOT_ACTIVE');
    }
    // Kind krank takes notes too (the insurer needs them).
    const child = await absence(a, a.employee, { key: 'child_sick' });
    expect((await upload(a.employee, child.id, { filename: 'AU.pdf', data: PDF })).statusCode).toBe(
      201,
    );
  });

  it('asks for a multipart body with a file', async () => {
    const sickness = await absence(a, a.employee);
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/v1/absences/${sickness.id}/sick-note`,
      headers: { authorization: `Bearer ${await tokenFor(t.app, a.employee)}` },
      payload: { file: PDF.toString('base64') },
    });
    expect(json.statusCode).toBe(415);
    const noFile = await upload(a.employee, sickness.id, {
      field: 'comment',
      contentType: 'text/plain',
      data: Buffer.from('hallo'),
    });
    expect(noFile.statusCode).toBe(400);
    expect(codeOf(noFile)).toBe('SICK_NOTE_MISSING');
  });
});

describe('downloading a sick note', () => {
  async function uploaded(name: Partial<Part> = { filename: 'AU Jan.pdf' }) {
    const sickness = await absence(a, a.employee);
    const res = await upload(a.employee, sickness.id, { ...name, data: PDF });
    expect(res.statusCode, res.body).toBe(201);
    return { sickness, note: res.json<{ id: string }>() };
  }

  it('hands the person their own note as an attachment, safely labelled, and audits it', async () => {
    const { note } = await uploaded({
      filenameStar: encodeURIComponent(`Krankmeldung März; "1" (Kopie)'s.pdf`),
    });
    const res = await call(a.employee, 'GET', `/sick-notes/${note.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload).toEqual(PDF);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Krankmeldung M_rz_ _1_ (Kopie)'s.pdf"; ` +
        "filename*=UTF-8''Krankmeldung%20M%C3%A4rz%3B%20_1_%20%28Kopie%29%27s.pdf",
    );
    const audits = await auditOf('sick_note.downloaded', note.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_user_id: a.employee.id, tenant_id: a.tenant.id });
  });

  it('lets admins download, audited per download; colleagues, managers and other companies get 404', async () => {
    const { note } = await uploaded();
    for (const someone of [a.outsider, a.manager, b.admin]) {
      const res = await call(someone, 'GET', `/sick-notes/${note.id}`);
      expect(res.statusCode, someone.role).toBe(404);
    }
    expect(await auditOf('sick_note.downloaded', note.id)).toHaveLength(0);
    for (let i = 0; i < 2; i += 1) {
      const res = await call(a.admin, 'GET', `/sick-notes/${note.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload).toEqual(PDF);
    }
    const audits = await auditOf('sick_note.downloaded', note.id);
    expect(audits.map((x) => x.actor_user_id)).toEqual([a.admin.id, a.admin.id]);
  });

  it('lists notes to the person and admins, not to managers', async () => {
    const { sickness, note } = await uploaded({ filename: 'Liste.pdf' });
    for (const someone of [a.employee, a.admin]) {
      const res = await call(someone, 'GET', `/absences/${sickness.id}/sick-notes`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject([{ id: note.id, fileName: 'Liste.pdf' }]);
    }
    for (const someone of [a.manager, a.outsider, b.admin]) {
      expect((await call(someone, 'GET', `/absences/${sickness.id}/sick-notes`)).statusCode).toBe(
        404,
      );
    }
  });

  it('is never served from a static path', async () => {
    const { note } = await uploaded();
    const [row] = await database.db
      .selectFrom('files')
      .select('storage_key')
      .where('id', '=', note.id)
      .execute();
    const key = row!.storage_key;
    for (const url of [
      `/${key}`,
      `/uploads/${key}`,
      `/data/uploads/${key}`,
      `/backend/data/uploads/${key}`,
      `/api/v1/uploads/${key}`,
      `/assets/../../${path.basename(uploadDir)}/${key}`,
      `/sick-notes/${note.id}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.rawPayload.equals(PDF), url).toBe(false);
    }
  });
});

describe('deleting a sick note', () => {
  it('lets the uploader remove it while the sickness is open; the row stays, marked and audited', async () => {
    const sickness = await absence(a, a.employee, { from: '2026-03-18', to: '2026-03-27' });
    const note = (
      await upload(a.employee, sickness.id, { filename: 'falsch.pdf', data: PDF })
    ).json<{
      id: string;
    }>();
    expect((await call(a.manager, 'DELETE', `/sick-notes/${note.id}`)).statusCode).toBe(404);
    expect((await call(b.admin, 'DELETE', `/sick-notes/${note.id}`)).statusCode).toBe(404);
    const res = await call(a.employee, 'DELETE', `/sick-notes/${note.id}`);
    expect(res.statusCode).toBe(204);
    const [row] = await filesOf(sickness.id);
    expect(row).toMatchObject({ deleted_by: a.employee.id });
    expect(row!.deleted_at).not.toBeNull();
    expect(await auditOf('sick_note.deleted', note.id)).toHaveLength(1);
    expect((await call(a.employee, 'GET', `/sick-notes/${note.id}`)).statusCode).toBe(404);
    expect((await call(a.admin, 'GET', `/absences/${sickness.id}/sick-notes`)).json()).toEqual([]);
    expect((await call(a.employee, 'DELETE', `/sick-notes/${note.id}`)).statusCode).toBe(404);
  });

  it('after the sickness ended only admins remove it; never someone else’s upload', async () => {
    const sickness = await absence(a, a.employee, { from: '2026-03-02', to: '2026-03-06' });
    const own = (await upload(a.employee, sickness.id, { filename: 'a.pdf', data: PDF })).json<{
      id: string;
    }>();
    const byAdmin = (await upload(a.admin, sickness.id, { filename: 'b.pdf', data: PDF })).json<{
      id: string;
    }>();
    const locked = await call(a.employee, 'DELETE', `/sick-notes/${own.id}`);
    expect(locked.statusCode).toBe(409);
    expect(codeOf(locked)).toBe('SICK_NOTE_LOCKED');
    expect((await call(a.employee, 'DELETE', `/sick-notes/${byAdmin.id}`)).statusCode).toBe(403);
    expect((await call(a.admin, 'DELETE', `/sick-notes/${own.id}`)).statusCode).toBe(204);
    expect(await auditOf('sick_note.deleted', own.id)).toHaveLength(1);
    expect(await auditOf('sick_note.deleted', byAdmin.id)).toHaveLength(0);
  });
});
