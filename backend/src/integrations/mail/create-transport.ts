/** Picks the mail transport the configuration asks for (MAIL_TRANSPORT). */
import type { Config } from '../../config.js';
import { createFileTransport } from './file.js';
import { createResendTransport } from './resend.js';
import { createSmtpTransport } from './smtp.js';
import type { MailTransport } from './transport.js';

type MailConfig = Pick<
  Config,
  'mailTransport' | 'resendApiKey' | 'resendBaseUrl' | 'smtpUrl' | 'mailFileDir'
>;

/** The transport of this installation; throws when the chosen one lacks its setting. */
export function createTransport(config: MailConfig): MailTransport {
  switch (config.mailTransport) {
    case 'resend':
      if (!config.resendApiKey) throw new Error('MAIL_TRANSPORT=resend needs RESEND_API_KEY');
      return createResendTransport({ apiKey: config.resendApiKey, baseUrl: config.resendBaseUrl });
    case 'smtp':
      if (!config.smtpUrl) throw new Error('MAIL_TRANSPORT=smtp needs SMTP_URL');
      return createSmtpTransport({ url: config.smtpUrl });
    case 'file':
      return createFileTransport({ dir: config.mailFileDir });
  }
}
