/** What operations are given besides the stores: set up once per function (AWS) or per process (local run, tests). */
import type { WebhookSetup } from '../../webhooks/setup';

export interface OperationContext {
  webhooks: WebhookSetup;
}
