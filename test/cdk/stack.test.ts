/**
 * The stack must be the route table and the table definition, made real.
 * Every expectation here is computed from lambda/api/routes.ts and
 * lambda/store/table-definition.ts, so a row added there is checked too.
 * Bundling is skipped (`aws:cdk:bundling-stacks: []`) to keep this fast.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { App, type CfnResource, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NagRuleCompliance, type IApplyRule, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ACCESS_TOKEN_SCOPE, apiRoutes, fallbackFunction, lambdaFunctions, routes, userPoolOf, type FunctionName, type UserPoolName } from '../../lambda/api/routes';
import { cors as corsDefinition } from '../../lambda/api/cors';
import { pagedOperations } from '../../lambda/api/openapi';
import { catalogueTable, type KeyAttribute } from '../../lambda/store/table-definition';
import { CatalogueStack } from '../../lib/catalogue-stack';
import { CatalogueFunction } from '../../lib/catalogue-function';
import { backgroundFunctions } from '../../lib/lambda-bundling';
import { ATTEMPT_TIMEOUT_MS } from '../../lambda/webhooks/setup';
import { tableGrants, type TableGrant, type TableUser } from '../../lambda/functions/table-grants';
import { calendarFeedKey, checkInTopic, connectionKey, sessionTopic, subscriptionKey, deliveryKey, eventKey, importJobKey, openImportKey, partitionPatterns, reservationKey, seatsKey, sessionDeletionKey, speakerKey, webhookKey } from '../../lambda/store/keys';
import { isAllowed, statementsOfRole, type Statement } from '../support/iam-policy';

// Same feature flags as `cdk synth`, which reads them from cdk.json.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context?: object };
const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
// Another site's page that calls the API: the only origin CORS allows here (the stack's own page shares the API's origin).
const CORS_ORIGINS = ['https://schedule.example.org'];
const stack = new CatalogueStack(app, 'Test', { corsOrigins: CORS_ORIGINS });
const template = Template.fromStack(stack);

type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
const resourcesOf = (type: string) => template.findResources(type) as Record<string, Resource>;
const only = (type: string): [string, Resource] => {
  const found = Object.entries(resourcesOf(type));
  assert.equal(found.length, 1, `expected exactly one ${type}`);
  return found[0]!;
};
// The catalogue's HTTP API, told from the live channel's WebSocket API (test below) by its protocol.
const [httpApiId, httpApi] = Object.entries(resourcesOf('AWS::ApiGatewayV2::Api')).find(([, api]) => api.Properties!.ProtocolType === 'HTTP')!;
const ofApi = (type: string, apiId: string) => Object.fromEntries(Object.entries(resourcesOf(type)).filter(([, r]) => r.Properties?.ApiId?.Ref === apiId));
const onlyOfApi = (type: string, apiId: string): [string, Resource] => {
  const found = Object.entries(ofApi(type, apiId));
  assert.equal(found.length, 1, `expected exactly one ${type} of ${apiId}`);
  return found[0]!;
};
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const functionNames = Object.keys(lambdaFunctions) as FunctionName[];
const tableUsers = Object.keys(tableGrants) as TableUser[];
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const keySchema = (pk: KeyAttribute, sk: KeyAttribute) => [
  { AttributeName: pk.name, KeyType: 'HASH' },
  { AttributeName: sk.name, KeyType: 'RANGE' },
];

test('the table is catalogueTable: keys, every GSI, TTL, billing, PITR, stream, retention', () => {
  const [, table] = only('AWS::DynamoDB::Table');
  const p = table.Properties!;
  assert.deepEqual(p.KeySchema, keySchema(catalogueTable.partitionKey, catalogueTable.sortKey));
  assert.deepEqual(
    p.GlobalSecondaryIndexes,
    catalogueTable.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection: { ProjectionType: 'ALL' },
    })),
  );
  const keyAttributes = [catalogueTable, ...catalogueTable.globalSecondaryIndexes].flatMap((k) => [k.partitionKey, k.sortKey]);
  const expectedDefinitions = new Map(keyAttributes.map((a) => [a.name, a.type]));
  assert.deepEqual(
    new Map((p.AttributeDefinitions as { AttributeName: string; AttributeType: string }[]).map((a) => [a.AttributeName, a.AttributeType])),
    expectedDefinitions,
  );
  assert.deepEqual(p.TimeToLiveSpecification, { AttributeName: catalogueTable.timeToLiveAttribute, Enabled: true });
  assert.equal(p.BillingMode, 'PAY_PER_REQUEST');
  assert.equal(p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled, true);
  assert.equal(p.DeletionProtectionEnabled, true);
  assert.deepEqual(p.SSESpecification, { SSEEnabled: true });
  assert.equal(p.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
  assert.equal(table.DeletionPolicy, 'Retain');
  assert.equal(table.UpdateReplacePolicy, 'Retain');
});

const poolNames: UserPoolName[] = ['attendee', 'staff'];

test("one route per route-table row (and a HEAD twin per GET row), the JWT authorizer of the row's user pool where access is not public, access tokens only, plus $default", (t) => {
  const authorizers = resourcesOf('AWS::ApiGatewayV2::Authorizer');
  assert.equal(Object.keys(authorizers).length, 2, 'one authorizer per user pool');
  // Each pool's authorizer trusts that pool (issuer) and its app client (audience) only.
  const authorizerIdOf = Object.fromEntries(poolNames.map((pool) => {
    const poolId = logicalId(stack.userPools[pool]);
    const clientId = logicalId(stack.userPoolClients[pool]);
    const found = Object.entries(authorizers).filter(([, a]) => JSON.stringify(a.Properties!.JwtConfiguration.Issuer).includes(JSON.stringify({ Ref: poolId })));
    assert.equal(found.length, 1, `one authorizer for the ${pool} pool`);
    const [id, authorizer] = found[0]!;
    assert.equal(authorizer.Properties!.AuthorizerType, 'JWT');
    assert.deepEqual(authorizer.Properties!.JwtConfiguration.Audience, [{ Ref: clientId }]);
    assert.match(JSON.stringify(authorizer.Properties!.JwtConfiguration.Issuer), /https:\/\/cognito-idp\./);
    return [pool, id];
  })) as Record<UserPoolName, string>;

  const integrations = ofApi('AWS::ApiGatewayV2::Integration', httpApiId);
  const byKey = new Map(Object.values(ofApi('AWS::ApiGatewayV2::Route', httpApiId)).map((r) => [r.Properties!.RouteKey as string, r.Properties!]));
  const expected = [...apiRoutes.map(({ route: row, key }) => ({ key, fn: row.fn, pool: userPoolOf(row.access) })),
    { key: '$default', fn: fallbackFunction, pool: undefined }];
  assert.deepEqual([...byKey.keys()].sort(), expected.map((e) => e.key).sort());
  const gets = routes.filter((r) => r.method === 'GET');
  for (const row of gets) assert.ok(byKey.has(`HEAD ${row.path}`), `no HEAD route for ${row.path}`);
  t.diagnostic(`${byKey.size} API Gateway routes, ${gets.length} of them HEAD twins of GET rows`);

  for (const { key, fn, pool } of expected) {
    const route = byKey.get(key)!;
    assert.equal(route.AuthorizationType, pool ? 'JWT' : 'NONE', key);
    assert.deepEqual(route.AuthorizerId, pool ? { Ref: authorizerIdOf[pool] } : undefined, key);
    // Only access tokens carry this scope: an ID token is refused by API Gateway itself.
    assert.deepEqual(route.AuthorizationScopes, pool ? [ACCESS_TOKEN_SCOPE] : undefined, key);
    // Target is "integrations/<id>"; the integration must invoke the row's function.
    const integrationId = route.Target['Fn::Join'][1][1].Ref as string;
    const integration = integrations[integrationId]!.Properties!;
    assert.deepEqual(integration.IntegrationUri, { 'Fn::GetAtt': [logicalId(stack.functions[fn]), 'Arn'] }, key);
    assert.equal(integration.PayloadFormatVersion, '2.0', key);
  }
});

test('CORS allows only the origins the stack is given (never *), with the methods and headers of lambda/api/cors.ts, which the local server answers too', () => {
  const cors = httpApi.Properties!.CorsConfiguration;
  assert.deepEqual(cors.AllowOrigins, CORS_ORIGINS);
  assert.deepEqual(cors.AllowMethods, [...corsDefinition.allowMethods]);
  // Every method a route answers, but HEAD (which no browser preflights), is allowed.
  for (const method of new Set(routes.map((r) => r.method))) assert.ok(cors.AllowMethods.includes(method), method);
  assert.deepEqual(cors.AllowHeaders, [...corsDefinition.allowHeaders]);
  assert.deepEqual([...cors.ExposeHeaders].sort(), ['Allow', 'ETag', 'Location', 'Retry-After', 'WWW-Authenticate']);
  assert.equal(cors.MaxAge, corsDefinition.maxAgeSeconds);
  assert.equal(cors.AllowCredentials, undefined, 'bearer tokens, never cookies');
});

test('every Lambda runs Node.js 22 or newer on arm64, one per lambdaFunctions entry', () => {
  const fns = resourcesOf('AWS::Lambda::Function');
  for (const name of functionNames) assert.ok(fns[logicalId(stack.functions[name])], `no function for ${name}`);
  // The bundle test (test/unit/bundles.test.ts) and `npm run bench` build these two lists: the stack has no function they miss.
  const ours = stack.node.findAll().filter((construct) => construct instanceof CatalogueFunction).map((fn) => fn.node.id);
  assert.deepEqual(ours.sort(), Object.keys({ ...lambdaFunctions, ...backgroundFunctions }).sort());
  const [tableId] = only('AWS::DynamoDB::Table');
  // All but CDK's own BucketDeployment handler (Python, CDK's choice), which test/cdk/web.test.ts checks.
  for (const [id, fn] of Object.entries(fns).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'))) {
    const p = fn.Properties!;
    const major = Number(/^nodejs(\d+)\.x$/.exec(p.Runtime)?.[1]);
    assert.ok(major >= 22, `${id} runs ${p.Runtime}`);
    assert.deepEqual(p.Architectures, ['arm64'], id);
    assert.deepEqual(p.Environment.Variables.TABLE_NAME, { Ref: tableId }, id);
    assert.ok(p.LoggingConfig?.LogGroup, `${id} has no explicit log group`);
  }
});

/** Every Allow statement of every policy in the template, with the roles it applies to. */
function allowStatements() {
  const result: { roles: string[]; actions: string[]; resources: unknown[] }[] = [];
  const add = (doc: any, roles: string[]) => {
    for (const s of asArray(doc?.Statement ?? [])) {
      if (s.Effect === 'Allow') result.push({ roles, actions: asArray(s.Action ?? []), resources: asArray(s.Resource ?? []) });
    }
  };
  for (const p of Object.values(resourcesOf('AWS::IAM::Policy'))) {
    add(p.Properties!.PolicyDocument, asArray(p.Properties!.Roles ?? []).map((r: any) => r.Ref));
  }
  for (const p of Object.values(resourcesOf('AWS::IAM::ManagedPolicy'))) {
    add(p.Properties!.PolicyDocument, asArray(p.Properties!.Roles ?? []).map((r: any) => r.Ref));
  }
  for (const [id, role] of Object.entries(resourcesOf('AWS::IAM::Role'))) {
    for (const inline of role.Properties!.Policies ?? []) add(inline.PolicyDocument, [id]);
  }
  return result;
}

/** IAM action patterns are case-insensitive and may hold * and ? wildcards. */
const grants = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(action);

test('no policy anywhere grants dynamodb:Scan or dynamodb:*, and no role hides one in a managed policy', () => {
  for (const { actions } of allowStatements()) {
    for (const action of actions) {
      assert.ok(!grants(action, 'dynamodb:Scan'), `${action} grants dynamodb:Scan`);
      assert.ok(!/^(dynamodb:)?\*$/i.test(action), `${action} grants every DynamoDB action`);
    }
  }
  // A managed policy's contents are not in the template, so Lambda roles must have none.
  for (const name of tableUsers) {
    const role = resourcesOf('AWS::IAM::Role')[logicalId(stack.tableUsers[name].role!)]!;
    assert.equal(role.Properties!.ManagedPolicyArns, undefined, `${name} role has managed policies`);
  }
});

/** The sample partition of each kind the key design makes, and who may read and write it: the intent, written out. */
const partitionAccess: Record<string, { pk: string; readers: TableUser[]; writers: TableUser[] }> = {
  // Events, sessions, speakers and the change log: read by every function; written by the admin function and the change recorder.
  // The import job runner writes sessions and speakers as the admin function's import does.
  event: { pk: eventKey('summit').pk, readers: tableUsers.filter((u) => u !== 'deletionCleaner' && u !== 'liveConnections'), writers: ['catalogueWrite', 'changeRecorder', 'importRunner'] },
  speaker: {
    pk: speakerKey('ham-giho').pk,
    // (The no-show release may Query the catalogue's partitions, speakers' among them: IAM tells partitions apart by pattern only.)
    readers: ['catalogueRead', 'catalogueWrite', 'attendee', 'engagement', 'changeRecorder', 'webhookDeliverer', 'importRunner', 'noShowReleaser', 'noticeMailer'],
    writers: ['catalogueWrite', 'changeRecorder', 'importRunner'],
  },
  'session activity (seats, polls, reviews)': {
    pk: seatsKey('summit', 'keynote').pk,
    // Every function but the live channel's socket routes, which touch their sockets' partitions only.
    readers: tableUsers.filter((u) => u !== 'liveConnections'),
    writers: ['catalogueWrite', 'attendee', 'engagement', 'changeRecorder', 'deletionCleaner', 'importRunner', 'noShowReleaser'],
  },
  // An attendee's own items: the attendee function, the admin function (and the import runner) when a session's seats change or it is deleted,
  // the no-show release; the mailer reads and marks their notices and reads their preferences.
  'reservation, bookmark, notice': {
    pk: reservationKey('alice', 'summit', 'keynote').pk,
    readers: ['attendee', 'noShowReleaser', 'noticeMailer'],
    writers: ['attendee', 'catalogueWrite', 'deletionCleaner', 'importRunner', 'noShowReleaser', 'noticeMailer'],
  },
  // The live channel's sockets: the socket routes keep them; the fan-out reads a topic's and removes a gone socket's.
  'live socket': { pk: connectionKey('c29ja2V0').pk, readers: ['changeRecorder', 'liveConnections'], writers: ['changeRecorder', 'liveConnections'] },
  'live topic': { pk: subscriptionKey(sessionTopic('summit', 'keynote'), 'c29ja2V0').pk, readers: ['changeRecorder', 'liveConnections'], writers: ['changeRecorder', 'liveConnections'] },
  'live check-in topic': { pk: subscriptionKey(checkInTopic('summit', 'keynote'), 'c29ja2V0').pk, readers: ['changeRecorder', 'liveConnections'], writers: ['changeRecorder', 'liveConnections'] },
  'calendar feed token': { pk: calendarFeedKey('hash').pk, readers: ['attendee'], writers: ['attendee'] },
  // Webhooks: the admin function manages them; the change recorder lists them; the delivery function reads one to sign.
  webhook: { pk: webhookKey('summit', 'site').pk, readers: ['catalogueWrite', 'changeRecorder', 'webhookDeliverer'], writers: ['catalogueWrite'] },
  'webhook delivery': { pk: deliveryKey('summit', 'site', 1).pk, readers: ['catalogueWrite', 'webhookDeliverer'], writers: ['webhookDeliverer'] },
  // Deleted sessions still being cleaned up: written by the delete, worked off by the cleaner.
  'session deletion': { pk: sessionDeletionKey('summit', 'keynote').pk, readers: ['catalogueWrite', 'deletionCleaner', 'importRunner'], writers: ['catalogueWrite', 'deletionCleaner'] },
  // Import jobs: started by the admin function (upload, job, open entry), worked and finished by the runner.
  'import job': { pk: importJobKey('summit', 'import-1').pk, readers: ['catalogueWrite', 'importRunner'], writers: ['catalogueWrite', 'importRunner'] },
  'open import jobs': { pk: openImportKey('summit', 'import-1').pk, readers: ['catalogueWrite', 'importRunner'], writers: ['catalogueWrite', 'importRunner'] },
};

test("who may read and write each kind of partition, evaluated from the synthesized policies (action, table ARN, dynamodb:LeadingKeys)", (t) => {
  const [tableId] = only('AWS::DynamoDB::Table');
  const tableArn = 'arn:aws:dynamodb:region:account:table/catalogue';
  const policies = Object.fromEntries(
    tableUsers.map((user) => [user, statementsOfRole(template.toJSON() as never, logicalId(stack.tableUsers[user].role!), (id) => (id === tableId ? tableArn : undefined))]),
  ) as Record<TableUser, Statement[]>;
  const may = (user: TableUser, actions: string[], pk: string) =>
    actions.some((action) => isAllowed(policies[user], { action: `dynamodb:${action}`, resource: tableArn, leadingKeys: [pk] }));
  let checks = 0;
  for (const [kind, { pk, readers, writers }] of Object.entries(partitionAccess)) {
    const reading = tableUsers.filter((user) => may(user, ['GetItem', 'BatchGetItem', 'Query', 'ConditionCheckItem'], pk));
    const writing = tableUsers.filter((user) => may(user, ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'], pk));
    assert.deepEqual(reading, tableUsers.filter((u) => readers.includes(u)), `readers of ${kind} (${pk})`);
    assert.deepEqual(writing, tableUsers.filter((u) => writers.includes(u)), `writers of ${kind} (${pk})`);
    checks += tableUsers.length * 2;
  }
  // Indexes are queried by the read function, by the admin function to name the sessions of a track it would drop,
  // and by the no-show release to find the sessions due (timeline; IAM grants indexes of a table together);
  // nobody scans, nobody batch-writes (nothing does).
  const index = `${tableArn}/index/trackTimeline`;
  const queriers = tableUsers.filter((user) => isAllowed(policies[user], { action: 'dynamodb:Query', resource: index, leadingKeys: ['EVENT#summit#TRACK#AI'] }));
  assert.deepEqual(queriers, ['catalogueRead', 'catalogueWrite', 'noShowReleaser']);
  for (const user of tableUsers) {
    assert.ok(!isAllowed(policies[user], { action: 'dynamodb:Scan', resource: tableArn, leadingKeys: [] }), `${user} may scan`);
    assert.ok(!isAllowed(policies[user], { action: 'dynamodb:BatchWriteItem', resource: tableArn, leadingKeys: ['EVENT#summit'] }), `${user} may BatchWriteItem`);
  }
  t.diagnostic(`${Object.keys(partitionAccess).length} kinds of partition × ${tableUsers.length} functions × read/write: ${checks} answers as intended`);
});

test('each function’s table statements are its tableGrants: the actions it calls, on the table (and indexes only where it queries them), on its partitions', () => {
  const [tableId] = only('AWS::DynamoDB::Table');
  const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
  for (const user of tableUsers) {
    const roleId = logicalId(stack.tableUsers[user].role!);
    const actual = Object.values(resourcesOf('AWS::IAM::Policy'))
      .filter((p) => asArray(p.Properties!.Roles).some((r: any) => r.Ref === roleId))
      .flatMap((p) => asArray<any>(p.Properties!.PolicyDocument.Statement))
      .filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('dynamodb:')) && s.Resource !== '*' && !JSON.stringify(s.Resource).includes('StreamArn'))
      .map((s) => ({ ...s, Action: asArray<string>(s.Action).sort() }));
    const expected = (tableGrants[user] as readonly TableGrant[]).map((grant) => ({
      Action: grant.actions.map((a) => `dynamodb:${a}`).sort(),
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.partitions.flatMap((group) => partitionPatterns[group]) },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      },
      Effect: 'Allow',
      Resource: grant.indexes ? [tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }] : tableArn,
    }));
    assert.deepEqual(actual, expected, user);
  }
});

test('the cursor secret is generated by the stack and readable only by the functions that answer paged lists', () => {
  const secretId = logicalId(stack.node.findChild('CursorSecret'));
  const secret = resourcesOf('AWS::SecretsManager::Secret')[secretId]!;
  assert.ok(secret.Properties!.GenerateSecretString.PasswordLength >= 32, 'a key of at least 32 characters');
  // The functions serving an operation that takes a cursor.
  const paged = new Set(pagedOperations().map((operation) => routes.find((r) => r.operation === operation)!.fn));
  const fns = resourcesOf('AWS::Lambda::Function');
  const readers = new Set<string>();
  for (const { roles, actions, resources } of allowStatements()) {
    if (actions.some((a) => /^secretsmanager:/i.test(a)) && resources.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: secretId }))) {
      roles.forEach((role) => readers.add(role));
    }
  }
  for (const name of functionNames) {
    assert.equal(lambdaFunctions[name].cursors, paged.has(name), `${name}: cursors flag vs. the routes it serves`);
    const variables = fns[logicalId(stack.functions[name])]!.Properties!.Environment.Variables;
    assert.deepEqual(variables.CURSOR_SECRET_ARN, paged.has(name) ? { Ref: secretId } : undefined, name);
    assert.equal(readers.has(logicalId(stack.functions[name].role!)), paged.has(name), `${name} may read the secret`);
  }
  assert.equal(readers.size, paged.size, 'no other role reads the secret');
});

test('deleted sessions: one cleanup function, woken by deletion records only and by a schedule, with only the item actions it needs', () => {
  const fnId = logicalId(stack.deletionCleaner);
  const [tableId] = only('AWS::DynamoDB::Table');
  const mappings = Object.values(resourcesOf('AWS::Lambda::EventSourceMapping')).filter((m) => m.Properties!.FunctionName?.Ref === fnId);
  assert.equal(mappings.length, 1);
  const mapping = mappings[0]!.Properties!;
  assert.deepEqual(mapping.EventSourceArn, { 'Fn::GetAtt': [tableId, 'StreamArn'] });
  assert.deepEqual(
    mapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern)),
    [{ dynamodb: { NewImage: { entity: { S: ['session-deletion'] } } } }],
  );
  assert.deepEqual(mapping.FunctionResponseTypes, ['ReportBatchItemFailures']);

  const schedules = Object.values(resourcesOf('AWS::Events::Rule')).filter((r) =>
    asArray(r.Properties!.Targets ?? []).some((t: any) => JSON.stringify(t.Arn) === JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] })),
  );
  assert.equal(schedules.length, 1);
  assert.match(schedules[0]!.Properties!.ScheduleExpression, /^rate\(\d+ minutes?\)$/);

  const roleId = logicalId(stack.deletionCleaner.role!);
  const onTable = allowStatements().filter((s) => s.roles.includes(roleId) && JSON.stringify(s.resources) === JSON.stringify([{ 'Fn::GetAtt': [tableId, 'Arn'] }]));
  assert.deepEqual(
    [...new Set(onTable.flatMap((s) => s.actions))].sort(),
    ['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    'reads, deletes and the hand-on update: no PutItem, no BatchWriteItem, no index',
  );
  const everything = allowStatements().filter((s) => s.roles.includes(roleId)).flatMap((s) => s.actions);
  assert.ok(!everything.includes('dynamodb:PutItem'));
});

test('the $default stage is throttled and writes JSON access logs', () => {
  const [, stage] = onlyOfApi('AWS::ApiGatewayV2::Stage', httpApiId);
  const p = stage.Properties!;
  assert.equal(p.StageName, '$default');
  assert.equal(p.AutoDeploy, true);
  assert.ok(p.DefaultRouteSettings.ThrottlingRateLimit > 0 && p.DefaultRouteSettings.ThrottlingRateLimit < 10_000);
  assert.ok(p.DefaultRouteSettings.ThrottlingBurstLimit > 0 && p.DefaultRouteSettings.ThrottlingBurstLimit < 5_000);
  assert.ok(p.AccessLogSettings.DestinationArn);
  assert.equal(JSON.parse(p.AccessLogSettings.Format).requestId, '$context.requestId');
});

/**
 * HTTP API access-log variables that can never hold a query string or a
 * secret. `$context.path` is the path alone; the feed token travels in the
 * query, so the path of a feed request holds none.
 */
const SAFE_ACCESS_LOG_VARIABLES = new Set([
  '$context.requestId', '$context.requestTime', '$context.identity.sourceIp', '$context.identity.userAgent', '$context.routeKey',
  '$context.httpMethod', '$context.path', '$context.status', '$context.responseLength', '$context.responseLatency',
  '$context.integrationLatency', '$context.integrationErrorMessage', '$context.authorizer.error', '$context.authorizer.claims.sub',
]);

test('the access log cannot hold a calendar-feed token: only path-and-metadata variables, and the feed route has no path parameter', (t) => {
  const [, stage] = onlyOfApi('AWS::ApiGatewayV2::Stage', httpApiId);
  const variables = [...(stage.Properties!.AccessLogSettings.Format as string).matchAll(/\$context\.[\w.]+/g)].map((m) => m[0]);
  assert.ok(variables.length > 5);
  for (const variable of variables) assert.ok(SAFE_ACCESS_LOG_VARIABLES.has(variable), `${variable} may log a secret`);
  t.diagnostic(`${variables.length} access-log variables, none that can hold a query string`);
  const feed = routes.find((r) => r.operation === 'getCalendarFeed')!;
  assert.ok(!feed.path.includes('{'), `${feed.path}: a path parameter would put the token in the logged path`);
});

test('the API functions print URLs from PUBLIC_BASE_URL, the distribution’s https domain, never from request headers', (t) => {
  const [distributionId] = only('AWS::CloudFront::Distribution');
  for (const name of functionNames) {
    const fn = resourcesOf('AWS::Lambda::Function')[logicalId(stack.functions[name])]!;
    assert.deepEqual(fn.Properties!.Environment.Variables.PUBLIC_BASE_URL, { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] }, name);
  }
  t.diagnostic(`${functionNames.length} API functions get PUBLIC_BASE_URL from the distribution`);
});

test('Cognito: two invite-only pools kept on delete, with threat protection and public clients; staff need MFA, attendees need none', () => {
  const pools = resourcesOf('AWS::Cognito::UserPool');
  assert.equal(Object.keys(pools).length, 2);
  for (const pool of poolNames) {
    const id = logicalId(stack.userPools[pool]);
    const p = pools[id]!;
    assert.equal(p.Properties!.AdminCreateUserConfig.AllowAdminCreateUserOnly, true, pool);
    assert.deepEqual(p.Properties!.UsernameAttributes, ['email'], pool);
    assert.equal(p.DeletionPolicy, 'Retain', pool);
    assert.equal(p.Properties!.UserPoolTier, 'PLUS', pool);
    assert.equal(p.Properties!.UserPoolAddOns.AdvancedSecurityMode, 'ENFORCED', pool);
    template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      UserPoolId: { Ref: id },
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
    });
    const client = resourcesOf('AWS::Cognito::UserPoolClient')[logicalId(stack.userPoolClients[pool])]!;
    assert.equal(client.Properties!.GenerateSecret, false, pool);
    assert.deepEqual(client.Properties!.UserPoolId, { Ref: id }, pool);
  }
  const staff = pools[logicalId(stack.userPools.staff)]!.Properties!;
  assert.equal(staff.MfaConfiguration, 'ON', 'staff must sign in with MFA');
  assert.deepEqual(staff.EnabledMfas, ['SOFTWARE_TOKEN_MFA']);
  const attendee = pools[logicalId(stack.userPools.attendee)]!.Properties!;
  assert.equal(attendee.MfaConfiguration, 'OPTIONAL', 'attendees may enrol in MFA, and need not');

  // The admin group lives in the staff pool only; organiser groups (organiser:{eventId}) are made per event.
  const groups = Object.values(resourcesOf('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties!);
  assert.deepEqual(groups.map((g) => [g.GroupName, g.UserPoolId]), [['admin', { Ref: logicalId(stack.userPools.staff) }]]);
  // A removed organiser keeps their rights until the access token expires: one hour.
  const staffClient = resourcesOf('AWS::Cognito::UserPoolClient')[logicalId(stack.userPoolClients.staff)]!.Properties!;
  assert.equal(staffClient.AccessTokenValidity, 60);
  assert.equal(staffClient.TokenValidityUnits.AccessToken, 'minutes');
});

test('outputs: API URL, both user pools with their clients and issuers, table', () => {
  const outputs = Object.keys(template.findOutputs('*'));
  for (const name of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'IssuerUrl', 'StaffUserPoolId', 'StaffUserPoolClientId', 'StaffIssuerUrl', 'TableName']) {
    assert.ok(outputs.includes(name), `missing output ${name}`);
  }
});

/** The AWS Solutions pack, also noting every finding before acknowledgements are applied. */
class RecordingChecks extends AwsSolutionsChecks {
  readonly findings: { ruleId: string; path: string }[] = [];
  protected override applyRule(params: IApplyRule): void {
    const ruleId = `${this.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
    const rule = (node: CfnResource): NagRuleResult => {
      const result = params.rule(node);
      if (result === NagRuleCompliance.NON_COMPLIANT) this.findings.push({ ruleId, path: node.node.path });
      else if (Array.isArray(result)) for (const f of result) this.findings.push({ ruleId: `${ruleId}[${f}]`, path: node.node.path });
      return result;
    };
    Object.defineProperty(rule, 'name', { value: params.rule.name });
    super.applyRule({ ...params, rule });
  }
}

/** Acknowledgements of AwsSolutions rules recorded on constructs: path, rule id, reason. */
function acknowledgements(root: IConstruct) {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, ruleId: id.replace(/^annotation::/i, ''), reason }))
      .filter((a) => a.ruleId.startsWith('AwsSolutions-')),
  );
}

test('cdk-nag AwsSolutions: nothing unacknowledged, every acknowledgement used and reasoned', (t) => {
  const pack = new RecordingChecks(app);
  const report = pack.validateScope(app);
  const open = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}: ${v.description}`));
  assert.deepEqual(open, [], `unacknowledged findings:\n${open.join('\n')}`);

  const acks = acknowledgements(app);
  const covers = (ackPath: string, path: string) => path === ackPath || path.startsWith(`${ackPath}/`);
  for (const finding of pack.findings) {
    const ack = acks.find((a) => a.ruleId === finding.ruleId && covers(a.path, finding.path))!;
    t.diagnostic(`acknowledged ${finding.ruleId} at ${finding.path}: ${ack.reason}`);
  }
  for (const ack of acks) {
    assert.ok(ack.reason.length >= 20, `${ack.ruleId} at ${ack.path} needs a real reason`);
    const used = pack.findings.some((f) => f.ruleId === ack.ruleId && covers(ack.path, f.path));
    assert.ok(used, `stale acknowledgement ${ack.ruleId} at ${ack.path}: nothing triggers it any more, remove it`);
  }
});

test('webhooks: secrets sealed by a rotating KMS key that the API may only encrypt with and the delivery function alone decrypt; batches fit the timeout', () => {
  // The other key encrypts the alarm topic (lib/observability.ts).
  const keys = Object.entries(resourcesOf('AWS::KMS::Key')).filter(([, k]) => /webhook signing secrets/.test(k.Properties!.Description));
  assert.equal(keys.length, 1, 'one key for webhook secrets');
  const [keyId, key] = keys[0]!;
  assert.equal(key.Properties!.EnableKeyRotation, true);
  assert.equal(key.DeletionPolicy, 'Retain');
  const fns = resourcesOf('AWS::Lambda::Function');
  const [delivererId, deliverer] = Object.entries(fns).find(([, fn]) => fn.Properties!.Environment?.Variables?.WEBHOOK_MAX_RECEIVES)!;
  const roleOf = (fnId: string) => (fns[fnId]!.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
  const kmsByRole = new Map<string, string[]>();
  for (const s of allowStatements().filter((s) => s.actions.some((a) => /^kms:/i.test(a)))) {
    assert.deepEqual(s.resources, [{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
    for (const role of s.roles) kmsByRole.set(role, [...(kmsByRole.get(role) ?? []), ...s.actions]);
  }
  assert.deepEqual(
    Object.fromEntries(kmsByRole),
    { [roleOf(logicalId(stack.functions.catalogueWrite))]: ['kms:Encrypt'], [roleOf(delivererId)]: ['kms:Decrypt'] },
    'only these two roles use the key, each for one action',
  );
  const kmsConditions = Object.values(resourcesOf('AWS::IAM::Policy'))
    .flatMap((p) => asArray(p.Properties!.PolicyDocument.Statement))
    .filter((s: any) => asArray(s.Action).some((a: string) => a.startsWith('kms:')))
    .map((s: any) => s.Condition);
  for (const condition of kmsConditions) assert.deepEqual(condition, { StringEquals: { 'kms:EncryptionContext:purpose': 'webhook-secret' } });
  for (const fnId of [logicalId(stack.functions.catalogueWrite), delivererId]) {
    assert.deepEqual(fns[fnId]!.Properties!.Environment.Variables.WEBHOOK_SECRET_KEY_ID, { 'Fn::GetAtt': [keyId, 'Arn'] });
  }

  const timeout = deliverer.Properties!.Timeout as number;
  assert.ok(timeout * 1000 >= 3 * ATTEMPT_TIMEOUT_MS, `a ${timeout} s delivery function for ${ATTEMPT_TIMEOUT_MS} ms attempts`);
  const [, source] = Object.entries(resourcesOf('AWS::Lambda::EventSourceMapping')).find(([, m]) => m.Properties!.FunctionName?.Ref === delivererId)!;
  assert.deepEqual(source.Properties!.FunctionResponseTypes, ['ReportBatchItemFailures']);
  const queue = Object.values(resourcesOf('AWS::SQS::Queue')).find((q) => q.Properties!.RedrivePolicy && q.Properties!.FifoQueue)!;
  assert.ok(queue.Properties!.VisibilityTimeout >= 6 * timeout, 'visibility timeout at least six times the function timeout');
});

test('import jobs: a queue with a dead-letter queue, a runner (arm64, Node 22) one message at a time, and only the admin function and the runner may send to it', () => {
  const fns = resourcesOf('AWS::Lambda::Function');
  const runnerId = logicalId(stack.tableUsers.importRunner);
  const runner = fns[runnerId]!;
  assert.deepEqual(runner.Properties!.Architectures, ['arm64']);
  assert.equal(runner.Properties!.Runtime, 'nodejs22.x');
  const [, source] = Object.entries(resourcesOf('AWS::Lambda::EventSourceMapping')).find(([, m]) => m.Properties!.FunctionName?.Ref === runnerId)!;
  assert.equal(source.Properties!.BatchSize, 1);
  const queueArn = source.Properties!.EventSourceArn as { 'Fn::GetAtt': [string, string] };
  const queueId = queueArn['Fn::GetAtt'][0];
  const queue = resourcesOf('AWS::SQS::Queue')[queueId]!;
  assert.ok(queue.Properties!.RedrivePolicy.deadLetterTargetArn, 'a dead-letter queue');
  assert.ok(queue.Properties!.VisibilityTimeout >= 6 * (runner.Properties!.Timeout as number), 'visibility timeout at least six times the runner timeout');
  // Who may send to it: the roles whose policies name sqs:SendMessage on this queue.
  const senders = Object.entries(resourcesOf('AWS::IAM::Policy'))
    .filter(([, policy]) =>
      (policy.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).some(
        (s) => [s.Action].flat().includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(queueId),
      ),
    )
    .flatMap(([, policy]) => (policy.Properties!.Roles as { Ref: string }[]).map((r) => r.Ref))
    .sort();
  const roleOf = (fnId: string) => (fns[fnId]!.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
  assert.deepEqual(senders, [roleOf(logicalId(stack.functions.catalogueWrite)), roleOf(runnerId)].sort());
  for (const fnId of [runnerId, logicalId(stack.functions.catalogueWrite)]) {
    assert.deepEqual(fns[fnId]!.Properties!.Environment.Variables.IMPORT_QUEUE_URL, { Ref: queueId });
  }
});

test('live channel: a WebSocket API whose routes one function serves, a throttled stage with access logs, pushes only to its own sockets, and the notices\' mail queue', () => {
  const [wsApiId, wsApi] = Object.entries(resourcesOf('AWS::ApiGatewayV2::Api')).find(([, api]) => api.Properties!.ProtocolType === 'WEBSOCKET')!;
  assert.equal(wsApi.Properties!.RouteSelectionExpression, '$request.body.action');
  const routesByKey = new Map(Object.entries(ofApi('AWS::ApiGatewayV2::Route', wsApiId)).map(([id, r]) => [r.Properties!.RouteKey as string, { id, ...r.Properties! } as Record<string, any>]));
  assert.deepEqual([...routesByKey.keys()].sort(), ['$connect', '$default', '$disconnect', 'subscribe']);
  const integrations = ofApi('AWS::ApiGatewayV2::Integration', wsApiId);
  for (const [key, route] of routesByKey) {
    const integration = integrations[route.Target['Fn::Join'][1][1].Ref as string]!.Properties!;
    assert.match(JSON.stringify(integration.IntegrationUri), new RegExp(logicalId(stack.live.connections)), key);
  }
  // The answer to a subscribe (or to a message of no known action) goes back to the socket.
  const answered = Object.values(ofApi('AWS::ApiGatewayV2::RouteResponse', wsApiId)).map((r) => JSON.stringify(r.Properties!.RouteId));
  for (const key of ['subscribe', '$default']) assert.ok(answered.includes(JSON.stringify({ Ref: routesByKey.get(key)!.id })), key);

  const [, stage] = onlyOfApi('AWS::ApiGatewayV2::Stage', wsApiId);
  assert.equal(stage.Properties!.StageName, 'live');
  assert.ok(stage.Properties!.DefaultRouteSettings.ThrottlingRateLimit > 0);
  assert.equal(JSON.parse(stage.Properties!.AccessLogSettings.Format).connectionId, '$context.connectionId');

  // The stream consumer runs the fan-out: it may post to this stage's sockets only, and knows where.
  const recorder = statementsOfRole(template.toJSON() as never, logicalId(stack.tableUsers.changeRecorder.role!), () => undefined);
  const manage = recorder.filter((s) => asArray(s.Action).includes('execute-api:ManageConnections'));
  assert.equal(manage.length, 1);
  assert.match(JSON.stringify(manage[0]!.Resource), new RegExp(`${wsApiId}.*/live/POST/@connections/\\*`));
  const env = (fn: IConstruct) => (template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables as Record<string, unknown>);
  assert.ok(env(stack.tableUsers.changeRecorder).LIVE_CALLBACK_URL);
  assert.ok(env(stack.tableUsers.changeRecorder).NOTICE_QUEUE_URL);
  // The socket routes check attendees' and organisers' tokens against their own pools.
  const poolOf = (name: string) => JSON.stringify(env(stack.tableUsers.liveConnections)[name]);
  for (const name of ['ATTENDEE_USER_POOL_ID', 'ATTENDEE_CLIENT_ID', 'STAFF_USER_POOL_ID', 'STAFF_CLIENT_ID']) assert.match(poolOf(name) ?? '', /"Ref"/, name);
  assert.notEqual(poolOf('STAFF_USER_POOL_ID'), poolOf('ATTENDEE_USER_POOL_ID'));
  assert.notEqual(poolOf('STAFF_CLIENT_ID'), poolOf('ATTENDEE_CLIENT_ID'));
  for (const fn of ['liveConnections', 'noticeMailer'] as const) {
    const props = template.toJSON().Resources[logicalId(stack.tableUsers[fn])].Properties;
    assert.deepEqual([props.Runtime, props.Architectures], ['nodejs22.x', ['arm64']], fn);
  }
  // Without a sender the mailer may send nothing (notices are told on the page only).
  const mailer = statementsOfRole(template.toJSON() as never, logicalId(stack.live.mailer.role!), () => undefined);
  assert.ok(!mailer.some((s) => JSON.stringify(s.Action).includes('ses:')));
  assert.equal(env(stack.live.mailer).MAIL_FROM, undefined);
});

test('notices\' mail with a sender: the mailer may send from that address only, through its identity, from a queue with a dead-letter queue', () => {
  const mailApp = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const withMail = new CatalogueStack(mailApp, 'WithMail', { mailFrom: 'notices@example.org' });
  const mailTemplate = Template.fromStack(withMail);
  const id = (construct: IConstruct) => withMail.getLogicalId(construct.node.defaultChild as CfnResource);
  const statements = statementsOfRole(mailTemplate.toJSON() as never, id(withMail.live.mailer.role!), () => undefined);
  const send = statements.filter((s) => asArray(s.Action).includes('ses:SendEmail'));
  assert.equal(send.length, 1);
  assert.deepEqual(send[0]!.Condition, { StringEquals: { 'ses:FromAddress': 'notices@example.org' } });
  assert.match(JSON.stringify(send[0]!.Resource), /identity\/notices@example\.org/);
  assert.match(JSON.stringify(send[0]!.Resource), /identity\/example\.org/);
  assert.equal(mailTemplate.toJSON().Resources[id(withMail.live.mailer)].Properties.Environment.Variables.MAIL_FROM, 'notices@example.org');
  const queue = mailTemplate.toJSON().Resources[id(withMail.live.mailQueue)].Properties;
  assert.ok(queue.RedrivePolicy.deadLetterTargetArn);
  mailTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: id(withMail.live.mailer) }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
});
