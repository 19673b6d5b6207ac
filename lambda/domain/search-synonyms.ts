/**
 * Hangul spellings of AWS and common tech names, and their Latin form:
 * Korean attendees write `그라비톤` as often as `Graviton`, so a search for
 * either finds both. Each entry was reviewed against how AWS Korea and
 * Korean conference programmes spell the name; where two spellings are
 * common both are listed. The Latin form is one word as the index sees it
 * (lower case, no spaces), so names AWS writes as two words (Step
 * Functions) are not in it: `스텝펑션` would have to find both words.
 * An event adds its own entries (`searchSynonyms`, docs/search.md).
 */

export interface SearchSynonym {
  /** The Hangul spelling, Hangul only, no spaces. */
  ko: string;
  /** The Latin form, one word, lower case. */
  en: string;
}

export const BUILT_IN_SYNONYMS: readonly SearchSynonym[] = [
  // AWS services and names.
  { ko: '그라비톤', en: 'graviton' },
  { ko: '람다', en: 'lambda' },
  { ko: '다이나모디비', en: 'dynamodb' },
  { ko: '다이나모', en: 'dynamodb' },
  { ko: '오픈서치', en: 'opensearch' },
  { ko: '세이지메이커', en: 'sagemaker' },
  { ko: '베드록', en: 'bedrock' },
  { ko: '베드락', en: 'bedrock' },
  { ko: '오로라', en: 'aurora' },
  { ko: '클라우드프론트', en: 'cloudfront' },
  { ko: '클라우드포메이션', en: 'cloudformation' },
  { ko: '클라우드워치', en: 'cloudwatch' },
  { ko: '클라우드트레일', en: 'cloudtrail' },
  { ko: '레드시프트', en: 'redshift' },
  { ko: '아테나', en: 'athena' },
  { ko: '키네시스', en: 'kinesis' },
  { ko: '파게이트', en: 'fargate' },
  { ko: '엘라스틱캐시', en: 'elasticache' },
  { ko: '일래스티캐시', en: 'elasticache' },
  { ko: '이벤트브리지', en: 'eventbridge' },
  { ko: '앱싱크', en: 'appsync' },
  { ko: '코그니토', en: 'cognito' },
  { ko: '아웃포스트', en: 'outposts' },
  { ko: '라이트세일', en: 'lightsail' },
  { ko: '퀵사이트', en: 'quicksight' },
  { ko: '글루', en: 'glue' },
  { ko: '인퍼런시아', en: 'inferentia' },
  { ko: '트레이니움', en: 'trainium' },
  { ko: '아마존', en: 'amazon' },
  { ko: '앰플리파이', en: 'amplify' },
  { ko: '카프카', en: 'kafka' },
  { ko: '타임스트림', en: 'timestream' },
  { ko: '넵튠', en: 'neptune' },
  { ko: '그라파나', en: 'grafana' },
  { ko: '프로메테우스', en: 'prometheus' },
  { ko: '서버리스', en: 'serverless' },
  // Common tech names.
  { ko: '쿠버네티스', en: 'kubernetes' },
  { ko: '도커', en: 'docker' },
  { ko: '테라폼', en: 'terraform' },
  { ko: '깃허브', en: 'github' },
  { ko: '깃랩', en: 'gitlab' },
  { ko: '젠킨스', en: 'jenkins' },
  { ko: '파이썬', en: 'python' },
  { ko: '자바스크립트', en: 'javascript' },
  { ko: '타입스크립트', en: 'typescript' },
  { ko: '자바', en: 'java' },
  { ko: '코틀린', en: 'kotlin' },
  { ko: '스파크', en: 'spark' },
  { ko: '하둡', en: 'hadoop' },
  { ko: '엘라스틱서치', en: 'elasticsearch' },
  { ko: '레디스', en: 'redis' },
  { ko: '몽고디비', en: 'mongodb' },
  { ko: '포스트그레스', en: 'postgres' },
  { ko: '포스트그레스큐엘', en: 'postgresql' },
  { ko: '마이에스큐엘', en: 'mysql' },
  { ko: '리눅스', en: 'linux' },
  { ko: '리액트', en: 'react' },
  { ko: '노드', en: 'node' },
  { ko: '스프링', en: 'spring' },
  { ko: '엔비디아', en: 'nvidia' },
  { ko: '랭체인', en: 'langchain' },
  { ko: '데브옵스', en: 'devops' },
  { ko: '깃옵스', en: 'gitops' },
  { ko: '마이크로서비스', en: 'microservices' },
  { ko: '클로드', en: 'claude' },
];

/** Both directions of a list of synonyms: Hangul spelling -> Latin forms, Latin form -> Hangul spellings. */
export interface SynonymTable {
  latinOf: ReadonlyMap<string, readonly string[]>;
  hangulOf: ReadonlyMap<string, readonly string[]>;
}

export function synonymTable(entries: readonly SearchSynonym[]): SynonymTable {
  const latinOf = new Map<string, string[]>();
  const hangulOf = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key) ?? [];
    if (!list.includes(value)) map.set(key, [...list, value]);
  };
  for (const { ko, en } of entries) {
    const hangul = ko.normalize('NFKC').replace(/\s+/g, '');
    const latin = en.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
    add(latinOf, hangul, latin);
    add(hangulOf, latin, hangul);
  }
  return { latinOf, hangulOf };
}

/** The built-in table, made once per container. */
export const BUILT_IN_TABLE = synonymTable(BUILT_IN_SYNONYMS);
