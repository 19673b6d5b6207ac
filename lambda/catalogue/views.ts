/**
 * Stored items to the shapes clients read: keys and derived attributes stay
 * inside, server-owned fields (`version`, `seats`) are filled in.
 */
import type { CatalogueEvent, Session, SessionInput, Speaker } from '../domain/schemas';
import type { SessionItem } from '../store/catalogue-store';
import type { Seats } from '../store/attendance-store';
import { NO_CHOICE, textsIn, writtenTexts, type LanguageChoice } from '../domain/languages';
import { FALLBACK_LANGUAGE } from '../domain/vocabulary';

export function eventView(item: CatalogueEvent): CatalogueEvent {
  const { id, name, venue, timezone, days, tracks, searchSynonyms, defaultLanguage, types, rooms, levels, version } = item;
  return {
    id,
    name,
    ...(venue ? { venue } : {}),
    timezone,
    days,
    tracks,
    ...(searchSynonyms?.length ? { searchSynonyms } : {}),
    ...(defaultLanguage ? { defaultLanguage } : {}),
    ...(types ? { types } : {}),
    ...(rooms ? { rooms } : {}),
    ...(levels ? { levels } : {}),
    version,
  };
}

export function speakerView(item: Speaker): Speaker {
  const { id, name, role, company, bio, photoUrl, links, version } = item;
  return {
    id,
    name,
    ...(role ? { role } : {}),
    ...(company ? { company } : {}),
    ...(bio ? { bio } : {}),
    ...(photoUrl ? { photoUrl } : {}),
    ...(links?.length ? { links } : {}),
    version,
  };
}

/** The writable fields of a session, in the order clients read them. */
const SESSION_FIELDS: readonly (keyof SessionInput)[] = [
  'title',
  'abstract',
  'type',
  'links',
  'track',
  'level',
  'language',
  'room',
  'startsAt',
  'endsAt',
  'capacity',
  'seatShards',
  'speakerIds',
  'tags',
  'reservationOpensAt',
  'reservationClosesAt',
  'releaseUncheckedAfterMinutes',
  'status',
];

/**
 * Copies the writable fields `item` has onto `into`, in one order and only
 * those set: objects made alike share one shape, and none is turned into a
 * slow dictionary by deleting fields afterwards (a list makes a hundred).
 */
function copySessionFields(item: SessionItem, into: Record<string, unknown>): void {
  for (const key of SESSION_FIELDS) if (item[key] !== undefined) into[key] = item[key];
}

/** The writable fields of a stored session: what a PATCH merges into (a title in several languages as their map). */
export function sessionFieldsOf(item: SessionItem): SessionInput {
  const fields: Record<string, unknown> = {};
  copySessionFields(item, fields);
  if (item.translations) Object.assign(fields, writtenTexts(item, item.textLanguage ?? FALLBACK_LANGUAGE));
  return fields as SessionInput;
}

/**
 * A session as clients read it; `seats` counts come from its seat counter
 * (zero before any reservation); title and abstract in the language chosen
 * (its own by default), with all of them under `translations` when it has several.
 */
export function sessionView(item: SessionItem, seats: Pick<Seats, 'taken' | 'waitlisted'> | undefined, choice: LanguageChoice = NO_CHOICE): Session {
  const view: Record<string, unknown> = { id: item.id, eventId: item.eventId };
  copySessionFields(item, view);
  const texts = textsIn(item, choice);
  view.title = texts.title;
  view.abstract = texts.abstract;
  view.contentLanguage = texts.language;
  if (item.translations) view.translations = { [item.textLanguage ?? choice.defaultLanguage ?? FALLBACK_LANGUAGE]: { title: item.title, abstract: item.abstract }, ...item.translations };
  view.version = item.version;
  view.seats = { capacity: item.capacity, taken: seats?.taken ?? 0, waitlisted: seats?.waitlisted ?? 0 };
  return view as Session;
}
