/**
 * The local stand-in for an EventBridge schedule: runs a job at start and
 * then every `intervalMs`, one run at a time (a run that outlasts the
 * interval delays the next rather than overlapping it). A failed run is
 * reported and the next one tries again. Stopping does not wait for a run
 * under way: every job here is one that a later run continues.
 */
export function startSchedule(intervalMs: number, job: (first: boolean) => Promise<void>, onError: (error: Error) => void) {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = (first: boolean) => {
    running = running.then(() => job(first)).catch((error: Error) => {
      if (!stopped) onError(error);
    });
  };
  run(true);
  const timer = setInterval(() => run(false), intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
