/**
 * Files the app keeps on disk in UPLOAD_DIR (SECURITY.md 18): sick notes, generated report
 * archives. Each lives under a random key (never under a person's or uploader's name), readable
 * by the service user only, and is written atomically: into a temporary file beside it, renamed
 * into place only when complete and flushed — so a file under a key is always whole, whatever
 * crashed while it was written. Nothing here knows what the bytes are.
 */
import { randomBytes } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A random storage key: 32 hex characters, nothing of anyone's name. */
export function newStorageKey(): string {
  return randomBytes(16).toString('hex');
}

const STORAGE_KEY = /^[0-9a-f]{32}$/;

/** The key, if it is one of ours (anything else could be a path). */
function checked(storageKey: string): string {
  if (!STORAGE_KEY.test(storageKey)) throw new Error('not a storage key');
  return storageKey;
}

/** The path of a stored file; refuses anything that is not one of our keys. */
export function storedPath(dir: string, storageKey: string): string {
  return path.join(dir, checked(storageKey));
}

/** Where a file is written before it is complete (the dot keeps it apart from the keys). */
function partialPath(dir: string, storageKey: string): string {
  return path.join(dir, `.${checked(storageKey)}.partial`);
}

/**
 * Writes the file of `storageKey` in `dir` through `write`, atomically: nothing appears under
 * the key unless `write` finished; if it throws, the temporary file is removed and the error
 * passed on. Returns the size written.
 */
export async function writeStoredAtomically(
  dir: string,
  storageKey: string,
  write: (file: FileHandle) => Promise<void>,
): Promise<number> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const finalPath = storedPath(dir, storageKey);
  // Same folder as the target, so the rename is atomic.
  const tempPath = partialPath(dir, storageKey);
  let file: FileHandle | null = null;
  try {
    // 'wx': never follow or reuse an existing path; 0600: only the service user reads it.
    file = await open(tempPath, 'wx', 0o600);
    await write(file);
    await file.sync();
    const { size } = await file.stat();
    await file.close();
    file = null;
    await rename(tempPath, finalPath);
    return size;
  } catch (error) {
    await file?.close().catch(() => {});
    await rm(tempPath, { force: true });
    throw error;
  }
}

/** Removes a stored file and any half-written one of the same key; missing files are fine. */
export async function removeStored(dir: string, storageKey: string): Promise<void> {
  await rm(storedPath(dir, storageKey), { force: true });
  await rm(partialPath(dir, storageKey), { force: true });
}

/** Opens a stored file for reading, or null when its bytes are missing. */
export async function openStored(
  dir: string,
  storageKey: string,
): Promise<{ stream: ReadStream; size: number } | null> {
  const filePath = storedPath(dir, storageKey);
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return null;
    return { stream: createReadStream(filePath), size: info.size };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
