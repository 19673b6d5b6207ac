/**
 * Stored items to the shapes clients read: keys and derived attributes stay
 * inside, server-owned fields (`version`, `seats`) are filled in.
 */
import type { CatalogueEvent, Session, SessionInput, Speaker } from '../domain/schemas';
import type { SessionItem } from '../store/catalogue-store';
import type { Seats } from '../store/attendance-store';

export function eventView(item: CatalogueEvent): CatalogueEvent {
  const { id, name, venue, timezone, days, tracks, version } = item;
  return { id, name, ...(venue ? { venue } : {}), timezone, days, tracks, version };
}

export function speakerView(item: Speaker): Speaker {
  const { id, name, role, company, bio, version } = item;
  return { id, name, ...(role ? { role } : {}), ...(company ? { company } : {}), ...(bio ? { bio } : {}), version };
}

/** The writable fields of a stored session: what a PATCH merges into. */
export function sessionFieldsOf(item: SessionItem): SessionInput {
  const fields: SessionInput = {
    title: item.title,
    abstract: item.abstract,
    type: item.type,
    track: item.track,
    level: item.level,
    language: item.language,
    room: item.room,
    startsAt: item.startsAt,
    endsAt: item.endsAt,
    capacity: item.capacity,
    seatShards: item.seatShards,
    speakerIds: item.speakerIds,
    tags: item.tags,
    reservationOpensAt: item.reservationOpensAt,
    reservationClosesAt: item.reservationClosesAt,
    status: item.status,
  };
  for (const key of Object.keys(fields) as (keyof SessionInput)[]) {
    if (fields[key] === undefined) delete fields[key];
  }
  return fields;
}

/** A session as clients read it; `seats` counts come from its seat counter (zero before any reservation). */
export function sessionView(item: SessionItem, seats: Pick<Seats, 'taken' | 'waitlisted'> | undefined): Session {
  return {
    id: item.id,
    eventId: item.eventId,
    ...sessionFieldsOf(item),
    version: item.version,
    seats: { capacity: item.capacity, taken: seats?.taken ?? 0, waitlisted: seats?.waitlisted ?? 0 },
  };
}
