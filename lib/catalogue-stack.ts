/**
 * The session catalogue: HTTP API -> Lambda -> DynamoDB, with Cognito sign-in.
 * Routes, functions and the table are built from lambda/api/routes.ts and
 * lambda/store/table-definition.ts, so a new row there needs no change here.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
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
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { fallbackFunction, lambdaFunctions, routeKeyOf, routes, type FunctionName } from '../lambda/api/routes';
import { catalogueTable, type KeyAttribute } from '../lambda/store/table-definition';
import { CatalogueFunction } from './catalogue-function';
import { WebHosting } from './web-hosting';

type TableAccess = (typeof lambdaFunctions)[FunctionName]['tableAccess'];

const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];

/**
 * Item-level actions only, written out: grantReadWriteData would add Scan,
 * DescribeTable, PartiQL and more. Nobody gets Scan.
 */
const tableActions: Record<TableAccess, string[]> = {
  read: readActions,
  readWrite: [
    ...readActions,
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
};

const attributeTypes: Record<KeyAttribute['type'], AttributeType> = { S: AttributeType.STRING, N: AttributeType.NUMBER };
const attribute = ({ name, type }: KeyAttribute): Attribute => ({ name, type: attributeTypes[type] });

export interface CatalogueStackProps extends StackProps {
  /**
   * Browser origins allowed by CORS. The API takes bearer tokens, never
   * cookies, so `*` lets no site act with a visitor's credentials.
   * @default ['*']
   */
  readonly allowedOrigins?: string[];
}

export class CatalogueStack extends Stack {
  readonly table: Table;
  readonly functions: Record<FunctionName, CatalogueFunction>;

  constructor(scope: Construct, id: string, props: CatalogueStackProps = {}) {
    super(scope, id, props);

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
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
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
    const tableLogicalId = this.getLogicalId(table.node.defaultChild as CfnTable);

    // --- Sign-in: organisers and attendees are invited, nobody signs up.
    const userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus tier: threat protection scores every sign-in for takeover risk (actions below).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // What threat protection does, written down rather than left to defaults:
    // leaked passwords are refused, risky sign-ins must pass MFA. Notify is off
    // because notifications need an SES identity this stack does not have.
    new CfnUserPoolRiskConfigurationAttachment(this, 'UserPoolRiskConfiguration', {
      userPoolId: userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      accountTakeoverRiskConfiguration: {
        actions: {
          lowAction: { eventAction: 'NO_ACTION', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          highAction: { eventAction: 'MFA_REQUIRED', notify: false },
        },
      },
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA (TOTP) is optional so invited attendees are not forced to enrol; high-risk sign-ins must pass MFA (UserPoolRiskConfiguration) and admin rights also need the admin group.',
    });
    // The Lambda checks this group name in the cognito:groups claim for admin routes.
    userPool.addGroup('AdminGroup', { groupName: 'admin', description: 'May change the catalogue' });
    const client = userPool.addClient('WebClient', {
      generateSecret: false, // a browser or phone cannot keep a secret
      // SRP for apps (the password never leaves the device); user-password for the CLI sign-in the README shows.
      authFlows: { userSrp: true, userPassword: true },
      disableOAuth: true, // no hosted UI; avoids the implicit-grant defaults
      preventUserExistenceErrors: true,
    });

    const issuerUrl = `https://cognito-idp.${this.region}.${this.urlSuffix}/${userPool.userPoolId}`;
    // API Gateway checks the token (signature, issuer, expiry, aud/client_id);
    // the Lambda checks the admin group, which JWT scopes cannot express here.
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', issuerUrl, { jwtAudience: [client.userPoolClientId] });

    // --- The key that signs list cursors: random, made for this deployment, never in the source.
    // The functions that hand out cursors read it once per cold start (lambda/functions/environment.ts).
    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC key that signs the list cursors of the session catalogue API',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the cursor key only ends the cursors clients hold (they start their list again) and a cursor grants nothing beyond its own list; rotate by hand with put-secret-value, picked up at the next cold start.',
    });

    // --- One Lambda per entry of lambdaFunctions, granted only what its tableAccess says.
    const functionNames = Object.keys(lambdaFunctions) as FunctionName[];
    this.functions = Object.fromEntries(
      functionNames.map((name) => {
        const { entry, tableAccess, cursors } = lambdaFunctions[name];
        const fn = new CatalogueFunction(this, name, { entry, tableName: table.tableName });
        if (cursors) {
          cursorSecret.grantRead(fn);
          fn.addEnvironment('CURSOR_SECRET_ARN', cursorSecret.secretArn);
        }
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: tableActions[tableAccess],
            resources: [table.tableArn, `${table.tableArn}/index/*`],
          }),
        );
        Validations.of(fn.role!).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
          reason: 'Queries run on the GSIs of this one table; index/* names exactly those indexes, and the actions are item-level only.',
        });
        return [name, fn];
      }),
    ) as Record<FunctionName, CatalogueFunction>;

    // --- The change feed: a consumer of the table's stream writes each event's change log
    // (lambda/changes/record-changes.ts; locally the same code reads DynamoDB Local's stream).
    const changeRecorder = new CatalogueFunction(this, 'changeRecorder', { entry: 'lambda/functions/record-changes.ts', tableName: table.tableName });
    changeRecorder.addToRolePolicy(new PolicyStatement({ actions: tableActions.readWrite, resources: [table.tableArn] }));
    const changeFeedFailures = new Queue(this, 'ChangeFeedFailures', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(changeFeedFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the failure destination of the change feed consumer; nothing consumes it automatically.',
    });
    Validations.of(changeRecorder.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams, granted by the stream event source, supports no resource but "*"; reading the stream itself is scoped to this table\'s stream ARN.',
    });
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

    // --- Webhooks: the change consumer queues one delivery per webhook and change on an SQS
    // FIFO queue (in order per object); a delivery function POSTs them, retried by SQS
    // (visibility timeout), and after maxReceiveCount tries they rest in a dead-letter queue.
    const deadDeliveries = new Queue(this, 'WebhookDeadLetters', {
      fifo: true,
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    const deliveries = new Queue(this, 'WebhookDeliveries', {
      fifo: true,
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      visibilityTimeout: Duration.seconds(60),
      deadLetterQueue: { queue: deadDeliveries, maxReceiveCount: 8 },
    });
    deliveries.grantSendMessages(changeRecorder);
    changeRecorder.addEnvironment('WEBHOOK_QUEUE_URL', deliveries.queueUrl);
    const deliverer = new CatalogueFunction(this, 'webhookDeliverer', { entry: 'lambda/functions/deliver-webhooks.ts', tableName: table.tableName });
    deliverer.addEnvironment('WEBHOOK_MAX_RECEIVES', '8');
    deliverer.addToRolePolicy(new PolicyStatement({ actions: tableActions.readWrite, resources: [table.tableArn] }));
    deliverer.addEventSource(new SqsEventSource(deliveries, { batchSize: 10, reportBatchItemFailures: true }));

    // --- HTTP API
    const api = new HttpApi(this, 'Api', {
      apiName: this.stackName,
      description: 'Conference session catalogue',
      // The default stage is made below, so it can have throttling and access logs.
      createDefaultStage: false,
      // API Gateway answers preflight itself and ignores CORS headers from the Lambda.
      corsPreflight: {
        allowOrigins: props.allowedOrigins ?? ['*'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.PUT, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
        allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key'],
        exposeHeaders: ['ETag', 'Location', 'Retry-After', 'WWW-Authenticate', 'Allow'],
        maxAge: Duration.hours(2), // Chromium caps preflight caching at 2 hours anyway
      },
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default', // served at the API's root URL, no stage prefix
      autoDeploy: true,
      // The account's API Gateway quota (10,000 rps, burst 5,000 per region) is
      // shared by every API in the account. One public API must not be able to
      // use it all (a scraper or a retry loop would starve the rest); 1,000 rps
      // is still far above what a conference catalogue needs.
      throttle: { rateLimit: 1000, burstLimit: 2000 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    // One integration per function, shared by its routes.
    const integrations = Object.fromEntries(
      functionNames.map((name) => [name, new HttpLambdaIntegration(`${name}Integration`, this.functions[name])]),
    ) as Record<FunctionName, HttpLambdaIntegration>;

    for (const row of routes) {
      const route = new HttpRoute(api, routeKeyOf(row), {
        httpApi: api,
        routeKey: HttpRouteKey.with(row.path, HttpMethod[row.method]),
        integration: integrations[row.fn],
        authorizer: row.access === 'public' ? undefined : authorizer,
      });
      if (row.access === 'public') {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKeyOf(row)} is public in the route table: the catalogue is readable without signing in.`,
        });
      }
    }

    // Unknown paths and methods reach the fallback function for a 404/405
    // problem document. It has no authorizer, so an unmatched preflight or a
    // typo never turns into a confusing 401.
    const fallback = new HttpRoute(api, '$default', {
      httpApi: api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integrations[fallbackFunction],
    });
    Validations.of(fallback).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: '$default only answers 404/405 for routes that do not exist; every real route has its own access setting.',
    });

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'IssuerUrl', { value: issuerUrl });
    new CfnOutput(this, 'ChangeFeedFailureQueue', { value: changeFeedFailures.queueUrl });
    new CfnOutput(this, 'WebhookDeadLetterQueue', { value: deadDeliveries.queueUrl });

    // --- The web page, with the API on the same CloudFront distribution.
    new CfnOutput(this, 'WebUrl', { value: new WebHosting(this, 'Web', { api, userPoolClient: client }).url });
  }
}
