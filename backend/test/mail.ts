/**
 * Reading what the file mail transport (MAIL_TRANSPORT=file) wrote: each mail's `.json` twin,
 * oldest first, and the links in it. Used by backend tests and the browser E2E tests.
 *
 *   const mail = await waitForMail(dir, (m) => m.to === 'ann@example.com');
 *   const acceptUrl = firstLink(mail, /\/invitations\//);
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FileMailRecord } from '../src/integrations/mail/file.js';

export type WrittenMail = FileMailRecord;

/** Every mail in `dir`, oldest first; an empty list when the folder does not exist yet. */
export async function readMailsFrom(dir: string): Promise<WrittenMail[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  const mails = await Promise.all(
    names
      .filter((name) => name.endsWith('.json'))
      .map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as WrittenMail),
  );
  return mails.sort((a, b) => a.date.localeCompare(b.date) || a.eml.localeCompare(b.eml));
}

/** Every http(s) link of the plain-text part, in order. */
export function linksIn(mail: Pick<WrittenMail, 'text'>): string[] {
  return mail.text.match(/https?:\/\/[^\s<>"')]+/g) ?? [];
}

/** The first link of the mail matching `pattern` (a RegExp or a substring); throws if none. */
export function firstLink(mail: Pick<WrittenMail, 'text'>, pattern: RegExp | string): string {
  const link = linksIn(mail).find((url) =>
    typeof pattern === 'string' ? url.includes(pattern) : pattern.test(url),
  );
  if (!link) throw new Error(`no link matching ${String(pattern)} in the mail`);
  return link;
}

/** Polls `dir` until a mail matching `match` is there (mails are written by the job runner). */
export async function waitForMail(
  dir: string,
  match: (mail: WrittenMail) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<WrittenMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readMailsFrom(dir)).find(match);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no matching mail in ${dir} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
