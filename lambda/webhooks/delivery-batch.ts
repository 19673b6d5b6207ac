/**
 * One batch of the SQS FIFO delivery queue, as the delivery Lambda gets it.
 * Message groups (one webhook and one object each) run side by side, so
 * different receivers are served in parallel; inside a group messages run in
 * order, and after a failure the rest of the group waits for the retry.
 * Each attempt has its own deadline, and no attempt starts that could outlast
 * the function: what is not done is reported back (ReportBatchItemFailures)
 * and retried, so a slow receiver's messages never drag a healthy one's
 * through the retries into the dead-letter queue.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { DeliveryJob } from './deliver';

export interface BatchDeliverer {
  /** One attempt; throws when it failed. */
  deliver(job: DeliveryJob, attempt: number): Promise<void>;
  /** After the last receive: the failure is recorded for the webhook's owner. */
  giveUp(job: DeliveryJob, attempts: number, error: unknown): Promise<void>;
  /** The queue's maxReceiveCount: the receive after which a message goes to the dead-letter queue. */
  maxReceives: number;
  /** The longest one attempt may take. */
  attemptTimeoutMs: number;
  log?: (message: string, details: Record<string, unknown>) => void;
}

/** Time kept back for recording outcomes and answering, after the last attempt that may start. */
const MARGIN_MS = 1000;

export function createBatchHandler(deliverer: BatchDeliverer) {
  return async (event: SQSEvent, context: { getRemainingTimeInMillis(): number }): Promise<SQSBatchResponse> => {
    const groups = new Map<string, SQSRecord[]>();
    for (const message of event.Records) {
      const group = message.attributes.MessageGroupId ?? message.messageId;
      groups.set(group, [...(groups.get(group) ?? []), message]);
    }
    const failed = await Promise.all([...groups.values()].map((messages) => deliverGroup(messages, deliverer, context)));
    return { batchItemFailures: failed.flat().map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** Delivers one group's messages in order; answers the ids of those left for a retry. */
async function deliverGroup(messages: SQSRecord[], deliverer: BatchDeliverer, context: { getRemainingTimeInMillis(): number }): Promise<string[]> {
  for (const [i, message] of messages.entries()) {
    const rest = () => messages.slice(i).map((m) => m.messageId);
    if (context.getRemainingTimeInMillis() < deliverer.attemptTimeoutMs + MARGIN_MS) return rest();
    const job = JSON.parse(message.body) as DeliveryJob;
    const attempt = Number(message.attributes.ApproximateReceiveCount ?? 1);
    try {
      await deliverer.deliver(job, attempt);
    } catch (error) {
      deliverer.log?.('webhook delivery failed', { error, job, attempt });
      // Not recorded is not lost: the message is in the dead-letter queue.
      if (attempt >= deliverer.maxReceives) await deliverer.giveUp(job, attempt, error).catch((e: unknown) => deliverer.log?.('could not record a failed delivery', { error: e, job }));
      return rest();
    }
  }
  return [];
}
