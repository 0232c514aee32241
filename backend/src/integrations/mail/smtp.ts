/**
 * Delivery through an SMTP server (SMTP_URL) with nodemailer. SMTP has no idempotency key; the
 * Message-ID derived from it lets receivers recognise a mail that was handed over twice.
 * Reply codes decide retrying: 4xx is "try again later" (greylisting, full mailbox, rate
 * limits), 5xx is a refusal; no code at all means the connection failed, which may pass.
 */
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { MailTransport } from './transport.js';
import { MailDeliveryError, messageIdFor } from './transport.js';

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:587 or smtps://…:465 */
  url: string;
  /** Connect, greeting and idle socket timeouts (nodemailer's defaults are minutes). */
  timeoutMs?: number;
}

/** nodemailer's error (responseCode from the server's reply, code like ECONNECTION) → ours. */
export function smtpFailure(error: unknown): MailDeliveryError {
  const { responseCode, code } = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  const reply = typeof responseCode === 'number' ? responseCode : undefined;
  const errorCode = typeof code === 'string' && /^[A-Z_]{1,30}$/.test(code) ? code : undefined;
  const label = `smtp: ${[reply, errorCode].filter(Boolean).join(' ') || 'error'}`;
  if (reply !== undefined && reply >= 500) return new MailDeliveryError(label, { permanent: true });
  if (reply !== undefined && reply >= 400)
    return new MailDeliveryError(label, { permanent: false });
  // Refused before any server reply: no recipient or a message nodemailer cannot build.
  if (errorCode === 'EENVELOPE' || errorCode === 'EMESSAGE') {
    return new MailDeliveryError(label, { permanent: true });
  }
  return new MailDeliveryError(label, { permanent: false });
}

export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const transporter = nodemailer.createTransport(
    new SMTPTransport({
      url: options.url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    }),
  );
  return {
    name: 'smtp',
    async send(message) {
      const messageId = messageIdFor(message.idempotencyKey, message.from);
      try {
        await transporter.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId,
        });
      } catch (error) {
        throw smtpFailure(error);
      }
      return { providerMessageId: messageId };
    },
    async close() {
      transporter.close();
    },
  };
}
