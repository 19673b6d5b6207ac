/**
 * Sends mail through Amazon SES's v2 API (SendEmail), from the stack's
 * configured sender: one signed JSON call (lambda/aws/json-call.ts), no SES
 * client in the bundle.
 */
import { partition } from '@aws-sdk/core/client';
import { postJson } from '../aws/json-call';
import type { MailSender } from './mail-notice';

export function sesSender(from: string): MailSender {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint = process.env.AWS_ENDPOINT_URL_SESV2 ?? `https://email.${region}.${partition(region).dnsSuffix}`;
  return {
    async send({ to, subject, text }) {
      const content = (data: string) => ({ Data: data, Charset: 'UTF-8' });
      await postJson('ses', new URL('/v2/email/outbound-emails', endpoint), {
        FromEmailAddress: from,
        Destination: { ToAddresses: [to] },
        Content: { Simple: { Subject: content(subject), Body: { Text: content(text) } } },
      });
    },
  };
}
