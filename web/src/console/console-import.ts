/**
 * A spreadsheet in: the organiser picks a CSV, sees what it would do (a dry
 * run's per-row report) before anything is written, then imports it and
 * watches the job to its end. Each rejected row can be opened in the
 * session form with what the file said and why it was refused.
 */
import { apiWithHeaders, get } from '../api';
import { field, h, replace } from '../dom';
import { locale } from '../i18n';
import { href } from '../router';
import { act, messageArea } from '../status';
import type { CatalogueEvent } from '../types';
import { ct } from './words';

interface RowError {
  path: string;
  column?: string;
  message: string;
}

interface ReportRow {
  row?: number;
  index: number;
  id?: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'rejected';
  errors?: RowError[];
  values?: Record<string, unknown>;
}

interface ImportJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  dryRun: boolean;
  rowsDone: number;
  rowsTotal: number | null;
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  errors?: RowError[];
  report: { rows: ReportRow[]; nextChunk: number | null };
}

/** A rejected row handed to the session form (kept for this tab only). */
export interface RowToFix {
  row: number;
  values: Record<string, unknown>;
  errors: RowError[];
}

const FIX_KEY = 'console.rowsToFix';
const POLL_MS = 500;

const rowsToFix = (): Record<string, RowToFix> => JSON.parse(sessionStorage.getItem(FIX_KEY) ?? '{}') as Record<string, RowToFix>;

/** The row `key` (`{jobId}:{row}`) of an import this tab ran, if any. */
export const takeRowToFix = (key: string | null): RowToFix | undefined => (key ? rowsToFix()[key] : undefined);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function consoleImport(body: HTMLElement, event: CatalogueEvent, signal: AbortSignal): Promise<void> {
  const lastImportKey = `console.lastImport.${event.id}`;
  const file = h('input', { type: 'file', name: 'csv', accept: '.csv,text/csv', required: true });
  const preview = h('button', { type: 'button', class: 'secondary' }, ct('import.preview'));
  const run = h('button', { type: 'button' }, ct('import.run'));
  const message = messageArea();
  const progress = h('progress', { max: 1, value: 0, 'aria-label': ct('import.progress') });
  const progressText = h('p', { class: 'progress-text', role: 'status' });
  const progressBox = h('div', { class: 'import-progress', hidden: true }, progress, progressText);
  const report = h('section', { class: 'import-report', 'aria-live': 'polite' });

  /** Posts the file and follows the job to its end; a real import is remembered, so its report is here again after fixing a row. */
  async function start(dryRun: boolean): Promise<{ job: ImportJob; rows: ReportRow[] }> {
    const chosen = file.files?.[0];
    if (!chosen) throw new Error(ct('import.pickFile'));
    const { headers } = await apiWithHeaders<ImportJob>('POST', `/events/${encodeURIComponent(event.id)}/import${dryRun ? '?dryRun=true' : ''}`, {
      raw: { body: chosen, type: 'text/csv; charset=utf-8' },
    });
    const location = headers.get('location')!;
    if (!dryRun) sessionStorage.setItem(lastImportKey, location);
    return follow(location);
  }

  /** Follows a job to its end, drawing its progress; the finished job and every row of its report. */
  async function follow(location: string): Promise<{ job: ImportJob; rows: ReportRow[] }> {
    progressBox.hidden = false;
    const started = performance.now();
    let job: ImportJob;
    for (;;) {
      job = await get<ImportJob>(location, signal);
      const total = job.rowsTotal ?? 0;
      progress.max = Math.max(1, total);
      progress.value = job.rowsDone;
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? job.rowsDone / seconds : 0;
      progressText.textContent = total === 0 ? ct('import.reading')
        : ct('import.progressText', {
          done: job.rowsDone.toLocaleString(locale()),
          total: total.toLocaleString(locale()),
          percent: Math.floor((100 * job.rowsDone) / total),
          rate: rate.toFixed(0),
        });
      if (job.status === 'done' || job.status === 'failed') break;
      await sleep(POLL_MS);
    }
    const rows = [...job.report.rows];
    for (let chunk = job.report.nextChunk; chunk !== null; ) {
      const page: ImportJob = await get<ImportJob>(`${location}?chunk=${chunk}`, signal);
      rows.push(...page.report.rows);
      chunk = page.report.nextChunk;
    }
    return { job, rows };
  }

  function drawReport(job: ImportJob, rows: ReportRow[]): void {
    const rejected = rows.filter((r) => r.outcome === 'rejected');
    if (!job.dryRun) {
      const kept = rowsToFix();
      for (const r of rejected) kept[`${job.id}:${r.row}`] = { row: r.row ?? r.index, values: r.values ?? (r.id ? { id: r.id } : {}), errors: r.errors ?? [] };
      sessionStorage.setItem(FIX_KEY, JSON.stringify(kept));
    }
    const { created, updated, unchanged, rejected: refused } = job.counts;
    replace(report,
      h('h2', null, job.dryRun ? ct('import.previewTitle') : ct('import.doneTitle')),
      job.status === 'failed'
        ? h('p', { class: 'message error' }, ct('import.failed'), ' ', (job.errors ?? []).map((e) => `${e.column ? `${e.column}: ` : ''}${e.message}`).join(' '))
        : h('p', { class: 'counts' }, ct(job.dryRun ? 'import.wouldCounts' : 'import.counts', { created, updated, unchanged, rejected: refused })),
      rejected.length === 0 ? null : h('table', { class: 'console-table rejected-rows' },
        h('caption', null, ct('import.rejectedCaption', { count: rejected.length })),
        h('thead', null, h('tr', null, ['import.row', 'import.id', 'import.problem', ''].map((key) => h('th', { scope: 'col' }, key ? ct(key as 'import.row') : '')))),
        h('tbody', null, rejected.map((r) => h('tr', { 'data-row': r.row ?? r.index },
          h('td', null, String(r.row ?? r.index)),
          h('td', null, r.id ?? '—'),
          h('td', null, h('ul', { class: 'plain-list' }, (r.errors ?? []).map((e) => h('li', null, e.column ? h('strong', null, `${e.column}: `) : null, e.message)))),
          h('td', null, job.dryRun ? null : h('a', { class: 'button small', href: href(['console', event.id, 'sessions', 'new'], { fix: `${job.id}:${r.row}` }) }, ct('import.fix'))))))));
  }

  preview.addEventListener('click', () => void act(preview, message, async () => {
    run.disabled = true;
    try {
      const { job, rows } = await start(true);
      drawReport(job, rows);
      return ct('import.previewed');
    } finally {
      run.disabled = false;
    }
  }));
  run.addEventListener('click', () => void act(run, message, async () => {
    preview.disabled = true;
    try {
      const { job, rows } = await start(false);
      drawReport(job, rows);
      return job.status === 'failed' ? ct('import.failed') : ct('import.finished');
    } finally {
      preview.disabled = false;
    }
  }));

  replace(body,
    h('p', { class: 'lede' }, ct('import.lede')),
    h('form', { class: 'console-form', onsubmit: (e: SubmitEvent) => e.preventDefault() },
      field(ct('import.file'), file, h('span', { class: 'hint' }, ct('import.fileHint'))),
      h('div', { class: 'actions' }, preview, run)),
    message,
    progressBox,
    report);
  // The last import of this tab, with its rows still to fix.
  const last = sessionStorage.getItem(lastImportKey);
  if (last) {
    const { job, rows } = await follow(last);
    drawReport(job, rows);
  }
}
