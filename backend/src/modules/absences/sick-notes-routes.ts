/**
 * Routes of sick notes and sickness (issue 5 item 6). The upload is multipart/form-data with one
 * file part; @fastify/multipart is registered only in this plugin's scope, so no other route
 * accepts multipart bodies.
 */
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import * as sickNotes from './sick-notes.js';
import { listSickness, sicknessSummary } from './sick-notes-sickness.js';
import { MAX_SICK_NOTE_BYTES } from './sick-notes-storage.js';

const Day = z.iso.date();

const SickNoteSchema = z
  .object({
    id: z.uuid(),
    absenceId: z.uuid(),
    userId: z.uuid().describe('Whose sickness it is'),
    fileName: z.string().describe('The uploaded name, cleaned; for display only'),
    contentType: z.enum(['application/pdf', 'image/png', 'image/jpeg']),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.uuid(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'SickNote' });

const CertificateSchema = z.object({
  required: z.boolean().describe('The sickness lasts (or lasted) longer than the type allows'),
  dueOn: Day.nullable().describe('Working day the certificate is (was) due'),
  received: z.boolean().describe('At least one sick note is uploaded'),
  overdue: z.boolean().describe('Due today or earlier and none uploaded'),
  notes: z.number().int().describe('Sick notes uploaded (not deleted)'),
});

const SicknessSchema = z
  .object({
    absenceId: z.uuid(),
    user: z.object({ id: z.uuid(), name: z.string() }),
    type: z.object({
      id: z.uuid(),
      key: z.string().nullable(),
      name: z.object({ de: z.string(), en: z.string() }),
    }),
    from: Day,
    to: Day.nullable().describe('Null while the sickness is open (counted up to today)'),
    status: z.enum([
      'requested',
      'pre_approved',
      'approved',
      'rejected',
      'cancel_requested',
      'cancelled',
    ]),
    certificate: CertificateSchema,
    continuedPay: z
      .object({
        illnessId: z.uuid(),
        paidDays: z.number().int().describe('Days of this sickness within the 6 weeks'),
        unpaidFrom: Day.nullable().describe('First day of it without continued pay'),
      })
      .nullable()
      .describe('Null for sickness not paid by the employer (Kind krank)'),
  })
  .meta({ id: 'Sickness' });

const IllnessSchema = z
  .object({
    illnessId: z.uuid().describe('Id of the first sickness of the illness'),
    from: Day,
    to: Day.nullable().describe('Null while it goes on'),
    sickDays: z.number().int(),
    paidDays: z.number().int().describe('Calendar days of continued pay used (of 42)'),
    remainingDays: z.number().int(),
    payEndsOn: Day.nullable().describe(
      'Last day of continued pay: when the 42 days were used up, or will be if it goes on',
    ),
    payEndsOnProjected: z.boolean(),
    sicknessIds: z.array(z.uuid()),
  })
  .meta({ id: 'Illness' });

const AbsenceId = z.strictObject({ id: z.uuid() });
const FileId = z.strictObject({ fileId: z.uuid() });
const sicknessResource = { config: { resource: { id: 'sickness' } } } as const;
const sickNoteResource = { config: { resource: { fileId: 'sick_note' } } } as const;

/** `attachment; filename="ascii"; filename*=UTF-8''…` – the name can never break the header. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  // RFC 5987 attr-chars: encodeURIComponent leaves ' ( ) * ! as they are.
  const encoded = encodeURIComponent(fileName).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The one file part of a multipart upload, or a refusal a person understands. */
async function filePart(request: FastifyRequest): Promise<sickNotes.IncomingFile> {
  if (!request.isMultipart()) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the sick note as multipart/form-data with the file in the field "file".',
    );
  }
  const part = await request.file({
    limits: {
      fileSize: MAX_SICK_NOTE_BYTES,
      files: 1,
      fields: 5,
      fieldSize: 1024,
      parts: 10,
      headerPairs: 100,
    },
    // Browsers send the file name as UTF-8 (busboy's default would read it as Latin-1). A
    // busboy option that @fastify/multipart's types do not list.
    ...({ defParamCharset: 'utf8' } as object),
    // The size is reported by storeUpload (SICK_NOTE_TOO_LARGE), not as a framework error.
    throwFileSizeLimit: false,
  });
  if (!part) throw new AppError('SICK_NOTE_MISSING');
  return {
    stream: part.file,
    fileName: part.filename,
    limitReached: () => part.file.truncated,
  };
}

export const sickNoteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  await app.register(multipart);

  app.post(
    '/absences/:id/sick-note',
    {
      ...sicknessResource,
      schema: {
        tags: ['sick notes'],
        summary: 'Upload a sick note for a sickness (own; admins for anyone)',
        description:
          'multipart/form-data with one file part (field name "file"): PDF, PNG or JPEG by ' +
          `content, at most ${MAX_SICK_NOTE_BYTES / 1024 / 1024} MB. The file name is kept ` +
          'for display only.',
        consumes: ['multipart/form-data'],
        params: AbsenceId,
        response: { 201: SickNoteSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await sickNotes.uploadSickNote(
            deps,
            request.actor,
            request.params.id,
            () => filePart(request),
            request.ip,
          ),
        ),
  );

  app.get(
    '/absences/:id/sick-notes',
    {
      ...sicknessResource,
      schema: {
        tags: ['sick notes'],
        summary: 'Sick notes of a sickness (own; admins for anyone; never managers)',
        params: AbsenceId,
        response: { 200: z.array(SickNoteSchema) },
      },
    },
    async (request) => sickNotes.listSickNotes(deps, request.actor, request.params.id),
  );

  app.get(
    '/sick-notes/:fileId',
    {
      ...sickNoteResource,
      schema: {
        tags: ['sick notes'],
        summary: 'Download a sick note (own; admins for anyone; never managers); audited',
        params: FileId,
        produces: ['application/pdf', 'image/png', 'image/jpeg'],
        response: {
          // A stream is sent as it is (never serialized); the document calls it binary.
          200: z
            .any()
            .meta({ type: 'string', format: 'binary' })
            .describe('The file (PDF, PNG or JPEG), as an attachment'),
        },
      },
    },
    async (request, reply) => {
      const download = await sickNotes.downloadSickNote(
        deps,
        request.actor,
        request.params.fileId,
        request.ip,
      );
      return reply
        .header('content-type', download.note.contentType)
        .header('content-length', String(download.size))
        .header('content-disposition', attachmentDisposition(download.note.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(download.stream);
    },
  );

  app.delete(
    '/sick-notes/:fileId',
    {
      ...sickNoteResource,
      schema: {
        tags: ['sick notes'],
        summary:
          'Remove a sick note (admins; the uploader while the sickness has not ended); audited',
        params: FileId,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await sickNotes.deleteSickNote(deps, request.actor, request.params.fileId, request.ip);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/sickness',
    {
      schema: {
        tags: ['sick notes'],
        summary:
          'Sicknesses touching a period with certificate state and continued pay ' +
          '(admins: company; managers: team; others: own)',
        querystring: z.strictObject({ from: Day, to: Day }),
        response: {
          200: z.object({
            today: Day,
            sicknesses: z.array(SicknessSchema),
            illnesses: z.array(IllnessSchema),
          }),
        },
      },
    },
    async (request) => listSickness(deps, request.actor, request.query),
  );

  app.get(
    '/sickness/summary',
    {
      schema: {
        tags: ['sick notes'],
        summary:
          'A person’s sickness of the last year: certificate state and the 6-week ' +
          'continued-pay counter (EFZG) per illness (own; managers team; admins all)',
        querystring: z.strictObject({
          userId: z.uuid().optional().describe('Default: the signed-in person'),
        }),
        response: {
          200: z.object({
            userId: z.uuid(),
            today: Day,
            sicknesses: z.array(SicknessSchema),
            illnesses: z.array(IllnessSchema),
          }),
        },
      },
    },
    async (request) => sicknessSummary(deps, request.actor, request.query.userId),
  );
};
