/**
 * Local import jobs: the stand-in for the SQS queue and the runner Lambda.
 * Messages run one after another in this process, each job to its end. A
 * failed message is tried again after a pause, IMPORT_ATTEMPTS times in all
 * as SQS would before its dead-letter queue, and the last failure marks the
 * job failed (runImportAttempt). On start, recover() queues again every job
 * a previous run left unfinished (the IMPORTS partition lists them), and the
 * runner skips the chunks already committed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { IMPORT_ATTEMPTS, type ImportMessage, type ImportQueue } from '../lambda/imports/import-job';
import { runImportAttempt } from '../lambda/imports/run-job';
import type { ImportRunnerStores } from '../lambda/store/stores';

export interface LocalImportRunner extends ImportQueue {
  /** Resolves when every message sent so far has been worked through. */
  idle(): Promise<void>;
  /** Queues again the jobs a previous run left unfinished; how many. */
  recover(): Promise<number>;
}

export interface LocalImportRunnerOptions {
  log?: (message: string) => void;
  /** The pause before a failed message is tried again (SQS's visibility timeout in AWS). */
  retryDelayMs?: number;
}

export function createLocalImportRunner(stores: ImportRunnerStores, options: LocalImportRunnerOptions = {}): LocalImportRunner {
  const retryDelayMs = options.retryDelayMs ?? 2_000;
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  const run = async (message: ImportMessage) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runImportAttempt(stores, queue, message, attempt);
      } catch (error) {
        const last = attempt >= IMPORT_ATTEMPTS;
        options.log?.(`import ${message.eventId}/${message.jobId}: attempt ${attempt} failed: ${(error as Error).message}${last ? ' (given up)' : ''}`);
        if (last) return;
        await sleep(retryDelayMs);
      }
    }
  };
  const send = async (message: ImportMessage) => {
    pending++;
    chain = chain
      .then(() => run(message))
      .finally(() => {
        pending--;
      });
  };
  const queue: LocalImportRunner = {
    send,
    async idle() {
      while (pending > 0) await chain;
    },
    async recover() {
      const open = await stores.imports.listOpenJobs();
      for (const { eventId, jobId } of open) await send({ eventId, jobId, chunk: 0 });
      return open.length;
    },
  };
  return queue;
}
