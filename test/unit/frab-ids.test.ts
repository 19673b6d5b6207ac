/**
 * frab ids are integers (consumers such as Giggity key talks by them), made
 * from 31 bits of a hash of the session id: stable across exports, and among
 * thousands of sessions two may share one. Within an export they must not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { frabSchedule, type FrabSession } from '../../lambda/domain/frab';

const hash31 = (name: string) => parseInt(createHash('sha1').update(name).digest('hex').slice(0, 8), 16) & 0x7fffffff;

/** Two session ids of event `eventId` whose 31-bit hashes are equal (a birthday search: ~2^16 tries). */
function collidingIds(eventId: string): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const id = `s${i}`;
    const hash = hash31(`${eventId}/${id}`);
    const other = seen.get(hash);
    if (other) return [other, id];
    seen.set(hash, id);
  }
}

const event = { id: 'collide', name: 'Collide', timezone: 'UTC', days: [{ date: '2030-01-01' }], tracks: [], version: 1 };
const session = (id: string, hour: number): FrabSession => ({
  id,
  title: id,
  abstract: '',
  type: 'breakout',
  startsAt: `2030-01-01T${String(hour).padStart(2, '0')}:00:00Z`,
  endsAt: `2030-01-01T${String(hour).padStart(2, '0')}:30:00Z`,
  speakerIds: [],
  status: 'scheduled',
});
const idsOf = (sessions: FrabSession[]) => {
  const schedule = frabSchedule({ event, sessions, speakers: new Map(), version: '1', baseUrl: 'https://catalogue.example' });
  const talks = schedule.schedule.conference.days.flatMap((day) => Object.values(day.rooms).flat());
  return new Map(talks.map((talk) => [talk.guid, talk.id]));
};

test('two sessions whose hashes collide get different ids; the one first by id keeps its hash, and both keep theirs across exports', () => {
  const [first, second] = collidingIds(event.id).sort();
  assert.equal(hash31(`${event.id}/${first}`), hash31(`${event.id}/${second}`));
  const sessions = [session(second, 9), session(first, 10), session('other', 11)];
  const ids = [...idsOf(sessions).values()];
  assert.equal(new Set(ids).size, 3, `ids ${ids.join(', ')} are distinct`);
  const again = idsOf([...sessions].reverse());
  assert.deepEqual(again, idsOf(sessions), 'the same sessions in another order get the same ids');
  const alone = [...idsOf([session(first, 10)]).values()][0];
  assert.equal(alone, hash31(`${event.id}/${first}`) || 1, 'the first by id keeps its hash');
});
