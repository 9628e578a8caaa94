/** Production delivery over SMTP (nodemailer). Plain text only: no tracking pixels, no remote content. */
import nodemailer from 'nodemailer';
import type { OutboundMessage, Transport } from './message';

export function smtpTransport(url: string, from: string): Transport {
  const mailer = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(message: OutboundMessage) {
      await mailer.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        // A stable Message-ID lets the receiving side drop a duplicate after a retried job.
        messageId: `<${message.id}@recovery.invalid>`,
      });
    },
    close() {
      mailer.close();
    },
  };
}
