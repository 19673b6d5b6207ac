/**
 * Access patterns of notices and the attendee's preferences for them (key
 * design in ./keys.ts; docs/reservations.md "Told when promoted"). A notice
 * is an outbox item: written in the same transaction as the promotion it
 * tells of, so it exists exactly when the promotion happened, once; the
 * mailer then claims it, sends, and marks it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { attendeePartition, noticeKey, preferencesKey, type Key } from './keys';
import type { TransactItem } from './transactions';

/** A notice is kept this long after it was written (the page lists nothing older; DynamoDB's TTL removes it). */
const NOTICE_TTL_SECONDS = 30 * 24 * 60 * 60;
/** A claim older than this is taken to belong to a mailer that crashed mid-send: another may send. */
export const MAIL_CLAIM_STALE_MS = 5 * 60 * 1000;

export interface NoticeItem extends Key {
  entity: 'notice';
  kind: 'promoted';
  attendeeId: string;
  eventId: string;
  sessionId: string;
  place: number;
  createdAt: string;
  mail?: 'sending' | 'sent' | 'skipped';
}

export interface Preferences {
  /** Where notices are emailed; none: no email. */
  email?: string;
  /** False: the attendee turned email notices off. */
  emailNotices: boolean;
}

/** The outbox item of a promotion, as a transaction's Put (the promotion's own transaction writes it). */
export function promotionNotice(tableName: string, promoted: { attendeeId: string; eventId: string; sessionId: string; place: number }, at: Date): TransactItem {
  const item: Omit<NoticeItem, 'mail'> & { expiresAt: number } = {
    ...noticeKey(promoted.attendeeId, promoted.eventId, promoted.sessionId, promoted.place),
    entity: 'notice',
    kind: 'promoted',
    ...promoted,
    createdAt: at.toISOString(),
    expiresAt: Math.floor(at.getTime() / 1000) + NOTICE_TTL_SECONDS,
  };
  return { Put: { TableName: tableName, Item: item } };
}

export function createNoticeStore(doc: DynamoDBDocumentClient, tableName: string, clock: () => number = Date.now) {
  /** Access pattern: one notice, by its key (as the stream hands it over). */
  async function getNotice(key: Key): Promise<NoticeItem | undefined> {
    if (!key.pk.startsWith(attendeePartition('')) || !key.sk.startsWith('NOTICE#')) return undefined;
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
    return Item as NoticeItem | undefined;
  }

  /**
   * Access pattern: a mailer claims a notice before sending it. `done`: sent
   * or skipped already (a retry does nothing); `busy`: another mailer's claim
   * is fresh (try later); `gone`: no such notice.
   */
  async function claimMail(key: Key): Promise<'claimed' | 'done' | 'busy' | 'gone'> {
    const now = clock();
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression: 'SET mail = :sending, mailClaimedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(mail) OR (mail = :sending AND mailClaimedAt < :stale))',
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now, ':stale': now - MAIL_CLAIM_STALE_MS },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const held = await getNotice(key);
      return !held ? 'gone' : held.mail === 'sending' ? 'busy' : 'done';
    }
  }

  const update = (key: Key, expression: Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeValues'>) =>
    doc.send(new UpdateCommand({ TableName: tableName, Key: { pk: key.pk, sk: key.sk }, ...expression }));

  /** Access pattern: what became of a claimed notice's email. */
  async function finishMail(key: Key, outcome: 'sent' | 'skipped'): Promise<void> {
    await update(key, { UpdateExpression: 'SET mail = :outcome, mailedAt = :at REMOVE mailClaimedAt', ExpressionAttributeValues: { ':outcome': outcome, ':at': new Date(clock()).toISOString() } });
  }

  /** A claim given back after a send failed: the next try need not wait for it to go stale. */
  async function releaseMail(key: Key): Promise<void> {
    await update(key, { UpdateExpression: 'REMOVE mail, mailClaimedAt', ConditionExpression: 'mail = :sending', ExpressionAttributeValues: { ':sending': 'sending' } });
  }

  /** Access pattern: the attendee's notice preferences (email on, no address, until they say otherwise). */
  async function getPreferences(attendeeId: string): Promise<Preferences> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: preferencesKey(attendeeId) }));
    return { ...(Item?.email ? { email: Item.email as string } : {}), emailNotices: Item?.emailNotices !== false };
  }

  async function putPreferences(attendeeId: string, preferences: Preferences): Promise<void> {
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...preferencesKey(attendeeId), entity: 'preferences', ...preferences, updatedAt: new Date(clock()).toISOString() } }));
  }

  return { getNotice, claimMail, finishMail, releaseMail, getPreferences, putPreferences };
}

export type NoticeStore = ReturnType<typeof createNoticeStore>;
