/**
 * Import jobs (lambda/imports/): an SQS standard queue of "go on with this
 * job from chunk n" messages, its dead-letter queue, and the runner function
 * that works through chunks until a minute before its timeout and queues the
 * rest. SQS rather than Step Functions: one message per hand-over is all the
 * orchestration a job needs, retries and a dead-letter queue come with it,
 * and the local run has the same shape in-process (local/import-runner.ts).
 */
import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { IMPORT_ATTEMPTS } from '../lambda/imports/import-job';
import { backgroundFunctions } from './lambda-bundling';
import { CatalogueFunction } from './catalogue-function';
import type { StageSettings } from './stages';

/** The runner's timeout: room for many chunks; it stops a minute before it (lambda/functions/run-imports.ts). */
const RUNNER_TIMEOUT = Duration.minutes(5);

export interface ImportJobsProps {
  readonly tableName: string;
  readonly stage: StageSettings;
  /** The function that starts jobs (the API's catalogueWrite): it may only send to the queue. */
  readonly starter: CatalogueFunction;
}

export class ImportJobs extends Construct {
  readonly runner: CatalogueFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: ImportJobsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', { enforceSSL: true, encryption: QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
    const queue = new Queue(this, 'Queue', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      // Six times the function's timeout, as Lambda advises for SQS sources; also the wait before a retry.
      visibilityTimeout: Duration.seconds(6 * RUNNER_TIMEOUT.toSeconds()),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: IMPORT_ATTEMPTS },
    });
    this.runner = new CatalogueFunction(scope, 'importRunner', { entry: backgroundFunctions.importRunner.entry, tableName: props.tableName, timeout: RUNNER_TIMEOUT, stage: props.stage });
    this.runner.addEnvironment('IMPORT_QUEUE_URL', queue.queueUrl);
    this.runner.addEventSource(new SqsEventSource(queue, { batchSize: 1 }));
    queue.grantSendMessages(this.runner);
    queue.grantSendMessages(props.starter);
    props.starter.addEnvironment('IMPORT_QUEUE_URL', queue.queueUrl);
  }
}
