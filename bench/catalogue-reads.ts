/**
 * A conference the size of the largest ones: 3,000 sessions, 1,500 speakers,
 * 5 days, 40 rooms, 30 tracks in Korean and English, loaded through the
 * import API. Then reads through the local HTTP API, each next to the raw
 * DynamoDB request it rests on, against the same DynamoDB Local in the same
 * run, so the ratio shows what the API adds over the database.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../lambda/store/dynamo-client';
import { eventKey, revisionKey, sessionKey, sessionTimelinePk, sessionTrackPk } from '../lambda/store/keys';
import { dayRange } from '../lambda/domain/time';
import { ms, pool, summarize, type BenchEnv } from './support';

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

export interface CatalogueBenchOptions {
  sessions: number;
  speakers: number;
  rooms: number;
  samples: number;
}

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

async function timed(samples: number, request: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await request();
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

export async function catalogueReads(env: BenchEnv, options: CatalogueBenchOptions): Promise<void> {
  const admin = { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' };
  const eventId = 'mega-summit';
  await fetch(`${env.baseUrl}/events/${eventId}`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ name: 'Mega Summit 2025', timezone: 'Asia/Seoul', days: DAYS.map((date) => ({ date })), tracks: TRACKS }),
  });
  const { speakerList, sessionList } = generate(options);

  // Import: speakers first, then sessions, 500 per request, a few requests at a time.
  const started = performance.now();
  const batches: { speakers: unknown[]; sessions: unknown[] }[] = [];
  for (let i = 0; i < speakerList.length; i += 500) batches.push({ speakers: speakerList.slice(i, i + 500), sessions: [] });
  for (let i = 0; i < sessionList.length; i += 500) batches.push({ speakers: [], sessions: sessionList.slice(i, i + 500) });
  let rejected = 0;
  for (const group of [batches.filter((b) => b.speakers.length), batches.filter((b) => b.sessions.length)]) {
    await pool(group, 2, async (batch) => {
      const response = await fetch(`${env.baseUrl}/events/${eventId}/import`, { method: 'POST', headers: admin, body: JSON.stringify(batch) });
      rejected += ((await response.json()) as { rejected: unknown[] }).rejected.length;
    });
  }
  const importSeconds = (performance.now() - started) / 1000;

  const doc = createDocumentClient();
  const [dayFrom, dayTo] = dayRange(DAYS[2]!, 'Asia/Seoul').map((t) => new Date(t).toISOString());
  const api = (path: string) => async () => {
    const response = await fetch(`${env.baseUrl}${path}`);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
  };
  const randomSession = () => `session-${Math.floor(Math.random() * options.sessions)}`;
  // Search queries by kind, each row cycling through its own; one-letter queries match most of the event.
  const searches = {
    Korean: ['디자인 패턴', '디자인패턴', '서버리스', '김민준', '센드버드', '마이그레이션 실시간'],
    English: ['graviton', 'Gravi', 'step func', 'kubernetes', 'lambda aurora', 'SageMaker'],
    'one letter': ['a', 's', 'g', 'k', '서', '디', '김'],
  };
  const searchRow = (kind: keyof typeof searches) => {
    let next = 0;
    return {
      name: `search ${kind} (25)`,
      api: () => api(`/events/${eventId}/sessions?q=${encodeURIComponent(searches[kind][next++ % searches[kind].length]!)}`)(),
      // What a warm search waits for besides the seats: the event and its revision, one BatchGetItem.
      rawName: 'BatchGet 2',
      raw: () =>
        doc.send(new BatchGetCommand({ RequestItems: { [env.tableName]: { Keys: [eventKey(eventId), revisionKey(eventId)], ConsistentRead: true } } })),
    };
  };

  const cases: { name: string; api: () => Promise<unknown>; raw: () => Promise<unknown>; rawName: string }[] = [
    {
      name: 'GET one session',
      api: async () => api(`/events/${eventId}/sessions/${randomSession()}`)(),
      rawName: 'GetItem',
      raw: () => doc.send(new GetCommand({ TableName: env.tableName, Key: sessionKey(eventId, randomSession()), ConsistentRead: true })),
    },
    {
      name: 'list a day (25)',
      api: api(`/events/${eventId}/sessions?day=${DAYS[2]}`),
      rawName: 'Query 26',
      raw: () =>
        doc.send(
          new QueryCommand({
            TableName: env.tableName,
            IndexName: 'timeline',
            KeyConditionExpression: 'timelinePk = :pk AND timelineSk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': sessionTimelinePk(eventId), ':from': dayFrom, ':to': dayTo },
            Limit: 26,
          }),
        ),
    },
    {
      name: 'filter by track (25)',
      api: api(`/events/${eventId}/sessions?track=${encodeURIComponent('금융/핀테크')}`),
      rawName: 'Query 26',
      raw: () =>
        doc.send(
          new QueryCommand({
            TableName: env.tableName,
            IndexName: 'trackTimeline',
            KeyConditionExpression: 'trackPk = :pk',
            ExpressionAttributeValues: { ':pk': sessionTrackPk(eventId, '금융/핀테크') },
            Limit: 26,
          }),
        ),
    },
    searchRow('Korean'),
    searchRow('English'),
    searchRow('one letter'),
  ];

  // The first search builds the index (one pass over the event's sessions); measure that on its own.
  const buildStarted = performance.now();
  await api(`/events/${eventId}/sessions?q=warmup`)();
  const indexBuild = performance.now() - buildStarted;

  console.log(`catalogue reads (${options.sessions} sessions, ${options.speakers} speakers, ${DAYS.length} days, ${options.rooms} rooms, ${TRACKS.length} tracks)`);
  console.log(`  import: ${options.sessions + options.speakers} items in ${importSeconds.toFixed(1)} s = ${(options.sessions / importSeconds).toFixed(0)} sessions/s (${rejected} rejected)`);
  console.log(`  search index build on first query after a change: ${ms(indexBuild)}`);
  console.log(`  ${'request'.padEnd(22)} ${'p50'.padStart(9)} ${'p99'.padStart(9)}   ${'raw DynamoDB'.padEnd(12)} ${'p50'.padStart(9)} ${'p99'.padStart(9)}   API/raw p50`);
  for (const c of cases) {
    // Interleave API and raw samples so both see the same machine state.
    const apiSamples: number[] = [];
    const rawSamples: number[] = [];
    for (let i = 0; i < options.samples; i += 10) {
      apiSamples.push(...(await timed(10, c.api)));
      rawSamples.push(...(await timed(10, c.raw)));
    }
    const a = summarize(apiSamples);
    const r = summarize(rawSamples);
    console.log(`  ${c.name.padEnd(22)} ${ms(a.p50).padStart(9)} ${ms(a.p99).padStart(9)}   ${c.rawName.padEnd(12)} ${ms(r.p50).padStart(9)} ${ms(r.p99).padStart(9)}   ${(a.p50 / r.p50).toFixed(2)}×`);
  }
  doc.destroy();
}
