/**
 * Stages and domains, as `cdk deploy -c stage=… [-c domainName=… -c
 * certificateArn=…]` makes them (lib/catalogue-app.ts): dev destroys
 * cleanly, prod keeps its data; names, log retention and throttles per
 * stage; a custom domain with its certificate. Bundling is skipped as in
 * stack.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { apiRoutes, throttles } from '../../lambda/api/routes';
import { addCatalogueStacks } from '../../lib/catalogue-app';
import { ofWebSocketApi } from '../support/http-api';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
const newApp = (context: object = {}) => new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
const resources = (template: Template) => Object.entries(template.toJSON().Resources as Record<string, Resource>);
/** A type's resources; of API Gateway's, the HTTP API's only (../support/http-api.ts). */
const ofType = (template: Template, type: string) => resources(template).filter(([, r]) => r.Type === type && !ofWebSocketApi(template)(r));
const STATEFUL = ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket'];

function synth(context: object) {
  const app = newApp(context);
  const { catalogue } = addCatalogueStacks(app, {});
  return { app, stack: catalogue, template: Template.fromStack(catalogue) };
}

// Synthesizing takes seconds: dev is made once, with a custom domain, and serves two tests.
const domain = { domainName: 'catalogue.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000' };
const dev = synth({ stage: 'dev', ...domain });

/** The stage's default throttle and each writing route's, as the template has them. */
function stageThrottles(template: Template) {
  const [[, stage]] = ofType(template, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
  const { ThrottlingRateLimit, ThrottlingBurstLimit } = stage.Properties.DefaultRouteSettings;
  return { read: { rateLimit: ThrottlingRateLimit, burstLimit: ThrottlingBurstLimit }, routes: stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> };
}

test('cdk.json deploys dev unless told otherwise; an unknown stage is refused, naming the known ones', () => {
  assert.equal(cdkJson.context.stage, 'dev');
  assert.throws(() => addCatalogueStacks(newApp({ stage: 'production' }), {}), /Unknown stage "production": use -c stage=dev or -c stage=prod/);
});

test('dev: its own stack name, everything deleted with the stack (buckets emptied first), logs kept a week, a tenth of the throttles', () => {
  const { stack, template } = dev;
  assert.equal(stack.stackName, 'SessionCatalogue-dev');
  const kept = resources(template).filter(([, r]) => (r.DeletionPolicy ?? 'Delete') !== 'Delete' || (r.UpdateReplacePolicy ?? 'Delete') !== 'Delete');
  assert.deepEqual(kept.map(([id, r]) => `${id} ${r.Type}`), [], 'nothing outlives cdk destroy');
  assert.equal(ofType(template, 'AWS::DynamoDB::Table')[0]![1].Properties.DeletionProtectionEnabled, false);
  for (const [, pool] of ofType(template, 'AWS::Cognito::UserPool')) assert.equal(pool.Properties.DeletionProtection, 'INACTIVE');
  assert.equal(ofType(template, 'AWS::KMS::Key')[0]![1].Properties.PendingWindowInDays, 7);
  const buckets = ofType(template, 'AWS::S3::Bucket').map(([id]) => id).sort();
  const emptied = ofType(template, 'Custom::S3AutoDeleteObjects').map(([, r]) => r.Properties.BucketName.Ref).sort();
  assert.deepEqual(emptied, buckets, 'every bucket is emptied before it is deleted');
  for (const [id, group] of ofType(template, 'AWS::Logs::LogGroup')) assert.equal(group.Properties.RetentionInDays, 7, id);
  const [, logBucket] = ofType(template, 'AWS::S3::Bucket').find(([, b]) => b.Properties.LifecycleConfiguration)!;
  assert.equal(logBucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays, 7);
  const { read, routes } = stageThrottles(template);
  assert.deepEqual(read, { rateLimit: 100, burstLimit: 200 });
  const reserve = apiRoutes.find((r) => r.route.operation === 'reserveSeat')!;
  assert.deepEqual(routes[reserve.key], { ThrottlingRateLimit: throttles.reservation.rateLimit / 10, ThrottlingBurstLimit: throttles.reservation.burstLimit / 10 });
  assert.deepEqual(ofType(template, 'AWS::DynamoDB::Table')[0]![1].Properties.Tags, [{ Key: 'stage', Value: 'dev' }]);
});

test('prod: the stack’s original name, data and logs kept when the stack is deleted, logs kept 90 days, the route table’s throttles', () => {
  const { stack, template } = synth({ stage: 'prod' });
  assert.equal(stack.stackName, 'SessionCatalogue');
  for (const type of STATEFUL) {
    const found = ofType(template, type);
    assert.ok(found.length > 0, type);
    for (const [id, r] of found) assert.deepEqual([r.DeletionPolicy, r.UpdateReplacePolicy], ['Retain', 'Retain'], `${id} ${type}`);
  }
  assert.equal(ofType(template, 'AWS::DynamoDB::Table')[0]![1].Properties.DeletionProtectionEnabled, true);
  for (const [, pool] of ofType(template, 'AWS::Cognito::UserPool')) assert.equal(pool.Properties.DeletionProtection, 'ACTIVE');
  assert.equal(ofType(template, 'Custom::S3AutoDeleteObjects').length, 0, 'nothing empties a bucket');
  for (const [id, group] of ofType(template, 'AWS::Logs::LogGroup')) assert.equal(group.Properties.RetentionInDays, 90, id);
  const { read, routes } = stageThrottles(template);
  assert.deepEqual(read, throttles.read);
  const reserve = apiRoutes.find((r) => r.route.operation === 'reserveSeat')!;
  assert.deepEqual(routes[reserve.key], { ThrottlingRateLimit: throttles.reservation.rateLimit, ThrottlingBurstLimit: throttles.reservation.burstLimit });
  assert.deepEqual(ofType(template, 'AWS::DynamoDB::Table')[0]![1].Properties.Tags, [{ Key: 'stage', Value: 'prod' }]);
  // No custom domain and no -c corsOrigins: the page shares the API's origin, so no CORS at all.
  assert.equal(ofType(template, 'AWS::ApiGatewayV2::Api')[0]![1].Properties.CorsConfiguration, undefined);
});

test('a custom domain: CloudFront serves it with its certificate (TLS 1.2 at least), CORS allows it alone, URLs the API prints start there; cdk-nag finds nothing on dev with a domain', () => {
  const { app, template } = dev;
  // CORS allows the custom domain and nothing else.
  assert.deepEqual(ofType(template, 'AWS::ApiGatewayV2::Api')[0]![1].Properties.CorsConfiguration.AllowOrigins, [`https://${domain.domainName}`]);
  const [[, distribution]] = ofType(template, 'AWS::CloudFront::Distribution') as [[string, Resource]];
  const config = distribution.Properties.DistributionConfig;
  assert.deepEqual(config.Aliases, [domain.domainName]);
  assert.deepEqual(config.ViewerCertificate, { AcmCertificateArn: domain.certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  for (const [id, fn] of ofType(template, 'AWS::Lambda::Function').filter(([, f]) => f.Properties.Environment?.Variables?.PUBLIC_BASE_URL)) {
    assert.equal(fn.Properties.Environment.Variables.PUBLIC_BASE_URL, `https://${domain.domainName}`, id);
  }
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  assert.equal(outputs.WebUrl!.Value, `https://${domain.domainName}`);
  assert.ok(outputs.DomainTarget, 'the name a CNAME or alias record points at');
  const report = new AwsSolutionsChecks(app).validateScope(app);
  assert.deepEqual(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`), []);

  assert.throws(() => addCatalogueStacks(newApp({ domainName: domain.domainName }), {}), /domainName and certificateArn go together/);
  assert.throws(
    () => addCatalogueStacks(newApp({ ...domain, certificateArn: domain.certificateArn.replace('us-east-1', 'eu-west-1') }), {}),
    /CloudFront takes certificates from us-east-1 only/,
  );
});
