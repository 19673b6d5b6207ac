import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex, normalize, queryTerms, search, speakerText, type SearchDocument } from '../../lambda/domain/search';

const doc = (id: string, title: string, rest: Partial<SearchDocument['fields']> = {}): SearchDocument => ({
  id,
  fields: { title, speakers: '', tags: '', abstract: '', ...rest },
});

const index = buildIndex([
  doc('patterns', '클라우드 디자인 패턴 입문'),
  doc('patterns-compact', '마이크로서비스 디자인패턴 실전'),
  doc('graviton', 'AWS Graviton과 함께하는 계획문제 최적화 애플리케이션 개발', { tags: 'arm64 Graviton' }),
  doc('ec2', '가격은 저렴, 성능은 최대로! 확 달라진 Amazon EC2 알아보기', { abstract: 'Graviton 인스턴스 소개' }),
  doc('sendbird', '글로벌 대화형 서비스 개발 플랫폼 Sendbird가 AWS와 함께한 빌드 여정', { speakers: speakerText([{ name: '김동현', company: '센드버드' }]) }),
  doc('serverless', 'Serverless patterns with AWS Lambda', { abstract: '서버리스 아키텍처' }),
]);
const ids = (q: string) => search(index, q).map((h) => h.id);

test('normalisation folds width, case and decomposed Hangul', () => {
  assert.equal(normalize('ＡＷＳ  Graviton'), 'aws graviton');
  assert.equal(normalize('\u1103\u1175\u110c\u1161\u110b\u1175\u11ab'), '디자인');
});

test('Korean compounds match with or without the space', () => {
  assert.deepEqual(ids('디자인 패턴'), ['patterns', 'patterns-compact']);
  assert.deepEqual(ids('디자인패턴'), ['patterns', 'patterns-compact']);
  assert.deepEqual(ids('서버리스'), ['serverless']);
  assert.deepEqual(ids('센드버드'), ['sendbird'], 'a speaker’s company');
  assert.deepEqual(ids('없는단어'), []);
});

test('English words and prefixes, any case and width; Latin words glued to Korean particles still count', () => {
  assert.deepEqual(ids('graviton'), ['graviton', 'ec2']);
  assert.deepEqual(ids('Gravi'), ['graviton', 'ec2']);
  assert.deepEqual(ids('ＧＲＡＶＩＴＯＮ'), ['graviton', 'ec2']);
  assert.deepEqual(ids('sendbird'), ['sendbird']);
  assert.deepEqual(ids('lambda patterns'), ['serverless']);
});

test('title matches rank above tags, speakers and abstracts; every query word must match', () => {
  const hits = search(index, 'graviton');
  assert.ok(hits[0]!.score > hits[1]!.score);
  assert.deepEqual(ids('AWS 개발'), ['graviton', 'sendbird']);
  assert.deepEqual(ids('aws 디자인'), []);
});

test('a single Hangul syllable, a word with digits, and a query of punctuation only', () => {
  assert.deepEqual(ids('빌'), ['sendbird']);
  assert.deepEqual(ids('EC2'), ['ec2']);
  assert.deepEqual(ids('!!!'), []);
  assert.deepEqual(queryTerms('디자인 패턴 AWS'), { hangul: ['디자인', '패턴'], latin: ['aws'] });
});

test('search within a filtered subset', () => {
  assert.deepEqual(search(index, 'aws', (doc) => doc === 4).map((h) => h.id), ['sendbird']);
});
