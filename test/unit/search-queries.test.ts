/**
 * What attendees type, and what they must find (issue 16): a table of
 * queries — Korean, English, mixed, with particles, typos, Hangul spellings
 * of names, words inside words — against the sample catalogue
 * (data/sample-catalogue.json) and a generated 3,000-session event, each
 * with the sessions it must find and ones it must not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildIndex, search, speakerText, type SearchDocument } from '../../lambda/domain/search';
import { SAMPLE_CATALOGUE } from '../../local/sample-catalogue';

interface Sample {
  events: { speakers: { id: string; name: string; company?: string }[]; sessions: { id: string; title: string; abstract?: string; tags?: string[]; speakerIds?: string[] }[] }[];
}
const sample = JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')) as Sample;
const sampleIndex = buildIndex(
  sample.events.flatMap(({ speakers, sessions }) =>
    sessions.map((s) => ({
      id: s.id,
      fields: {
        title: s.title,
        speakers: speakerText((s.speakerIds ?? []).map((id) => speakers.find((p) => p.id === id)!)),
        tags: (s.tags ?? []).join(' '),
        abstract: s.abstract ?? '',
      },
    })),
  ),
);

const GRAVITON = ['graviton-planning-optimization', 'amazon-ec2-price-performance', 'hyperconnect-graviton-migration'];
const DYNAMODB = ['small-service-on-aws', 'rdbms-to-nosql'];
const LAMBDA = ['latest-aws-services', 'small-service-on-aws', 'rdbms-to-nosql'];
const MIGRATION = ['rds-migration-journey', 'enterprise-cloud-adoption', 'hyperconnect-graviton-migration'];
const EC2 = ['amazon-ec2-price-performance', 'cloud-basics-expo-talk'];
const AURORA = ['latest-aws-services', 'rds-migration-journey'];

/** [query, must find, must not find, the first hit if it matters]. */
const SAMPLE_QUERIES: [q: string, must: string[], not: string[], first?: string][] = [
  // Particles and endings.
  ['케이뱅크를', ['kbank-cloud-journey'], ['sendbird-build-journey']],
  ['케이뱅크의', ['kbank-cloud-journey'], []],
  ['케이뱅크에서', ['kbank-cloud-journey'], []],
  ['마이그레이션을', MIGRATION, ['kbank-cloud-journey']],
  ['서버리스를', DYNAMODB, ['latest-aws-services']],
  ['보안은', ['cloud-security-on-aws'], ['kbank-cloud-journey']],
  ['엔터프라이즈에서의', ['enterprise-hybrid-strategy', 'enterprise-cloud-adoption'], ['cloud-security-on-aws'], 'enterprise-hybrid-strategy'],
  ['최적화를', ['cloud-operations-optimization', 'graviton-planning-optimization'], ['kbank-cloud-journey']],
  ['하이퍼커넥트의', ['hyperconnect-graviton-migration'], ['graviton-planning-optimization']],
  ['빅데이터를', ['big-data-on-aws', 'kbank-cloud-journey'], ['rdbms-to-nosql']],
  ['토큰증권으로', ['security-token-platform'], []],
  ['디자인패턴을', ['cloud-native-msa-12-design-patterns'], []],
  ['클라우드 네이티브로', ['cloud-native-msa-12-design-patterns'], ['kbank-cloud-journey']],
  ['검색도', ['neptune-elastic-recommendation-search', 'opensearch-future'], []],
  ['블록체인만', ['security-token-platform'], []],
  ['graviton 이전을', ['hyperconnect-graviton-migration'], ['graviton-planning-optimization']],
  // A particle glued to a Latin word is no word of its own.
  ['Graviton과', GRAVITON, ['sendbird-build-journey']],
  ['EC2를', EC2, ['rds-migration-journey']],
  ['AWS와 케이뱅크', [], ['sendbird-build-journey']],
  // Typos: one letter off, English words of 5+ letters, Hangul jamo by jamo.
  ['gravitn', GRAVITON, ['sendbird-build-journey']],
  ['garviton', GRAVITON, []],
  ['kubernetis', ['hyperconnect-graviton-migration'], ['graviton-planning-optimization']],
  ['lamda', LAMBDA, ['opensearch-future']],
  ['aurra', AURORA, ['kbank-cloud-journey']],
  ['wernr', ['keynote'], []],
  ['디지인 패턴', ['cloud-native-msa-12-design-patterns'], []],
  ['마이그래이션', MIGRATION, ['kbank-cloud-journey']],
  ['마이그래이션을', MIGRATION, []],
  ['하이퍼커낵트', ['hyperconnect-graviton-migration'], []],
  ['블록채인', ['security-token-platform'], []],
  // No flood for short words: three- and four-letter English words, two-syllable Hangul words are not typo-matched.
  ['ec3', [], EC2],
  ['rds2', [], ['rds-migration-journey', 'cloud-basics-expo-talk']],
  ['보한', [], ['cloud-security-on-aws']],
  ['awz', [], ['cloud-security-on-aws']],
  // English inside words and split names.
  ['search', ['opensearch-future', 'neptune-elastic-recommendation-search'], ['kbank-cloud-journey']],
  ['open search', ['opensearch-future'], ['neptune-elastic-recommendation-search']],
  ['dynamo', DYNAMODB, ['latest-aws-services']],
  ['dynamo db', DYNAMODB, []],
  ['watch', ['cloud-security-on-aws'], []],
  ['front', ['keynote'], []],
  ['sendbird', ['sendbird-build-journey'], []],
  ['ec2', EC2, ['rds-migration-journey']],
  ['s3', ['enterprise-hybrid-strategy'], ['cloud-basics-expo-talk']],
  ['arm', ['amazon-ec2-price-performance', 'hyperconnect-graviton-migration'], ['graviton-planning-optimization']],
  ['elastic', ['neptune-elastic-recommendation-search'], ['opensearch-future']],
  // Hangul spellings of names and back.
  ['그라비톤', GRAVITON, ['sendbird-build-journey'], 'graviton-planning-optimization'],
  ['그라비톤으로', GRAVITON, []],
  ['람다', LAMBDA, ['opensearch-future']],
  ['다이나모디비', DYNAMODB, ['latest-aws-services']],
  ['오픈서치', ['opensearch-future'], ['neptune-elastic-recommendation-search']],
  ['쿠버네티스', ['hyperconnect-graviton-migration'], ['kbank-cloud-journey']],
  ['세이지메이커', ['opensearch-future'], []],
  ['오로라', AURORA, ['kbank-cloud-journey']],
  ['클라우드프론트', ['keynote'], ['cloud-security-on-aws']],
  ['클라우드워치', ['cloud-security-on-aws'], []],
  ['아마존', ['amazon-ec2-price-performance', 'neptune-elastic-recommendation-search', 'opensearch-future'], ['kbank-cloud-journey']],
  ['microservices', ['cloud-native-msa-12-design-patterns', 'scale-to-infinity'], []],
  ['serverless', DYNAMODB, ['latest-aws-services']],
  // Mixed.
  ['그라비톤 마이그레이션', ['hyperconnect-graviton-migration'], ['graviton-planning-optimization', 'rds-migration-journey']],
  ['aurora 마이그레이션을', ['rds-migration-journey'], ['hyperconnect-graviton-migration']],
  ['neptune 검색', ['neptune-elastic-recommendation-search'], ['opensearch-future']],
];

test(`the sample catalogue: ${SAMPLE_QUERIES.length} queries find what they must and not what they must not`, () => {
  const failures: string[] = [];
  for (const [q, must, not, first] of SAMPLE_QUERIES) {
    const hits = search(sampleIndex, q).map((h) => h.id);
    const missing = must.filter((id) => !hits.includes(id));
    const wrong = not.filter((id) => hits.includes(id));
    if (missing.length || wrong.length || (first && hits[0] !== first)) failures.push(`${q}: found [${hits.join(', ')}]; missing [${missing}], must not [${wrong}]${first ? `, first ${first}` : ''}`);
  }
  console.log(`sample catalogue: ${SAMPLE_QUERIES.length - failures.length} of ${SAMPLE_QUERIES.length} queries pass`);
  assert.deepEqual(failures, []);
});

// A generated 3,000-session event: session i's title names EN[i % 10] and KO[⌊i / 10⌋ % 10], its abstract KO[(i + 3) % 10] and EN[(i + 5) % 10].
const EN = ['Graviton', 'Lambda', 'DynamoDB', 'Bedrock', 'Kubernetes', 'Aurora', 'OpenSearch', 'SageMaker', 'CloudFront', 'Step Functions'];
const KO = ['서버리스', '디자인 패턴', '마이그레이션', '데이터 레이크', '생성형 AI', '실시간 분석', '비용 최적화', '보안 자동화', '컨테이너', '이벤트 기반'];
const SURNAMES = ['김', '이', '박', '최', '정'];
const GIVEN = ['민준', '서연', '도윤', '하은', '시우', '지유'];
const generated: SearchDocument[] = Array.from({ length: 3000 }, (_, i) => ({
  id: String(i),
  fields: {
    title: `${EN[i % 10]}로 만드는 ${KO[Math.floor(i / 10) % 10]} ${i}`,
    speakers: `${SURNAMES[i % 5]}${GIVEN[Math.floor(i / 5) % 6]} AWS 코리아`,
    tags: '',
    abstract: `${KO[(i + 3) % 10]}를 ${EN[(i + 5) % 10]}와 함께 쓰는 방법.`,
  },
}));
const generatedIndex = buildIndex(generated);
/** The sessions naming EN[n] (title or abstract), or KO[n]. */
const naming = (n: number) => (i: number) => i % 10 === n || (i + 5) % 10 === n;
const namingKo = (n: number) => (i: number) => Math.floor(i / 10) % 10 === n || (i + 3) % 10 === n;

/** [query, the sessions it must find: exactly these]. */
const GENERATED_QUERIES: [q: string, finds: (i: number) => boolean][] = [
  ['그라비톤', naming(0)],
  ['gravitn', naming(0)],
  ['람다를', naming(1)],
  ['lamda', naming(1)],
  ['dynamo', naming(2)],
  ['다이나모디비', naming(2)],
  ['kubernetis', naming(4)],
  ['search', naming(6)],
  ['open search', naming(6)],
  ['sagemakr', naming(7)],
  ['front', naming(8)],
  ['step functions', naming(9)],
  ['마이그래이션', namingKo(2)],
  ['디지인 패턴을', namingKo(1)],
  ['실시간 분석을', namingKo(5)],
  ['그라비톤 람다', () => false],
  ['그라비톤 서버리스', (i) => naming(0)(i) && namingKo(0)(i)],
];

test(`a generated 3,000-session event: ${GENERATED_QUERIES.length} queries find exactly their sessions, those naming it in the title first`, () => {
  const failures: string[] = [];
  for (const [q, finds] of GENERATED_QUERIES) {
    const hits = search(generatedIndex, q);
    const found = new Set(hits.map((h) => Number(h.id)));
    const missing = generated.filter((_, i) => finds(i) && !found.has(i)).length;
    const wrong = hits.filter((h) => !finds(Number(h.id))).length;
    // Scores never rise down the ranking, and a title match outranks the same match in the abstract.
    const ordered = hits.every((h, k) => k === 0 || hits[k - 1]!.score >= h.score);
    if (missing || wrong || !ordered) failures.push(`${q}: ${hits.length} hits, ${missing} missing, ${wrong} wrong, ordered ${ordered}`);
  }
  const titleFirst = search(generatedIndex, 'gravitn');
  assert.ok(generated[Number(titleFirst[0]!.id)]!.fields.title.startsWith('Graviton'), 'a title match ranks first');
  assert.ok(search(generatedIndex, 'graviton')[0]!.score > titleFirst[0]!.score, 'an exact match outranks a typo in the same field');
  console.log(`generated 3,000 sessions: ${GENERATED_QUERIES.length - failures.length} of ${GENERATED_QUERIES.length} queries pass`);
  assert.deepEqual(failures, []);
});
