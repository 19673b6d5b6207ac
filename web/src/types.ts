/**
 * The API's shapes, taken from the server's own zod schemas (type-only
 * imports, erased by esbuild), so the page cannot drift from the contract.
 */
import type { Parsed } from '../../lambda/domain/schemas';
import type * as schemas from '../../lambda/domain/schemas';

export type CatalogueEvent = Parsed<typeof schemas.event>;
export type Session = Parsed<typeof schemas.session>;
export type SessionType = Session['type'];
export type Speaker = Parsed<typeof schemas.speaker>;
export type SessionWithSpeakers = Parsed<typeof schemas.sessionWithSpeakers>;
export type SpeakerWithSessions = Parsed<typeof schemas.speakerWithSessions>;
export type Reservation = Parsed<typeof schemas.reservation>;
export type AgendaItem = Parsed<typeof schemas.agendaItem>;
export type Poll = Parsed<typeof schemas.poll>;
export type Review = Parsed<typeof schemas.review>;
export type ReviewPage = Parsed<typeof schemas.reviewPage>;
export type EventReviewPage = Parsed<typeof schemas.eventReviewPage>;
/** A session as a search answers it: with where it matched. */
export type SessionHit = Parsed<typeof schemas.sessionPage>['items'][number];
export type Snippet = Parsed<typeof schemas.snippet>;
export type FacetCounts = Parsed<typeof schemas.facetCounts>;
export type SearchPage = Parsed<typeof schemas.everywherePage>;
export type SearchHit = Parsed<typeof schemas.everywhereHit>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The five formats of an event that names none of its own; the page has words for these, and shows any other type as named. */
export const defaultSessionTypes = ['keynote', 'breakout', 'workshop', 'expo', 'other'] as const;
export type DefaultSessionType = (typeof defaultSessionTypes)[number];
export const isDefaultType = (type: string): type is DefaultSessionType => (defaultSessionTypes as readonly string[]).includes(type);
/** The session formats of an event. */
export const typesOf = (event: CatalogueEvent): readonly string[] => event.types ?? defaultSessionTypes;
