/**
 * The live channel's fan-out: from a record of the table's stream to the
 * messages it means (a poll's counts, a session's seats or status, its
 * check-in counts for its organisers, an attendee's promotion) and to every
 * socket that follows its topic. A socket
 * that API Gateway says is gone (410) is removed with its subscriptions.
 * A push is not retried: a page that missed one (it was reconnecting) reads
 * the current state again when it resubscribes.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { pollView } from '../engagement/polls';
import type { PollItem } from '../store/engagement-store';
import { attendeeTopic, checkInTopic, sessionTopic, type LiveTopic } from '../store/keys';
import { addUpSeatState, type Seats } from '../store/seat-counters';
import { countsOf } from '../attendance/rosters';
import type { Stores } from '../store/stores';
import type { StreamRecord } from '../changes/record-changes';
import type { LiveMessage } from './messages';

/** Sends one message to one socket: `gone` when the socket no longer exists (API Gateway's 410 GoneException). */
export interface ConnectionPoster {
  post(connectionId: string, data: string): Promise<'sent' | 'gone'>;
}

type Image = Record<string, unknown>;

const SESSION_PARTITION = /^EVENT#([^#]+)#SESSION#([^#]+)(?:#SHARD#\d+)?$/;

/**
 * The messages a stream record means, with the topic each goes to; the seats
 * of a sharded session are read (`seatsOf`), since one record holds one
 * shard's counts. A check-in moves only `checkedIn`: its organisers hear of
 * it, the public seats did not change.
 */
export async function liveMessagesOf(
  record: StreamRecord,
  reads: {
    seatsOf: (eventId: string, sessionId: string, shards: number) => Promise<Seats | undefined>;
    titleOf: (eventId: string, sessionId: string) => Promise<string | undefined>;
  },
): Promise<{ topic: LiveTopic; message: LiveMessage }[]> {
  const { seatsOf, titleOf } = reads;
  const newImage: Image | undefined = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage) : undefined;
  const oldImage: Image | undefined = record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage) : undefined;
  if (!newImage) return [];
  switch (newImage.entity) {
    case 'poll': {
      const poll = pollView(newImage as unknown as PollItem);
      return [{ topic: sessionTopic(poll.eventId, poll.sessionId), message: { type: 'poll', eventId: poll.eventId, sessionId: poll.sessionId, poll } }];
    }
    case 'seats': {
      const [, eventId, sessionId] = SESSION_PARTITION.exec(String(newImage.pk)) ?? [];
      if (!eventId || !sessionId) return [];
      const moved = (names: readonly string[]) => !oldImage || names.some((name) => oldImage[name] !== newImage[name]);
      const seen = moved(['capacity', 'taken', 'waitlisted', 'status']);
      if (!seen && !moved(['checkedIn'])) return []; // a place in line, a block: no count moved
      const shards = (newImage.shards as number | undefined) ?? 1;
      const seats = shards > 1 ? await seatsOf(eventId, sessionId, shards) : addUpSeatState([newImage]);
      if (!seats) return [];
      const { capacity, taken, waitlisted } = seats;
      return [
        ...(seen ? [{ topic: sessionTopic(eventId, sessionId), message: { type: 'seats', eventId, sessionId, seats: { capacity, taken, waitlisted } } as const }] : []),
        { topic: checkInTopic(eventId, sessionId), message: { type: 'checkIns', eventId, sessionId, counts: countsOf(seats, capacity) } },
      ];
    }
    case 'session': {
      if (!oldImage || oldImage.status === newImage.status) return [];
      const { eventId, id } = newImage as { eventId: string; id: string };
      return [{ topic: sessionTopic(eventId, id), message: { type: 'session', eventId, sessionId: id, status: String(newImage.status) } }];
    }
    case 'notice': {
      // Once, when the outbox item is written: the mailer's marks on it later are no news.
      if (oldImage && oldImage.createdAt === newImage.createdAt) return [];
      const { attendeeId, eventId, sessionId, createdAt } = newImage as { attendeeId: string; eventId: string; sessionId: string; createdAt: string };
      // The title comes with it, so that any page can say which session without a read of its own.
      const title = (await titleOf(eventId, sessionId)) ?? sessionId;
      return [{ topic: attendeeTopic(attendeeId), message: { type: 'promoted', eventId, sessionId, title, at: createdAt } }];
    }
    default:
      return [];
  }
}

export function createLiveFanOut(stores: Pick<Stores, 'live' | 'attendance' | 'catalogue'>, poster: ConnectionPoster) {
  const seatsOf = (eventId: string, sessionId: string, shards: number) => stores.attendance.getSeats({ eventId, id: sessionId, seatShards: shards }, true);
  const titleOf = async (eventId: string, sessionId: string) => (await stores.catalogue.getSession(eventId, sessionId))?.title;

  /** Pushes what a stream record means to every socket following it; resolves to the number of sockets reached. */
  return async function push(record: StreamRecord): Promise<number> {
    let reached = 0;
    for (const { topic, message } of await liveMessagesOf(record, { seatsOf, titleOf })) {
      const data = JSON.stringify(message);
      const followers = await stores.live.followersOf(topic);
      await Promise.all(
        followers.map(async (connectionId) => {
          if ((await poster.post(connectionId, data)) === 'gone') await stores.live.removeConnection(connectionId);
          else reached++;
        }),
      );
    }
    return reached;
  };
}
