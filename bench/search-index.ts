/**
 * The search index at the size issue 11 bounds it: 3,000 sessions with
 * 4,000-character abstracts in Korean and English (bench/search-corpus.ts),
 * in this process, without DynamoDB: its memory (bench/index-memory.ts), the time to build it, and each query's time
 * (one-letter queries included) as wall time and as this process's CPU time,
 * which a busy machine inflates less. Runs alone too: `npx tsx bench/search-index.ts`.
 */
import { buildIndex, search, searchPage } from '../lambda/domain/search';
import { rankedPage } from '../lambda/domain/search-ranking';
import { didYouMean, snippetOf } from '../lambda/domain/search-snippet';
import { facetCounter, facetTable } from '../lambda/domain/search-facets';
import { hitTexts, matchSnapshot, type Snapshot } from '../lambda/catalogue/search';
import type { SessionItem } from '../lambda/store/catalogue-store';
import { searchCorpus } from './search-corpus';
import { measuredIndex } from './index-memory';
import { benchProgress, ms, summarize } from './support';

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export interface SearchIndexBenchOptions {
  sessions: number;
  abstractChars: number;
  samples: number;
}

export function searchIndexReport({ sessions, abstractChars, samples }: SearchIndexBenchOptions): void {
  const documents = searchCorpus({ sessions, abstractChars });
  const measured = measuredIndex(documents);
  benchProgress.note(`  ${sessions} sessions made and indexed once (its memory measured)`);
  let index = measured.index;
  const builds: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const [wall0, cpu0] = [performance.now(), cpu()];
    index = buildIndex(documents);
    builds.push({ wall: performance.now() - wall0, cpu: cpu() - cpu0 });
    benchProgress.note(`  index build ${i + 1} of 3 done`);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  const sample = documents[17]!.fields;
  const queries: [label: string, q: string][] = [
    ['one Latin letter', 'a'],
    ['one Latin letter', 's'],
    ['one Hangul syllable', '서'],
    ['one Hangul syllable', '가'],
    ['every Latin letter', 'a b c d e f g h i j k l m n o p q r s t u v w x y z'],
    ['English word', 'lambda'],
    ['English prefix', 'obser'],
    ['Korean word', '서버'],
    ['Korean compound', sample.abstract.slice(0, 12)],
    ['Korean + English', 'graviton 서버'],
    ['a whole title', sample.title],
    ['English typo', 'lambdq'],
    ['English typo', 'kubernetis'],
    ['English infix', 'search'],
    ['Hangul typo', '마이그래이션'],
    ['Korean + particle', '서버를'],
    ['Hangul spelling', '그라비톤'],
  ];
  console.log(`search index, in process (${sessions} sessions, ${abstractChars}-character abstracts, ${index.vocabulary.length} words, ${index.gramRows.size} Hangul keys)`);
  console.log(`  memory: ${(measured.bytes / 2 ** 20).toFixed(1)} MB (the heap it adds after a full GC and its typed arrays; its own estimate ${(index.bytes / 2 ** 20).toFixed(1)} MB)`);
  console.log(`  build: ${ms(median(builds.map((b) => b.wall)))} wall, ${ms(median(builds.map((b) => b.cpu)))} CPU (median of 3)`);
  console.log(`  ${'query'.padEnd(22)} ${'hits'.padStart(5)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)} ${'CPU p50'.padStart(9)} ${'CPU p99'.padStart(9)}`);
  for (const [label, q] of queries) {
    const wall: number[] = [];
    const used: number[] = [];
    let hits = 0;
    for (let i = 0; i < samples; i++) {
      const [wall0, cpu0] = [performance.now(), cpu()];
      hits = search(index, q).length;
      wall.push(performance.now() - wall0);
      used.push(cpu() - cpu0);
    }
    const w = summarize(wall);
    const c = summarize(used);
    console.log(`  ${label.padEnd(22)} ${String(hits).padStart(5)} ${ms(w.p50).padStart(9)} ${ms(w.p99).padStart(9)} ${ms(w.max).padStart(9)} ${ms(c.p50).padStart(9)} ${ms(c.p99).padStart(9)}`);
  }
  answerCost(index, documents, queries, samples);
}

/**
 * What a search answer adds to its first page of 25 (issue 16.6): facets
 * over every match, a snippet per hit and "did you mean", through the
 * read function's own code (catalogue/search.ts) on a snapshot of the
 * corpus, against the page alone; CPU time, interleaved A B A B.
 */
function answerCost(index: ReturnType<typeof buildIndex>, documents: ReturnType<typeof searchCorpus>, queries: [string, string][], samples: number): void {
  const sessions = documents.map((d) => ({ title: d.fields.title, speakerText: d.fields.speakers, tags: d.fields.tags.split(' '), abstract: d.fields.abstract }) as unknown as SessionItem);
  const snapshot = {
    index,
    timeZone: 'Asia/Seoul',
    parsed: [],
    sessions,
    facets: facetTable(documents.map((_, i) => ({ track: `track ${i % 12}`, level: String(100 * (1 + (i % 4))), type: i % 10 === 0 ? 'workshop' : 'breakout', day: `2025-06-1${i % 3}` }))),
  } as unknown as Snapshot;
  const answer = (q: string) => {
    const counter = facetCounter();
    const { docs, plans } = matchSnapshot(snapshot, q, {}, counter);
    const texts = rankedPage(index, docs, 0, Math.min(25, docs.length)).map((hit) => hitTexts(sessions[hit.doc]!));
    counter.counts();
    texts.forEach((t) => snippetOf(t, plans));
    if (texts[0]) didYouMean(q, texts[0], plans);
  };
  console.log(`  a first page of 25: the page alone, then as answered (facets of all hits, snippets, did you mean); CPU`);
  console.log(`  ${'query'.padEnd(22)} ${'alone p50'.padStart(10)} ${'p99'.padStart(8)} ${'answered p50'.padStart(13)} ${'p99'.padStart(8)}`);
  for (const [label, q] of queries) {
    const alone: number[] = [];
    const answered: number[] = [];
    for (let i = 0; i < samples; i++) {
      let at = cpu();
      searchPage(index, q, { limit: 25 });
      alone.push(cpu() - at);
      at = cpu();
      answer(q);
      answered.push(cpu() - at);
    }
    const [a, b] = [summarize(alone), summarize(answered)];
    console.log(`  ${label.padEnd(22)} ${ms(a.p50).padStart(10)} ${ms(a.p99).padStart(8)} ${ms(b.p50).padStart(13)} ${ms(b.p99).padStart(8)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  searchIndexReport({
    sessions: Number(process.env.BENCH_SESSIONS ?? 3000),
    abstractChars: Number(process.env.BENCH_ABSTRACT_CHARS ?? 4000),
    samples: Number(process.env.BENCH_SAMPLES ?? 300),
  });
}
