/**
 * What attendees were told about their place at one session, and when, and
 * the promises those answers keep whatever the interleaving:
 * - a position told is never exceeded later: told k, every answer the same
 *   attendee gets afterwards is a position ≤ k or a seat;
 * - while nobody leaves the line, each position is told to one attendee only,
 *   and each attendee is told one position.
 * "Afterwards" is real time in the test process: an answer received before
 * another request was sent. Answers to overlapping requests are not ordered.
 */
export interface Place {
  status: string;
  position?: number;
}

export interface Answer extends Place {
  who: string;
  sent: number;
  received: number;
}

export class AnswerLog {
  private clock = 0;
  readonly answers: Answer[] = [];

  /** Records what `call` answers about `who`'s place (nothing when they hold none). */
  async ask(who: string, call: () => Promise<Place | undefined>): Promise<Place | undefined> {
    const sent = ++this.clock;
    const place = await call();
    const received = ++this.clock;
    if (place) this.answers.push({ who, status: place.status, ...(place.position === undefined ? {} : { position: place.position }), sent, received });
    return place;
  }

  /** An answer given before anything in this log was asked. */
  told(who: string, place: Place): void {
    this.answers.push({ who, ...place, sent: -1, received: 0 });
  }
}

const describe = (a: Answer) => `${a.who} ${a.status}${a.position === undefined ? '' : ` ${a.position}`} (asked at ${a.sent}, told at ${a.received})`;

/** Answers that broke "told k, never more than k afterwards", each with the earlier answer it broke. */
export function exceededPositions(answers: readonly Answer[]): { broken: Answer; message: string }[] {
  const found: { broken: Answer; message: string }[] = [];
  const byAttendee = new Map<string, Answer[]>();
  for (const a of answers) byAttendee.set(a.who, [...(byAttendee.get(a.who) ?? []), a]);
  for (const later of answers) {
    for (const before of byAttendee.get(later.who)!.filter((a) => a.received < later.sent)) {
      const worse =
        (before.status === 'confirmed' && later.status !== 'confirmed') ||
        (before.status === 'waitlisted' && later.status === 'waitlisted' && later.position! > before.position!);
      if (worse) found.push({ broken: later, message: `${describe(before)}, then ${describe(later)}` });
    }
  }
  return found;
}

/** With nobody leaving the line: answers that told one position to two attendees, or two positions to one. */
export function sharedPositions(answers: readonly Answer[]): { broken: Answer; message: string }[] {
  const found: { broken: Answer; message: string }[] = [];
  const holder = new Map<number, Answer>();
  const positionOf = new Map<string, Answer>();
  for (const answer of answers) {
    if (answer.status !== 'waitlisted') continue;
    const other = holder.get(answer.position!);
    if (other && other.who !== answer.who) found.push({ broken: answer, message: `position ${answer.position} told to two: ${describe(other)}; ${describe(answer)}` });
    else holder.set(answer.position!, answer);
    const mine = positionOf.get(answer.who);
    if (mine && mine.position !== answer.position) found.push({ broken: answer, message: `one attendee, two positions with nobody leaving: ${describe(mine)}; ${describe(answer)}` });
    else positionOf.set(answer.who, answer);
  }
  return found;
}
