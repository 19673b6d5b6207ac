/**
 * The session catalogue: HTTP API -> Lambda -> DynamoDB, with Cognito sign-in
 * (an attendee pool and a staff pool, lib/user-pools.ts).
 * Routes, functions and the table are built from lambda/api/routes.ts and
 * lambda/store/table-definition.ts, so a new row there needs no change here.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, CfnOutput, CfnRule, Duration, Fn, Lazy, RemovalPolicy, SecretValue, Stack, Token, type StackProps, Validations } from 'aws-cdk-lib';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  CfnTable,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { ImportJobs } from './import-jobs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { lambdaFunctions, routes, type FunctionName, type UserPoolName } from '../lambda/api/routes';
import { metricsNamespaceOf } from '../lambda/api/metrics';
import { OPENAPI_FILE } from '../lambda/api/openapi-document';
import { tableGrants, type TableGrant, type TableUser } from '../lambda/functions/table-grants';
import { partitionPatterns } from '../lambda/store/keys';
import { catalogueTable, type KeyAttribute } from '../lambda/store/table-definition';
import { CatalogueFunction, projectRoot } from './catalogue-function';
import { CLOUDFRONT_ACL_REGION, EdgeWebAcl } from './edge-web-acl';
import { backgroundFunctions } from './lambda-bundling';
import { stages, type StageSettings } from './stages';
import { keepEveryFunctionsLogs } from './log-retention';
import { Observability } from './observability';
import { createCatalogueApi } from './catalogue-api';
import { createUserPools } from './user-pools';
import { WebHosting } from './web-hosting';
import { LiveChannel } from './live-channel';
import { addWebhookDeliveries } from './webhook-deliveries';

/**
 * A function's table grants as policy statements: the actions it calls, on the
 * table (and its indexes where it queries them), only on the partitions it
 * uses. ForAllValues holds for an empty set, so the Null condition makes a
 * request without a partition key (none of these actions sends one) match nothing.
 */
function grantTable(fn: CatalogueFunction, table: Table, grants: readonly TableGrant[]): void {
  if (grants.some((grant) => grant.indexes)) {
    const tableLogicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnTable);
    Validations.of(fn.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason: 'Queries run on the GSIs of this one table; index/* names exactly those indexes, and the actions are item-level only, on the partitions the function uses.',
    });
  }
  for (const grant of grants) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: grant.actions.map((action) => `dynamodb:${action}`),
        resources: grant.indexes ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.partitions.flatMap((group) => partitionPatterns[group]) },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
  }
}

/** What cdk-nag flags on every reader of the table's stream, and why it is fine. */
const streamReaderAcknowledgement = {
  id: 'AwsSolutions-IAM5[Resource::*]',
  reason: 'dynamodb:ListStreams, granted by the stream event source, supports no resource but "*"; reading the stream itself is scoped to this table\'s stream ARN.',
};

/** 64 random characters made at deploy time, never in the source; rotated by hand, for the reason cdk-nag is given. */
function deploymentSecret(stack: Stack, id: string, description: string, rotation: string): Secret {
  const secret = new Secret(stack, id, { description, generateSecretString: { passwordLength: 64, excludePunctuation: true } });
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: rotation });
  return secret;
}

const attributeTypes: Record<KeyAttribute['type'], AttributeType> = { S: AttributeType.STRING, N: AttributeType.NUMBER };
const attribute = ({ name, type }: KeyAttribute): Attribute => ({ name, type: attributeTypes[type] });

/** `-c domainName=… -c certificateArn=…`: the web page and the API at a domain of your own. */
export interface CustomDomain {
  readonly domainName: string;
  /** An ACM certificate for domainName, in us-east-1 (CloudFront's region for certificates). */
  readonly certificateArn: string;
}

export interface CatalogueStackProps extends StackProps {
  /**
   * Removal, log retention and throttles (lib/stages.ts).
   * @default prod's: data kept when the stack is deleted
   */
  readonly stage?: StageSettings;
  /**
   * CloudFront serves this domain with this certificate, and the API prints
   * URLs that start with it.
   * @default the distribution's *.cloudfront.net name only
   */
  readonly customDomain?: CustomDomain;
  /**
   * Other sites whose pages may call the API from a browser (CORS,
   * lambda/api/cors.ts), besides the custom domain, which is always allowed.
   * The stack's own web page shares the API's origin and needs none.
   * @default none
   */
  readonly corsOrigins?: string[];
  /**
   * Where clients reach the API (a custom domain, say): the start of every
   * URL the API prints (feed URLs, schedule links).
   * @default https:// and the custom domain, else the CloudFront distribution's https://….cloudfront.net
   */
  readonly publicBaseUrl?: string;
  /**
   * The version of the origin secret CloudFront sends, after a rotation
   * (`cdk deploy -c originSecretVersion=<VersionId>`, README "The origin
   * secret"): naming it makes CloudFront read the secret again.
   * @default the secret's current version when the distribution was last updated
   */
  readonly originSecretVersion?: string;
  /**
   * The AWS WAF web ACL (scope CLOUDFRONT, made in us-east-1) for the
   * distribution, when this stack is in another region: bin/app.ts makes
   * one there (lib/edge-web-acl.ts) or takes `-c webAclArn=…`.
   * @default one made in this stack, which must then be deployed in us-east-1
   */
  readonly webAclArn?: string;
  /**
   * Subscribed by email to the alarm topic (`-c alarmEmail=…`); SNS asks the
   * address to confirm first.
   * @default no subscription: subscribe to the AlarmTopic output's topic yourself
   */
  readonly alarmEmail?: string;
  /**
   * The address notices (a waitlisted attendee given a seat) are emailed
   * from (`-c mailFrom=…`): an identity verified in SES in this region.
   * @default none: notices are told on open pages only, never mailed
   */
  readonly mailFrom?: string;
}

export class CatalogueStack extends Stack {
  readonly table: Table;
  readonly functions: Record<FunctionName, CatalogueFunction>;
  /** Every Lambda that uses the table (the API's functions, the change feed's), each granted its tableGrants. */
  readonly tableUsers: Record<TableUser, CatalogueFunction>;
  readonly userPools: Record<UserPoolName, UserPool>;
  readonly userPoolClients: Record<UserPoolName, UserPoolClient>;
  /** Finishes deleted sessions' cleanup: on the stream's deletion records and on a schedule. */
  readonly deletionCleaner: CatalogueFunction;
  /** The WebSocket API, its function and the notices' mailer. */
  readonly live: LiveChannel;
  private webUrl = '';

  constructor(scope: Construct, id: string, props: CatalogueStackProps = {}) {
    super(scope, id, props);
    const stage = props.stage ?? stages.prod;
    const keepsData = stage.removalPolicy === RemovalPolicy.RETAIN;

    // --- Table: key schema, indexes and TTL come from table-definition.ts.
    this.table = new Table(this, 'CatalogueTable', {
      partitionKey: attribute(catalogueTable.partitionKey),
      sortKey: attribute(catalogueTable.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: catalogueTable.timeToLiveAttribute,
      // Read by the change feed consumer below.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      deletionProtection: keepsData,
      removalPolicy: stage.removalPolicy,
    });
    for (const index of catalogueTable.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
    const table = this.table;

    // --- Sign-in: an attendee pool and a staff pool (MFA required), each with its own authorizer.
    const signIn = createUserPools(this, stage);
    this.userPools = signIn.pools;
    this.userPoolClients = signIn.clients;

    // --- The key that signs list cursors: random, made for this deployment, never in the source.
    // The functions that hand out cursors read it once per cold start (lambda/functions/environment.ts).
    const cursorSecret = deploymentSecret(
      this,
      'CursorSecret',
      'HMAC key that signs the list cursors of the session catalogue API',
      'Rotating the cursor key only ends the cursors clients hold (they start their list again) and a cursor grants nothing beyond its own list; rotate by hand with put-secret-value, picked up at the next cold start.',
    );

    // --- The origin secret: CloudFront sends it to the API as X-Origin-Verify, and the API functions refuse
    // every request without it before any work (lambda/api/handler.ts), so nobody calls the API around
    // CloudFront and its web ACL. An HTTP API has no resource policy, and its execute-api endpoint stays
    // on because it is CloudFront's origin. Random, made at deploy time, never in the source.
    const originSecret = deploymentSecret(
      this,
      'OriginSecret',
      'Sent by CloudFront to the API as X-Origin-Verify; the API refuses requests without it',
      'Rotated by hand, because CloudFront must send the new value: put-secret-value, then cdk deploy -c originSecretVersion=<VersionId> (README). The functions accept the current and the previous value, so no request is refused while CloudFront changes over.',
    );

    // --- One Lambda per entry of lambdaFunctions, granted only what tableGrants says.
    const functionNames = Object.keys(lambdaFunctions) as FunctionName[];
    const openApiFunction = routes.find((route) => route.operation === 'getOpenApi')!.fn;
    this.functions = Object.fromEntries(
      functionNames.map((name) => {
        const { entry, cursors } = lambdaFunctions[name];
        // The function that answers GET /openapi.json reads the document made at build time from beside its bundle.
        const besideBundle = name === openApiFunction ? [relative(projectRoot, fileURLToPath(OPENAPI_FILE))] : [];
        const fn = new CatalogueFunction(this, name, { entry, tableName: table.tableName, besideBundle, stage });
        if (cursors) {
          cursorSecret.grantRead(fn);
          fn.addEnvironment('CURSOR_SECRET_ARN', cursorSecret.secretArn);
        }
        originSecret.grantRead(fn);
        fn.addEnvironment('ORIGIN_SECRET_ARN', originSecret.secretArn);
        // A new version makes new instances, which read the current and the previous value.
        if (props.originSecretVersion) fn.addEnvironment('ORIGIN_SECRET_VERSION', props.originSecretVersion);
        return [name, fn];
      }),
    ) as Record<FunctionName, CatalogueFunction>;

    // --- The change feed: a consumer of the table's stream writes each event's change log
    // (lambda/changes/record-changes.ts; locally the same code reads DynamoDB Local's stream).
    const changeRecorder = new CatalogueFunction(this, 'changeRecorder', { entry: backgroundFunctions.changeRecorder.entry, tableName: table.tableName, stage });
    const changeFeedFailures = new Queue(this, 'ChangeFeedFailures', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(changeFeedFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the failure destination of the change feed consumer; nothing consumes it automatically.',
    });
    Validations.of(changeRecorder.role!).acknowledge(streamReaderAcknowledgement);
    changeRecorder.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        // Records in order, one batch per shard at a time; a failure retries from the failed record.
        parallelizationFactor: 1,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(changeFeedFailures),
      }),
    );

    // --- Deleted sessions: the DELETE request removes the session and writes a deletion record in one
    // transaction; this function removes the rest in chunks (lambda/deletions/session-cleanup.ts). The
    // stream wakes it for deletion records only (a second reader of the stream: DynamoDB Streams allows
    // two per shard), each invocation works until just before its timeout and hands the rest on by
    // writing the record again; a schedule sweeps up whatever stalled (a record whose retries ran out).
    const deletionCleaner = new CatalogueFunction(this, 'deletionCleaner', { entry: backgroundFunctions.deletionCleaner.entry, tableName: table.tableName, stage });
    this.deletionCleaner = deletionCleaner;
    Validations.of(deletionCleaner.role!).acknowledge(streamReaderAcknowledgement);
    deletionCleaner.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        filters: [FilterCriteria.filter({ dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('session-deletion') } } } })],
        reportBatchItemFailures: true,
        // Not forever: a deletion whose record gave up is picked up by the sweep below.
        retryAttempts: 5,
      }),
    );
    new Rule(this, 'DeletionSweep', {
      description: 'Continues deleted sessions whose cleanup stalled',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(deletionCleaner, { retryAttempts: 2 })],
    });

    // --- No-shows: sessions with releaseUncheckedAfterMinutes give the seats nobody checked in by their
    // deadline to the waitlist (lambda/attendance/no-shows.ts). A schedule, every minute: a release is due
    // within a minute of its deadline, and a sweep with nothing due reads a few index entries.
    const noShowReleaser = new CatalogueFunction(this, 'noShowReleaser', { entry: backgroundFunctions.noShowReleaser.entry, tableName: table.tableName, stage });
    new Rule(this, 'NoShowRelease', {
      description: 'Releases seats not checked in by their session deadline to the waitlist',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(noShowReleaser, { retryAttempts: 2 })],
    });

    // --- Webhooks: a FIFO queue of deliveries, their function and the key sealing their secrets (lib/webhook-deliveries.ts).
    const webhooks = addWebhookDeliveries(this, { tableName: table.tableName, stage, sender: changeRecorder, secretSealer: this.functions.catalogueWrite });
    // --- Import jobs: CSV and large JSON imports, a chunk at a time (lib/import-jobs.ts).
    const importJobs = new ImportJobs(this, 'ImportJobs', { tableName: table.tableName, stage, starter: this.functions.catalogueWrite });
    // --- The live channel (WebSocket API) and the notices' mail (lib/live-channel.ts).
    const live = new LiveChannel(this, 'LiveChannel', {
      stage,
      tableName: table.tableName,
      attendeePool: signIn.pools.attendee,
      attendeeClient: signIn.clients.attendee,
      staffPool: signIn.pools.staff,
      staffClient: signIn.clients.staff,
      streamConsumer: changeRecorder,
      mailFrom: props.mailFrom,
      publicBaseUrl: props.publicBaseUrl ?? Lazy.string({ produce: () => this.webUrl }),
    });
    this.live = live;
    this.tableUsers = {
      ...this.functions,
      changeRecorder,
      webhookDeliverer: webhooks.deliverer,
      deletionCleaner,
      importRunner: importJobs.runner,
      noShowReleaser,
      liveConnections: live.connections,
      noticeMailer: live.mailer,
    };
    for (const [user, fn] of Object.entries(this.tableUsers) as [TableUser, CatalogueFunction][]) grantTable(fn, table, tableGrants[user]);


    // --- The HTTP API: routes from the route table, authorizers, throttles, access logs, CORS (lib/catalogue-api.ts).
    const { api, httpStage } = createCatalogueApi(this, {
      stage,
      functions: this.functions,
      authorizers: signIn.authorizers,
      customDomain: props.customDomain,
      corsOrigins: props.corsOrigins,
    });

    // --- Dashboard, alarms and their topic (lib/observability.ts).
    const observability = new Observability(this, 'Observability', {
      stage,
      api,
      table,
      functions: this.tableUsers,
      streamReaders: { changeRecorder, deletionCleaner },
      deadLetterQueues: { ChangeFeed: changeFeedFailures, Webhook: webhooks.deadLetters, ImportJobs: importJobs.deadLetters, NoticeMail: live.mailDeadLetters },
      metricsNamespace: metricsNamespaceOf(stage.name),
      alarmEmail: props.alarmEmail,
    });
    new CfnOutput(this, 'AlarmTopic', { value: observability.alarmTopic.topicArn });

    new CfnOutput(this, 'ApiUrl', { value: httpStage.url });
    // Attendees' pool under the names it had as the only pool; the staff pool beside it.
    new CfnOutput(this, 'UserPoolId', { value: signIn.pools.attendee.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: signIn.clients.attendee.userPoolClientId });
    new CfnOutput(this, 'IssuerUrl', { value: signIn.issuers.attendee });
    new CfnOutput(this, 'StaffUserPoolId', { value: signIn.pools.staff.userPoolId });
    new CfnOutput(this, 'StaffUserPoolClientId', { value: signIn.clients.staff.userPoolClientId });
    new CfnOutput(this, 'StaffIssuerUrl', { value: signIn.issuers.staff });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'ChangeFeedFailureQueue', { value: changeFeedFailures.queueUrl });
    new CfnOutput(this, 'WebhookDeadLetterQueue', { value: webhooks.deadLetters.queueUrl });
    new CfnOutput(this, 'ImportDeadLetterQueue', { value: importJobs.deadLetters.queueUrl });

    // --- The web page, with the API on the same CloudFront distribution.
    const web = new WebHosting(this, 'Web', {
      api,
      webAclArn: props.webAclArn ?? this.ownWebAcl(),
      userPoolClients: signIn.clients,
      originSecret: SecretValue.secretsManager(originSecret.secretArn, props.originSecretVersion ? { versionId: props.originSecretVersion } : {}),
      stage,
      customDomain: props.customDomain,
      liveUrl: live.url,
    });
    this.webUrl = web.url;
    new CfnOutput(this, 'WebUrl', { value: web.url });
    new CfnOutput(this, 'LiveUrl', { value: live.url });
    if (props.customDomain) {
      new CfnOutput(this, 'DomainTarget', {
        description: `Point ${props.customDomain.domainName} here: a CNAME, or a Route 53 alias record to this CloudFront distribution`,
        value: web.distribution.distributionDomainName,
      });
    }
    keepEveryFunctionsLogs(this, stage);
    // URLs the API prints start here, never at a Host or X-Forwarded-* header a client chose.
    for (const fn of Object.values(this.functions)) fn.addEnvironment('PUBLIC_BASE_URL', props.publicBaseUrl ?? web.url);
  }

  /**
   * A CloudFront web ACL made here: only possible in us-east-1. A stack
   * elsewhere must be given one; a stack for any region (no region at synth)
   * makes one and refuses, at deploy, a region other than us-east-1.
   */
  private ownWebAcl(): string {
    if (!Token.isUnresolved(this.region) && this.region !== CLOUDFRONT_ACL_REGION) {
      throw new Error(`${this.stackName} is in ${this.region}, but a CloudFront web ACL must be made in ${CLOUDFRONT_ACL_REGION}: pass webAclArn (bin/app.ts makes one there)`);
    }
    if (Token.isUnresolved(this.region)) {
      new CfnRule(this, 'WebAclRegion', {
        assertions: [
          {
            assert: Fn.conditionEquals(Aws.REGION, CLOUDFRONT_ACL_REGION),
            assertDescription: `The web ACL this stack makes for CloudFront can only be made in ${CLOUDFRONT_ACL_REGION}; elsewhere deploy with a region set, so that bin/app.ts makes it there`,
          },
        ],
      });
    }
    return new EdgeWebAcl(this, 'WebAcl').arn;
  }
}
