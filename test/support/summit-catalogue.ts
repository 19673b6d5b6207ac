/**
 * A real summit's day for the timetable at scale: 600 sessions in 40 rooms
 * and 30 tracks, generated from a fixed seed (the same catalogue every run)
 * and loaded through the API as an organiser would (PUT the event, one
 * import). What makes it hard is on purpose: an opening keynote and a lunch
 * break with nothing beside them, 40 rooms running into the evening, two keynotes in halls while every other
 * room runs, 15-minute lightning talks, 90-minute workshops, three rooms
 * with two sessions at once, long titles and several speakers per session.
 */
import { seededRandom } from '../../bench/search-corpus';
import { importCatalogue, type TestApi } from './api';

export const SUMMIT_ID = 'e2e-big-summit';
export const SUMMIT_DAY = '2024-05-16';
export const SUMMIT_SESSIONS = 600;

export const SUMMIT_TRACKS = [
  '서버리스', 'AI/ML', 'DevOps, Cloud', '데이터', '보안', '금융/핀테크', '게임', '미디어', 'IoT', '컨테이너',
  '네트워킹', '스토리지', '데이터베이스', '분석', 'MLOps', '생성형 AI', '마이그레이션', '현대화', '관찰성', '비용 최적화',
  '엔터프라이즈', '스타트업', '공공', '리테일', '제조', '헬스케어', '모빌리티', '통신', '교육', '지속가능성',
];
export const SUMMIT_ROOMS = [
  'Hall A', 'Hall B', 'Hall C', 'Hall D',
  ...Array.from({ length: 18 }, (_, i) => `Room ${201 + i}`),
  ...Array.from({ length: 18 }, (_, i) => `Room ${301 + i}`),
];
/** The keynotes that run beside every other room, so they stay in their hall. */
export const HALL_KEYNOTES = [
  { id: 'keynote-hall-a', room: 'Hall A', title: '기조연설: Lambda 보안 모범 사례와 생성형 AI 시대의 클라우드 아키텍처', from: 13 * 60, to: 14 * 60 },
  { id: 'keynote-hall-b', room: 'Hall B', title: '기조연설: 고객이 말하는 데이터 전략', from: 16 * 60, to: 16 * 60 + 40 },
];
export const OPENING_KEYNOTE = { id: 'opening-keynote', title: '기조연설: 클라우드의 다음 10년', from: 9 * 60, to: 10 * 60 };
/** Rooms with two sessions at once (a workshop and a talk beside it). */
export const DOUBLE_BOOKED_ROOMS = ['Room 205', 'Room 212', 'Room 307'];

const subjects = ['Amazon EKS', 'AWS Lambda', 'Amazon Bedrock', 'Aurora', 'DynamoDB', 'Graviton', 'SageMaker', 'Step Functions', 'EventBridge', 'Redshift', 'OpenSearch', 'CloudFront'];
const angles = [
  '로 만드는 멀티 테넌트 플랫폼: 1년의 운영 기록',
  ' 비용 40% 줄이기',
  '와 함께한 대규모 마이그레이션 여정',
  ' 실전 아키텍처 패턴',
  ' 장애 대응 플레이북',
  ' 입문',
  '로 실시간 추천 시스템 만들기',
  ' 보안 모범 사례',
];
const surnames = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권'];
const givenNames = ['서연', '준호', '지민', '유진', '민수', '하늘', '서준', '지우', '도윤', '하은', '예준', '수아', '시우', '지호'];
const companies = ['AWS 코리아', '배달의민족', '토스', '카카오', '네이버', '쿠팡', '당근', '라인', '야놀자', '무신사'];
const levels = ['100', '200', '300', '400'];

const at = (minutes: number) =>
  `${SUMMIT_DAY}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+09:00`;

export function summitCatalogue() {
  const random = seededRandom(20240516);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  // 80 speakers, most giving several talks: every session's speakers are written with it, which is most of the import's time.
  const speakers = Array.from({ length: 80 }, (_, i) => ({
    id: `sp-${i + 1}`,
    name: `${surnames[i % surnames.length]}${givenNames[Math.floor(i / surnames.length) % givenNames.length]}`,
    role: i % 3 === 0 ? 'Solutions Architect' : '개발 리더',
    company: companies[i % companies.length],
  }));
  const speakersFor = () => {
    const draw = random();
    const count = draw < 0.05 ? 3 : draw < 0.15 ? 2 : 1;
    return [...new Set(Array.from({ length: count }, () => pick(speakers).id))];
  };

  const sessions: Record<string, unknown>[] = [
    { id: OPENING_KEYNOTE.id, title: OPENING_KEYNOTE.title, type: 'keynote', track: '생성형 AI', startsAt: at(OPENING_KEYNOTE.from), endsAt: at(OPENING_KEYNOTE.to), speakerIds: ['sp-1', 'sp-2'] },
    { id: 'lunch', title: '점심 식사', type: 'other', startsAt: at(12 * 60), endsAt: at(12 * 60 + 50) },
    ...HALL_KEYNOTES.map((k) => ({ id: k.id, title: k.title, type: 'keynote', track: 'AI/ML', room: k.room, startsAt: at(k.from), endsAt: at(k.to), speakerIds: speakersFor() })),
  ];
  const inRooms: Record<string, unknown>[] = [];
  const add = (room: string, from: number, length: number, extra: Record<string, unknown> = {}) => {
    const track = pick(SUMMIT_TRACKS);
    const lightning = length <= 15;
    inRooms.push({
      id: `big-${inRooms.length + 1}`,
      title: lightning ? `라이트닝 토크: ${pick(subjects)}${pick(angles)}` : `${pick(subjects)}${pick(angles)}`,
      abstract: `${track} 트랙 세션입니다.`,
      type: length >= 90 ? 'workshop' : lightning ? 'other' : random() < 0.05 ? 'expo' : 'breakout',
      track,
      level: pick(levels),
      language: random() < 0.85 ? 'ko' : 'en',
      room,
      startsAt: at(from),
      endsAt: at(from + length),
      capacity: 80,
      speakerIds: speakersFor(),
      ...extra,
    });
  };
  // Each room fills the morning (10:00-12:00) and the afternoon (12:50-18:00) around its keynote.
  for (const room of SUMMIT_ROOMS) {
    const keynote = HALL_KEYNOTES.find((k) => k.room === room);
    for (const [start, end] of [[10 * 60, 12 * 60], [12 * 60 + 50, 21 * 60 + 30]] as const) {
      for (let minute = start; ; ) {
        const length = pick([15, 20, 25, 30, 30, 30, 40, 45, 60, 90]);
        if (keynote && minute < keynote.to && minute + length > keynote.from) {
          minute = keynote.to + 10;
          continue;
        }
        // The room's last slot takes a short talk when a long one no longer fits.
        const fitting = [length, 30, 20, 15].find((l) => minute + l <= end);
        if (!fitting) break;
        add(room, minute, fitting);
        minute += fitting + pick([0, 0, 5, 10]);
      }
    }
  }
  for (const room of DOUBLE_BOOKED_ROOMS) add(room, 14 * 60 + 40, 30, { title: `${room} 보조 세션: 겹치는 시간의 핸즈온` });
  // Exactly 600: the latest sessions of the evening go, so every room keeps its day.
  const wanted = SUMMIT_SESSIONS - sessions.length;
  if (inRooms.length < wanted) throw new Error(`the generator made ${inRooms.length} room sessions, fewer than ${wanted}`);
  const byStart = [...inRooms].sort((a, b) => String(a.startsAt).localeCompare(String(b.startsAt)));
  const keep = new Set(byStart.slice(0, wanted));
  sessions.push(...inRooms.filter((s) => keep.has(s)));
  return { speakers, sessions };
}

export async function createSummitCatalogue(api: TestApi): Promise<ReturnType<typeof summitCatalogue>> {
  const put = await api.call('PUT', `/events/${SUMMIT_ID}`, {
    token: api.adminToken,
    body: { name: 'AWS Summit Seoul (600 sessions)', venue: '코엑스', timezone: 'Asia/Seoul', days: [{ date: SUMMIT_DAY, theme: '규모 시험' }], tracks: SUMMIT_TRACKS },
  });
  if (put.status !== 201) throw new Error(`event: ${put.status} ${put.text}`);
  const catalogue = summitCatalogue();
  await importCatalogue(api, SUMMIT_ID, catalogue);
  return catalogue;
}
