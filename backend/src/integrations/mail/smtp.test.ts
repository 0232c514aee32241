import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpTransport, smtpFailure } from './smtp.js';
import type { MailMessage, MailTransport } from './transport.js';
import { MailDeliveryError } from './transport.js';

/** Just enough SMTP for nodemailer: EHLO, MAIL, RCPT (answered with `rcptReply`), DATA, QUIT. */
async function startFakeSmtp(rcptReply: string) {
  const received: string[] = [];
  const server: Server = createServer((socket) => {
    socket.setEncoding('utf8');
    socket.write('220 fake.test ESMTP\r\n');
    let buffer = '';
    let data: string[] | null = null;
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === '.') {
            received.push(data.join('\r\n'));
            data = null;
            socket.write('250 2.0.0 queued\r\n');
          } else data.push(line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-fake.test\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') socket.write('250 OK\r\n');
        else if (verb === 'RCPT') socket.write(`${rcptReply}\r\n`);
        else if (verb === 'DATA') {
          data = [];
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('502 5.5.2 unknown command\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const message: MailMessage = {
  from: 'TimeMaster <noreply@zeit.example.com>',
  to: 'ann@example.com',
  subject: 'Hallo',
  html: '<p>Hallo https://zeit.example.com/x</p>',
  text: 'Hallo https://zeit.example.com/x',
  idempotencyKey: 'test:smtp-1',
};

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function sendVia(rcptReply: string): Promise<{ result: unknown; received: string[] }> {
  const server = await startFakeSmtp(rcptReply);
  const transport: MailTransport = createSmtpTransport({ url: server.url, timeoutMs: 5_000 });
  cleanup.push(server.close, () => transport.close());
  const result = await transport.send(message).then(
    (ok) => ok,
    (error: unknown) => error,
  );
  return { result, received: server.received };
}

describe('SMTP transport', () => {
  it('hands the mail over with a Message-ID derived from the idempotency key', async () => {
    const { result, received } = await sendVia('250 2.1.5 OK');
    expect(received).toHaveLength(1);
    const { providerMessageId } = result as { providerMessageId: string };
    expect(providerMessageId).toMatch(/^<[0-9a-f]{32}@zeit\.example\.com>$/);
    expect(received[0]).toContain(`Message-ID: ${providerMessageId}`);
    expect(received[0]).toContain('Subject: Hallo');
  });

  it('4xx reply: retryable', async () => {
    const { result } = await sendVia('451 4.7.1 greylisted, try again later');
    expect(result).toBeInstanceOf(MailDeliveryError);
    expect((result as MailDeliveryError).permanent).toBe(false);
    expect((result as MailDeliveryError).message).toMatch(/^smtp: 451/);
    expect((result as MailDeliveryError).message).not.toContain('greylisted');
  });

  it('5xx reply: permanent', async () => {
    const { result } = await sendVia('550 5.1.1 no such user');
    expect(result).toBeInstanceOf(MailDeliveryError);
    expect((result as MailDeliveryError).permanent).toBe(true);
    expect((result as MailDeliveryError).message).toMatch(/^smtp: 550/);
  });

  it('no server: retryable', async () => {
    const server = await startFakeSmtp('250 OK');
    await server.close();
    const transport = createSmtpTransport({ url: server.url, timeoutMs: 2_000 });
    cleanup.push(() => transport.close());
    const error = await transport.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).permanent).toBe(false);
  });

  it('maps nodemailer errors without a reply code', () => {
    expect(smtpFailure({ code: 'ETIMEDOUT' }).permanent).toBe(false);
    expect(smtpFailure({ code: 'EENVELOPE' }).permanent).toBe(true);
    expect(smtpFailure({ code: 'EAUTH', responseCode: 535 }).permanent).toBe(true);
    expect(smtpFailure(new Error('boom')).message).toBe('smtp: error');
  });
});
