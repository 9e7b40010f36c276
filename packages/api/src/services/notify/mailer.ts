/**
 * Email over SMTP (interfaces.md: SMTP_URL, MAIL_FROM) with nodemailer. Unset SMTP_URL:
 * no mailer, email is off, and notifications still appear in the product.
 */
import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  /** plain text only: counts and links, never client ids */
  text: string;
  /** fixed per notification, so a receiving system can recognise a repeat */
  messageId: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

export class MailConfigError extends Error {}

export function createMailer(config: { smtpUrl: string | undefined; from: string | undefined }): Mailer | null {
  if (!config.smtpUrl) return null;
  let url: URL;
  try {
    url = new URL(config.smtpUrl);
  } catch {
    throw new MailConfigError('SMTP_URL must be a URL such as smtp://user:password@mail.example.org:587 or smtps://mail.example.org:465.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new MailConfigError(`SMTP_URL must start with smtp:// or smtps:// (got ${url.protocol}//).`);
  if (!config.from)
    throw new MailConfigError('MAIL_FROM is required when SMTP_URL is set (for example "Caseload analytics <caseload@example.org>").');
  const transport = nodemailer.createTransport(config.smtpUrl);
  const from = config.from;
  return {
    async send(email) {
      await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text, messageId: email.messageId });
    },
    close() {
      transport.close();
    },
  };
}
