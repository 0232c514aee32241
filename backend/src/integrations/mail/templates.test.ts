import { describe, expect, it } from 'vitest';
import type { MailLocale, MailTemplateInput, MailTemplateName } from './templates.js';
import { escapeHtml, mailLocales, mailTemplateNames, renderMail } from './templates.js';

const brand = { appName: 'ZeitWerk', fromName: 'Team Zeiterfassung' };

const samples: { [N in MailTemplateName]: { data: MailTemplateInput<N>; link: string } } = {
  invitation: {
    data: {
      inviterName: 'Ada Admin',
      companyName: 'Muster GmbH',
      role: 'employee',
      acceptUrl: 'https://zeit.example.com/invitations/accept?token=inv-abc123&x=1',
      expiresAt: new Date('2025-03-08T13:30:00Z'),
    },
    link: 'https://zeit.example.com/invitations/accept?token=inv-abc123&x=1',
  },
  password_reset: {
    data: {
      name: 'Ben',
      resetUrl: 'https://zeit.example.com/reset-password?token=rst-xyz',
      validMinutes: 60,
    },
    link: 'https://zeit.example.com/reset-password?token=rst-xyz',
  },
  welcome: {
    data: { name: 'Cem', companyName: 'Muster GmbH', appUrl: 'https://zeit.example.com/' },
    link: 'https://zeit.example.com/',
  },
  password_changed: {
    data: {
      name: 'Dana',
      changedAt: '2025-07-08T13:30:00.000Z',
      resetUrl: 'https://zeit.example.com/forgot-password',
    },
    link: 'https://zeit.example.com/forgot-password',
  },
  running_entry_reminder: {
    data: {
      name: 'Emil',
      startedAt: new Date('2026-03-28T23:00:00Z'),
      hours: 12,
      timesheetUrl: 'https://zeit.example.com/timesheet?day=2026-03-29',
    },
    link: 'https://zeit.example.com/timesheet?day=2026-03-29',
  },
  missing_entry_reminder: {
    data: {
      name: 'Frieda',
      day: '2026-05-22',
      timesheetUrl: 'https://zeit.example.com/timesheet?day=2026-05-22',
    },
    link: 'https://zeit.example.com/timesheet?day=2026-05-22',
  },
  absence_notice: {
    data: {
      event: 'rejected',
      name: 'Gitte',
      personName: 'Gitte Groß',
      typeName: 'Urlaub',
      from: '2026-08-03',
      to: '2026-08-07',
      days: 4.5,
      comment: 'Bitte eine Woche später',
      url: 'https://zeit.example.com/absences?id=abc',
    },
    link: 'https://zeit.example.com/absences?id=abc',
  },
  vacation_notice: {
    data: {
      name: 'Gustav',
      year: 2026,
      remainingDays: 4.5,
      expiresOn: '2027-03-31',
      accountUrl: 'https://zeit.example.com/vacation',
    },
    link: 'https://zeit.example.com/vacation',
  },
  certificate_due_reminder: {
    data: {
      name: 'Gül',
      from: '2026-03-16',
      dueOn: '2026-03-19',
      uploadUrl: 'https://zeit.example.com/sick-notes?absence=abc',
    },
    link: 'https://zeit.example.com/sick-notes?absence=abc',
  },
};

function render(template: MailTemplateName, locale: MailLocale) {
  return renderMail(template, locale, samples[template].data, brand);
}

describe('mail templates', () => {
  for (const template of mailTemplateNames) {
    for (const locale of mailLocales) {
      it(`${template} (${locale}) has subject, HTML and text with its link`, () => {
        const mail = render(template, locale);
        const { link } = samples[template];
        expect(mail.subject.length).toBeGreaterThan(5);
        expect(mail.subject).not.toMatch(/[\r\n]/);
        expect(mail.text).toContain(link);
        expect(mail.html).toContain(`href="${escapeHtml(link)}"`);
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.html).toContain(brand.appName);
        expect(mail.html).toContain(brand.fromName);
        expect(mail.text).toContain(brand.fromName);
        expect(mail.text).not.toMatch(/<[a-z]/i);
      });
    }
  }

  it('covers every template with a sample', () => {
    expect(Object.keys(samples).sort()).toEqual([...mailTemplateNames].sort());
  });

  it('escapes names in HTML and keeps header lines single', () => {
    const mail = renderMail(
      'invitation',
      'de',
      {
        ...samples.invitation.data,
        inviterName: '<script>alert("x")</script>',
        companyName: 'Evil & Co\r\nBcc: victim@example.com',
      },
      { appName: 'Zeit<b>', fromName: '"Boss" <img src=x>' },
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('Zeit<b>');
    expect(mail.html).toContain('Evil &amp; Co');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    // The plain-text part shows the name as written: text is not interpreted.
    expect(mail.text).toContain('<script>alert("x")</script>');
  });

  it('escapes & in links inside href attributes', () => {
    const mail = render('invitation', 'en');
    expect(mail.html).toContain('token=inv-abc123&amp;x=1');
    expect(mail.html).not.toContain('token=inv-abc123&x=1');
  });

  it('speaks informally in German ("du"), never "Sie"', () => {
    for (const template of mailTemplateNames) {
      const { subject, text } = render(template, 'de');
      const all = `${subject}\n${text}`;
      expect(all, template).toMatch(/\b(du|dich|dir|dein|deine|deines|deinen|deiner)\b/i);
      expect(all, template).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihres|Ihrer)\b/);
    }
  });

  it('uses gender-inclusive role names in German', () => {
    const admin = renderMail(
      'invitation',
      'de',
      { ...samples.invitation.data, role: 'admin' },
      brand,
    );
    expect(admin.text).toContain('Administrator*in');
    expect(render('invitation', 'de').text).toContain('Mitarbeiter*in');
  });

  it('formats dates for the locale in German time', () => {
    // 13:30 UTC in March is 14:30 in Berlin (CET); in July 15:30 (CEST).
    expect(render('invitation', 'de').text).toContain('8. März 2025 um 14:30 MEZ');
    expect(render('invitation', 'en').text).toContain('8 March 2025 at 14:30 CET');
    expect(render('password_changed', 'de').text).toContain('8. Juli 2025 um 15:30 MESZ');
    expect(render('password_changed', 'en').text).toContain('8 July 2025 at 15:30 CEST');
  });

  it('states how long a reset link is valid', () => {
    expect(render('password_reset', 'de').text).toContain('60 Minuten');
    expect(render('password_reset', 'en').text).toContain('60 minutes');
  });

  it('asks about a running entry with its hours and local start', () => {
    const de = render('running_entry_reminder', 'de');
    expect(de.subject).toBe(
      'Deine Zeiterfassung läuft seit 12 Stunden – hast du vergessen zu gehen?',
    );
    // 23:00 UTC on 28 March is midnight in Berlin, before the switch to summer time.
    expect(de.text).toContain('29. März 2026 um 00:00 MEZ');
    const en = render('running_entry_reminder', 'en');
    expect(en.subject).toBe(
      'Your time recording has been running for 12 hours – did you forget to clock out?',
    );
    expect(en.text).toContain('29 March 2026 at 00:00 CET');
    const one = renderMail(
      'running_entry_reminder',
      'de',
      { ...samples.running_entry_reminder.data, hours: 1 },
      brand,
    );
    expect(one.subject).toContain('seit 1 Stunde –');
    const { name: _name, ...nameless } = samples.running_entry_reminder.data;
    expect(renderMail('running_entry_reminder', 'en', nameless, brand).text).toMatch(/^Hello,\n/);
    expect(one.text).toMatch(/^Hallo Emil,\n/);
  });

  it('names the missing day with its weekday, whatever the process time zone', () => {
    expect(render('missing_entry_reminder', 'de').subject).toBe(
      'Für Freitag, 22. Mai 2026 fehlt deine Arbeitszeit',
    );
    expect(render('missing_entry_reminder', 'en').subject).toBe(
      'No working time recorded for Friday, 22 May 2026',
    );
  });

  it('tells absence events with range, working days and comment in both languages', () => {
    const de = render('absence_notice', 'de');
    expect(de.subject).toBe('Dein Antrag auf Urlaub wurde abgelehnt');
    expect(de.text).toContain('Montag, 3. August 2026 – Freitag, 7. August 2026 (4,5 Arbeitstage)');
    expect(de.text).toContain('Kommentar: „Bitte eine Woche später“');
    const en = render('absence_notice', 'en');
    expect(en.subject).toBe('Your request for Urlaub was rejected');
    expect(en.text).toContain('(4.5 working days)');
    const open = renderMail(
      'absence_notice',
      'de',
      { ...samples.absence_notice.data, event: 'recorded', to: null, days: null },
      brand,
    );
    expect(open.subject).toBe('Gitte Groß: Urlaub eingetragen');
    expect(open.text).toContain('ab Montag, 3. August 2026 (Ende offen)');
  });

  it('refuses data that does not fit the template', () => {
    expect(() =>
      renderMail(
        'password_reset',
        'de',
        { ...samples.password_reset.data, resetUrl: 'javascript:alert(1)' },
        brand,
      ),
    ).toThrow();
    expect(() =>
      renderMail('welcome', 'en', { ...samples.welcome.data, extra: 'field' }, brand),
    ).toThrow();
    expect(() =>
      renderMail('invitation', 'en', { ...samples.invitation.data, role: 'super_admin' }, brand),
    ).toThrow();
    expect(() =>
      renderMail(
        'missing_entry_reminder',
        'de',
        { ...samples.missing_entry_reminder.data, day: '2026-02-30' },
        brand,
      ),
    ).toThrow();
    expect(() =>
      renderMail(
        'running_entry_reminder',
        'en',
        { ...samples.running_entry_reminder.data, hours: 0 },
        brand,
      ),
    ).toThrow();
  });
});
