/**
 * The local stand-in for the scheduled sweep of stalled deletions (an
 * EventBridge schedule in AWS): once at start, which continues a delete a
 * crash interrupted at once rather than when the replayed stream reaches its
 * record, then every minute. It runs beside the server, so it may work longer
 * than a Lambda could. A sweep cut short is continued like any other
 * interrupted cleanup.
 */
import { sweepDeletions } from '../lambda/deletions/session-cleanup';
import type { DeletionStore } from '../lambda/store/deletion-store';
import { startSchedule } from './schedule';

const BUDGET_MS = 30_000;

export function startDeletionSweeper(deletions: DeletionStore, options: { intervalMs?: number; log: (line: string) => void }) {
  const { intervalMs = 60_000, log } = options;
  return startSchedule(
    intervalMs,
    async (first) => {
      const { pending, finished } = await sweepDeletions(deletions, { deadline: Date.now() + BUDGET_MS, stalledForMs: first ? 0 : intervalMs });
      if (pending > 0) log(`deleted sessions: ${pending} still being cleaned up, ${finished} finished by the sweep`);
    },
    (error) => log(`deleted sessions: the sweep failed (${error.message}); the next one tries again`),
  );
}
