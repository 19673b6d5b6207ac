/** What operations are given besides the stores: set up once per function (AWS) or per process (local run, tests). */
import type { WebhookSetup } from '../../webhooks/setup';
import type { ImportQueue } from '../../imports/import-job';

export interface OperationContext {
  webhooks: WebhookSetup;
  /** Where import jobs are handed to their runner (SQS in AWS, in-process locally). */
  imports: ImportQueue;
}
