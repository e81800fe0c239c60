import type { Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport';

export interface OutgoingEmail {
  from: { name: string; address: string };
  to: string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Uint8Array; contentType: string }[];
  /** Stable Message-ID, so a resent message can be recognised by mail clients. */
  messageId?: string;
  date?: Date;
}

let transport: Promise<Transporter<StreamTransport.SentMessageInfo>> | undefined;

/** nodemailer is loaded when the first email is built, not when a handler starts (most ingests send none). */
function streamTransport(): Promise<Transporter<StreamTransport.SentMessageInfo>> {
  transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'crlf' }));
  return transport;
}

/** Builds RFC 5322 MIME (UTF-8 subject and body, base64 attachments) with nodemailer. */
export async function buildMime(email: OutgoingEmail): Promise<Uint8Array> {
  const info = await (await streamTransport()).sendMail({
    from: email.from,
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
  });
  const message = info.message;
  if (!Buffer.isBuffer(message)) throw new Error('nodemailer returned a stream where a buffer was configured');
  return new Uint8Array(message);
}
