/**
 * The API's shapes, taken from the server's own zod schemas (type-only
 * imports, erased by esbuild), so the page cannot drift from the contract.
 */
import type * as z from 'zod/mini';
import type * as schemas from '../../lambda/domain/schemas';

export type CatalogueEvent = z.output<typeof schemas.event>;
export type Session = z.output<typeof schemas.session>;
export type SessionType = Session['type'];
export type Speaker = z.output<typeof schemas.speaker>;
export type SessionWithSpeakers = z.output<typeof schemas.sessionWithSpeakers>;
export type SpeakerWithSessions = z.output<typeof schemas.speakerWithSessions>;
export type Reservation = z.output<typeof schemas.reservation>;
export type AgendaItem = z.output<typeof schemas.agendaItem>;
export type Poll = z.output<typeof schemas.poll>;
export type Review = z.output<typeof schemas.review>;
export type ReviewPage = z.output<typeof schemas.reviewPage>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// A record, not a list, so the compiler notices when the server adds a type.
const typeNames: Record<SessionType, true> = { keynote: true, breakout: true, workshop: true, expo: true, other: true };
export const sessionTypes = Object.keys(typeNames) as SessionType[];
