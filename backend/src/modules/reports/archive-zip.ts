/**
 * The ZIP of a month's timesheets: entry names and the writer. fflate (already there for
 * pdfkit's PNG decoding) builds the archive as a stream, entry by entry, so only the PDF being
 * added is in memory, never the archive. It writes no ZIP64: at most 65,535 entries and 4 GB,
 * far beyond a month of one company (a Stundenzettel is some 50 kB).
 */
import type { FileHandle } from 'node:fs/promises';
import { Zip, ZipDeflate } from 'fflate';

/** Longest entry name kept (Windows' Explorer struggles beyond 260 characters of path). */
const MAX_ENTRY_NAME = 120;

/**
 * Unique entry names for the given file names, in order: the extension kept, the stem cut to a
 * length every unzip tool handles, and a second "Anna_Schmidt" numbered `_2` (compared without
 * case: Windows and macOS file systems would let one overwrite the other on extraction).
 */
export function uniqueEntryNames(fileNames: readonly string[]): string[] {
  const taken = new Set<string>();
  return fileNames.map((fileName) => {
    const dot = fileName.lastIndexOf('.');
    const extension = dot > 0 ? fileName.slice(dot) : '';
    const stem = (dot > 0 ? fileName.slice(0, dot) : fileName).slice(
      0,
      MAX_ENTRY_NAME - extension.length - 4,
    );
    let name = `${stem}${extension}`;
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${stem}_${n}${extension}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

export interface ZipWriter {
  /** Adds one file (compressed) and writes what the archive has ready. */
  add(name: string, bytes: Uint8Array, modified: Date): Promise<void>;
  /** Writes the central directory; the archive is complete after this. */
  finish(): Promise<void>;
}

/** A ZIP written into an open file, one entry at a time. */
export function zipInto(file: FileHandle): ZipWriter {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  // The synchronous deflate hands its output over before push() returns.
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else ready.push(chunk);
  });
  const flush = async () => {
    if (failure) throw failure;
    for (const chunk of ready.splice(0)) await file.write(chunk);
  };
  return {
    async add(name, bytes, modified) {
      const entry = new ZipDeflate(name, { level: 6 });
      entry.mtime = modified;
      zip.add(entry);
      entry.push(bytes, true);
      await flush();
    },
    async finish() {
      zip.end();
      await flush();
    },
  };
}
