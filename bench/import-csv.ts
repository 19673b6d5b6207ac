/**
 * `npx tsx bench/import-csv.ts`: makes a CSV of IMPORT_ROWS sessions (3,000 by
 * default; Korean and English titles, quoted commas and line breaks, Excel's
 * BOM and CRLF: test/support/catalogue-csv.ts), imports it through the local
 * API on a fresh DynamoDB Local as an organiser would, follows the job's
 * progress (stderr) and prints the time and rows per second (stdout).
 * `--out file.csv` only writes the CSV, for a spreadsheet or npm start.
 */
import { writeFileSync } from 'node:fs';
import { catalogueCsv } from '../test/support/catalogue-csv';
import { benchProgress, startBenchEnv } from './support';

const rows = Number(process.env.IMPORT_ROWS ?? 3000);
const csv = catalogueCsv(rows);
const out = process.argv.indexOf('--out');
if (out > 0) {
  writeFileSync(process.argv[out + 1]!, csv);
  process.stdout.write(`wrote ${rows} rows (${Buffer.byteLength(csv)} bytes) to ${process.argv[out + 1]}\n`);
  process.exit(0);
}

const env = await startBenchEnv();
try {
  const admin = { authorization: `Bearer ${env.adminToken}` };
  const event = { name: 'CSV import bench', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }, { date: '2024-05-17' }], tracks: ['AI/ML', 'DevOps, Cloud', '금융/핀테크'] };
  await fetch(`${env.baseUrl}/events/csv-bench`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(event) });
  const started = performance.now();
  const answer = await fetch(`${env.baseUrl}/events/csv-bench/import`, { method: 'POST', headers: { ...admin, 'content-type': 'text/csv' }, body: csv });
  const accepted = performance.now() - started;
  if (answer.status !== 202) throw new Error(`import: ${answer.status} ${await answer.text()}`);
  const location = answer.headers.get('location')!;
  benchProgress.note(`import of ${rows} rows accepted in ${accepted.toFixed(0)} ms: ${location}`);
  let job: { status: string; rowsDone: number; rowsTotal: number | null; counts: Record<string, number> };
  let shown = -1;
  for (;;) {
    job = await (await fetch(`${env.baseUrl}${location}`, { headers: admin })).json();
    if (job.rowsDone !== shown) benchProgress.note(`  ${job.status}: ${job.rowsDone}/${job.rowsTotal ?? '?'} rows`);
    shown = job.rowsDone;
    if (job.status === 'done' || job.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  const listed = await (await fetch(`${env.baseUrl}/events/csv-bench/sessions?limit=1&q=%23${rows - 1}`)).json();
  process.stdout.write(
    `CSV import: ${rows} rows (${(Buffer.byteLength(csv) / 1024).toFixed(0)} KB), job ${job.status}, ${JSON.stringify(job.counts)}, ` +
      `202 in ${accepted.toFixed(0)} ms, done in ${seconds.toFixed(1)} s: ${(rows / seconds).toFixed(0)} rows/s; last row found by search: ${listed.items.length === 1}\n`,
  );
} finally {
  await env.close();
}
