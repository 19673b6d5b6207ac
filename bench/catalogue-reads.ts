/**
 * A conference the size of the largest ones: 3,000 sessions, 1,500 speakers,
 * 5 days, 40 rooms, 30 tracks in Korean and English, loaded through the
 * import API. Then the reads issue 12 holds to a ratio, each measured in
 * turn with the raw DynamoDB request it rests on (A B A B …, several runs,
 * the ratio of medians per run) against the same DynamoDB Local: the read
 * function's handler called in this process with a payload 2.0 event, as
 * Lambda calls it, and GET one session also over the local HTTP API with a
 * plain node:http client. Where a ratio cannot be met, the floor is
 * measured the same way: what DynamoDB Local itself takes for the requests
 * the design cannot do without.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../lambda/store/dynamo-client';
import { createStores } from '../lambda/store/stores';
import { eventKey, revisionKey, seatsKey, sessionKey, sessionTimelinePk } from '../lambda/store/keys';
import { dayRange } from '../lambda/domain/time';
import { createHandler, type HttpEvent } from '../lambda/api/handler';
import { matchRoute } from '../lambda/api/routes';
import { catalogueReadOperations } from '../lambda/api/operations/catalogue-read';
import { toHttpEvent } from '../local/server';
import { randomBytes } from 'node:crypto';
import { interleaved, ms, pool, ratioRow, summarize, type BenchEnv, type GoalRow } from './support';
import { JOB_THRESHOLD } from '../lambda/imports/import-job';
import { chunksOf } from '../lambda/domain/chunks';

const DAYS = ['2025-05-13', '2025-05-14', '2025-05-15', '2025-05-16', '2025-05-17'];
const TRACKS = [
  'AI/ML', 'DevOps, Cloud', '금융/핀테크', 'Serverless', '데이터 분석', 'Security', '게임', 'Containers', '스타트업', 'Databases',
  'IoT', '미디어', 'Networking', '리테일', 'Migration', '공공', 'Storage', '제조', 'Analytics', '헬스케어',
  'Generative AI', '모빌리티', 'Edge', '통신', 'Architecture', '교육', 'Observability', '에너지', 'Developer Tools', '자동차',
];
const WORDS_KO = ['서버리스', '디자인 패턴', '마이그레이션', '데이터 레이크', '생성형 AI', '실시간 분석', '비용 최적화', '보안 자동화', '컨테이너', '이벤트 기반'];
const WORDS_EN = ['Graviton', 'Lambda', 'DynamoDB', 'Bedrock', 'Kubernetes', 'Aurora', 'Kinesis', 'SageMaker', 'CloudFront', 'Step Functions'];
const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임'];
const GIVEN = ['민준', '서연', '도윤', '하은', '시우', '지유', '주원', '서윤', '예준', '지민'];
const COMPANIES = ['AWS 코리아', '센드버드', 'Samsung SDS', '카카오', 'LG CNS', '쿠팡', 'Naver Cloud', '토스', 'SK텔레콤', '배달의민족'];

function generate({ sessions, speakers, rooms }: CatalogueBenchOptions) {
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;
  const speakerList = Array.from({ length: speakers }, (_, i) => ({
    id: `speaker-${i}`,
    name: `${pick(SURNAMES, i)}${pick(GIVEN, Math.floor(i / 10))}`,
    role: i % 3 === 0 ? 'Solutions Architect' : '개발자',
    company: pick(COMPANIES, Math.floor(i / 7)),
  }));
  const sessionList = Array.from({ length: sessions }, (_, i) => {
    const perDay = Math.ceil(sessions / DAYS.length);
    const day = DAYS[Math.floor(i / perDay)]!;
    const slot = Math.floor((i % perDay) / rooms);
    const start = 9 * 60 + (slot % 16) * 30;
    const time = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return {
      id: `session-${i}`,
      title: `${pick(WORDS_EN, i)}로 만드는 ${pick(WORDS_KO, Math.floor(i / 10))} ${i}`,
      abstract: `${pick(WORDS_KO, i + 3)}와 ${pick(WORDS_EN, i + 5)}를 함께 쓰는 방법. Building with ${pick(WORDS_EN, i + 7)} at scale.`,
      type: i % 97 === 0 ? 'keynote' : 'breakout',
      track: pick(TRACKS, i),
      level: pick(['100', '200', '300', '400'], i),
      language: i % 5 === 0 ? 'en' : 'ko',
      room: `Room ${(i % rooms) + 1}`,
      startsAt: `${day}T${time(start)}:00+09:00`,
      endsAt: `${day}T${time(start + 25)}:00+09:00`,
      capacity: 50 + (i % 150),
      speakerIds: [`speaker-${i % speakers}`, ...(i % 4 === 0 ? [`speaker-${(i * 7 + 1) % speakers}`] : [])],
      tags: [pick(WORDS_EN, i + 2)],
    };
  });
  return { speakerList, sessionList };
}

/** The ratio issue 12 holds GET one session and a day's list to, against the raw request. */
const READ_TARGET = 1.3;
/** Search at 3,000 sessions: p99 at most this. */
const SEARCH_P99_MS = 10;

export interface CatalogueBenchOptions {
  sessions: number;
  speakers: number;
  rooms: number;
  /** Pairs (API, raw) per run for a ratio, and samples per search row. */
  samples: number;
  /** Runs per ratio; the ratio judged is the median of the runs'. */
  runs: number;
}

/** The payload 2.0 event API Gateway would send for a GET of `path`: the same builder the local server uses. */
function getEvent(path: string): HttpEvent {
  const url = new URL(path, 'http://127.0.0.1');
  const { match } = matchRoute('GET', url.pathname);
  if (!match) throw new Error(`no route for ${path}`);
  const request = { url: url.pathname + url.search, method: 'GET', headersDistinct: { host: ['127.0.0.1'] }, httpVersion: '1.1', socket: { remoteAddress: '127.0.0.1' } };
  return toHttpEvent(request as unknown as IncomingMessage, Buffer.alloc(0), match.routeKey, match.pathParameters, undefined);
}

export async function catalogueReads(env: BenchEnv, options: CatalogueBenchOptions): Promise<GoalRow[]> {
  const admin = { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' };
  const eventId = 'mega-summit';
  await fetch(`${env.baseUrl}/events/${eventId}`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ name: 'Mega Summit 2025', timezone: 'Asia/Seoul', days: DAYS.map((date) => ({ date })), tracks: TRACKS }),
  });
  const { speakerList, sessionList } = generate(options);

  // Import: speakers first, then sessions, as many per request as are answered at once (more run as a job), a few requests at a time.
  const started = performance.now();
  const batches: { speakers: unknown[]; sessions: unknown[] }[] = [
    ...chunksOf(speakerList, JOB_THRESHOLD).map((speakers) => ({ speakers, sessions: [] })),
    ...chunksOf(sessionList, JOB_THRESHOLD).map((sessions) => ({ speakers: [], sessions })),
  ];
  let rejected = 0;
  for (const group of [batches.filter((b) => b.speakers.length), batches.filter((b) => b.sessions.length)]) {
    await pool(group, 2, async (batch) => {
      const response = await fetch(`${env.baseUrl}/events/${eventId}/import`, { method: 'POST', headers: admin, body: JSON.stringify(batch) });
      rejected += ((await response.json()) as { rejected: unknown[] }).rejected.length;
    }, `import ${group[0]!.speakers.length > 0 ? 'speakers' : 'sessions'} (requests of ${JOB_THRESHOLD})`);
  }
  const importSeconds = (performance.now() - started) / 1000;

  // The read function as Lambda runs it, in this process: its own handler, caches and client, the same table.
  // Its client keeps the time some request of it was in flight, so a request's own work is its time less that.
  const handlerDoc = createDocumentClient();
  const waited = timeInFlight(handlerDoc);
  const handler = createHandler(catalogueReadOperations(createStores(handlerDoc, env.tableName, randomBytes(32))), { publicBaseUrl: env.baseUrl });
  const invoke = async (event: HttpEvent) => {
    const result = await handler(event);
    if (result.statusCode !== 200) throw new Error(`${event.rawPath}?${event.rawQueryString}: ${result.statusCode} ${result.body}`);
  };
  /** The handler's own work in the last invoke: its time less the time it waited for DynamoDB. */
  const ownTimes: number[] = [];
  const invokeCountingOwnWork = async (event: HttpEvent) => {
    const waitedBefore = waited();
    const started = performance.now();
    await invoke(event);
    ownTimes.push(performance.now() - started - (waited() - waitedBefore));
  };
  // Over HTTP: a plain node:http client with keep-alive, as a client in the same network would hold a connection.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { port } = new URL(env.baseUrl);
  const overHttp = (path: string, to: number | string = port) =>
    new Promise<void>((done, fail) => {
      httpRequest({ host: '127.0.0.1', port: to, path, agent }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? done() : fail(new Error(`${path}: ${response.statusCode}`))));
      })
        .on('error', fail)
        .end();
    });

  const doc = createDocumentClient();
  const table = env.tableName;
  const randomSession = () => `session-${Math.floor(Math.random() * options.sessions)}`;
  const [dayFrom, dayTo] = dayRange(DAYS[2]!, 'Asia/Seoul').map((t) => new Date(t).toISOString());
  const dayQuery = () =>
    doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'timeline',
        KeyConditionExpression: 'timelinePk = :pk AND timelineSk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': sessionTimelinePk(eventId), ':from': dayFrom, ':to': dayTo },
        Limit: 101,
      }),
    );
  const consistentGet = () => doc.send(new GetCommand({ TableName: table, Key: sessionKey(eventId, randomSession()), ConsistentRead: true }));
  const batchGet = (keys: object[], consistent: boolean) => doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: consistent } } }));

  // Warm both paths (the day's zone, the search index) before any sample.
  await invoke(getEvent(`/events/${eventId}/sessions?day=${DAYS[2]}&limit=100`));
  const buildStarted = performance.now();
  await invoke(getEvent(`/events/${eventId}/sessions?q=warmup`));
  const indexBuild = performance.now() - buildStarted;
  await overHttp(`/events/${eventId}/sessions/${randomSession()}`);

  console.log(`catalogue reads (${options.sessions} sessions, ${options.speakers} speakers, ${DAYS.length} days, ${options.rooms} rooms, ${TRACKS.length} tracks)`);
  console.log(`  import: ${options.sessions + options.speakers} items in ${importSeconds.toFixed(1)} s = ${(options.sessions / importSeconds).toFixed(0)} sessions/s (${rejected} rejected)`);
  console.log(`  search index build on the first query: ${ms(indexBuild)}`);
  console.log(`  ${options.runs} runs of ${options.samples} pairs each, API and raw request in turn`);
  console.log(`  ${'API'.padEnd(44)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}   ${'raw DynamoDB'.padEnd(30)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}   ratio of p50s per run`);
  const compare = async (name: string, api: () => Promise<unknown>, rawName: string, raw: () => Promise<unknown>) => {
    const result = await interleaved(options.runs, options.samples, api, raw, name.trim());
    console.log(
      `  ${name.padEnd(44)} ${ms(result.a.p50).padStart(8)} ${ms(result.a.p99).padStart(8)}   ${rawName.padEnd(30)} ${ms(result.b.p50).padStart(8)} ${ms(result.b.p99).padStart(8)}   ${result.ratios.map((r) => r.toFixed(2)).join(' ')}`,
    );
    return result;
  };

  const rows: GoalRow[] = [];
  const sessionEvents = Array.from({ length: 500 }, () => getEvent(`/events/${eventId}/sessions/${randomSession()}`));
  let nextEvent = 0;
  const inProcess = await compare('GET one session, handler in-process', () => invoke(sessionEvents[nextEvent++ % sessionEvents.length]!), 'consistent GetItem', consistentGet);
  rows.push(ratioRow('GET one session, handler in-process vs consistent GetItem', READ_TARGET, inProcess.ratios));
  const http = await compare('GET one session, local HTTP (node:http)', () => overHttp(`/events/${eventId}/sessions/${randomSession()}`), 'consistent GetItem', consistentGet);
  rows.push(ratioRow('GET one session over local HTTP vs consistent GetItem', READ_TARGET, http.ratios));
  // GET one session's one request: the session and its seat counter in one consistent BatchGetItem.
  const sessionRead = () => {
    const id = randomSession();
    return batchGet([sessionKey(eventId, id), seatsKey(eventId, id)], true);
  };
  const floor = await compare('(floor) consistent BatchGetItem of 2', sessionRead, 'consistent GetItem', consistentGet);
  rows.push({ goal: '  floor: BatchGetItem of session + seats vs GetItem', target: 'info', measured: `${ratioRow('', READ_TARGET, floor.ratios).measured}`, held: undefined });
  // Over HTTP, the hop itself: the same client asking a server in this process that answers a session-sized body at once.
  const bare = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('x'.repeat(623)));
  await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
  const barePort = (bare.address() as AddressInfo).port;
  const httpFloor = await compare('(floor) bare node:http hop + BatchGetItem of 2', async () => {
    await overHttp('/', barePort);
    await sessionRead();
  }, 'consistent GetItem', consistentGet);
  bare.close();
  rows.push({ goal: '  floor over HTTP: bare node:http hop + that BatchGetItem', target: 'info', measured: ratioRow('', READ_TARGET, httpFloor.ratios).measured, held: undefined });

  const dayEvent = getEvent(`/events/${eventId}/sessions?day=${DAYS[2]}&limit=100`);
  const list = await compare('list a day (limit 100), handler in-process', () => invoke(dayEvent), 'Query, Limit 101', dayQuery);
  rows.push(ratioRow('list a day (limit 100), in-process vs Query of the same items', READ_TARGET, list.ratios));
  // A list's page must show live seats, which live on each session's seat counter: the page's Query, then one BatchGetItem of its counters.
  const listFloor = await compare('(floor) that Query, then BatchGet of 100 seats', async () => {
    const { Items = [] } = await dayQuery();
    await batchGet(Items.slice(0, 100).map((item) => seatsKey(eventId, item.id as string)), false);
  }, 'Query, Limit 101', dayQuery);
  rows.push({ goal: '  floor: Query + BatchGetItem of its seats vs Query', target: 'info', measured: ratioRow('', READ_TARGET, listFloor.ratios).measured, held: undefined });
  // And with what a list reads besides: the event (its 404, its time zone for `day`), consistently, in flight with the Query.
  const eventRead = () => doc.send(new GetCommand({ TableName: table, Key: eventKey(eventId), ConsistentRead: true }));
  const listReads = await compare('(floor) Query ∥ event GetItem, then the seats', async () => {
    const [{ Items = [] }] = await Promise.all([dayQuery(), eventRead()]);
    await batchGet(Items.slice(0, 100).map((item) => seatsKey(eventId, item.id as string)), false);
  }, 'Query, Limit 101', dayQuery);
  rows.push({ goal: '  floor with the event read beside the Query', target: 'info', measured: ratioRow('', READ_TARGET, listReads.ratios).measured, held: undefined });

  // Search rows: each cycles through its own queries; a warm search is one request (the event, its revision and the page's seats).
  const searches = {
    Korean: ['디자인 패턴', '디자인패턴', '서버리스', '김민준', '센드버드', '마이그레이션 실시간'],
    English: ['graviton', 'Gravi', 'step func', 'kubernetes', 'lambda aurora', 'SageMaker'],
    'one letter': ['a', 's', 'g', 'k', '서', '디', '김'],
    // Typos, particles, Hangul spellings of names, words inside words (issue 16): the costliest kinds of match.
    'near spellings': ['디지인 패턴', 'gravitn', '마이그래이션', '서버리스를', '그라비톤', 'open search', 'kubernetis'],
  };
  const pageOfSeats = () => {
    const first = Math.floor(Math.random() * (options.sessions - 25));
    return Array.from({ length: 25 }, (_, i) => seatsKey(eventId, `session-${first + i}`));
  };
  const searchRound = () => batchGet([eventKey(eventId), revisionKey(eventId), ...pageOfSeats()], true);
  // A search of every event (issue 16.5) lists the events first (a Query), then reads their heads with the page's seats: two rounds, so it is shown beside the one-round rows, not held to their target.
  const everywhere = { 'every event': [...searches.Korean, ...searches.English] };
  for (const [kind, queries] of Object.entries({ ...searches, ...everywhere })) {
    const path = kind in everywhere ? (q: string) => `/search?q=${encodeURIComponent(q)}` : (q: string) => `/events/${eventId}/sessions?q=${encodeURIComponent(q)}`;
    const events = queries.map((q) => getEvent(path(q)));
    let next = 0;
    ownTimes.length = 0;
    const result = await compare(`search ${kind} (25), in-process`, () => invokeCountingOwnWork(events[next++ % events.length]!), 'consistent BatchGet of 27', searchRound);
    const own = summarize(ownTimes);
    console.log(`  ${''.padEnd(44)} its own work (time not waiting for DynamoDB): p50 ${ms(own.p50)}, p99 ${ms(own.p99)}`);
    const measured = `p99 ${ms(result.a.p99)}, p50 ${ms(result.a.p50)} (its one request alone: p99 ${ms(result.b.p99)}; its own work: p99 ${ms(own.p99)}, p50 ${ms(own.p50)})`;
    if (kind in everywhere) rows.push({ goal: `  search of every event (one of ${options.sessions} sessions), in-process`, target: 'info', measured, held: undefined });
    else rows.push({ goal: `search p99 at ${options.sessions} sessions, ${kind}, in-process`, target: `≤ ${SEARCH_P99_MS} ms`, measured, held: result.a.p99 <= SEARCH_P99_MS });
  }
  agent.destroy();
  doc.destroy();
  handlerDoc.destroy();
  return rows;
}

/** Milliseconds so far in which at least one request of `doc` was in flight (requests in flight together count once). */
function timeInFlight(doc: ReturnType<typeof createDocumentClient>): () => number {
  let inFlight = 0;
  let since = 0;
  let total = 0;
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  (doc as { send: unknown }).send = async (command: unknown) => {
    if (inFlight++ === 0) since = performance.now();
    try {
      return await send(command);
    } finally {
      if (--inFlight === 0) total += performance.now() - since;
    }
  };
  return () => total + (inFlight > 0 ? performance.now() - since : 0);
}
