/**
 * What the table's stream tells people, besides the change feed: pushes on
 * the live channel, and promotions handed to the mailer. In AWS this runs in
 * the change feed's stream consumer (DynamoDB Streams serves two readers a
 * shard well, and the change feed and the deleted sessions' cleanup are
 * those two); locally in the stream poller's consumer. A push that fails is
 * logged and dropped (the page reads the state again when it resubscribes);
 * a notice that cannot be queued throws, so the record is tried again.
 */
import type { StreamRecord } from '../changes/record-changes';
import { noticeWritten, type NoticeQueue } from '../notices/outbox';

export function createTeller(options: { push?: (record: StreamRecord) => Promise<number>; notices?: NoticeQueue; log: (message: string, error: Error) => void }) {
  return async function tell(record: StreamRecord): Promise<void> {
    if (options.push) await options.push(record).catch((error: Error) => options.log('could not push a live message', error));
    const notice = noticeWritten(record);
    if (notice && options.notices) await options.notices.enqueue([notice]);
  };
}
