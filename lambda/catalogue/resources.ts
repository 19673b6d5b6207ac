/**
 * Create-or-replace (PUT) of events and speakers. A PUT that changes nothing
 * answers as a success and writes nothing, so a retried PUT is harmless; a
 * PUT that replaces an existing resource must say which version it replaces.
 */
import type { CatalogueEvent, EventInput, SpeakerInput } from '../domain/schemas';
import { CatalogueError } from '../domain/errors';
import { staleIfMatch, versionMatches, type VersionMatch } from '../domain/version-match';
import type { CatalogueStore, Expected } from '../store/catalogue-store';
import { canonicalJson } from '../domain/canonical-json';
import { eventView, speakerView } from './views';
import { refreshSpeakerCopies } from './sessions';

export type PutOutcome = 'created' | 'replaced' | 'unchanged';

/** The events the writer organises: all of them (an admin), or those this says yes to (an organiser). */
export type Organises = 'all' | ((eventId: string) => boolean);

/** What the write must expect, given what is stored and the caller's If-Match. */
function expectation(currentVersion: number | undefined, ifMatch: VersionMatch | undefined, what: string): Expected {
  if (currentVersion === undefined) {
    if (ifMatch !== undefined) throw new CatalogueError('precondition-failed', `The ${what} does not exist, so it cannot match If-Match`);
    return { absent: true };
  }
  if (ifMatch === undefined) {
    throw new CatalogueError('precondition-required', `The ${what} exists; send If-Match with the ETag you read to replace it`);
  }
  if (!versionMatches(ifMatch, currentVersion)) throw staleIfMatch(currentVersion, what);
  return { version: currentVersion };
}

/** Whether a PUT leaves the resource as clients see it (an empty optional field shows as an absent one). */
const looksTheSame = <T>(view: (item: T) => unknown, current: T, proposed: T) => canonicalJson(view(current)) === canonicalJson(view(proposed));

/** Sessions of a track named in a 409, at most. */
const NAMED_SESSIONS = 20;

/**
 * An event may stop declaring a track only once no session uses it: moving
 * or deleting them is the organiser's decision, not a side effect of a PUT.
 */
async function refuseDroppingUsedTracks(store: CatalogueStore, event: CatalogueEvent, dropped: readonly string[]): Promise<void> {
  if (dropped.length === 0) return;
  const counts = new Map((await store.listTrackCounts(event.id)).map((c) => [c.track, c.sessions]));
  const used = dropped.filter((track) => (counts.get(track) ?? 0) > 0);
  if (used.length === 0) return;
  const errors = await Promise.all(
    used.map(async (track) => {
      const count = counts.get(track)!;
      const { items } = await store.listSessions(event.id, event.timezone, { track: [track], limit: NAMED_SESSIONS });
      const more = count > items.length ? ` and ${count - items.length} more` : '';
      return { path: 'body.tracks', message: `"${track}" is still the track of ${count} session${count === 1 ? '' : 's'}: ${items.map((s) => s.id).join(', ')}${more}` };
    }),
  );
  throw new CatalogueError('conflict', 'Sessions still use a track this PUT drops; move them to another track (PATCH) or delete them first', errors);
}

/** Creates or replaces an event; only an admin creates one (the route lets an event's organisers through). */
export async function putEvent(store: CatalogueStore, eventId: string, input: EventInput, ifMatch: VersionMatch | undefined, organises: Organises) {
  const current = await store.getEvent(eventId, true);
  if (!current && organises !== 'all') throw new CatalogueError('forbidden', 'Only admins create events; an organiser changes an event that exists');
  if (current) {
    const proposed = { ...input, id: eventId, days: [...input.days].sort((a, b) => a.date.localeCompare(b.date)), version: current.version };
    if (looksTheSame(eventView, current, proposed)) {
      if (ifMatch !== undefined && !versionMatches(ifMatch, current.version)) throw staleIfMatch(current.version, 'event');
      return { outcome: 'unchanged' as PutOutcome, version: current.version };
    }
  }
  const expected = expectation(current?.version, ifMatch, 'event');
  const dropped = current ? current.tracks.filter((track) => !input.tracks.includes(track)) : [];
  if (current) await refuseDroppingUsedTracks(store, current, dropped);
  const version = (current?.version ?? 0) + 1;
  await store.putEvent(eventId, input, version, expected, dropped);
  return { outcome: (current ? 'replaced' : 'created') as PutOutcome, version };
}

export async function putSpeaker(
  store: CatalogueStore,
  speakerId: string,
  input: SpeakerInput,
  ifMatch: VersionMatch | undefined,
  options: { requireIfMatch: boolean; organises: Organises },
) {
  const current = await store.getSpeaker(speakerId, true);
  if (current) {
    if (looksTheSame(speakerView, current, { ...input, id: speakerId, version: current.version })) {
      if (ifMatch !== undefined && !versionMatches(ifMatch, current.version)) throw staleIfMatch(current.version, 'speaker');
      return { outcome: 'unchanged' as PutOutcome, version: current.version };
    }
  }
  if (current && options.organises !== 'all') await requireOwnSpeaker(store, speakerId, options.organises);
  // Import replaces what it is given (it is idempotent as a whole); a single PUT must name the version it replaces.
  const expected = options.requireIfMatch || !current
    ? expectation(current?.version, ifMatch, 'speaker')
    : { version: current.version };
  const version = (current?.version ?? 0) + 1;
  await store.putSpeaker(speakerId, input, version, expected);
  if (current) await refreshSpeakerSessions(store, speakerId);
  return { outcome: (current ? 'replaced' : 'created') as PutOutcome, version };
}

/** What an import's putSpeaker would do, writing nothing (a dry run). */
export async function previewSpeaker(store: CatalogueStore, speakerId: string, input: SpeakerInput, organises: Organises): Promise<'created' | 'updated' | 'unchanged'> {
  const current = await store.getSpeaker(speakerId, true);
  if (!current) return 'created';
  if (looksTheSame(speakerView, current, { ...input, id: speakerId, version: current.version })) return 'unchanged';
  if (organises !== 'all') await requireOwnSpeaker(store, speakerId, organises);
  return 'updated';
}

/**
 * A speaker belongs to no one event, so an organiser changes one only when
 * none of the speaker's talks is at an event they do not organise; a speaker
 * shared with another organiser's event is an admin's to change. Attaching a
 * speaker to a session changes nothing of theirs and needs no such right.
 */
async function requireOwnSpeaker(store: CatalogueStore, speakerId: string, organises: (eventId: string) => boolean): Promise<void> {
  const events = await store.listSpeakerEventIds(speakerId);
  if (events.some((eventId) => !organises(eventId))) {
    throw new CatalogueError('forbidden', `Speaker ${speakerId} also speaks at an event you do not organise; an admin may change them`);
  }
}

/**
 * Every session of the speaker carries a copy of their profile (what GET one
 * session shows) and their name and company (what search matches): after
 * the speaker changes, each is rewritten from the speakers as they are now.
 */
async function refreshSpeakerSessions(store: CatalogueStore, speakerId: string): Promise<void> {
  for (const { eventId, sessionId } of await store.listAllTalks(speakerId)) await refreshSpeakerCopies(store, eventId, sessionId);
}
