/**
 * The live channel in AWS (docs/operations.md "Live channel"): an API
 * Gateway WebSocket API whose routes ($connect, $disconnect, subscribe,
 * $default) one function serves (lambda/live/connections.ts), the right to
 * post to its sockets for the change feed's stream consumer (which runs the
 * fan-out, lambda/live/tell.ts), and, with a sender configured, the notices'
 * mail: an SQS queue the stream consumer fills from the outbox and a mailer
 * function that sends through SES (lambda/notices/mail-notice.ts).
 */
import { Arn, type CfnResource, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { jsonAccessLog } from './catalogue-api';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CatalogueFunction } from './catalogue-function';
import { backgroundFunctions } from './lambda-bundling';
import { stageThrottle, type StageSettings } from './stages';

/** Subscriptions and connects a second: a page subscribes when it opens and when it shows other sessions. */
export const liveThrottle = { rateLimit: 250, burstLimit: 500 } as const;

export interface LiveChannelProps {
  readonly stage: StageSettings;
  readonly tableName: string;
  readonly attendeePool: IUserPool;
  readonly attendeeClient: IUserPoolClient;
  /** Organisers subscribe with the staff pool's tokens for their sessions' check-in counts. */
  readonly staffPool: IUserPool;
  readonly staffClient: IUserPoolClient;
  /** The table's stream consumer: it posts to the sockets and queues notices for mail. */
  readonly streamConsumer: CatalogueFunction;
  /** The address notices are sent from (an SES verified identity); none: notices are told on the page only, never mailed. */
  readonly mailFrom?: string;
  /** The start of the links in the mail (the web page's URL). */
  readonly publicBaseUrl: string;
}

export class LiveChannel extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly connections: CatalogueFunction;
  readonly mailer: CatalogueFunction;
  readonly mailQueue: Queue;
  readonly mailDeadLetters: Queue;
  /** wss://… for the page's config. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: LiveChannelProps) {
    super(scope, id);
    const { stage } = props;
    this.connections = new CatalogueFunction(this, 'liveConnections', { entry: backgroundFunctions.liveConnections.entry, tableName: props.tableName, stage });
    this.connections.addEnvironment('ATTENDEE_USER_POOL_ID', props.attendeePool.userPoolId);
    this.connections.addEnvironment('ATTENDEE_CLIENT_ID', props.attendeeClient.userPoolClientId);
    this.connections.addEnvironment('STAFF_USER_POOL_ID', props.staffPool.userPoolId);
    this.connections.addEnvironment('STAFF_CLIENT_ID', props.staffClient.userPoolClientId);
    const integration = () => new WebSocketLambdaIntegration('LiveIntegration', this.connections);
    this.api = new WebSocketApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-live`,
      description: 'Live channel of the session catalogue: polls, seats, status and notices pushed to open pages',
      // The message's `action` picks the route: `subscribe`; anything else reaches $default for an error answer.
      routeSelectionExpression: '$request.body.action',
      connectRouteOptions: { integration: integration() },
      disconnectRouteOptions: { integration: integration() },
      defaultRouteOptions: { integration: integration(), returnResponse: true },
    });
    this.api.addRoute('subscribe', { integration: integration(), returnResponse: true });
    for (const route of this.api.node.children.filter((child) => child.node.id.endsWith('-Route'))) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'Public like the catalogue reads: a socket follows public counts; an attendee\'s own notices, and an organiser\'s check-in counts, need their Cognito access token in the subscription, checked by the function (a WebSocket API has no JWT authorizer).',
      });
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: stage.logRetention, removalPolicy: stage.removalPolicy });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: 'live',
      autoDeploy: true,
      throttle: stageThrottle(liveThrottle, stage),
      accessLogSettings: jsonAccessLog(accessLogs, {
        routeKey: '$context.routeKey',
        eventType: '$context.eventType',
        connectionId: '$context.connectionId',
        status: '$context.status',
        integrationError: '$context.integrationErrorMessage',
      }),
    });
    this.url = this.stage.url;

    // The fan-out posts to sockets of this stage only (execute-api:ManageConnections on its @connections).
    props.streamConsumer.addToRolePolicy(
      new PolicyStatement({
        actions: ['execute-api:ManageConnections'],
        resources: [Arn.format({ service: 'execute-api', resource: this.api.apiId, resourceName: `${this.stage.stageName}/POST/@connections/*` }, Stack.of(this))],
      }),
    );
    // cdk-nag names the resource as synthesized: pseudo parameters stay <AWS::…> where the stack's environment leaves them open.
    const stack = Stack.of(this);
    const shown = (value: string, name: string) => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
    Validations.of(props.streamConsumer.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, 'Partition')}:execute-api:${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}:<${stack.getLogicalId(this.api.node.defaultChild as CfnResource)}>/${this.stage.stageName}/POST/@connections/*]`,
      reason: 'Connection ids are made by API Gateway at connect time: @connections/* names exactly this stage\'s sockets, for POST only.',
    });
    props.streamConsumer.addEnvironment('LIVE_CALLBACK_URL', this.stage.callbackUrl);

    // --- Mail: the stream consumer queues each notice written (the outbox); the mailer claims, sends, marks.
    this.mailDeadLetters = new Queue(this, 'MailDeadLetters', { enforceSSL: true, encryption: QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
    const mailTimeout = Duration.seconds(30);
    this.mailQueue = new Queue(this, 'MailQueue', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      visibilityTimeout: Duration.seconds(6 * mailTimeout.toSeconds()),
      deadLetterQueue: { queue: this.mailDeadLetters, maxReceiveCount: 8 },
    });
    this.mailQueue.grantSendMessages(props.streamConsumer);
    props.streamConsumer.addEnvironment('NOTICE_QUEUE_URL', this.mailQueue.queueUrl);
    this.mailer = new CatalogueFunction(this, 'noticeMailer', { entry: backgroundFunctions.noticeMailer.entry, tableName: props.tableName, timeout: mailTimeout, stage });
    this.mailer.addEnvironment('PUBLIC_BASE_URL', props.publicBaseUrl);
    this.mailer.addEventSource(new SqsEventSource(this.mailQueue, { batchSize: 10, reportBatchItemFailures: true }));
    // Without a sender, notices are told on the page only: the mailer marks each one skipped.
    if (!props.mailFrom) return;
    this.mailer.addEnvironment('MAIL_FROM', props.mailFrom);
    // SES checks the sender's identity (its address, or its domain) and the From address itself.
    const domain = props.mailFrom.split('@')[1]!;
    this.mailer.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [props.mailFrom, domain].map((identity) => Arn.format({ service: 'ses', resource: 'identity', resourceName: identity }, Stack.of(this))),
        conditions: { StringEquals: { 'ses:FromAddress': props.mailFrom } },
      }),
    );
  }
}
