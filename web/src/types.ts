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
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// A record, not a list, so the compiler notices when the server adds a type.
const typeNames: Record<SessionType, true> = { keynote: true, breakout: true, workshop: true, expo: true, other: true };
export const sessionTypes = Object.keys(typeNames) as SessionType[];
