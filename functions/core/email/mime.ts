import nodemailer from 'nodemailer';

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

const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'crlf' });

/** Builds RFC 5322 MIME (UTF-8 subject and body, base64 attachments) with nodemailer. */
export async function buildMime(email: OutgoingEmail): Promise<Uint8Array> {
  const info = await transport.sendMail({
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
