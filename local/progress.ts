/**
 * Progress of long work, one line at a time (a terminal, a log file and a
 * test read it alike): each line starts with the time since the work began;
 * a step that may take a while is announced as it begins, and every step
 * says what it came to and how long it took.
 */
export interface Progress {
  /** Runs `work`, announcing it first when `announce` (`starting DynamoDB Local…`), then `done(result)` with its time. */
  step<T>(work: () => T | Promise<T>, lines: { announce?: string; done: (result: T) => string }): Promise<T>;
  /** A line of its own: a count along the way, a setting in force. */
  note(line: string): void;
  /** Milliseconds since the work began. */
  elapsed(): number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function progress(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Progress {
  const began = performance.now();
  const elapsed = () => performance.now() - began;
  const note = (line: string) => write(`[${seconds(elapsed()).padStart(7)}] ${line}`);
  return {
    note,
    elapsed,
    async step(work, { announce, done }) {
      if (announce) note(`${announce}…`);
      const from = performance.now();
      const result = await work();
      note(`${done(result)} (${seconds(performance.now() - from)})`);
      return result;
    },
  };
}
