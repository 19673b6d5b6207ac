/**
 * Check-in codes (docs/reservations.md, "Check-in"): what an attendee shows
 * at the door, as a QR code or typed, e.g. `7KQ2-M9XD-4TRB`. Twelve
 * characters of Crockford's base32 (no I, L, O or U; typed lower case,
 * with O for 0 or I/L for 1, it still reads) in three groups of four.
 *
 * Two MACs of 30 bits each under the deployment's check-in key:
 * - `who` over the event, the session and the attendee: the door finds the
 *   seat it belongs to among the session's seats (no lookup item is written
 *   at reservation time, so the rush writes nothing more);
 * - `which` over the same and the reservation's version (its `createdAt`):
 *   a code of an earlier reservation of the same attendee (cancelled, then
 *   reserved again) does not check in the new one.
 * Guessing a code of a given session takes about 2^60 / seats tries; the
 * route is for staff only and throttled.
 */
import { createHmac } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PART_CHARS = 6;
export const CHECK_IN_CODE_CHARS = PART_CHARS * 2;

export interface CodeSubject {
  eventId: string;
  sessionId: string;
  attendeeId: string;
}

/** 30 bits of an HMAC-SHA256 as six base32 characters. */
function part(key: Uint8Array, label: string, fields: readonly string[]): string {
  const digest = createHmac('sha256', key).update([label, ...fields].join('\0')).digest();
  let bits = digest.readUInt32BE(0) >>> 2; // the first 30 bits
  let text = '';
  for (let i = 0; i < PART_CHARS; i++) {
    text = ALPHABET[bits & 31] + text;
    bits >>>= 5;
  }
  return text;
}

/** The code as people read it: three groups of four. */
export const groupCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

/**
 * A typed or scanned code in its canonical form (upper case, no separators,
 * O read as 0 and I or L as 1), or undefined when it cannot be one.
 */
export function normalizeCode(input: string): string | undefined {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CHECK_IN_CODE_CHARS || [...code].some((c) => !ALPHABET.includes(c))) return undefined;
  return code;
}

/** Makes and reads codes under one key (derived from the deployment's secret: see stores.ts). */
export function createCheckInCodes(key: Uint8Array) {
  const who = (s: CodeSubject) => part(key, 'who', [s.eventId, s.sessionId, s.attendeeId]);
  const which = (s: CodeSubject, version: string) => part(key, 'which', [s.eventId, s.sessionId, s.attendeeId, version]);
  return {
    /** The code of a reservation, grouped for reading. */
    codeOf(subject: CodeSubject, version: string): string {
      return groupCode(who(subject) + which(subject, version));
    },
    /** Whether a (normalized) code names this attendee of the session, whatever reservation. */
    names(code: string, subject: CodeSubject): boolean {
      return code.slice(0, PART_CHARS) === who(subject);
    },
    /** Whether a (normalized) code is the one of this reservation version. */
    isOf(code: string, subject: CodeSubject, version: string): boolean {
      return code === who(subject) + which(subject, version);
    },
  };
}

export type CheckInCodes = ReturnType<typeof createCheckInCodes>;
