/**
 * Development delivery: every mail becomes `<timestamp>-<key>.eml` (RFC 5322, opens in any mail
 * client) plus a `.json` twin with the parts, which people and tests read (test/mail.ts).
 * Sending the same idempotency key again rewrites the same two files instead of adding a mail.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailTransport } from './transport.js';
import { MailDeliveryError, messageIdFor } from './transport.js';

/** The `.json` twin of each `.eml`. */
export interface FileMailRecord {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  idempotencyKey: string;
  template: string | null;
  /** When the file was written (ISO 8601, UTC). */
  date: string;
  messageId: string;
  /** Name of the .eml next to it. */
  eml: string;
}

export interface FileTransportOptions {
  dir: string;
  now?: () => Date;
}

const FILE_NAME = /^(\d{8}T\d{9}Z)-(.+)\.eml$/;

/** `20250308T143000123Z`: sorts by time as plain text and has no characters file systems dislike. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/** The key as a file name part; keys with other characters get a hash so two never collide. */
function fileKey(idempotencyKey: string): string {
  const safe = idempotencyKey.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100);
  if (safe === idempotencyKey) return safe;
  return `${safe}-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 12)}`;
}

/** Writes via a temporary name, so a reader polling the folder never sees half a file. */
async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}

export function createFileTransport(options: FileTransportOptions): MailTransport {
  const now = options.now ?? (() => new Date());
  // Builds the RFC 5322 text without sending it anywhere.
  const composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });
  return {
    name: 'file',
    async send(message) {
      const key = fileKey(message.idempotencyKey);
      const date = now();
      try {
        await mkdir(options.dir, { recursive: true });
        const existing = (await readdir(options.dir)).find(
          (name) => FILE_NAME.exec(name)?.[2] === key,
        );
        const base = existing ? existing.slice(0, -'.eml'.length) : `${timestamp(date)}-${key}`;
        const messageId = messageIdFor(message.idempotencyKey, message.from);
        const info = await composer.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
          date,
        });
        const record: FileMailRecord = {
          to: message.to,
          from: message.from,
          subject: message.subject,
          text: message.text,
          html: message.html,
          idempotencyKey: message.idempotencyKey,
          template: message.template ?? null,
          date: date.toISOString(),
          messageId,
          eml: `${base}.eml`,
        };
        if (!Buffer.isBuffer(info.message)) throw new Error('stream transport gave no buffer');
        await writeAtomically(path.join(options.dir, `${base}.eml`), info.message);
        await writeAtomically(
          path.join(options.dir, `${base}.json`),
          `${JSON.stringify(record, null, 2)}\n`,
        );
        return { providerMessageId: `file:${base}` };
      } catch (error) {
        // A full disk or a missing permission may be fixed while the job waits for its retry.
        const code = (error as { code?: unknown }).code;
        throw new MailDeliveryError(`file: ${typeof code === 'string' ? code : 'write failed'}`, {
          permanent: false,
        });
      }
    },
    async close() {},
  };
}
