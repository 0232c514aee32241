import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_SICK_NOTE_BYTES,
  detectContentType,
  displayFileName,
  storeUpload,
} from './sick-notes-storage.js';
import { storedPath } from '../../integrations/storage/stored-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tm-storage-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** An endless PDF-looking stream that counts what was pulled from it. */
function endlessPdf() {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let pulled = 0;
  const stream = Readable.from(
    (function* () {
      yield Buffer.from('%PDF-1.7\n');
      for (;;) {
        pulled += chunk.length;
        yield chunk;
      }
    })(),
  );
  return { stream, pulled: () => pulled };
}

describe('storeUpload', () => {
  it('stops reading an oversized upload at the limit and leaves nothing behind', async () => {
    const source = endlessPdf();
    await expect(storeUpload(dir, source.stream)).rejects.toMatchObject({
      code: 'SICK_NOTE_TOO_LARGE',
    });
    // Read while streaming: never much more than the limit, never the whole (endless) upload.
    expect(source.pulled()).toBeLessThanOrEqual(MAX_SICK_NOTE_BYTES + 128 * 1024);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a wrong signature at the first chunk, before reading on', async () => {
    let pulled = 0;
    const stream = Readable.from(
      (function* () {
        for (;;) {
          pulled += 1;
          yield Buffer.from('MZ\x90\x00 not a pdf at all');
        }
      })(),
    );
    await expect(storeUpload(dir, stream)).rejects.toMatchObject({ code: 'SICK_NOTE_FILE_TYPE' });
    expect(pulled).toBeLessThan(5);
    expect(await readdir(dir)).toEqual([]);
  });

  it('only ever names files by its own keys', () => {
    expect(() => storedPath(dir, '../etc/passwd')).toThrow();
    expect(() => storedPath(dir, '')).toThrow();
    expect(storedPath(dir, 'a'.repeat(32))).toBe(path.join(dir, 'a'.repeat(32)));
  });
});

describe('content and names', () => {
  it('knows PDF, PNG and JPEG by their first bytes only', () => {
    expect(detectContentType(Buffer.from('%PDF-1.4'))).toBe('application/pdf');
    expect(detectContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      'image/png',
    );
    expect(detectContentType(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    for (const other of ['GIF89a', 'MZ', '<svg', ' %PDF-', 'PK\x03\x04']) {
      expect(detectContentType(Buffer.from(other, 'latin1')), other).toBeNull();
    }
  });

  it.each([
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['C:\\Users\\x\\AU.pdf', 'application/pdf', 'AU.pdf'],
    ['a\u0000b\u202e.pdf', 'application/pdf', 'ab.pdf'],
    ['"quoted" <tag>.png', 'image/png', '_quoted_ _tag_.png'],
    ['  .hidden.jpg  ', 'image/jpeg', 'hidden.jpg'],
    [undefined, 'image/jpeg', 'Krankmeldung.jpg'],
  ] as const)('%j → %s', (raw, type, shown) => {
    expect(displayFileName(raw, type)).toBe(shown);
  });
});
