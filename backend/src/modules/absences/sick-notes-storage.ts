/**
 * The bytes of sick notes on disk (SECURITY.md 18). A file is accepted only when its first bytes
 * say PDF, PNG or JPEG (what the client claims is ignored); it is streamed into UPLOAD_DIR while
 * counting and hashing, under a random key, atomically and readable by the service user only
 * (integrations/storage/stored-files.ts). Nothing here knows about people or absences.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors.js';
import { newStorageKey, writeStoredAtomically } from '../../integrations/storage/stored-files.js';

/** Largest sick note accepted (issue 5: ≤ 10 MB; the files table checks the same). */
export const MAX_SICK_NOTE_BYTES = 10 * 1024 * 1024;

export type SickNoteContentType = 'application/pdf' | 'image/png' | 'image/jpeg';

/** Signatures of the allowed formats and the extension a download gets. */
const SIGNATURES: readonly { type: SickNoteContentType; magic: Buffer; extension: string }[] = [
  { type: 'application/pdf', magic: Buffer.from('%PDF-', 'latin1'), extension: '.pdf' },
  {
    type: 'image/png',
    magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    extension: '.png',
  },
  { type: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]), extension: '.jpg' },
];

/** Bytes needed to tell the formats apart. */
const SIGNATURE_BYTES = Math.max(...SIGNATURES.map((s) => s.magic.length));

/** The format the first bytes announce, or null when they are none of the allowed ones. */
export function detectContentType(head: Buffer): SickNoteContentType | null {
  for (const { type, magic } of SIGNATURES) {
    if (head.length >= magic.length && head.subarray(0, magic.length).equals(magic)) return type;
  }
  return null;
}

export function extensionOf(type: SickNoteContentType): string {
  return SIGNATURES.find((s) => s.type === type)!.extension;
}

const MAX_DISPLAY_NAME = 120;

/** Extensions a downloaded file of each type may carry (else the right one is added). */
const EXTENSIONS: Record<SickNoteContentType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
};

/**
 * The uploader's file name made fit for display and for a download's name: only the last path
 * segment (`../../etc/passwd` → `passwd`, `C:\x\a.pdf` → `a.pdf`), no control or bidi characters,
 * no quotes, at most 120 characters, ending in an extension that matches the content (so a PDF
 * named `x.exe` downloads as `x.exe.pdf`). Never used as a path.
 */
export function displayFileName(raw: string | undefined, type: SickNoteContentType): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    // C0/C1 controls (NUL included), bidi overrides and other format characters.
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/["<>|*?:]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const extension = extensionOf(type);
  if (cleaned === '') return `Krankmeldung${extension}`;
  const matches = EXTENSIONS[type].some((e) => cleaned.toLowerCase().endsWith(e));
  const suffix = matches ? (/\.[^.]+$/.exec(cleaned)?.[0] ?? '') : extension;
  const stem = matches ? cleaned.slice(0, cleaned.length - suffix.length) : cleaned;
  // Cut the stem, keep the extension (so the download still opens with the right program).
  return (
    [...stem]
      .slice(0, MAX_DISPLAY_NAME - suffix.length)
      .join('')
      .trim() + suffix
  );
}

/** What was stored: the random key (file name in UPLOAD_DIR) and the facts of the content. */
export interface StoredFile {
  storageKey: string;
  contentType: SickNoteContentType;
  sizeBytes: number;
  sha256: string;
}

/**
 * Streams an upload into UPLOAD_DIR. Refuses (and leaves nothing behind) when the content is
 * empty, not PDF/PNG/JPEG by its first bytes, or larger than `maxBytes` – the size is counted
 * while streaming, and `limitReached` reports busboy's own limit, so an oversized upload stops
 * at the limit instead of being buffered.
 */
export async function storeUpload(
  uploadDir: string,
  source: Readable,
  options: { maxBytes?: number; limitReached?: () => boolean } = {},
): Promise<StoredFile> {
  const maxBytes = options.maxBytes ?? MAX_SICK_NOTE_BYTES;
  const storageKey = newStorageKey();
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  let contentType: SickNoteContentType | null = null;
  await writeStoredAtomically(uploadDir, storageKey, async (file) => {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes || options.limitReached?.()) throw tooLarge(maxBytes);
      if (contentType === null) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= SIGNATURE_BYTES) {
          contentType = detectContentType(head);
          if (contentType === null) throw wrongType();
        }
      }
      hash.update(chunk);
      await file.write(chunk);
    }
    if (options.limitReached?.()) throw tooLarge(maxBytes);
    if (size === 0) throw new AppError('SICK_NOTE_EMPTY');
    // A short file: decide on what there is.
    contentType ??= detectContentType(head);
    if (contentType === null) throw wrongType();
  });
  return { storageKey, contentType: contentType!, sizeBytes: size, sha256: hash.digest('hex') };
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(
    'SICK_NOTE_TOO_LARGE',
    `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
  );
}

function wrongType(): AppError {
  return new AppError('SICK_NOTE_FILE_TYPE');
}
