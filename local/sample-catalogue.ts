/**
 * Loads the sample catalogue (data/sample-catalogue.json, facts from the
 * seed recaps) through the public API, exactly as an admin would: PUT each
 * event, then POST its speakers and sessions to the import endpoint.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SAMPLE_CATALOGUE = fileURLToPath(new URL('../data/sample-catalogue.json', import.meta.url));

interface SampleCatalogue {
  events: { event: { id: string } & Record<string, unknown>; speakers: unknown[]; sessions: unknown[] }[];
}

export interface LoadSummary {
  events: number;
  sessions: number;
  speakers: number;
  rejected: unknown[];
}

/** One event of the file is in: its id, what it held, and how far along the file that is. */
export type LoadedEvent = { id: string; sessions: number; speakers: number; index: number; of: number };

/** `headers`: sent with every request (the origin secret's header, when the local run checks it); `onEvent`: after each event. */
export async function loadSampleCatalogue(
  baseUrl: string,
  adminToken: string,
  { file = SAMPLE_CATALOGUE, headers: extra = {}, onEvent }: { file?: string; headers?: Record<string, string>; onEvent?: (loaded: LoadedEvent) => void } = {},
): Promise<LoadSummary> {
  const catalogue = JSON.parse(readFileSync(file, 'utf8')) as SampleCatalogue;
  const headers = { ...extra, authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const summary: LoadSummary = { events: 0, sessions: 0, speakers: 0, rejected: [] };
  for (const { event, speakers, sessions } of catalogue.events) {
    const { id, ...fields } = event;
    const put = await fetch(`${baseUrl}/events/${id}`, { method: 'PUT', headers, body: JSON.stringify(fields) });
    if (!put.ok) throw new Error(`PUT /events/${id} answered ${put.status}: ${await put.text()}`);
    const imported = await fetch(`${baseUrl}/events/${id}/import`, { method: 'POST', headers, body: JSON.stringify({ speakers, sessions }) });
    if (!imported.ok) throw new Error(`POST /events/${id}/import answered ${imported.status}: ${await imported.text()}`);
    const report = (await imported.json()) as { rejected: unknown[] };
    summary.events += 1;
    summary.sessions += sessions.length;
    summary.speakers += speakers.length;
    summary.rejected.push(...report.rejected);
    onEvent?.({ id, sessions: sessions.length, speakers: speakers.length, index: summary.events, of: catalogue.events.length });
  }
  return summary;
}
