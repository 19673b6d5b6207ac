/**
 * Access patterns of polls and reviews (key design in ./keys.ts). Counts
 * live on the poll item and on the session's review summary, changed in the
 * same transaction as the vote or review they count, so reading them is one
 * GetItem and they cannot drift from a recount.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './catalogue-store';
import { runTransaction, type TransactItem } from './transactions';
import { queryAll } from './query-page';
import { eventReviewsPk, pollKey, reviewerKey, reviewKey, reviewSummaryKey, reviewTimelinePk, sessionKey, sessionPartition, voteKey } from './keys';
import { createQueryPage, type Page, type PageRequest } from './query-page';
import type { Cursors } from './cursor';

export interface PollItem {
  eventId: string;
  sessionId: string;
  id: string;
  question: string;
  options: string[];
  closesAt?: string;
  /** `closesAt` in UTC, which string comparison in a condition can use. */
  closesAtUtc?: string;
  closed: boolean;
  createdAt: string;
  total?: number;
  [votes: `votes${number}`]: number | undefined;
}

export interface ReviewItem {
  eventId: string;
  sessionId: string;
  /** The review's own id: random, the only one the public and moderators see. */
  reviewId: string;
  /** The author: stored for the author's own reads and for erasure, never shown in a list. */
  attendeeId: string;
  rating: number;
  text: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  hidden?: boolean;
}

export interface ReviewSummaryItem {
  count?: number;
  sum?: number;
  [bucket: `stars${number}`]: number | undefined;
}

export type EngagementOutcome = 'applied' | 'changed' | 'closed' | 'missing';

export function createEngagementStore(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors) {
  const queryPage = createQueryPage(doc, tableName, cursors);
  /** Runs a transaction; a cancelled one reports the outcome named for the first failed item. */
  async function attempt(items: TransactItem[], onFailure: Record<number, EngagementOutcome>): Promise<EngagementOutcome> {
    const result = await runTransaction(doc, items);
    if (result.applied) return 'applied';
    return result.conflict ? 'changed' : (onFailure[result.failed[0]!] ?? 'changed');
  }

  async function get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item as T | undefined;
  }

  // ---- polls ----

  async function createPoll(poll: PollItem): Promise<EngagementOutcome> {
    const counts = Object.fromEntries(poll.options.map((_, i) => [`votes${i}`, 0]));
    return attempt(
      [
        { ConditionCheck: { TableName: tableName, Key: sessionKey(poll.eventId, poll.sessionId), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Put: {
            TableName: tableName,
            Item: { ...pollKey(poll.eventId, poll.sessionId, poll.id), entity: 'poll', ...poll, ...counts, total: 0 },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      { 0: 'missing', 1: 'changed' },
    );
  }

  /** Access pattern: a session's polls with their counts (partition EVENT#{e}#SESSION#{s}, sk POLL#…). */
  async function listPolls(eventId: string, sessionId: string): Promise<PollItem[]> {
    const page = await queryPage<PollItem>({
      partition: { name: 'pk', value: sessionPartition(eventId, sessionId) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': 'POLL#' } },
      identity: ['polls'],
      consistent: true,
    }, { limit: 100 });
    return page.items;
  }

  /** Access pattern: one poll and its counts: a single key read, whatever the number of votes. */
  const getPoll = (eventId: string, sessionId: string, pollId: string) => get<PollItem>(pollKey(eventId, sessionId, pollId));

  async function closePoll(eventId: string, sessionId: string, pollId: string): Promise<EngagementOutcome> {
    return attempt(
      [
        {
          Update: {
            TableName: tableName,
            Key: pollKey(eventId, sessionId, pollId),
            UpdateExpression: 'SET #closed = :yes',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#closed': 'closed' },
            ExpressionAttributeValues: { ':yes': true },
          },
        },
      ],
      { 0: 'missing' },
    );
  }

  const getVote = (eventId: string, sessionId: string, pollId: string, attendeeId: string) =>
    get<{ option: number }>(voteKey(eventId, sessionId, pollId, attendeeId));

  /**
   * Casts or moves a vote: the vote item and the counts change together.
   * `previous` is the option the caller read; if the vote moved meanwhile the
   * transaction is refused (`changed`) and the caller reads again.
   */
  async function castVote(
    poll: { eventId: string; sessionId: string; id: string },
    attendeeId: string,
    option: number,
    previous: number | undefined,
    now: string,
  ): Promise<EngagementOutcome> {
    const counts: { expression: string; names: Record<string, string>; values: Record<string, number> } =
      previous === undefined
        ? { expression: 'ADD #to :one, #total :one', names: { '#to': `votes${option}`, '#total': 'total' }, values: { ':one': 1 } }
        : { expression: 'ADD #to :one, #from :minusOne', names: { '#to': `votes${option}`, '#from': `votes${previous}` }, values: { ':one': 1, ':minusOne': -1 } };
    return attempt(
      [
        {
          Put: {
            TableName: tableName,
            Item: { ...voteKey(poll.eventId, poll.sessionId, poll.id, attendeeId), entity: 'vote', pollId: poll.id, attendeeId, option, votedAt: now },
            ConditionExpression: previous === undefined ? 'attribute_not_exists(pk)' : '#option = :previous',
            ...(previous === undefined ? {} : { ExpressionAttributeNames: { '#option': 'option' }, ExpressionAttributeValues: { ':previous': previous } }),
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: pollKey(poll.eventId, poll.sessionId, poll.id),
            UpdateExpression: counts.expression,
            ConditionExpression: 'attribute_exists(pk) AND #closed = :no AND (attribute_not_exists(#closesAt) OR #closesAt > :now)',
            ExpressionAttributeNames: { ...counts.names, '#closed': 'closed', '#closesAt': 'closesAtUtc' },
            ExpressionAttributeValues: { ...counts.values, ':no': false, ':now': now },
          },
        },
      ],
      { 0: 'changed', 1: 'closed' },
    );
  }

  /** Audit: every vote of a poll (tests recount with it; no request path uses it). */
  async function votesOf(eventId: string, sessionId: string, pollId: string): Promise<{ attendeeId: string; option: number }[]> {
    return queryAll<{ attendeeId: string; option: number }>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': sessionPartition(eventId, sessionId), ':prefix': `VOTE#${pollId}#` },
      ConsistentRead: true,
    });
  }

  // ---- reviews ----

  /** Access pattern: a review by its id (moderation): one key read. */
  const getReview = (eventId: string, sessionId: string, reviewId: string) => get<ReviewItem>(reviewKey(eventId, sessionId, reviewId));

  /** Access pattern: the attendee's own review of a session: the REVIEWER pointer, then the review. */
  async function getReviewBy(eventId: string, sessionId: string, attendeeId: string): Promise<ReviewItem | undefined> {
    const pointer = await get<{ reviewId: string }>(reviewerKey(eventId, sessionId, attendeeId));
    return pointer ? getReview(eventId, sessionId, pointer.reviewId) : undefined;
  }

  /** Access pattern: a session's review summary: one key read. */
  const getReviewSummary = (eventId: string, sessionId: string) => get<ReviewSummaryItem>(reviewSummaryKey(eventId, sessionId));

  /** The summary change that goes with a review: a visible review counts, a hidden one does not. */
  function summaryChange(eventId: string, sessionId: string, before: ReviewItem | undefined, after: ReviewItem | undefined): TransactItem | undefined {
    const counted = (r: ReviewItem | undefined) => (r && !r.hidden ? r.rating : undefined);
    const [from, to] = [counted(before), counted(after)];
    if (from === to) return undefined;
    const adds: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const add = (attribute: string, delta: number) => {
      const name = `#a${adds.length}`;
      const value = `:v${adds.length}`;
      names[name] = attribute;
      values[value] = delta;
      adds.push(`${name} ${value}`);
    };
    if (from === undefined) add('count', 1);
    if (to === undefined) add('count', -1);
    add('sum', (to ?? 0) - (from ?? 0));
    if (from !== undefined) add(`stars${from}`, -1);
    if (to !== undefined) add(`stars${to}`, 1);
    return {
      Update: {
        TableName: tableName,
        Key: reviewSummaryKey(eventId, sessionId),
        UpdateExpression: `ADD ${adds.join(', ')}`,
        // Taking a review out of the counts needs the counts to be there (and above zero).
        ...(from !== undefined ? { ConditionExpression: '#count > :zero' } : {}),
        ExpressionAttributeNames: { ...names, ...(from !== undefined ? { '#count': 'count' } : {}) },
        ExpressionAttributeValues: { ...values, ...(from !== undefined ? { ':zero': 0 } : {}) },
      },
    };
  }

  /**
   * Writes a review (new, or replacing `previous` at its version) with its
   * summary change. A new review also claims the author's REVIEWER pointer,
   * so two first writes at once leave one review: the other is `changed`.
   */
  async function saveReview(next: ReviewItem, previous: ReviewItem | undefined): Promise<EngagementOutcome> {
    const { eventId, sessionId, reviewId, attendeeId } = next;
    const visible = !next.hidden;
    const { rating, text, createdAt, updatedAt, version, hidden } = next;
    const item = {
      ...reviewKey(eventId, sessionId, reviewId),
      entity: 'review',
      // Fields named one by one: `next` may carry the stored item's index keys, which a hidden review must lose.
      ...{ eventId, sessionId, reviewId, attendeeId, rating, text, createdAt, updatedAt, version, ...(hidden ? { hidden } : {}) },
      // Only visible reviews are in the newest-first lists, the session's and the event's (sparse indexes); their keys,
      // and so their cursors, hold no author.
      ...(visible ? { timelinePk: reviewTimelinePk(eventId, sessionId), kindPk: eventReviewsPk(eventId), timelineSk: `${next.updatedAt}#${reviewId}` } : {}),
    };
    const summary = summaryChange(eventId, sessionId, previous, next);
    return attempt(
      [
        // Only while the session exists: nothing may be written behind a delete's cleanup.
        { ConditionCheck: { TableName: tableName, Key: sessionKey(eventId, sessionId), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Put: {
            TableName: tableName,
            Item: item,
            ConditionExpression: previous ? '#version = :version' : 'attribute_not_exists(pk)',
            ...(previous ? { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': previous.version } } : {}),
          },
        },
        ...(previous
          ? []
          : [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...reviewerKey(eventId, sessionId, attendeeId), entity: 'reviewer', reviewId },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ]),
        ...(summary ? [summary] : []),
      ],
      // The session check first; the review and the REVIEWER pointer (others wrote first); the rest re-reads too.
      { 0: 'missing', 1: 'changed', 2: 'changed' },
    );
  }

  /** Access pattern: a session's visible reviews, newest first (timeline index, partition …#REVIEWS). */
  async function listReviews(eventId: string, sessionId: string, page: PageRequest): Promise<Page<ReviewItem>> {
    return queryPage<ReviewItem>({
      indexName: 'timeline',
      partition: { name: 'timelinePk', value: reviewTimelinePk(eventId, sessionId) },
      newestFirst: true,
      identity: ['reviews'],
    }, page);
  }

  /** Access pattern: an event's visible reviews across its sessions, newest first (kindTimeline, partition EVENT#{e}#REVIEWS). */
  async function listEventReviews(eventId: string, page: PageRequest): Promise<Page<ReviewItem>> {
    return queryPage<ReviewItem>({
      indexName: 'kindTimeline',
      partition: { name: 'kindPk', value: eventReviewsPk(eventId) },
      newestFirst: true,
      identity: ['eventReviews'],
    }, page);
  }

  /** Migration (scripts/index-event-reviews.ts): every review of a session, hidden or not, with its index keys. */
  async function reviewsOf(eventId: string, sessionId: string): Promise<(ReviewItem & { kindPk?: string })[]> {
    return queryAll<ReviewItem & { kindPk?: string }>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': sessionPartition(eventId, sessionId), ':prefix': 'REVIEW#' },
      ConsistentRead: true,
    });
  }

  /**
   * Migration: puts a review stored before the event's list into it, if it is
   * still the version read and visible; false if it changed meanwhile (a write
   * since has given it the key anyway, or hidden it).
   */
  async function addToEventReviews(review: ReviewItem): Promise<boolean> {
    try {
      await doc.send(new UpdateCommand({
        TableName: tableName,
        Key: reviewKey(review.eventId, review.sessionId, review.reviewId),
        UpdateExpression: 'SET kindPk = :kindPk',
        ConditionExpression: '#version = :version AND attribute_exists(timelinePk) AND attribute_not_exists(kindPk)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':kindPk': eventReviewsPk(review.eventId), ':version': review.version },
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  return {
    createPoll, listPolls, getPoll, closePoll, getVote, castVote, votesOf,
    getReview, getReviewBy, getReviewSummary, saveReview, listReviews, listEventReviews, reviewsOf, addToEventReviews,
  };
}

export type EngagementStore = ReturnType<typeof createEngagementStore>;
