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
    { actions: [...reads, 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], partitions: ['catalogue'] },
    { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], partitions: ['webhooks'] },
    { actions: ['Query'], partitions: ['webhookDeliveries'] },
    // A session's new capacity or status moves its attendees' reservations; deleting it removes them.
    { actions: ['UpdateItem', 'DeleteItem'], partitions: ['attendees'] },
  ],
  attendee: [
    { actions: ['GetItem', 'BatchGetItem'], partitions: ['catalogue'] },
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
  changeRecorder: [
    { actions: [...reads, 'PutItem'], partitions: ['catalogue'] },
    { actions: ['Query'], partitions: ['webhooks'] },
  ],
  // The delivery function: a webhook (its sealed secret), the change it delivers, the delivery's record.
  webhookDeliverer: [
    { actions: ['GetItem'], partitions: ['catalogue', 'webhooks'] },
    { actions: ['GetItem', 'PutItem'], partitions: ['webhookDeliveries'] },
  ],
} as const satisfies Record<FunctionName, readonly TableGrant[]> & Record<string, readonly TableGrant[]>;

/** Every Lambda that uses the table: the API's functions and the two that serve the change feed. */
export type TableUser = keyof typeof tableGrants;
