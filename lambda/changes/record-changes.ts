/**
 * The stream consumer: turns the table's change stream into each event's
 * change log. In AWS it runs as a Lambda on DynamoDB Streams; locally the
 * stream poller feeds it DynamoDB Local's stream. Only catalogue objects are
 * recorded (events, sessions, speakers), as the API shows them, so a client
 * that replays the log from the start holds exactly the current catalogue.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CatalogueEvent, Speaker } from '../domain/schemas';
import { eventView, sessionView, speakerView } from '../catalogue/views';
import { canonicalJson } from '../domain/canonical-json';
import type { SessionItem } from '../store/catalogue-store';
import type { ChangeRecord } from '../store/change-store';
import type { Stores } from '../store/stores';
import { deliveriesOf, type DeliveryQueue } from '../webhooks/deliver';

/** The parts of a DynamoDB stream record the consumer reads (the Lambda event's shape). */
export interface StreamRecord {
  eventID?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  dynamodb?: {
    /** Epoch seconds in a Lambda event; a Date from the Streams API (the local poller). */
    ApproximateCreationDateTime?: number | Date;
    NewImage?: Record<string, AttributeValue>;
    OldImage?: Record<string, AttributeValue>;
    SequenceNumber?: string;
  };
}

type Image = Record<string, unknown>;

/** A session as the feed shows it: its catalogue fields, without the live seat counts. */
function sessionData(image: Image): Record<string, unknown> {
  const { seats: _seats, ...view } = sessionView(image as unknown as SessionItem, undefined);
  return view;
}

function dataOf(image: Image): Record<string, unknown> | null {
  switch (image.entity) {
    case 'event':
      return eventView(image as unknown as CatalogueEvent);
    case 'session':
      return sessionData(image);
    case 'speaker':
      return speakerView(image as unknown as Speaker);
    default:
      return null;
  }
}

/** The change a stream record makes to the catalogue, or undefined when it is not a catalogue change. */
export function changeOf(record: StreamRecord): ChangeRecord | undefined {
  const newImage = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage) : undefined;
  const oldImage = record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage) : undefined;
  const image = newImage ?? oldImage;
  const type = image?.entity;
  if (!image || (type !== 'event' && type !== 'session' && type !== 'speaker')) return undefined;
  const data = newImage ? dataOf(newImage) : null;
  // A rewrite that changes nothing a client sees (derived search text, say; maps in another key order) is no change.
  if (newImage && oldImage && canonicalJson(data) === canonicalJson(dataOf(oldImage))) return undefined;
  const action =
    record.eventName === 'REMOVE'
      ? 'deleted'
      : record.eventName === 'INSERT'
        ? 'created'
        : type === 'session' && newImage?.status === 'cancelled' && oldImage?.status !== 'cancelled'
          ? 'cancelled'
          : 'updated';
  // The object's own write time when it has one (the stream's time is approximate: whole seconds, or minutes locally).
  const stamp = record.dynamodb?.ApproximateCreationDateTime;
  const at =
    (newImage?.updatedAt as string | undefined) ??
    (stamp === undefined ? new Date() : typeof stamp === 'number' ? new Date(stamp * 1000) : new Date(stamp)).toISOString();
  return { type, id: image.id as string, action, version: (newImage?.version as number | undefined) ?? null, at, data };
}

export function createChangeRecorder(stores: Pick<Stores, 'changes' | 'catalogue' | 'webhooks'>, deliveries?: DeliveryQueue) {
  /** Appends a change and hands it to the event's webhooks (again on a replay: deliveries are idempotent by id). */
  async function append(eventId: string, change: ChangeRecord, sourceId: string): Promise<void> {
    const { seq } = await stores.changes.appendChange(eventId, change, sourceId);
    if (deliveries) await deliveries.enqueue(await deliveriesOf(stores, eventId, seq, `${change.type}:${change.id}`));
  }

  /** The events whose feed a change belongs to: its own event, or every event a speaker speaks at. */
  async function eventsOf(change: ChangeRecord, image: Image): Promise<string[]> {
    if (change.type === 'event') return [change.id];
    if (change.type === 'session') return [image.eventId as string];
    const talks = await stores.catalogue.listAllTalks(change.id);
    return [...new Set(talks.map((t) => t.eventId))];
  }

  /**
   * A speaker joins an event's feed when they get their first talk there: the
   * event-speaker count item (written with the session) goes from 0 to 1.
   */
  async function speakerJoining(record: StreamRecord, sourceId: string): Promise<void> {
    const newImage = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage) : undefined;
    const oldImage = record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage) : undefined;
    if (newImage?.entity !== 'event-speaker' || ((oldImage?.talks as number | undefined) ?? 0) > 0 || (newImage.talks as number) <= 0) return;
    const eventId = String(newImage.pk).replace(/^EVENT#/, '');
    const [speaker] = await stores.catalogue.getSpeakers([newImage.speakerId as string]);
    if (!speaker) return;
    await append(eventId, { type: 'speaker', id: speaker.id, action: 'updated', version: speaker.version, at: new Date().toISOString(), data: speakerView(speaker) }, sourceId);
  }

  /** Records one stream record; safe to call again for the same record. */
  return async function recordChange(record: StreamRecord): Promise<void> {
    const sourceId = record.eventID ?? record.dynamodb?.SequenceNumber ?? '';
    await speakerJoining(record, sourceId);
    const change = changeOf(record);
    if (!change) return;
    const image = unmarshall((record.dynamodb?.NewImage ?? record.dynamodb?.OldImage)!);
    for (const eventId of await eventsOf(change, image)) await append(eventId, change, sourceId);
  };
}
