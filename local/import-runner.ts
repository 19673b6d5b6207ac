/**
 * Local import jobs: the stand-in for the SQS queue and the runner Lambda.
 * Messages run one after another in this process, each job to its end; on
 * start, recover() queues again every job a previous run left unfinished
 * (the IMPORTS partition lists them), and the runner skips the chunks
 * already committed.
 */
import type { ImportMessage, ImportQueue } from '../lambda/imports/import-job';
import { runImportJob, type RunnerStores } from '../lambda/imports/run-job';

export interface LocalImportRunner extends ImportQueue {
  /** Resolves when every message sent so far has been worked through. */
  idle(): Promise<void>;
  /** Queues again the jobs a previous run left unfinished; how many. */
  recover(): Promise<number>;
}

export function createLocalImportRunner(stores: RunnerStores, options: { log?: (message: string) => void } = {}): LocalImportRunner {
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  const send = async (message: ImportMessage) => {
    pending++;
    chain = chain
      .then(() => runImportJob(stores, queue, message))
      .catch((error: Error) => options.log?.(`import ${message.eventId}/${message.jobId}: ${error.message} (resumed on the next start)`))
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
