/**
 * Mail under `npm start`: nothing is sent. Each message lands as a JSON file
 * in the outbox folder under the data directory (DATA_DIR/outbox), named by
 * its notice (a message written again is the same file, never a second
 * one), and GET /outbox lists them on a page. The queue is a worker in this
 * process, standing in for the SQS queue and the mailer Lambda: it tries a
 * notice again a few times, and a notice another worker holds is tried after
 * a pause.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpResult } from '../lambda/api/handler';
import type { MailMessage, MailSender, NoticeMailer } from '../lambda/notices/mail-notice';
import type { NoticeQueue } from '../lambda/notices/outbox';

export const OUTBOX_PATH = '/outbox';

interface Stored extends MailMessage {
  from: string;
  writtenAt: string;
}

export function outboxFolderSender(folder: string, from: string): MailSender {
  return {
    async send(message) {
      mkdirSync(folder, { recursive: true });
      const stored: Stored = { ...message, from, writtenAt: new Date().toISOString() };
      try {
        writeFileSync(join(folder, `${message.id}.json`), `${JSON.stringify(stored, null, 2)}\n`, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    },
  };
}

/** The messages in the outbox folder, newest first. */
export function readOutbox(folder: string): Stored[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as Stored).sort((a, b) => b.writtenAt.localeCompare(a.writtenAt));
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** GET /outbox: the local outbox as a page (development only; there is no such page in AWS). */
export function serveOutbox(method: string, path: string, folder: string): HttpResult | undefined {
  if (path !== OUTBOX_PATH || (method !== 'GET' && method !== 'HEAD')) return undefined;
  const messages = readOutbox(folder);
  const rows = messages
    .map((m) => `<article><h2>${escape(m.subject)}</h2><p class="meta">${escape(m.writtenAt)} · ${escape(m.from)} → ${escape(m.to)}</p><pre>${escape(m.text)}</pre></article>`)
    .join('\n');
  const body = `<!doctype html><html lang="ko"><meta charset="utf-8"><title>보낸 편지함 (로컬)</title>
<style>body{font:16px system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}article{border-top:1px solid #ccc;padding:.5rem 0}.meta{color:#555}pre{white-space:pre-wrap}</style>
<h1>보낸 편지함 (로컬)</h1><p>npm start does not send mail: each message is a file in ${escape(folder)}. ${messages.length} message${messages.length === 1 ? '' : 's'}.</p>
${rows}</html>`;
  return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body };
}

export interface LocalNoticeQueue extends NoticeQueue {
  /** Resolves when every notice queued so far is mailed, skipped or given up. */
  idle(): Promise<void>;
}

export function createLocalNoticeQueue(mail: NoticeMailer, options: { attempts?: number; baseDelayMs?: number; log?: (line: string) => void } = {}): LocalNoticeQueue {
  const { attempts = 5, baseDelayMs = 200, log = (line) => process.stderr.write(`${line}\n`) } = options;
  const running = new Set<Promise<void>>();
  async function run(key: Parameters<NoticeMailer>[0]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if ((await mail(key)) !== 'busy') return;
      } catch (error) {
        if (attempt >= attempts) return log(`mail: gave up on notice ${key.sk}: ${(error as Error).message}`);
      }
      if (attempt >= attempts) return log(`mail: notice ${key.sk} is still held by another mailer; left to it`);
      await new Promise((r) => setTimeout(r, baseDelayMs * 2 ** (attempt - 1)));
    }
  }
  return {
    async enqueue(keys) {
      for (const key of keys) {
        const job = run(key);
        running.add(job);
        void job.finally(() => running.delete(job));
      }
    },
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
