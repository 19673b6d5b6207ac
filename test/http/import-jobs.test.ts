import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, startTestApi, type TestApi } from '../support/api';
import { catalogueCsv } from '../support/catalogue-csv';
import { runImportJob } from '../../lambda/imports/run-job';
import type { ImportMessage } from '../../lambda/imports/import-job';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';

let api: TestApi;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  // A speaker of the event (a CSV's `speakers` cell may name them), through a JSON import.
  const speaker = await api.call('POST', '/events/summit/import', {
    token: api.adminToken,
    body: { speakers: [{ id: 'kim-cheolsu', name: '김철수' }], sessions: [{ id: 'keynote', title: 'Keynote', speakerIds: ['kim-cheolsu'] }] },
  });
  assert.equal(speaker.status, 200, speaker.text);
});
after(() => api.close());

const postCsv = (csv: string, query = '') =>
  api.call('POST', `/events/summit/import${query}`, { token: api.adminToken, rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });

async function finished(location: string, chunk?: number) {
  await api.importsIdle();
  const job = await api.call('GET', `${location}${chunk ? `?chunk=${chunk}` : ''}`, { token: api.adminToken });
  assert.equal(job.status, 200, job.text);
  return job.body;
}

test('a CSV import runs as a job: Excel CRLF and BOM, Korean, quoted commas and line breaks; a bad row is reported by row and column', async () => {
  const csv = [
    '\uFEFFid,title,abstract,startsAt,endsAt,capacity,speakers,tags',
    'kr-1,"생성형 AI, 그리고 추천","첫 줄\r\n둘째 줄, 쉼표",2024-05-16T10:00:00+09:00,2024-05-16T10:40:00+09:00,30,김철수,"AI, ML"',
    'bad-capacity,Fine title,,2024-05-16T11:00:00+09:00,2024-05-16T11:40:00+09:00,lots,,',
    '',
    'no-speaker,Unknown speaker,,,,,"Nobody Here",',
    'Bad Id,Title,,,,,,',
    'kr-1,Repeated id,,,,,,',
  ].join('\r\n');
  const started = await postCsv(csv);
  assert.equal(started.status, 202, started.text);
  const location = started.headers.get('location')!;
  assert.match(location, /^\/events\/summit\/imports\/import-[0-9a-f]{16}$/);
  const job = await finished(location);
  assert.equal(job.status, 'done');
  assert.equal(job.rowsTotal, 5);
  assert.equal(job.rowsDone, 5);
  assert.deepEqual(job.counts, { created: 1, updated: 0, unchanged: 0, rejected: 4 }, JSON.stringify(job.report.rows));
  const byRow = Object.fromEntries(job.report.rows.map((r: { row: number; outcome: string; errors?: { column?: string }[] }) => [r.row, [r.outcome, r.errors?.map((e) => e.column)]]));
  // Row numbers as a spreadsheet shows them: the header is row 1, the empty line row 4.
  assert.deepEqual(byRow, {
    2: ['created', undefined],
    3: ['rejected', ['capacity']],
    5: ['rejected', ['speakers']],
    6: ['rejected', ['id']],
    7: ['rejected', ['id']],
  });
  // A rejected CSV row carries its fields as read, so a console can open it to fix it.
  const rejected = job.report.rows.find((r: { row: number }) => r.row === 5);
  assert.deepEqual(rejected.values, { id: 'no-speaker', title: 'Unknown speaker', speakerIds: ['Nobody Here'] });
  assert.equal(job.report.rows.find((r: { row: number }) => r.row === 2).values, undefined, 'only rejected rows carry them');
  const session = await api.call('GET', '/events/summit/sessions/kr-1');
  assert.equal(session.body.title, '생성형 AI, 그리고 추천');
  assert.equal(session.body.abstract, '첫 줄\n둘째 줄, 쉼표', 'a CRLF inside a cell becomes a newline');
  assert.deepEqual(session.body.speakerIds, ['kim-cheolsu']);
  assert.deepEqual(session.body.tags, ['AI', 'ML']);
  assert.equal((await api.call('GET', '/events/summit/sessions/bad-capacity')).status, 404);
});

test("a dry run reports without writing (CSV with Excel's `;` and JSON)", async () => {
  const started = await postCsv(catalogueCsv(3, { delimiter: ';' }).replace(/csv-/g, 'dry-'), '?dryRun=true');
  assert.equal(started.status, 202, started.text);
  const job = await finished(started.headers.get('location')!);
  assert.equal(job.dryRun, true);
  assert.deepEqual(job.counts, { created: 3, updated: 0, unchanged: 0, rejected: 0 });
  assert.equal((await api.call('GET', '/events/summit/sessions/dry-0')).status, 404);
  const json = await api.call('POST', '/events/summit/import?dryRun=true', { token: api.adminToken, body: { speakers: [{ id: 'new-speaker', name: 'New' }], sessions: [{ id: 'dry-json', title: 'Dry', speakerIds: ['new-speaker'] }] } });
  assert.equal(json.status, 200, json.text);
  assert.deepEqual(json.body.created, { speakers: ['new-speaker'], sessions: ['dry-json'] });
  assert.equal((await api.call('GET', '/events/summit/sessions/dry-json')).status, 404);
  assert.equal((await api.call('GET', '/speakers/new-speaker')).status, 404);
});

test('a CSV of some hundreds of rows goes through the job chunk by chunk, every row there; the report pages', async () => {
  const rows = 250;
  const started = await postCsv(catalogueCsv(rows));
  assert.equal(started.status, 202, started.text);
  const location = started.headers.get('location')!;
  let job = await finished(location);
  assert.equal(job.status, 'done');
  assert.equal(job.rowsDone, rows);
  assert.equal(job.rowsTotal, rows);
  assert.equal(job.counts.created, rows, JSON.stringify(job.report.rows.find((r: { outcome: string }) => r.outcome === 'rejected')));
  const seen: number[] = job.report.rows.map((r: { row: number }) => r.row);
  while (job.report.nextChunk !== null) {
    job = await finished(location, job.report.nextChunk);
    seen.push(...job.report.rows.map((r: { row: number }) => r.row));
  }
  assert.deepEqual(seen, Array.from({ length: rows }, (_, i) => i + 2));
  const listed = await api.call('GET', '/events/summit/sessions?q=%23249');
  assert.equal(listed.status, 200);
  for (const n of [0, 1, 123, 249]) assert.equal((await api.call('GET', `/events/summit/sessions/csv-${n}`)).status, 200, `csv-${n}`);
});

test('a chunk that crashes after writing some rows is replayed: nothing lost, no row written twice, progress counted once', async () => {
  const rows = 150;
  const csv = catalogueCsv(rows).replace(/csv-/g, 'crash-');
  // Start the job with a queue that holds the message, so the test runs it.
  const doc = createDocumentClient();
  const stores = createStores(doc, api.tableName);
  const held: ImportMessage[] = [];
  const queue = { send: async (m: ImportMessage) => void held.push(m) };
  const { startImportJob } = await import('../../lambda/imports/import-job');
  const job = await startImportJob(stores.imports, queue, { eventId: 'summit', format: 'csv', dryRun: false, startedBy: { sub: 'admin-1', organises: 'all' }, upload: csv });
  // The runner dies in chunk 1 (rows 100..149) after 20 of its sessions are saved.
  let saves = 0;
  const crashing = {
    ...stores,
    catalogue: {
      ...stores.catalogue,
      saveSession: async (...args: Parameters<typeof stores.catalogue.saveSession>) => {
        if (args[0].id >= 'crash-' && ++saves > 100 + 20) throw new Error('the runner was killed');
        return stores.catalogue.saveSession(...args);
      },
    },
  };
  await assert.rejects(runImportJob(crashing, queue, held.shift()!), /killed/);
  let state = (await stores.imports.getJob('summit', job.jobId))!;
  assert.equal(state.rowsDone, 100, 'chunk 0 committed, chunk 1 not');
  // SQS delivers the message again: the replay skips chunk 0 and redoes chunk 1.
  await runImportJob(stores, queue, { eventId: 'summit', jobId: job.jobId, chunk: 0 });
  state = (await stores.imports.getJob('summit', job.jobId))!;
  assert.equal(state.status, 'done');
  assert.equal(state.rowsDone, rows);
  assert.equal(state.created + state.unchanged, rows);
  assert.equal(state.unchanged, 20, 'the rows the crashed attempt wrote are found written, not written again');
  for (let n = 0; n < rows; n++) {
    const session = await api.call('GET', `/events/summit/sessions/crash-${n}`);
    assert.equal(session.status, 200);
    assert.equal(session.body.version, 1, `crash-${n} written once`);
  }
  // A message delivered once more after the end does nothing.
  await runImportJob(stores, queue, { eventId: 'summit', jobId: job.jobId, chunk: 1 });
  assert.equal((await stores.imports.getJob('summit', job.jobId))!.rowsDone, rows);
});

test('a JSON import of more than 200 rows runs as a job too; up to 200 it answers at once', async () => {
  const sessions = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, title: `JSON ${prefix} ${i}` }));
  const small = await api.call('POST', '/events/summit/import', { token: api.adminToken, body: { sessions: sessions(200, 'small') } });
  assert.equal(small.status, 200, small.text);
  assert.equal(small.body.created.sessions.length, 200);
  const large = await api.call('POST', '/events/summit/import', { token: api.adminToken, body: { sessions: [...sessions(201, 'large'), { id: 'large-0', title: 'again' }] } });
  assert.equal(large.status, 202, large.text);
  const job = await finished(large.headers.get('location')!);
  assert.equal(job.format, 'json');
  assert.equal(job.rowsTotal, 202);
  assert.deepEqual(job.counts, { created: 201, updated: 0, unchanged: 0, rejected: 1 });
  const repeated = job.report.rows.find((r: { outcome: string }) => r.outcome === 'rejected');
  assert.deepEqual([repeated.index, repeated.errors[0].path], [201, 'body.sessions[201].id']);
});

test('bad input: a CSV with an unknown column fails the job naming it; CSV on a JSON-only route is 415', async () => {
  const started = await postCsv('id,title,colour\r\na,b,red\r\n');
  const job = await finished(started.headers.get('location')!);
  assert.equal(job.status, 'failed');
  assert.deepEqual(job.errors.map((e: { column: string }) => e.column), ['colour']);
  const wrong = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, rawBody: 'id,title\r\n', headers: { 'content-type': 'text/csv' } });
  assert.equal(wrong.status, 415);
  assert.equal(wrong.headers.get('content-type'), 'application/problem+json');
  const missing = await api.call('GET', '/events/summit/imports/import-0000000000000000', { token: api.adminToken });
  assert.equal(missing.status, 404);
});

test('a job whose chunks keep failing is marked failed after its last attempt, saying so; nothing is left "running"', async () => {
  const csv = catalogueCsv(120).replace(/csv-/g, 'doomed-');
  const doc = createDocumentClient();
  const stores = createStores(doc, api.tableName);
  // Chunk 1 cannot be read, whatever the retry (a fault DynamoDB Local cannot make).
  let reads = 0;
  const failing = {
    ...stores,
    imports: {
      ...stores.imports,
      getChunk: async (...args: Parameters<typeof stores.imports.getChunk>) => {
        if (args[2] === 1) {
          reads++;
          throw new Error('InternalServerError: the chunk could not be read');
        }
        return stores.imports.getChunk(...args);
      },
    },
  };
  const { createLocalImportRunner } = await import('../../local/import-runner');
  const { startImportJob, IMPORT_ATTEMPTS } = await import('../../lambda/imports/import-job');
  const runner = createLocalImportRunner(failing, { retryDelayMs: 10 });
  const job = await startImportJob(stores.imports, runner, { eventId: 'summit', format: 'csv', dryRun: false, startedBy: { sub: 'admin-1', organises: 'all' }, upload: csv });
  await runner.idle();
  assert.equal(reads, IMPORT_ATTEMPTS, 'tried as often as SQS tries a message before its dead-letter queue');
  const view = await api.call('GET', `/events/summit/imports/${job.jobId}`, { token: api.adminToken });
  assert.equal(view.status, 200, view.text);
  assert.equal(view.body.status, 'failed');
  assert.equal(view.body.rowsDone, 100, 'chunk 0 stays done');
  assert.match(view.body.errors[0].message, new RegExp(`${IMPORT_ATTEMPTS} attempts`));
  assert.ok(!view.body.errors[0].message.includes('InternalServerError'), 'no internal error text for the organiser');
  assert.ok(!(await stores.imports.listOpenJobs()).some((open) => open.jobId === job.jobId), 'no longer resumed on the next start');
});
