/**
 * Sick notes (Arbeitsunfähigkeitsbescheinigungen) attached to a recorded sickness: upload, list,
 * download, delete. They are health data (DSGVO Art. 9, DOMAIN.md "Sickness"): only the person
 * and admins see or fetch them – managers never, not even for their team – every download is
 * written to the audit log before a byte leaves, and a deletion only hides the record (the bytes
 * stay for the retention the company owes; an admin can still see that there was one).
 */
import type { Readable } from 'node:stream';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/index.js';
import type { AbsenceStatus, FilesTable } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { localDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { HOLDING_STATUSES } from './accounts.js';
import type { SickNoteContentType } from './sick-notes-storage.js';
import { displayFileName, storeUpload } from './sick-notes-storage.js';
import { openStored, removeStored } from '../../integrations/storage/stored-files.js';
import { isSicknessType } from './sick-notes-sickness.js';

export interface SickNote {
  id: string;
  absenceId: string;
  userId: string;
  /** The uploader's file name, cleaned for display; never a path. */
  fileName: string;
  contentType: SickNoteContentType;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}

function view(row: Selectable<FilesTable>): SickNote {
  return {
    id: row.id,
    absenceId: row.absence_id,
    userId: row.user_id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at.toISOString(),
  };
}

/** What the route hands over once access is settled: the file part of the request. */
export interface IncomingFile {
  stream: Readable;
  /** As the client named it (untrusted). */
  fileName: string | undefined;
  /** True once the parser cut the stream at its size limit. */
  limitReached: () => boolean;
}

interface SicknessAbsence {
  id: string;
  userId: string;
  status: AbsenceStatus;
  endDay: string | null;
}

/**
 * The absence, if the actor may attach notes to it or read them (own; admins all) – NOT_FOUND
 * otherwise, so nobody learns of others' absences – and if it is an active sickness.
 */
async function sicknessForNotes(
  db: Db,
  actor: Actor,
  action: 'sick_note.read' | 'sick_note.upload',
  absenceId: string,
  options: { lock?: boolean; active?: boolean } = {},
): Promise<SicknessAbsence> {
  const scope = authorize(actor, action);
  const tenantId = tenantOf(actor);
  let query = db
    .selectFrom('absences as a')
    .innerJoin('absence_types as t', (join) =>
      join.onRef('t.id', '=', 'a.type_id').onRef('t.tenant_id', '=', 'a.tenant_id'),
    )
    .select(['a.id', 'a.user_id', 'a.status', 'a.end_day', 't.key', 't.certificate_after_days'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.id', '=', absenceId);
  // A concurrent cancellation waits for the upload's commit (or the upload for it).
  if (options.lock) query = query.forShare('a');
  const row = await query.executeTakeFirst();
  if (!row || (scope !== 'all' && row.user_id !== actor.userId)) {
    throw new AppError('NOT_FOUND', 'There is no such absence.');
  }
  if (!isSicknessType(row)) throw new AppError('NOT_A_SICKNESS');
  if (options.active && !HOLDING_STATUSES.includes(row.status)) {
    throw new AppError('ABSENCE_NOT_ACTIVE');
  }
  return { id: row.id, userId: row.user_id, status: row.status, endDay: row.end_day };
}

/**
 * Stores an uploaded sick note for a sickness: the person's own, or anyone's for admins. Access
 * and the absence are checked before a byte is read; the file is checked by content and size
 * while it streams (sick-notes-storage.ts). The row and its audit entry commit together; if they
 * do not, the stored bytes are removed again.
 */
export async function uploadSickNote(
  deps: Deps,
  actor: Actor,
  absenceId: string,
  receive: () => Promise<IncomingFile>,
  ip: string | null,
): Promise<SickNote> {
  const tenantId = tenantOf(actor);
  await sicknessForNotes(deps.db, actor, 'sick_note.upload', absenceId, { active: true });
  const incoming = await receive();
  const stored = await storeUpload(deps.config.uploadDir, incoming.stream, {
    limitReached: incoming.limitReached,
  });
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const absence = await sicknessForNotes(trx, actor, 'sick_note.upload', absenceId, {
        lock: true,
        active: true,
      });
      const row = await trx
        .insertInto('files')
        .values({
          tenant_id: tenantId,
          user_id: absence.userId,
          absence_id: absence.id,
          kind: 'sick_note',
          file_name: displayFileName(incoming.fileName, stored.contentType),
          content_type: stored.contentType,
          size_bytes: stored.sizeBytes,
          sha256: stored.sha256,
          storage_key: stored.storageKey,
          uploaded_by: actor.userId,
          created_at: deps.clock(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const note = view(row);
      await recordAudit(trx, {
        tenantId,
        actorUserId: actor.userId,
        action: 'sick_note.uploaded',
        entityType: 'sick_note',
        entityId: note.id,
        after: auditSnapshot(note),
        ip,
      });
      return note;
    });
  } catch (error) {
    await removeStored(deps.config.uploadDir, stored.storageKey);
    throw error;
  }
}

/** What the audit log keeps of a note: its facts, not its content. */
function auditSnapshot(note: SickNote): Record<string, unknown> {
  return {
    absenceId: note.absenceId,
    userId: note.userId,
    fileName: note.fileName,
    contentType: note.contentType,
    sizeBytes: note.sizeBytes,
    sha256: note.sha256,
  };
}

/** The sick notes of a sickness (not deleted), oldest first: the person's own; admins all. */
export async function listSickNotes(
  deps: Deps,
  actor: Actor,
  absenceId: string,
): Promise<SickNote[]> {
  const absence = await sicknessForNotes(deps.db, actor, 'sick_note.read', absenceId);
  const rows = await deps.db
    .selectFrom('files')
    .selectAll()
    .where('tenant_id', '=', tenantOf(actor))
    .where('absence_id', '=', absence.id)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(view);
}

/** A note the actor may reach (own; admins all), not deleted; NOT_FOUND for everything else. */
async function reachableNote(
  db: Db,
  actor: Actor,
  action: 'sick_note.read' | 'sick_note.upload',
  fileId: string,
  options: { lock?: boolean } = {},
): Promise<Selectable<FilesTable>> {
  const scope = authorize(actor, action);
  let query = db
    .selectFrom('files')
    .selectAll()
    .where('tenant_id', '=', tenantOf(actor))
    .where('id', '=', fileId)
    .where('kind', '=', 'sick_note')
    .where('deleted_at', 'is', null);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row || (scope !== 'all' && row.user_id !== actor.userId)) {
    throw new AppError('NOT_FOUND', 'There is no such sick note.');
  }
  return row;
}

export interface SickNoteDownload {
  note: SickNote;
  stream: Readable;
  size: number;
}

/**
 * Opens a sick note for download: the person's own, or any for admins (managers never). The
 * download is audited before the file is handed out; without the audit entry there is none.
 */
export async function downloadSickNote(
  deps: Deps,
  actor: Actor,
  fileId: string,
  ip: string | null,
): Promise<SickNoteDownload> {
  const row = await reachableNote(deps.db, actor, 'sick_note.read', fileId);
  const opened = await openStored(deps.config.uploadDir, row.storage_key);
  if (!opened) {
    deps.log.error({ fileId: row.id, tenantId: row.tenant_id }, 'sick note file is missing');
    throw new AppError(
      'NOT_FOUND',
      'The file of this sick note is missing. Please tell your administrator.',
    );
  }
  try {
    const note = view(row);
    await recordAudit(deps.db, {
      tenantId: row.tenant_id,
      actorUserId: actor.userId,
      action: 'sick_note.downloaded',
      entityType: 'sick_note',
      entityId: row.id,
      after: { absenceId: note.absenceId, userId: note.userId, fileName: note.fileName },
      ip,
    });
    return { note, stream: opened.stream, size: opened.size };
  } catch (error) {
    opened.stream.destroy();
    throw error;
  }
}

/**
 * Removes a sick note from the sickness (soft delete: the row stays, marked). Admins always; the
 * uploader while the sickness has not ended (to correct a wrong file) – afterwards it is evidence
 * and only an admin removes it.
 */
export async function deleteSickNote(
  deps: Deps,
  actor: Actor,
  fileId: string,
  ip: string | null,
): Promise<void> {
  const scope = authorize(actor, 'sick_note.upload');
  const tenantId = tenantOf(actor);
  await deps.db.transaction().execute(async (trx) => {
    const row = await reachableNote(trx, actor, 'sick_note.upload', fileId, { lock: true });
    if (scope !== 'all') {
      if (row.uploaded_by !== actor.userId) {
        throw new AppError('FORBIDDEN', 'Only who uploaded a sick note, or an admin, removes it.');
      }
      const [absence, tenant] = await Promise.all([
        trx
          .selectFrom('absences')
          .select('end_day')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', row.absence_id)
          .executeTakeFirstOrThrow(),
        trx
          .selectFrom('tenants')
          .select('time_zone')
          .where('id', '=', tenantId)
          .executeTakeFirstOrThrow(),
      ]);
      const today = localDay(deps.clock(), tenant.time_zone);
      if (absence.end_day !== null && absence.end_day < today) {
        throw new AppError('SICK_NOTE_LOCKED');
      }
    }
    await trx
      .updateTable('files')
      .set({ deleted_at: deps.clock(), deleted_by: actor.userId })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'sick_note.deleted',
      entityType: 'sick_note',
      entityId: row.id,
      before: auditSnapshot(view(row)),
      ip,
    });
  });
}
