/**
 * What each Lambda may do to the table, in one place: the DynamoDB actions it
 * calls and the partitions it calls them on (lambda/store/keys.ts,
 * `partitionPatterns`). The stack turns each grant into a policy statement
 * with a `dynamodb:LeadingKeys` condition; test/http/least-privilege.test.ts
 * runs every route under the synthesized policies and shows nothing is
 * missing, test/cdk/stack.test.ts that nothing more is granted.
 */
import type { FunctionName } from '../api/routes';
import type { PartitionGroup } from '../store/keys';

/** Item-level actions only: no Scan, no BatchWriteItem (nothing uses it), no PartiQL, no table administration. */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

export interface TableGrant {
  readonly actions: readonly TableAction[];
  readonly partitions: readonly PartitionGroup[];
  /** The actions apply to the global secondary indexes too (only Query reads an index). */
  readonly indexes?: true;
}

const reads = ['GetItem', 'BatchGetItem', 'Query'] as const satisfies TableAction[];

export const tableGrants = {
  // The public read path: the catalogue only, never an attendee's items or a webhook.
  catalogueRead: [{ actions: reads, partitions: ['catalogue'], indexes: true }],
  catalogueWrite: [
    { actions: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], partitions: ['catalogue'] },
    // A speaker's talks, a session's partition; an event that drops a track names the sessions still in it (trackTimeline).
    { actions: ['Query'], partitions: ['catalogue'], indexes: true },
    // Query on webhooks: GET /events/{e}/webhooks lists them.
    { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'], partitions: ['webhooks'] },
    { actions: ['Query'], partitions: ['webhookDeliveries'] },
    // A session's new capacity or status moves its attendees' reservations (a promotion writes its notice); deleting it removes them.
    { actions: ['PutItem', 'UpdateItem', 'DeleteItem'], partitions: ['attendees'] },
    // A delete writes its deletion record and starts the cleanup; a new session checks that none of its id runs.
    { actions: ['GetItem', 'PutItem', 'DeleteItem', 'ConditionCheckItem'], partitions: ['deletions'] },
    // An import job: its upload, the job and its open-job entry written; the job and its report read.
    { actions: ['GetItem', 'PutItem', 'Query'], partitions: ['imports'] },
  ],
  attendee: [
    // Sessions and events; a bookmark checks that its session exists.
    { actions: ['GetItem', 'BatchGetItem', 'ConditionCheckItem'], partitions: ['catalogue'] },
    // Seats and the waitlist.
    { actions: ['Query', 'PutItem', 'UpdateItem', 'DeleteItem'], partitions: ['sessionActivity'] },
    { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'], partitions: ['attendees'] },
    { actions: ['GetItem', 'PutItem', 'DeleteItem'], partitions: ['calendarFeeds'] },
  ],
  engagement: [
    // Reads the session and its polls and reviews; a new poll checks that the session exists.
    { actions: ['GetItem', 'ConditionCheckItem'], partitions: ['catalogue'] },
    { actions: ['PutItem', 'UpdateItem'], partitions: ['sessionActivity'] },
  ],
  // The stream consumer: reads what changed (a speaker's talks and names), appends to the event's change log,
  // lists the event's webhooks.
  // It also runs the live channel's fan-out (lambda/live/tell.ts): a sharded session's seat counters, the sockets of a
  // topic, and a socket found gone (410) removed with its subscriptions.
  changeRecorder: [
    { actions: [...reads, 'PutItem'], partitions: ['catalogue'] },
    { actions: ['Query'], partitions: ['webhooks'] },
    { actions: ['BatchGetItem'], partitions: ['sessionActivity'] },
    { actions: ['GetItem', 'Query', 'DeleteItem'], partitions: ['liveConnections'] },
  ],
  // The live channel's socket routes ($connect, subscribe, $disconnect): a socket's item and its subscriptions only.
  liveConnections: [{ actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], partitions: ['liveConnections'] }],
  // The mailer: a notice (claimed and marked) and the attendee's preferences; the session's title for the message.
  noticeMailer: [
    { actions: ['GetItem', 'UpdateItem'], partitions: ['attendees'] },
    { actions: ['GetItem'], partitions: ['catalogue'] },
  ],
  // The cleanup of deleted sessions (stream and schedule): the deletion records, the session's partition and the
  // attendee items its seats and bookmarks name. It deletes and hands on; it never writes anything new.
  deletionCleaner: [
    { actions: ['GetItem', 'Query', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], partitions: ['deletions'] },
    { actions: ['Query', 'DeleteItem'], partitions: ['sessionActivity'] },
    { actions: ['DeleteItem'], partitions: ['attendees'] },
  ],
  // The import job runner: the job's items, and the sessions and speakers it writes as an import request would
  // (sessions, speakers, their talks, track counts, the event's speakers by name; a new session checks that no
  // deletion of its id runs; a session's seats and waitlist, in its own partitions). No index: nothing it does queries one.
  importRunner: [
    { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'], partitions: ['imports'] },
    { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], partitions: ['catalogue'] },
    { actions: ['ConditionCheckItem'], partitions: ['deletions'] },
    // An updated session's new capacity or status moves its attendees' reservations (and writes a promotion's notice), as the import request does.
    { actions: ['PutItem', 'UpdateItem'], partitions: ['attendees'] },
  ],
  // The no-show release (a schedule): finds the sessions through the timeline index, reads their seats and line,
  // and releases a seat as a cancellation does, keeping the attendee's reservation as released.
  noShowReleaser: [
    { actions: ['Query'], partitions: ['catalogue'], indexes: true },
    { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'], partitions: ['sessionActivity'] },
    // The reservation kept as released, the promoted one confirmed, and the promotion's notice.
    { actions: ['GetItem', 'PutItem', 'UpdateItem'], partitions: ['attendees'] },
  ],
  // The delivery function: a webhook (its sealed secret), the change it delivers, the delivery's record.
  webhookDeliverer: [
    { actions: ['GetItem'], partitions: ['catalogue', 'webhooks'] },
    { actions: ['GetItem', 'PutItem'], partitions: ['webhookDeliveries'] },
  ],
} as const satisfies Record<FunctionName, readonly TableGrant[]> & Record<string, readonly TableGrant[]>;

/** Every Lambda that uses the table: the API's functions, the two that serve the change feed, the cleanup of deleted sessions, the no-show release. */
export type TableUser = keyof typeof tableGrants;
