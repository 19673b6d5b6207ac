/**
 * Emails a notice from the outbox (docs/reservations.md "Told when
 * promoted"). The notice is claimed first, so that two deliveries of the same
 * stream record (a retry, a replay) send it once; it is marked sent or
 * skipped after. A send that fails gives the claim back and throws, so the
 * queue tries again; only a mailer that dies between SES accepting the mail
 * and the mark could send it twice, after the claim went stale.
 */
import type { Key } from '../store/keys';
import type { Stores } from '../store/stores';

export interface MailMessage {
  /** The notice's own id: a sender that can (the local outbox folder) writes one message per id. */
  id: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailSender {
  send(message: MailMessage): Promise<void>;
}

export type MailOutcome = 'sent' | 'skipped' | 'done' | 'busy' | 'gone';

/** A notice's id for a message: its key, in characters a file name or a header may hold. */
export const noticeId = (key: Key) => `${key.pk}~${key.sk}`.replace(/[^A-Za-z0-9_.~-]/g, '_');

/** `sender`: none when the deployment has no sender address; every notice is then skipped. */
export function createNoticeMailer(stores: Pick<Stores, 'notices' | 'catalogue'>, sender: MailSender | undefined, publicBaseUrl: string) {
  return async function mailNotice(key: Key): Promise<MailOutcome> {
    const claim = await stores.notices.claimMail(key);
    if (claim !== 'claimed') return claim;
    try {
      const notice = (await stores.notices.getNotice(key))!;
      const preferences = await stores.notices.getPreferences(notice.attendeeId);
      if (!sender || !preferences.emailNotices || !preferences.email) {
        await stores.notices.finishMail(key, 'skipped');
        return 'skipped';
      }
      const session = await stores.catalogue.getSession(notice.eventId, notice.sessionId);
      const title = session?.title ?? notice.sessionId;
      const link = `${publicBaseUrl.replace(/\/+$/, '')}/#/e/${encodeURIComponent(notice.eventId)}/s/${encodeURIComponent(notice.sessionId)}`;
      await sender.send({
        id: noticeId(key),
        to: preferences.email,
        subject: `좌석이 확정되었습니다: ${title}`,
        text: `대기하시던 세션에 자리가 나서 좌석이 확정되었습니다.\n\n${title}\n${link}\n\n이메일 알림은 내 일정 페이지에서 끌 수 있습니다.`,
      });
      await stores.notices.finishMail(key, 'sent');
      return 'sent';
    } catch (error) {
      await stores.notices.releaseMail(key).catch(() => undefined);
      throw error;
    }
  };
}

export type NoticeMailer = ReturnType<typeof createNoticeMailer>;
