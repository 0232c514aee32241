import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstLink, linksIn, readMailsFrom, waitForMail } from '../../../test/mail.js';
import { createFileTransport } from './file.js';
import { renderMail } from './templates.js';
import type { MailMessage } from './transport.js';
import { formatAddress } from './transport.js';

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'timemaster-mail-'));
  dir = path.join(root, 'not', 'there', 'yet');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const acceptUrl = 'https://zeit.example.com/invitations/accept?token=tok-123';

function invitation(key: string, to = 'ann@example.com'): MailMessage {
  const rendered = renderMail(
    'invitation',
    'de',
    {
      inviterName: 'Ada Admin',
      companyName: 'Müller & Söhne GmbH',
      role: 'manager',
      acceptUrl,
      expiresAt: new Date('2025-03-08T13:30:00Z'),
    },
    { appName: 'TimeMaster', fromName: 'Zeiterfassung Müller' },
  );
  return {
    from: formatAddress('Zeiterfassung Müller', 'noreply@zeit.example.com'),
    to,
    ...rendered,
    idempotencyKey: key,
    template: 'invitation',
  };
}

describe('file transport', () => {
  it('writes a readable .eml and a .json twin, creating the folder', async () => {
    const transport = createFileTransport({ dir, now: () => new Date('2025-03-01T10:00:00.000Z') });
    const { providerMessageId } = await transport.send(invitation('invitation:1'));

    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^20250301T100000000Z-invitation_1-[0-9a-f]{12}\.eml$/);
    expect(files[1]).toBe(files[0]?.replace(/\.eml$/, '.json'));
    expect(providerMessageId).toBe(`file:${files[0]?.replace(/\.eml$/, '')}`);

    const eml = await readFile(path.join(dir, files[0] ?? ''), 'utf8');
    expect(eml).toMatch(/^Subject: Einladung zu TimeMaster bei =\?UTF-8\?|^Subject: /m);
    expect(eml).toMatch(
      /^From: =\?UTF-8\?Q\?Zeiterfassung_M=C3=BCller\?= <noreply@zeit\.example\.com>/m,
    );
    expect(eml).toMatch(/^To: ann@example\.com/m);
    expect(eml).toMatch(/^Message-ID: <[0-9a-f]{32}@zeit\.example\.com>/m);
    expect(eml).toContain('multipart/alternative');
    expect(eml).toContain('\r\n');
    // The link survives quoted-printable encoding in the text part (soft line breaks removed).
    expect(eml.replace(/=\r\n/g, '').replace(/=3D/g, '=')).toContain(acceptUrl);

    const [mail] = await readMailsFrom(dir);
    expect(mail).toMatchObject({
      to: 'ann@example.com',
      from: 'Zeiterfassung Müller <noreply@zeit.example.com>',
      subject: 'Einladung zu TimeMaster bei Müller & Söhne GmbH',
      idempotencyKey: 'invitation:1',
      template: 'invitation',
      date: '2025-03-01T10:00:00.000Z',
      eml: files[0],
    });
    expect(mail?.html).toContain('Müller &amp; Söhne');
    expect(mail && firstLink(mail, /\/invitations\/accept/)).toBe(acceptUrl);
  });

  it('is idempotent: the same key rewrites the same two files', async () => {
    let clock = new Date('2025-03-01T10:00:00.000Z');
    const transport = createFileTransport({ dir, now: () => clock });
    await transport.send(invitation('invitation:2'));
    const before = (await readdir(dir)).sort();
    clock = new Date('2025-03-01T12:00:00.000Z');
    await transport.send(invitation('invitation:2'));
    expect((await readdir(dir)).sort()).toEqual(before);
    expect(await readMailsFrom(dir)).toHaveLength(1);
  });

  it('keeps keys apart that differ only in characters unfit for file names', async () => {
    const transport = createFileTransport({ dir });
    await transport.send(invitation('a:b'));
    await transport.send(invitation('a/b'));
    await transport.send(invitation('x-a_b'));
    expect(await readMailsFrom(dir)).toHaveLength(3);
  });

  it('lists mails oldest first and finds links and mails', async () => {
    let clock = new Date('2025-03-01T10:00:00.000Z');
    const transport = createFileTransport({ dir, now: () => clock });
    await transport.send(invitation('k:2', 'second@example.com'));
    clock = new Date('2025-03-01T09:00:00.000Z');
    await transport.send(invitation('k:1', 'first@example.com'));
    const mails = await readMailsFrom(dir);
    expect(mails.map((m) => m.to)).toEqual(['first@example.com', 'second@example.com']);
    expect(linksIn(mails[0]!)).toContain(acceptUrl);
    expect(() => firstLink(mails[0]!, /reset-password/)).toThrow(/no link matching/);
    const found = await waitForMail(dir, (m) => m.to === 'second@example.com', 1_000);
    expect(found.idempotencyKey).toBe('k:2');
    expect(await readMailsFrom(path.join(root, 'missing'))).toEqual([]);
  });
});
