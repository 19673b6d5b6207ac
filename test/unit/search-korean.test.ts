/** The pieces of issue 16's matching on their own: endings, jamo, one edit, and the dictionary of Hangul spellings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hangulForms, jamo, stripEnding } from '../../lambda/domain/search-korean';
import { withinOneEdit } from '../../lambda/domain/search-near';
import { BUILT_IN_SYNONYMS, synonymTable } from '../../lambda/domain/search-synonyms';
import { buildIndex, search } from '../../lambda/domain/search';

test('a trailing particle or ending comes off; the word as typed stays the first form', () => {
  const cases: [string, string | undefined][] = [
    ['케이뱅크를', '케이뱅크'], ['데이터가', '데이터'], ['클라우드는', '클라우드'], ['아마존의', '아마존'], ['서울에서', '서울'],
    ['아마존으로', '아마존'], ['모델로', '모델'], ['서버리스와', '서버리스'], ['컨테이너도', '컨테이너'], ['람다만', '람다'],
    ['엔터프라이즈에서의', '엔터프라이즈'], ['배포까지', '배포'], ['처음부터', '처음'], ['이용하는', '이용'], ['간단한', '간단'],
    // Not stripped: too short a stem, the particle not at the end, or a word listed as whole.
    ['속도', undefined], ['인도', undefined], ['회의', undefined], ['프로', undefined], ['가격', undefined], ['도메인', undefined],
    ['이벤트', undefined], ['정확도', undefined], ['마이크로', undefined], ['게이트웨이', undefined], ['하는', undefined],
  ];
  for (const [word, stem] of cases) assert.equal(stripEnding(word), stem, word);
  assert.deepEqual(hangulForms('케이뱅크를'), ['케이뱅크를', '케이뱅크']);
});

test('syllables become jamo, so a wrong vowel is one letter', () => {
  assert.equal(jamo('디자인'), '디자인'.normalize('NFD'));
  assert.equal(jamo('a각'), 'a각'.normalize('NFD'));
  assert.ok(withinOneEdit(jamo('디지인'), jamo('디자인')));
  assert.ok(withinOneEdit(jamo('마이그래이션'), jamo('마이그레이션')));
  assert.ok(!withinOneEdit('디지인', '디자연'));
});

test('one edit: a letter wrong, missing, extra, or two neighbours swapped; never two', () => {
  for (const [a, b] of [['graviton', 'gravitn'], ['graviton', 'gravitom'], ['graviton', 'gravviton'], ['graviton', 'garviton'], ['lambda', 'lambda']]) {
    assert.ok(withinOneEdit(a!, b!), `${a} ${b}`);
  }
  for (const [a, b] of [['graviton', 'grvitn'], ['graviton', 'gravity'], ['lambda', 'ambdal'], ['ab', 'abcd']]) assert.ok(!withinOneEdit(a!, b!), `${a} ${b}`);
});

test('the dictionary: 50+ reviewed entries, Hangul only to one lower-case Latin word, no pair twice, each found both ways', () => {
  assert.ok(BUILT_IN_SYNONYMS.length >= 50, String(BUILT_IN_SYNONYMS.length));
  const pairs = new Set<string>();
  for (const { ko, en } of BUILT_IN_SYNONYMS) {
    assert.match(ko, /^[\uac00-\ud7a3]+$/, ko);
    assert.match(en, /^[a-z0-9]+$/, en);
    assert.ok(!pairs.has(`${ko}/${en}`), `${ko}/${en} twice`);
    pairs.add(`${ko}/${en}`);
  }
  // One session names each entry in Latin letters only, another in Hangul only: each spelling must find the other.
  const index = buildIndex(
    BUILT_IN_SYNONYMS.flatMap(({ ko, en }, i) => [
      { id: `en ${i}`, fields: { title: `${en} 입문`, speakers: '', tags: '', abstract: '' } },
      { id: `ko ${i}`, fields: { title: `${ko} 소개`, speakers: '', tags: '', abstract: '' } },
    ]),
  );
  BUILT_IN_SYNONYMS.forEach(({ ko, en }, i) => {
    assert.ok(search(index, ko).some((h) => h.id === `en ${i}`), `${ko} finds ${en}`);
    assert.ok(search(index, en).some((h) => h.id === `ko ${i}`), `${en} finds ${ko}`);
  });
  assert.deepEqual(synonymTable([{ ko: '카르펜터', en: 'Karpenter' }]).latinOf.get('카르펜터'), ['karpenter']);
});
