/**
 * The key design, in one place (docs/data-model.md explains it). Every item
 * lives in one table; the prefix of `pk` says which partition it belongs to
 * and `sk` says what the item is.
 *
 *   EVENT#{e}            EVENT               the event
 *   EVENT#{e}            SESSION#{s}         a session (also in the timeline indexes)
 *   EVENT#{e}            TRACK#{track}       how many sessions a track has
 *   EVENT#{e}            SPEAKER#{p}         a speaker of the event, with their number of talks
 *   EVENT#{e}            REVISION            grows with every change to the event's sessions
 *   SPEAKER#{p}          PROFILE             the speaker
 *   SPEAKER#{p}          TALK#{e}#{time}#{s} a session the speaker gives (in time order)
 *
 * Timeline sort keys are `{UTC start}#{sessionId}`; an unscheduled session
 * uses `~`, which sorts after every digit, so it comes last.
 */
export interface Key {
  pk: string;
  sk: string;
}

export const EVENTS_TIMELINE = 'EVENTS';
const UNSCHEDULED = '~';
/** Every unscheduled session's timeline sort key starts with this. */
export const UNSCHEDULED_PREFIX = `${UNSCHEDULED}#`;

export const eventKey = (eventId: string): Key => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' });
export const sessionKey = (eventId: string, sessionId: string): Key => ({ pk: `EVENT#${eventId}`, sk: `SESSION#${sessionId}` });
/** The event's catalogue revision: grows with every session change; caches compare it. */
export const revisionKey = (eventId: string): Key => ({ pk: `EVENT#${eventId}`, sk: 'REVISION' });
export const trackCounterKey = (eventId: string, track: string): Key => ({ pk: `EVENT#${eventId}`, sk: `TRACK#${track}` });
export const eventSpeakerKey = (eventId: string, speakerId: string): Key => ({ pk: `EVENT#${eventId}`, sk: `SPEAKER#${speakerId}` });
export const speakerKey = (speakerId: string): Key => ({ pk: `SPEAKER#${speakerId}`, sk: 'PROFILE' });
export const talkKey = (speakerId: string, eventId: string, timelineSk: string): Key => ({
  pk: `SPEAKER#${speakerId}`,
  sk: `TALK#${eventId}#${timelineSk}`,
});

export const eventPartition = (eventId: string) => `EVENT#${eventId}`;
export const speakerPartition = (speakerId: string) => `SPEAKER#${speakerId}`;

/** Events newest first: by first day, then id. */
export const eventTimelineSk = (firstDay: string | undefined, eventId: string) => `${firstDay ?? '0000-00-00'}#${eventId}`;

export const sessionTimelinePk = (eventId: string) => `EVENT#${eventId}#SESSIONS`;
export const sessionTrackPk = (eventId: string, track: string) => `EVENT#${eventId}#TRACK#${track}`;
export const sessionRoomPk = (eventId: string, room: string) => `EVENT#${eventId}#ROOM#${room}`;
/** An event's sessions of one type and status (kindTimeline): `type=` and `status=` read only their own. */
export const sessionKindPk = (eventId: string, type: string, status: string) => `EVENT#${eventId}#KIND#${type}#${status}`;
export const sessionTimelineSk = (startsAtUtc: string | undefined, sessionId: string) =>
  `${startsAtUtc ?? UNSCHEDULED}#${sessionId}`;

// ---- attendance: seats, waitlists, reservations and bookmarks ----
//
// A session's seats are split over N shards (the session's `seatShards`, 1 by
// default), each a partition of its own, so that a rush spreads over N
// partitions (docs/reservations.md). Shard 0 is the session's own partition.
//
//   EVENT#{e}#SESSION#{s}[#SHARD#{i}]  SEATS        shard i's seat counter: its share of the capacity, taken, waitlisted,
//                                                   status, the reservation window, granted (places it handed out), line
//                                                   (N > 1: the line is open); shards 0..K-1 also keep the line's passed, givenUp
//   EVENT#{e}#SESSION#{s}[#SHARD#{i}]  SEAT#{a}     a confirmed seat held on shard i (the session's roster, over all shards):
//                                                   since (when it became a's), checkedInAt, scannedAt, scanId (the door);
//                                                   the shard's counter counts its checked-in seats (checkedIn)
//   EVENT#{e}#SESSION#{s}[#SHARD#{i}]  WAIT#{place:12}  a place in line handed out by shard i, bound by a join; a place that
//                                                   left the line keeps its item, without an attendee (so it never binds again)
//   EVENT#{e}#SESSION#{s}[#SHARD#{r}]  LEFT#{place:12}  a place given up, in each of the K line replicas (r < K)
//   EVENT#{e}#SESSION#{s}  RELEASED#{attendee}   names an attendee whose reservation a cancelled session released
//   EVENT#{e}#SESSION#{s}  BOOKMARKER#{attendee} names an attendee who bookmarked the session
//   ATTENDEE#{a}           RESERVATION#{e}#{s}   the attendee's reservation (confirmed, waitlisted or released), with its shard
//   ATTENDEE#{a}           BOOKMARK#{e}#{s}      a bookmarked session
//
// Every attendee item of a session is named by an item of the session's
// partitions (SEAT#, WAIT#, RELEASED#, BOOKMARKER#), so deleting a session can
// find them all from those partitions.
//   ATTENDEE#{a}           CALENDAR_FEED         the hash of the attendee's current feed token
//   CALENDAR_FEED#{hash}   FEED                  the attendee a feed token belongs to

export const sessionPartition = (eventId: string, sessionId: string) => `EVENT#${eventId}#SESSION#${sessionId}`;
/** Shard `shard`'s partition of a session's seats: shard 0 is the session's own partition. */
export const shardPartition = (eventId: string, sessionId: string, shard: number) =>
  shard === 0 ? sessionPartition(eventId, sessionId) : `${sessionPartition(eventId, sessionId)}#SHARD#${shard}`;
/** Every partition a session's items live in, with `shards` seat shards. */
export const sessionPartitions = (eventId: string, sessionId: string, shards: number) =>
  Array.from({ length: shards }, (_, shard) => shardPartition(eventId, sessionId, shard));
export const seatsKey = (eventId: string, sessionId: string, shard = 0): Key => ({ pk: shardPartition(eventId, sessionId, shard), sk: 'SEATS' });
export const seatKey = (eventId: string, sessionId: string, attendeeId: string, shard = 0): Key => ({
  pk: shardPartition(eventId, sessionId, shard),
  sk: `SEAT#${attendeeId}`,
});
/** Places in line are zero-padded so that they sort as numbers. */
export const placeSk = (prefix: 'WAIT' | 'LEFT', place: number) => `${prefix}#${String(place).padStart(12, '0')}`;
/** A place's entry lives on the shard that handed the place out. */
export const waitKey = (eventId: string, sessionId: string, place: number, shard = 0): Key => ({
  pk: shardPartition(eventId, sessionId, shard),
  sk: placeSk('WAIT', place),
});
/** A place given up, as line replica `replica` records it. */
export const leftKey = (eventId: string, sessionId: string, place: number, replica = 0): Key => ({
  pk: shardPartition(eventId, sessionId, replica),
  sk: placeSk('LEFT', place),
});
export const releasedKey = (eventId: string, sessionId: string, attendeeId: string): Key => ({
  pk: sessionPartition(eventId, sessionId),
  sk: `RELEASED#${attendeeId}`,
});
export const bookmarkerKey = (eventId: string, sessionId: string, attendeeId: string): Key => ({
  pk: sessionPartition(eventId, sessionId),
  sk: `BOOKMARKER#${attendeeId}`,
});
export const attendeePartition = (attendeeId: string) => `ATTENDEE#${attendeeId}`;
export const reservationKey = (attendeeId: string, eventId: string, sessionId: string): Key => ({
  pk: attendeePartition(attendeeId),
  sk: `RESERVATION#${eventId}#${sessionId}`,
});
/** The attendee's current secret calendar feed (only a hash of its token is stored). */
export const calendarFeedOfAttendeeKey = (attendeeId: string): Key => ({ pk: attendeePartition(attendeeId), sk: 'CALENDAR_FEED' });
/** From a feed token's hash to its attendee: how GET /calendar/feed.ics?token= finds the agenda. */
export const calendarFeedKey = (tokenHash: string): Key => ({ pk: `CALENDAR_FEED#${tokenHash}`, sk: 'FEED' });
export const bookmarkKey = (attendeeId: string, eventId: string, sessionId: string): Key => ({
  pk: attendeePartition(attendeeId),
  sk: `BOOKMARK#${eventId}#${sessionId}`,
});

// ---- engagement: polls and reviews, in the session's partition ----
//
//   EVENT#{e}#SESSION#{s}  POLL#{poll}              question, options, live counts votes0..votes9, total
//   EVENT#{e}#SESSION#{s}  VOTE#{poll}#{attendee}   the attendee's choice
//   EVENT#{e}#SESSION#{s}  REVIEW#{review}          rating and text; unless hidden, in the timeline index (the session's,
//                                                   newest first) and in kindTimeline (the event's, newest first)
//   EVENT#{e}#SESSION#{s}  REVIEWER#{attendee}      which review is the attendee's: {reviewId}
//   EVENT#{e}#SESSION#{s}  REVIEWS                  count, sum and histogram of visible reviews
//
// A review is keyed by its own random id, never by its author: the public list,
// its cursors and moderation see only that id, so one attendee's reviews of
// different sessions cannot be linked.

export const pollKey = (eventId: string, sessionId: string, pollId: string): Key => ({
  pk: sessionPartition(eventId, sessionId),
  sk: `POLL#${pollId}`,
});
export const voteKey = (eventId: string, sessionId: string, pollId: string, attendeeId: string): Key => ({
  pk: sessionPartition(eventId, sessionId),
  sk: `VOTE#${pollId}#${attendeeId}`,
});
export const reviewKey = (eventId: string, sessionId: string, reviewId: string): Key => ({
  pk: sessionPartition(eventId, sessionId),
  sk: `REVIEW#${reviewId}`,
});
export const reviewerKey = (eventId: string, sessionId: string, attendeeId: string): Key => ({
  pk: sessionPartition(eventId, sessionId),
  sk: `REVIEWER#${attendeeId}`,
});
export const reviewSummaryKey = (eventId: string, sessionId: string): Key => ({ pk: sessionPartition(eventId, sessionId), sk: 'REVIEWS' });
export const reviewTimelinePk = (eventId: string, sessionId: string) => `${sessionPartition(eventId, sessionId)}#REVIEWS`;
/** The event's visible reviews across its sessions (kindTimeline, overloaded: a session's kindPk always has `#KIND#`). */
export const eventReviewsPk = (eventId: string) => `EVENT#${eventId}#REVIEWS`;

// ---- change feed, written by the stream consumer ----
//
//   EVENT#{e}            CHANGES              the number of the event's last change
//   EVENT#{e}#CHANGES    {000000000042}       change 42: entity, id, action, version, data
//   EVENT#{e}#CHANGES    SOURCE#{streamId}    marks a stream record as recorded (replays are skipped)

export const changeCounterKey = (eventId: string): Key => ({ pk: `EVENT#${eventId}`, sk: 'CHANGES' });
export const changePartition = (eventId: string) => `EVENT#${eventId}#CHANGES`;
export const CHANGE_SEQ_DIGITS = 12;
export const changeKey = (eventId: string, seq: number): Key => ({
  pk: changePartition(eventId),
  sk: String(seq).padStart(CHANGE_SEQ_DIGITS, '0'),
});
export const changeSourceKey = (eventId: string, sourceId: string): Key => ({ pk: changePartition(eventId), sk: `SOURCE#${sourceId}` });

// ---- webhooks: partitions of their own, so that what reads the catalogue cannot read a secret ----
//
//   WEBHOOK#{e}                     WEBHOOK#{w}   url, sealedSecret, fromSeq: a subscription to the event's changes after fromSeq
//   DELIVERY#{e}#{w}                {seq}         the delivery of change {seq}: delivered or failed, attempts

export const webhookPartition = (eventId: string) => `WEBHOOK#${eventId}`;
export const webhookKey = (eventId: string, webhookId: string): Key => ({ pk: webhookPartition(eventId), sk: `WEBHOOK#${webhookId}` });
export const deliveryKey = (eventId: string, webhookId: string, seq: number): Key => ({
  pk: `DELIVERY#${eventId}#${webhookId}`,
  sk: String(seq).padStart(CHANGE_SEQ_DIGITS, '0'),
});

// ---- deletions in progress ----
//
//   DELETIONS            SESSION#{e}#{s}      a deleted session whose items are still being removed:
//                                             deletionId, round (bumped to hand the work on), the deleted version
//
// Written in the same transaction that deletes the session; removed when the
// session's partition is empty. While it exists the id cannot be created again.

export const DELETIONS_PARTITION = 'DELETIONS';
export const sessionDeletionKey = (eventId: string, sessionId: string): Key => ({ pk: DELETIONS_PARTITION, sk: `SESSION#${eventId}#${sessionId}` });

// ---- import jobs (lambda/imports/, docs/data-model.md) ----
//
//   IMPORT#{e}#{job}     JOB                  the job: format, dry run, status, rows done/total, counts
//   IMPORT#{e}#{job}     UPLOAD#{n}           the upload as sent, in parts of at most UPLOAD_PART_BYTES (binary)
//   IMPORT#{e}#{job}     ROWS#{n}             chunk n of the rows, parsed and numbered
//   IMPORT#{e}#{job}     REPORT#{n}           chunk n's per-row report, written with the job's progress in one transaction
//   IMPORTS              OPEN#{e}#{job}       a job not yet finished: what a local run resumes on restart
//
// Chunk numbers are zero-padded so a Query returns them in order.
export const OPEN_IMPORTS_PARTITION = 'IMPORTS';
const chunkNumber = (n: number) => String(n).padStart(5, '0');
export const importPartition = (eventId: string, jobId: string) => `IMPORT#${eventId}#${jobId}`;
export const importJobKey = (eventId: string, jobId: string): Key => ({ pk: importPartition(eventId, jobId), sk: 'JOB' });
export const importUploadKey = (eventId: string, jobId: string, part: number): Key => ({ pk: importPartition(eventId, jobId), sk: `UPLOAD#${chunkNumber(part)}` });
export const importRowsKey = (eventId: string, jobId: string, chunk: number): Key => ({ pk: importPartition(eventId, jobId), sk: `ROWS#${chunkNumber(chunk)}` });
export const importReportKey = (eventId: string, jobId: string, chunk: number): Key => ({ pk: importPartition(eventId, jobId), sk: `REPORT#${chunkNumber(chunk)}` });
export const openImportKey = (eventId: string, jobId: string): Key => ({ pk: OPEN_IMPORTS_PARTITION, sk: `OPEN#${eventId}#${jobId}` });

// ---- the live channel (lambda/live/, docs/data-model.md "Live channel") ----
//
//   CONNECTION#{c}       CONNECTION           an open socket: the topics it follows, the attendee it signed in as; expiresAt (TTL)
//   TOPIC#{topic}        CONNECTION#{c}       socket c follows topic: `SESSION#{e}#{s}` (polls, seats, status),
//                                             `CHECKINS#{e}#{s}` (its check-in counts: an organiser of e's socket only)
//                                             or `ATTENDEE#{a}` (a's own notices); expiresAt (TTL)
//
// The fan-out reads one topic partition per change; a socket's own item lists
// its topics so that a disconnect (or a 410 Gone) removes them without a scan.
// Both expire with API Gateway's longest connection (2 h) plus a margin, so a
// socket that vanished without a disconnect leaves nothing behind for long.

export type LiveTopic = `SESSION#${string}#${string}` | `CHECKINS#${string}#${string}` | `ATTENDEE#${string}`;
export const sessionTopic = (eventId: string, sessionId: string): LiveTopic => `SESSION#${eventId}#${sessionId}`;
export const checkInTopic = (eventId: string, sessionId: string): LiveTopic => `CHECKINS#${eventId}#${sessionId}`;
export const attendeeTopic = (attendeeId: string): LiveTopic => `ATTENDEE#${attendeeId}`;
export const connectionKey = (connectionId: string): Key => ({ pk: `CONNECTION#${connectionId}`, sk: 'CONNECTION' });
export const topicPartition = (topic: LiveTopic) => `TOPIC#${topic}`;
export const subscriptionKey = (topic: LiveTopic, connectionId: string): Key => ({ pk: topicPartition(topic), sk: `CONNECTION#${connectionId}` });

// ---- notices: what an attendee is told (lambda/notices/, docs/reservations.md "Told when promoted") ----
//
//   ATTENDEE#{a}         NOTICE#{e}#{s}#{place:12}  the outbox: a's place in line became a seat; written in the
//                                             promotion's own transaction; mail: sent | skipped once handled; expiresAt
//   ATTENDEE#{a}         PREFERENCES          email (where notices go), emailNotices (false: none by email)

export const noticeKey = (attendeeId: string, eventId: string, sessionId: string, place: number): Key => ({
  pk: attendeePartition(attendeeId),
  sk: `NOTICE#${eventId}#${sessionId}#${String(place).padStart(12, '0')}`,
});
export const preferencesKey = (attendeeId: string): Key => ({ pk: attendeePartition(attendeeId), sk: 'PREFERENCES' });

// ---- who may touch which partitions ----
//
// The partitions by what they hold, as IAM `dynamodb:LeadingKeys` patterns (`*` is any characters). IAM sees
// only the partition key of a request (of the table or of the index queried), so this is how finely grants can
// tell items apart. Ids are slugs (no `#`), so `EVENT#*#SESSION#*` is a session's own partition and never the
// event's. lambda/functions/table-grants.ts gives each function the ones it uses; the stack makes them conditions.

export const partitionPatterns = {
  /** Events, sessions, speakers, tracks and everything under an event: its sessions' partitions, its change log, its index partitions. */
  catalogue: ['EVENTS', 'EVENT#*', 'SPEAKER#*'],
  /** A session's own partition: seats, waitlist, polls, votes, reviews (and its review timeline). */
  sessionActivity: ['EVENT#*#SESSION#*'],
  /** An attendee's reservations, bookmarks and the hash of their feed token. */
  attendees: ['ATTENDEE#*'],
  /** From a feed token's hash to its attendee. */
  calendarFeeds: ['CALENDAR_FEED#*'],
  /** Webhook subscriptions, with their sealed secrets. */
  webhooks: ['WEBHOOK#*'],
  /** What became of each delivery. */
  webhookDeliveries: ['DELIVERY#*'],
  /** Deleted sessions whose items are still being removed. */
  deletions: ['DELETIONS'],
  /** Import jobs: their uploads, chunks and reports, and the list of unfinished ones. */
  imports: ['IMPORT#*', 'IMPORTS'],
  /** Open sockets of the live channel and the topics they follow. */
  liveConnections: ['CONNECTION#*', 'TOPIC#*'],
} as const;

export type PartitionGroup = keyof typeof partitionPatterns;
