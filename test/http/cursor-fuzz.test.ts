/**
 * Forged cursors, as an attacker makes them: every paginated route (every
 * operation of the OpenAPI document that takes a `cursor`) is asked with
 * mutations of the real cursors it issued. Altered, truncated, re-signed
 * (with the key that used to be in the source, or any key not this
 * deployment's) and foreign cursors (another route, query, event or attendee,
 * or another deployment) must each be a 400 problem naming `query.cursor`.
 * Forgeries signed with this deployment's own key (a leaked secret) must
 * still never be a 500 nor show anything outside the query they claim.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { pagedOperations } from '../../lambda/api/openapi';
import { routes } from '../../lambda/api/routes';
import { createSampleEvent, session, startTestApi, type CallResult, type TestApi } from '../support/api';
import { forEachLimited } from '../../lambda/domain/limited';

/** What the signing key was before each deployment got its own: anyone could read it in the source. */
const SOURCE_KEY = 'session-catalogue-cursor';

let api: TestApi;
let otherDeployment: TestApi;
const deploymentKey = randomBytes(32);

/** A catalogue with enough of everything that each list has a second page at limit=1. */
async function seed(target: TestApi) {
  const admin = { token: target.adminToken };
  await createSampleEvent(target);
  const sessions = [
    session({ id: 'a', track: 'AI/ML', startsAt: '2024-05-16T10:00:00+09:00', endsAt: '2024-05-16T10:40:00+09:00' }),
    session({ id: 'b', track: 'AI/ML', startsAt: '2024-05-16T11:00:00+09:00', endsAt: '2024-05-16T11:40:00+09:00', speakerIds: ['werner-vogels'] }),
    session({ id: 'c' }),
    session({ id: 'd', startsAt: undefined, endsAt: undefined }),
  ];
  for (const body of sessions) assert.equal((await target.call('POST', '/events/summit/sessions', { ...admin, body })).status, 201);
  await seatTwo(target, 'summit', sessions[0]!);
  for (const who of ['rev-1', 'rev-2']) {
    const review = await target.call('PUT', '/events/summit/sessions/a/reviews/me', { token: await target.tokenFor(who), body: { rating: 4 } });
    assert.equal(review.status, 201, review.text);
  }
  // Another event with the same shape of paths, for cursors presented at the wrong event.
  await target.call('PUT', '/events/other', { ...admin, body: { name: 'Other', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }], tracks: ['AI/ML'] } });
  assert.equal((await target.call('POST', '/events/other/sessions', { ...admin, body: session({ id: 'a', track: 'AI/ML' }) })).status, 201);
  await seatTwo(target, 'other', session({ id: 'a', track: 'AI/ML' }));
  // Reservations are taken in a future event.
  await target.call('PUT', '/events/next', { ...admin, body: { name: 'Next', timezone: 'Asia/Seoul', days: [{ date: '2099-05-16' }] } });
  for (const [id, hour] of [['n1', 10], ['n2', 11]] as const) {
    const body = { id, title: id, startsAt: `2099-05-16T${hour}:00:00+09:00`, endsAt: `2099-05-16T${hour}:40:00+09:00`, capacity: 10 };
    assert.equal((await target.call('POST', '/events/next/sessions', { ...admin, body })).status, 201);
    for (const who of ['alice', 'bob']) {
      assert.equal((await target.call('PUT', `/events/next/sessions/${id}/reservation`, { token: await target.tokenFor(who) })).status, 201);
    }
  }
}

/**
 * Two seats of a session that has already taken place, for its roster's second page: taken while it had no
 * time slot yet (a session that has ended takes no reservations), then it gets its slot back.
 */
async function seatTwo(target: TestApi, eventId: string, body: { startsAt?: string; endsAt?: string }) {
  const path = `/events/${eventId}/sessions/a`;
  const unscheduled = await target.call('PATCH', path, { token: target.adminToken, headers: { 'if-match': '*' }, body: { startsAt: null, endsAt: null } });
  assert.equal(unscheduled.status, 200, unscheduled.text);
  for (const who of ['seat-1', 'seat-2']) assert.equal((await target.call('PUT', `${path}/reservation`, { token: await target.tokenFor(who) })).status, 201);
  const back = await target.call('PATCH', path, { token: target.adminToken, headers: { 'if-match': '*' }, body: { startsAt: body.startsAt, endsAt: body.endsAt } });
  assert.equal(back.status, 200, back.text);
}

/** One query of one paginated route: its path, its other parameters, who asks. */
interface Target {
  name: string;
  operation: string;
  url: (limit: number, cursor?: string) => string;
  who?: string;
}

/** Variants of a route's query that read different indexes, ranges, filters or in-memory lists. */
const queryVariants: Record<string, string[]> = {
  listSessions: ['', 'track=AI%2FML', 'track=AI%2FML&track=DevOps%2C%20Cloud', 'room=Room%20101', 'day=2024-05-16', 'scheduled=true', 'speaker=ham-giho', 'q=Graviton', 'level=300', 'type=breakout', 'type=breakout&type=keynote', 'status=scheduled'],
  listMyReservations: ['', 'eventId=next'],
  searchEverywhere: ['q=Graviton', 'q=gravitn'],
};
const pathValues = (eventId: string): Record<string, string> => ({ eventId, sessionId: 'a', speakerId: 'ham-giho' });

function targetsOf(eventId: string, who: string): Target[] {
  // Every operation that takes a cursor, so a new paginated route is fuzzed too.
  return routes.filter((route) => pagedOperations().includes(route.operation)).flatMap(({ operation, path, access }) =>
    (queryVariants[operation] ?? ['']).map((query) => {
      const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues(eventId)[name]!);
      return {
        name: `${operation}${query ? `?${query}` : ''}${path.includes('{eventId}') ? ` @${eventId}` : ''}${access === 'attendee' ? ` as ${who}` : ''}`,
        operation,
        url: (limit: number, cursor?: string) =>
          `${filled}?${[query, `limit=${limit}`, cursor === undefined ? '' : `cursor=${encodeURIComponent(cursor)}`].filter(Boolean).join('&')}`,
        // Organisers' lists are asked by an admin of the deployment.
        ...(access === 'attendee' ? { who } : access === 'organiser' ? { who: 'admin' } : {}),
      };
    }),
  );
}

const tokens = new Map<string, string>();
async function ask(deployment: TestApi, target: Target, limit: number, cursor?: string): Promise<CallResult> {
  const token = target.who ? tokens.get(`${deployment.baseUrl} ${target.who}`) : undefined;
  return deployment.call('GET', target.url(limit, cursor), token ? { token } : {});
}

/** A page's items: `items`, or the embedded `sessions` of a speaker. */
const itemsOf = (body: { items?: Record<string, unknown>[]; sessions?: Record<string, unknown>[] }) => body.items ?? body.sessions!;

/** A list's items by what identifies them, to tell whether an answer stayed inside its query. */
const identity = (item: Record<string, unknown>) => String(item.id ?? `${item.eventId}/${item.sessionId}/${item.attendeeId}`);

async function everything(deployment: TestApi, target: Target): Promise<Set<string>> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await ask(deployment, target, 100, cursor);
    assert.equal(page.status, 200, `${target.name}: ${page.text}`);
    for (const item of itemsOf(page.body)) seen.add(identity(item));
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

/** A real cursor of a target: the second page at limit=1 (which must exist: the seed makes sure). */
async function realCursor(deployment: TestApi, target: Target): Promise<string> {
  const first = await ask(deployment, target, 1);
  assert.equal(first.status, 200, `${target.name}: ${first.text}`);
  assert.ok(first.body.nextCursor, `${target.name} has no second page; the seed must give it one`);
  const second = await ask(deployment, target, 1, first.body.nextCursor);
  assert.equal(second.status, 200, `${target.name}: its own cursor works`);
  return first.body.nextCursor;
}

before(async () => {
  api = await startTestApi({ cursorKey: deploymentKey });
  await seed(api);
  // Another deployment with the same data under its own key: its cursors are for the very same queries.
  otherDeployment = await startTestApi({ tableName: api.tableName });
  for (const deployment of [api, otherDeployment]) {
    for (const who of ['alice', 'bob']) tokens.set(`${deployment.baseUrl} ${who}`, await deployment.tokenFor(who));
    tokens.set(`${deployment.baseUrl} admin`, deployment.adminToken);
  }
});
after(() => Promise.all([api?.close(), otherDeployment?.close()]));

// ---- how cursors are mutated ----

// The cursor format of lambda/store/cursor.ts, as a forger who read the source would write it: only the key is secret.
const sign = (payload: string, key: string | Buffer) => `${payload}.${createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22)}`;
const payloadOf = (cursor: string) => JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString('utf8')) as { f: string; k: Record<string, unknown> };
const encodePayload = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The cursor's text changed in place: a character replaced, dropped, doubled, or a part added. */
const altered = (cursor: string) =>
  fc
    .oneof(
      fc.tuple(fc.nat(cursor.length - 1), fc.constantFrom(...BASE64URL, '.', '=', '%', ' ', '\u00e9')).map(([i, c]) => cursor.slice(0, i) + c + cursor.slice(i + 1)),
      fc.nat(cursor.length - 1).map((i) => cursor.slice(0, i) + cursor.slice(i + 1)),
      fc.nat(cursor.length - 1).map((i) => cursor.slice(0, i) + cursor[i]! + cursor.slice(i)),
      fc.constantFrom('.', '.x', 'A', '=', `.${cursor.split('.')[1]}`).map((suffix) => cursor + suffix),
      fc.constant(cursor.split('.').reverse().join('.')),
      fc.constant(cursor.toUpperCase()),
    )
    .filter((mutated) => mutated !== cursor);

const truncated = (cursor: string) => fc.integer({ min: 0, max: cursor.length - 1 }).map((n) => cursor.slice(0, n));

/** Values a forger might put in a key: out of range, of the wrong type, too long, not a value at all. */
const hostileValue = fc.oneof(
  fc.constantFrom('', ' ', '~', '0', '\u0000', '\uffff', '#', 'EVENT#other', 'ATTENDEE#bob', 'SPEAKER#', 'TALK#', 'RESERVATION#', 'TIMELINE#', 'zzzz'),
  fc.constantFrom(0, -1, 1.5, 1e300, -1e300, 2 ** 53, Number.MAX_VALUE),
  fc.constantFrom(null, true, false, [], {}, ['x'], { S: 'x' }, { N: '1' }),
  fc.string({ maxLength: 12 }),
  fc.nat(40).map((n) => 'x'.repeat(1000 + n * 10)),
);

/** The decoded payload changed: a key value, an attribute added or dropped, the fingerprint, or the whole shape. */
function payloadMutation(cursor: string) {
  const { f, k } = payloadOf(cursor);
  const names = Object.keys(k);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...names), hostileValue).map(([name, value]) => ({ f, k: { ...k, [name]: value } })),
    fc.constantFrom(...names).map((name) => ({ f, k: Object.fromEntries(Object.entries(k).filter(([n]) => n !== name)) })),
    fc.tuple(fc.constantFrom('offset', 'pk', 'sk', 'timelinePk', 'trackPk', 'extra', '__proto__'), hostileValue).map(([name, value]) => ({ f, k: { ...k, [name]: value } })),
    fc.constantFrom('', 'x', f.slice(1), f.toUpperCase()).map((other) => ({ f: other, k })),
    fc.constantFrom<unknown>(null, [], 'x', 1, { f }, { k }, { f, k: null }, { f, k: [] }, { f, k: 'x' }, { f, k: { offset: -1 } }, { f, k: { offset: 1.5 } }, { f, k: { offset: 1e12 } }, { f, k: { offset: '1' } }),
    fc.constantFrom('not json', '{"f":', '\u0000', ''),
  );
}

const otherKey = fc.constantFrom<string | Buffer>(SOURCE_KEY, '', 'secret', randomBytes(32), randomBytes(32).toString('hex'));

/** Signed with a key that is not this deployment's: the payload as it was, or changed. */
const resigned = (cursor: string) =>
  fc.tuple(fc.oneof(fc.constant<unknown>(payloadOf(cursor)), payloadMutation(cursor)), otherKey).map(([payload, key]) => sign(encodePayload(payload), key));

/** Signed with this deployment's own key, as someone holding a leaked secret would. */
const leaked = (cursor: string) => payloadMutation(cursor).map((payload) => sign(encodePayload(payload), deploymentKey));

const isCursorProblem = (answer: CallResult) =>
  answer.status === 400 &&
  (answer.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
  answer.body?.errors?.some((e: { path: string }) => e.path === 'query.cursor');

/** Runs `jobs` a few at a time; their results in order. */
async function pool<T>(jobs: (() => Promise<T>)[], width = 8): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  await forEachLimited(jobs, width, async (job, i) => {
    results[i] = await job();
  });
  return results;
}

test('every altered, truncated, re-signed or foreign cursor is a 400 on every paginated route; a leaked key reads nothing outside its query', async () => {
  const targets = targetsOf('summit', 'alice');
  assert.ok(targets.length >= 12, `${targets.length} queries to fuzz`);
  const real = new Map<string, string>();
  const contents = new Map<string, Set<string>>();
  for (const target of targets) {
    real.set(target.name, await realCursor(api, target));
    contents.set(target.name, await everything(api, target));
  }

  interface Case {
    kind: 'altered' | 'truncated' | 're-signed' | 'foreign' | 'leaked key';
    target: Target;
    cursor: string;
  }
  const cases: Case[] = [];
  targets.forEach((target, i) => {
    const cursor = real.get(target.name)!;
    const sample = <T>(arbitrary: fc.Arbitrary<T>, numRuns: number) => fc.sample(arbitrary, { seed: 1000 + i, numRuns });
    for (const mutated of sample(altered(cursor), 20)) cases.push({ kind: 'altered', target, cursor: mutated });
    for (const mutated of sample(truncated(cursor), 8)) cases.push({ kind: 'truncated', target, cursor: mutated });
    for (const mutated of sample(resigned(cursor), 25)) cases.push({ kind: 're-signed', target, cursor: mutated });
    for (const mutated of sample(leaked(cursor), 20)) cases.push({ kind: 'leaked key', target, cursor: mutated });
    // Validly signed, for another query: every other route and variant, this query at another event or as another attendee.
    for (const other of targets) if (other !== target) cases.push({ kind: 'foreign', target, cursor: real.get(other.name)! });
  });
  const elsewhere = targetsOf('other', 'bob');
  targets.forEach((target, i) => {
    if (elsewhere[i]!.name !== target.name) cases.push({ kind: 'foreign', target: elsewhere[i]!, cursor: real.get(target.name)! });
  });
  // Validly signed by another deployment, for the very same query.
  for (const target of targets) cases.push({ kind: 'foreign', target, cursor: await realCursor(otherDeployment, target) });

  const answers = await pool(cases.map((c) => () => ask(api, c.target, 1, c.cursor)));

  const counts = new Map<string, { tried: number; held: number }>();
  const broken: string[] = [];
  let leakedRead = 0;
  cases.forEach((c, i) => {
    const answer = answers[i]!;
    const count = counts.get(c.kind) ?? { tried: 0, held: 0 };
    count.tried++;
    let held: boolean;
    if (c.kind === 'leaked key') {
      // Either refused, or a page of the very query the cursor was made for.
      const inside = answer.status === 200 && itemsOf(answer.body).every((item) => contents.get(c.target.name)!.has(identity(item)));
      if (answer.status === 200) leakedRead++;
      held = isCursorProblem(answer) || inside;
    } else {
      held = isCursorProblem(answer);
    }
    if (held) count.held++;
    else if (broken.length < 10) broken.push(`${c.kind} on ${c.target.name}: ${answer.status} ${answer.text.slice(0, 160)} (cursor ${JSON.stringify(c.cursor.slice(0, 80))})`);
    counts.set(c.kind, count);
  });

  const total = [...counts.values()].reduce((sum, c) => sum + c.tried, 0);
  const held = [...counts.values()].reduce((sum, c) => sum + c.held, 0);
  const by = [...counts].map(([kind, c]) => `${kind} ${c.held}/${c.tried}`).join(', ');
  process.stdout.write(
    `# cursor fuzz: ${total} mutations of ${targets.length} real cursors over ${new Set(targets.map((t) => t.operation)).size} paginated routes, ${held} held (${by}); ` +
      `leaked-key forgeries answered 200 inside their own query: ${leakedRead}; 500s: ${answers.filter((a) => a.status >= 500).length}\n`,
  );
  assert.ok(total >= 1000, `only ${total} mutations`);
  assert.deepEqual(broken, [], `${total - held} of ${total} did not hold`);
});
