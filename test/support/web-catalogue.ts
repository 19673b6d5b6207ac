/**
 * A conference day big enough to measure the timetable: an event with two
 * days, 12 rooms and 120 breakout sessions on the first day (plus a keynote),
 * a few sessions for the attendee flows on the second day, and two sessions
 * not scheduled yet (one of them the one-seat session the reservation flow uses). Created through the API (PUT the event, then one
 * import), the way an organiser would.
 */
import { importCatalogue, type TestApi } from './api';

export const EVENT_ID = 'e2e-summit';
export const BIG_DAY = '2024-05-16';
export const SMALL_DAY = '2024-05-17';
export const TRACKS = ['AI/ML', 'DevOps, Cloud', '서버리스', '데이터', '보안', '금융/핀테크'];
export const ROOMS = Array.from({ length: 12 }, (_, i) => `Room ${101 + i}`);
/** The session with one seat, for reserve-until-full; two sessions that overlap, for the agenda. */
export const SMALL_SESSION = { id: 'one-seat-clinic', title: '1:1 아키텍처 클리닉' };
export const OVERLAP_A = { id: 'overlap-a', title: 'Amazon Bedrock으로 만드는 사내 챗봇' };
export const OVERLAP_B = { id: 'overlap-b', title: '서버리스 이벤트 기반 아키텍처 실전' };

const topics = [
  ['서버리스', '서버리스 API 설계와 운영 노하우'],
  ['AI/ML', '생성형 AI로 고객 경험 혁신하기'],
  ['DevOps, Cloud', 'AWS Graviton으로 비용 40% 줄이기'],
  ['데이터', '실시간 데이터 파이프라인 구축기'],
  ['보안', '제로 트러스트 보안 아키텍처 적용 사례'],
  ['금융/핀테크', '금융권 클라우드 전환 여정'],
] as const;
const levels = ['100', '200', '300', '400'];

const speakers = Array.from({ length: 12 }, (_, i) => ({
  id: `speaker-${i + 1}`,
  name: ['김서연', '이준호', '박지민', '최유진', '정민수', '강하늘', 'Jane Doe', 'John Smith', '윤서준', '임지우', '한도윤', '오세훈'][i]!,
  role: i % 2 === 0 ? 'Solutions Architect' : '개발 리더',
  company: ['AWS 코리아', '배달의민족', '토스', '카카오', '네이버', '쿠팡'][i % 6]!,
  bio: '클라우드 네이티브 아키텍처를 설계하고 운영합니다.',
}));

const at = (day: string, minutes: number) =>
  `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+09:00`;

/** `bigDay: false` leaves out the 121 sessions of the first day, for tests that do not need them (the import is the slow part). */
export function webCatalogue({ bigDay = true } = {}) {
  const sessions: Record<string, unknown>[] = [
    {
      id: 'opening-keynote',
      title: '기조연설: 클라우드의 다음 10년',
      abstract: 'AWS의 최신 발표와 고객 사례를 소개합니다.',
      type: 'keynote',
      track: 'AI/ML',
      startsAt: at(BIG_DAY, 9 * 60),
      endsAt: at(BIG_DAY, 10 * 60 + 30),
      capacity: null,
      speakerIds: ['speaker-7'],
    },
  ];
  // 12 rooms x 10 slots of 40 minutes, from 11:00 with 10-minute breaks.
  if (bigDay) ROOMS.forEach((room, r) => {
    for (let slot = 0; slot < 10; slot++) {
      const [track, title] = topics[(r + slot) % topics.length]!;
      const start = 11 * 60 + slot * 50;
      sessions.push({
        id: `s-${r + 1}-${slot + 1}`,
        title: `${title} (${room}, ${slot + 1}부)`,
        abstract: `${track} 트랙 세션입니다. 아키텍처와 운영 경험을 나눕니다.`,
        type: slot === 9 ? 'workshop' : 'breakout',
        track,
        level: levels[(r + slot) % levels.length],
        language: 'ko',
        room,
        startsAt: at(BIG_DAY, start),
        endsAt: at(BIG_DAY, start + 40),
        capacity: 80,
        speakerIds: [speakers[(r + slot) % speakers.length]!.id],
        tags: [track],
      });
    }
  });
  sessions.push(
    {
      // Not scheduled yet, so it has not ended and takes reservations whatever today's date (the days are in 2024).
      ...SMALL_SESSION,
      abstract: '아키텍트와 1:1로 설계를 검토합니다. 자리는 하나뿐입니다.',
      track: 'DevOps, Cloud',
      level: '300',
      room: 'Room 201',
      capacity: 1,
      speakerIds: ['speaker-1', 'speaker-2'],
    },
    { ...OVERLAP_A, track: 'AI/ML', level: '200', room: 'Room 201', startsAt: at(SMALL_DAY, 13 * 60), endsAt: at(SMALL_DAY, 13 * 60 + 40), capacity: 50, speakerIds: ['speaker-3'] },
    { ...OVERLAP_B, track: '서버리스', level: '300', room: 'Room 202', startsAt: at(SMALL_DAY, 13 * 60 + 20), endsAt: at(SMALL_DAY, 14 * 60), capacity: 50, speakerIds: ['speaker-4'] },
    { id: 'tbd-lightning', title: '라이트닝 토크 (시간 미정)', track: '데이터', capacity: null, speakerIds: [] },
  );
  return { speakers, sessions };
}

export async function createWebCatalogue(api: TestApi, options: { bigDay?: boolean } = {}): Promise<{ sessions: number }> {
  const put = await api.call('PUT', `/events/${EVENT_ID}`, {
    token: api.adminToken,
    body: {
      name: 'AWS Summit Seoul 2024 (E2E)',
      venue: '코엑스',
      timezone: 'Asia/Seoul',
      days: [
        { date: BIG_DAY, theme: '산업별 비즈니스 트렌드' },
        { date: SMALL_DAY, theme: '생성형 AI 기반 기술 혁신' },
      ],
      tracks: TRACKS,
    },
  });
  if (put.status !== 201) throw new Error(`event: ${put.status} ${put.text}`);
  const catalogue = webCatalogue(options);
  await importCatalogue(api, EVENT_ID, catalogue);
  return { sessions: catalogue.sessions.length };
}
