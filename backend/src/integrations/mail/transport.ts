/**
 * What every mail transport (Resend, SMTP, file) looks like to the rest of the app, and the one
 * error type they throw, which tells the caller whether trying again can help.
 */
import { createHash } from 'node:crypto';

export interface MailMessage {
  /** `Name <address>` (see formatAddress). */
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Same key, same mail: the provider delivers it once however often it is sent. */
  idempotencyKey: string;
  /** Template name; only the file transport records it (for people and tests reading mails). */
  template?: string;
}

export interface MailTransport {
  readonly name: 'resend' | 'smtp' | 'file';
  /** Hands the mail over; throws MailDeliveryError when that failed. */
  send(message: MailMessage): Promise<{ providerMessageId: string }>;
  /** Releases connections (SMTP); safe to call once at shutdown. */
  close(): Promise<void>;
}

/**
 * A failed hand-over. `permanent`: the provider refused the mail itself (bad address, invalid
 * request) and sending it again cannot help. Otherwise it may work later, and `retryAfterMs` is
 * how long the provider asked us to wait (HTTP Retry-After), when it said so.
 * The message is a short status/name only, never the remote body: it ends up in logs and rows.
 */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { permanent: boolean; retryAfterMs?: number }) {
    super(message);
    this.permanent = options.permanent;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** `Name <address>`, the name quoted when it contains characters with a meaning in headers. */
export function formatAddress(name: string, address: string): string {
  const clean = name.replace(/[\r\n]+/g, ' ').trim();
  if (!clean) return address;
  const needsQuotes = /[^\p{L}\p{N} !#$%&'*+\-/=?^_`{|}~]/u.test(clean);
  return needsQuotes
    ? `"${clean.replace(/["\\]/g, (c) => `\\${c}`)}" <${address}>`
    : `${clean} <${address}>`;
}

/** The address part of `Name <address>` or a bare address. */
export function addressOf(value: string): string {
  return /<([^<>]+)>\s*$/.exec(value)?.[1]?.trim() ?? value.trim();
}

/**
 * A Message-ID derived from the idempotency key: a mail sent twice over SMTP carries the same
 * id both times, so receiving servers and clients can drop the duplicate.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = addressOf(from).split('@')[1] || 'localhost';
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${hash}@${domain}>`;
}

/** Only the domain of an address: enough to tell mails apart in logs without naming a person. */
export function recipientDomain(address: string): string {
  return (addressOf(address).split('@').pop() ?? '').toLowerCase();
}
