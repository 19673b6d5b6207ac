/**
 * The local stand-in for the scheduled sweep of stalled deletions (an
 * EventBridge schedule in AWS): once at start, which continues any delete a
 * crash interrupted, then every minute.
 */
import { sweepDeletions } from '../lambda/deletions/session-cleanup';
import type { DeletionStore } from '../lambda/store/deletion-store';

const BUDGET_MS = 2000;

export function startDeletionSweeper(deletions: DeletionStore, options: { intervalMs?: number; log: (line: string) => void }) {
  const { intervalMs = 60_000, log } = options;
  let running: Promise<void> = Promise.resolve();
  const sweep = (stalledForMs: number) => {
    running = running
      .then(() => sweepDeletions(deletions, { deadline: Date.now() + BUDGET_MS, stalledForMs }))
      .then(({ pending, finished }) => {
        if (pending > 0) log(`deleted sessions: ${pending} still being cleaned up, ${finished} finished by the sweep`);
      })
      .catch((error: Error) => log(`deleted sessions: the sweep failed (${error.message}); the next one tries again`));
  };
  sweep(0);
  const timer = setInterval(() => sweep(intervalMs), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
