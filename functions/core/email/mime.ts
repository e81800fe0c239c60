import type Mail from 'nodemailer/lib/mailer';
import type MailComposerClass from 'nodemailer/lib/mail-composer';

export interface OutgoingEmail {
  from: { name: string; address: string };
  /** Where replies go: the consultant, not the sending address. */
  replyTo?: string;
  to: string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Uint8Array; contentType: string }[];
  /** The message's own Message-ID (one per message kind and version: a resend after a crash keeps it, so mail clients see one message). */
  messageId?: string;
  date?: Date;
}

let composer: Promise<typeof MailComposerClass> | undefined;

/**
 * Only nodemailer's MIME composer: the transports (SMTP, sendmail, SES) would be half of nodemailer's
 * bundle weight and SES v2 sends the raw bytes itself. Loaded when the first email is built, not when a
 * handler starts (most ingests send none).
 */
function mailComposer(): Promise<typeof MailComposerClass> {
  composer ??= import('nodemailer/lib/mail-composer/index.js').then((module) => module.default);
  return composer;
}

/** Builds RFC 5322 MIME (UTF-8 subject and body, base64 attachments, CRLF line ends) with nodemailer. */
export async function buildMime(email: OutgoingEmail): Promise<Uint8Array> {
  const MailComposer = await mailComposer();
  const mail: Mail.Options = {
    from: email.from,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    to: email.to,
    subject: email.subject,
    text: email.text,
    messageId: email.messageId,
    date: email.date,
    attachments: email.attachments?.map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.content),
      contentType: a.contentType,
    })),
  };
  const message = await new Promise<Buffer>((resolve, reject) => {
    new MailComposer(mail).compile().build((error, built) => (error ? reject(error) : resolve(built)));
  });
  return withCrlf(message);
}

/**
 * The composer ends lines with LF; RFC 5322 (and SES) want CRLF. Latin-1 maps every byte to one character
 * and back, so this rewrites line ends without touching any other byte (the composer has already encoded
 * every body as ASCII).
 */
function withCrlf(message: Buffer): Uint8Array {
  return new Uint8Array(Buffer.from(message.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'));
}
