/**
 * Property: for any catalogue and any combination of filters and page size,
 * walking the pages of GET /events/{e}/sessions yields exactly what a plain
 * in-memory filter of the same sessions yields, in time order. The
 * multi-select filters (track, room, level, type) take one to three values.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dayRange } from '../../lambda/domain/time';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
after(() => api.close());

const TRACKS = ['AI/ML', 'DevOps, Cloud', '금융/핀테크'];
const ROOMS = ['101', '102', 'Hall'];
const LEVELS = ['100', '200', '입문'];
const TYPES = ['keynote', 'breakout', 'expo'] as const;
const STATUSES = ['scheduled', 'scheduled', 'cancelled'] as const;
const DAYS = ['2024-05-16', '2024-05-17'];
const SPEAKERS = ['s-a', 's-b', 's-c'];
const WORDS = ['Graviton', '서버리스', 'Lambda', '데이터'];

interface Model {
  id: string;
  track?: string;
  room?: string;
  level?: string;
  type: string;
  status: string;
  startsAt?: string;
  endsAt?: string;
  speakerIds: string[];
  title: string;
}

const sessionArb = fc.record({
  track: fc.option(fc.constantFrom(...TRACKS), { nil: undefined }),
  room: fc.option(fc.constantFrom(...ROOMS), { nil: undefined }),
  level: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
  type: fc.constantFrom(...TYPES),
  status: fc.constantFrom(...STATUSES),
  slot: fc.option(fc.record({ day: fc.constantFrom(...DAYS), start: fc.integer({ min: 0, max: 47 }), length: fc.integer({ min: 1, max: 6 }) }), { nil: undefined }),
  speakerIds: fc.uniqueArray(fc.constantFrom(...SPEAKERS), { maxLength: 2 }),
  word: fc.constantFrom(...WORDS),
});

const queryArb = fc.record(
  {
    day: fc.constantFrom(...DAYS),
    track: fc.uniqueArray(fc.constantFrom(...TRACKS), { minLength: 1, maxLength: 3 }),
    room: fc.uniqueArray(fc.constantFrom(...ROOMS), { minLength: 1, maxLength: 3 }),
    level: fc.uniqueArray(fc.constantFrom(...LEVELS), { minLength: 1, maxLength: 3 }),
    type: fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 }),
    status: fc.constantFrom(...STATUSES),
    speaker: fc.constantFrom(...SPEAKERS),
    q: fc.constantFrom(...WORDS.map((w) => w.toLowerCase())),
    atSlot: fc.record({ day: fc.constantFrom(...DAYS), slot: fc.integer({ min: 0, max: 53 }) }),
    scheduled: fc.constantFrom('true', 'false'),
  },
  { requiredKeys: [] },
);

/** Slots of 15 minutes from 08:00 Seoul time. */
const slotTime = (day: string, slot: number) => {
  const minutes = 8 * 60 + slot * 15;
  return `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+09:00`;
};

let catalogue: Model[] = [];

before(async () => {
  api = await startTestApi();
  await api.call('PUT', '/events/prop', {
    token: api.adminToken,
    body: { name: 'Property', timezone: 'Asia/Seoul', days: DAYS.map((date) => ({ date })), tracks: TRACKS },
  });
  const speakers = SPEAKERS.map((id) => ({ id, name: `Speaker ${id}` }));
  const generated = fc.sample(fc.array(sessionArb, { minLength: 25, maxLength: 40 }), { numRuns: 1, seed: 20240516 })[0]!;
  catalogue = generated.map((g, i) => ({
    id: `p-${String(i).padStart(2, '0')}`,
    ...(g.track ? { track: g.track } : {}),
    ...(g.room ? { room: g.room } : {}),
    ...(g.level ? { level: g.level } : {}),
    type: g.type,
    status: g.status,
    ...(g.slot ? { startsAt: slotTime(g.slot.day, g.slot.start), endsAt: slotTime(g.slot.day, g.slot.start + g.slot.length) } : {}),
    speakerIds: g.speakerIds,
    title: `Session ${i} ${g.word}`,
  }));
  const result = await api.call('POST', '/events/prop/import', { token: api.adminToken, body: { speakers, sessions: catalogue } });
  assert.equal(result.status, 200);
  assert.deepEqual(result.body.rejected, []);
});

function expected(query: Record<string, unknown>): string[] {
  const q = query as { day?: string; track?: string[]; room?: string[]; level?: string[]; type?: string[]; status?: string; speaker?: string; q?: string; atSlot?: { day: string; slot: number }; scheduled?: string };
  const anyOf = (values: string[] | undefined, value: string | undefined) => !values || (value !== undefined && values.includes(value));
  const at = q.atSlot ? Date.parse(slotTime(q.atSlot.day, q.atSlot.slot)) : undefined;
  return catalogue
    .filter((s) => {
      const start = s.startsAt ? Date.parse(s.startsAt) : undefined;
      const end = s.endsAt ? Date.parse(s.endsAt) : undefined;
      if (q.day) {
        const [from, to] = dayRange(q.day, 'Asia/Seoul');
        if (start === undefined || start < from || start >= to) return false;
      }
      if (q.scheduled !== undefined && (start !== undefined) !== (q.scheduled === 'true')) return false;
      if (!anyOf(q.track, s.track) || !anyOf(q.room, s.room) || !anyOf(q.level, s.level) || !anyOf(q.type, s.type)) return false;
      if (q.status && s.status !== q.status) return false;
      if (q.speaker && !s.speakerIds.includes(q.speaker)) return false;
      if (q.q && !s.title.toLowerCase().includes(q.q)) return false;
      if (at !== undefined && !(start !== undefined && end !== undefined && start <= at && end > at)) return false;
      return true;
    })
    .sort((a, b) => {
      const ka = a.startsAt ? new Date(a.startsAt).toISOString() : '~';
      const kb = b.startsAt ? new Date(b.startsAt).toISOString() : '~';
      return ka === kb ? a.id.localeCompare(b.id) : ka < kb ? -1 : 1;
    })
    .map((s) => s.id);
}

test('every filter combination, paged at any size, equals an in-memory filter in time order', async () => {
  await fc.assert(
    fc.asyncProperty(queryArb, fc.integer({ min: 1, max: 7 }), async (query, limit) => {
      const params = new URLSearchParams({ limit: String(limit) });
      for (const [name, value] of Object.entries(query)) {
        if (name === 'atSlot') {
          const { day, slot } = value as { day: string; slot: number };
          params.set('at', slotTime(day, slot));
        } else if (Array.isArray(value)) {
          for (const one of value as string[]) params.append(name, one);
        } else params.set(name, value as string);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 60; pages++) {
        if (cursor) params.set('cursor', cursor);
        const page = await api.call('GET', `/events/prop/sessions?${params}`);
        assert.equal(page.status, 200, page.text);
        assert.ok(page.body.items.length <= limit);
        seen.push(...page.body.items.map((s: { id: string }) => s.id));
        cursor = page.body.nextCursor;
        if (!cursor) break;
      }
      assert.deepEqual(seen, expected(query as never), `query ${params}`);
    }),
    { numRuns: 100, seed: 16052024 },
  );
});
