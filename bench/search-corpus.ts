/**
 * Session texts the size of the largest conferences, for measuring the
 * search index: titles, speakers, tags and long abstracts mixing Korean and
 * English the way AWS Summit Seoul's do. Words come from two large generated
 * vocabularies with a skewed (Zipf-like) frequency, so the index sees tens of
 * thousands of distinct words and Hangul syllable pairs, common ones in
 * nearly every session and rare ones in a few. Deterministic for a seed.
 */
import type { SearchDocument } from '../lambda/domain/search';

/** A small, fast, seedable random number generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [...'가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주기니디리미비시이지치키티피히개내대래매배새재해서버스데터베션클우드컨테너보안분석실간비용최적화그레생성형인공능학습모델배포운영관동네트워크저장소트밍벤기반텍처설계패턴발자경험고객사례금융게임미통신제조교육헬케빌리에너지테일업'];
const ENGLISH = ['lambda', 'graviton', 'dynamodb', 'bedrock', 'kubernetes', 'aurora', 'kinesis', 'sagemaker', 'cloudfront', 'step', 'functions', 'serverless', 'container', 'security', 'analytics', 'streaming', 'observability', 'opensearch', 'redshift', 'athena', 'fargate', 's3', 'ec2', 'api', 'gateway', 'the', 'and', 'with', 'for', 'how', 'to', 'at', 'scale', 'data', 'model', 'cost', 'migration', 'pattern', 'design', 'event', 'driven', 'architecture'];
const PARTICLES = ['을', '를', '이', '가', '의', '에서', '으로', '과', '와'];

export interface CorpusOptions {
  sessions: number;
  abstractChars: number;
  seed?: number;
}

export function searchCorpus({ sessions, abstractChars, seed = 20240516 }: CorpusOptions): SearchDocument[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const latin = Array.from({ length: 20_000 }, (_, i) =>
    ENGLISH[i] ?? Array.from({ length: 3 + Math.floor(random() * 8) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join(''),
  );
  const hangul = Array.from({ length: 20_000 }, () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join(''));
  // Cubing a uniform number makes low ranks common: the first words of a vocabulary are in nearly every text.
  const zipf = (vocabulary: readonly string[]) => vocabulary[Math.floor(random() ** 3 * vocabulary.length)]!;
  const text = (chars: number) => {
    const words: string[] = [];
    for (let length = 0; length < chars; ) {
      const word = random() < 0.6 ? zipf(hangul) + (random() < 0.3 ? pick(PARTICLES) : '') : random() < 0.1 ? zipf(latin).toUpperCase() : zipf(latin);
      words.push(random() < 0.08 ? `${word}.` : word);
      length += word.length + 1;
    }
    return words.join(' ').slice(0, chars);
  };
  return Array.from({ length: sessions }, (_, i) => ({
    id: `session-${i}`,
    fields: { title: text(60), speakers: text(24), tags: text(30), abstract: text(abstractChars) },
  }));
}
