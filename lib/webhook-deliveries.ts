/**
 * Webhooks in AWS: the change consumer queues one delivery per webhook and
 * change on an SQS FIFO queue (in order per object); a delivery function
 * POSTs them, retried by SQS (visibility timeout), and after maxReceiveCount
 * tries they rest in a dead-letter queue. Signing secrets are stored sealed
 * by a KMS key: the API function that makes them may only encrypt, the
 * delivery function alone may decrypt, both only for webhook secrets.
 *
 * Made in the stack's own scope, not a construct of its own, so the queues
 * and the key keep the logical IDs they were deployed with: a new key would
 * leave every stored secret unreadable.
 */
import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { ATTEMPT_TIMEOUT_MS } from '../lambda/webhooks/setup';
import { CatalogueFunction } from './catalogue-function';
import { backgroundFunctions } from './lambda-bundling';
import type { StageSettings } from './stages';

/** Tries before a delivery rests in the dead-letter queue (the function reads it to mark the last one failed). */
const MAX_RECEIVES = 8;

export interface WebhookDeliveriesProps {
  tableName: string;
  stage: StageSettings;
  /** Queues the deliveries: the change consumer. */
  sender: CatalogueFunction;
  /** Makes webhooks, sealing their secrets: the API's write function. */
  secretSealer: CatalogueFunction;
}

export function addWebhookDeliveries(stack: Stack, props: WebhookDeliveriesProps): { deliverer: CatalogueFunction; deadLetters: Queue } {
  const { stage, sender, secretSealer } = props;
  const deadLetters = new Queue(stack, 'WebhookDeadLetters', {
    fifo: true,
    enforceSSL: true,
    encryption: QueueEncryption.SQS_MANAGED,
    retentionPeriod: Duration.days(14),
  });
  // The delivery function finishes a batch inside its timeout: attempts have a quarter of it each,
  // receivers are served in parallel (lambda/webhooks/delivery-batch.ts).
  const deliveryTimeout = Duration.millis(4 * ATTEMPT_TIMEOUT_MS);
  const deliveries = new Queue(stack, 'WebhookDeliveries', {
    fifo: true,
    enforceSSL: true,
    encryption: QueueEncryption.SQS_MANAGED,
    // Six times the function's timeout, as Lambda advises for SQS sources; also the wait before a retry.
    visibilityTimeout: Duration.seconds(6 * deliveryTimeout.toSeconds()),
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVES },
  });
  deliveries.grantSendMessages(sender);
  sender.addEnvironment('WEBHOOK_QUEUE_URL', deliveries.queueUrl);
  const deliverer = new CatalogueFunction(stack, 'webhookDeliverer', {
    entry: backgroundFunctions.webhookDeliverer.entry,
    tableName: props.tableName,
    timeout: deliveryTimeout,
    stage,
  });
  deliverer.addEnvironment('WEBHOOK_MAX_RECEIVES', String(MAX_RECEIVES));
  deliverer.addEventSource(new SqsEventSource(deliveries, { batchSize: 10, reportBatchItemFailures: true }));

  const secretKey = new Key(stack, 'WebhookSecretKey', {
    description: 'Seals webhook signing secrets (encryption context purpose=webhook-secret)',
    enableKeyRotation: true,
    // Kept in prod: without it the stored secrets cannot be opened. A dev key goes after the shortest wait.
    removalPolicy: stage.removalPolicy,
    ...(stage.removalPolicy === RemovalPolicy.RETAIN ? {} : { pendingWindow: Duration.days(7) }),
  });
  const secretUse = (action: string) =>
    new PolicyStatement({
      actions: [action],
      resources: [secretKey.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'webhook-secret' } },
    });
  secretSealer.addToRolePolicy(secretUse('kms:Encrypt'));
  deliverer.addToRolePolicy(secretUse('kms:Decrypt'));
  for (const fn of [secretSealer, deliverer]) fn.addEnvironment('WEBHOOK_SECRET_KEY_ID', secretKey.keyArn);
  return { deliverer, deadLetters };
}
