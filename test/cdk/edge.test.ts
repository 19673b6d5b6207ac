/**
 * The edge in front of the API: an AWS WAF web ACL on the distribution
 * (scope CLOUDFRONT, so made in us-east-1: in the catalogue stack there, in
 * a stack of its own when the catalogue is elsewhere), the origin secret
 * CloudFront adds and the functions require, and per-route throttles from the
 * route table. Bundling is skipped as in stack.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { App, type CfnResource, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ORIGIN_SECRET_HEADER } from '../../lambda/api/http';
import { ACCOUNT_THROTTLE, READS_KEEP, apiRoutes, routes, throttles } from '../../lambda/api/routes';
import { addCatalogueStacks } from '../../lib/catalogue-app';
import { CatalogueStack } from '../../lib/catalogue-stack';
import { largeBodyPaths, OVERSIZED_BODY_LABEL } from '../../lib/edge-web-acl';
import { ofWebSocketApi } from '../support/http-api';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context?: object };
const newApp = (context: object = {}) => new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
/** A type's resources; of API Gateway's, the HTTP API's only (../support/http-api.ts). */
const resourcesOf = (template: Template, type: string) =>
  (Object.entries(template.findResources(type)) as [string, Resource][]).filter(([, r]) => !ofWebSocketApi(template)(r));
const logicalId = (stack: Stack, construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);

// A stack for any region: it makes its own web ACL and may only be deployed in us-east-1.
const anyRegionApp = newApp();
const anyRegion = new CatalogueStack(anyRegionApp, 'AnyRegion');
const anyRegionTemplate = Template.fromStack(anyRegion);
const distributionConfig = (template: Template) => resourcesOf(template, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;

test('the web ACL: scope CLOUDFRONT, a per-IP rate limit answered 429, the common rule set, and its 8 KB body limit kept but for staff writes', (t) => {
  const [[aclId, acl]] = resourcesOf(anyRegionTemplate, 'AWS::WAFv2::WebACL') as [[string, Resource]];
  const p = acl.Properties;
  assert.equal(p.Scope, 'CLOUDFRONT');
  assert.deepEqual(p.DefaultAction, { Allow: {} });
  assert.deepEqual(distributionConfig(anyRegionTemplate).WebACLId, { 'Fn::GetAtt': [aclId, 'Arn'] });
  const [rate, common, bodies] = p.Rules as any[];
  assert.equal(rate.Statement.RateBasedStatement.AggregateKeyType, 'IP');
  assert.ok(rate.Statement.RateBasedStatement.Limit >= 100);
  assert.equal(rate.Action.Block.CustomResponse.ResponseCode, 429);
  assert.deepEqual(common.Statement.ManagedRuleGroupStatement.Name, 'AWSManagedRulesCommonRuleSet');
  assert.deepEqual(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides, [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
  assert.deepEqual(common.OverrideAction, { None: {} });
  assert.ok(common.Priority < bodies.Priority, 'the label is set before the rule that reads it');
  const [label, exempt] = bodies.Statement.AndStatement.Statements;
  assert.deepEqual(label, { LabelMatchStatement: { Scope: 'LABEL', Key: OVERSIZED_BODY_LABEL } });
  assert.deepEqual(bodies.Action, { Block: {} });
  const [method, uriPath] = exempt.NotStatement.Statement.AndStatement.Statements.map((s: any) => s.RegexMatchStatement);
  assert.deepEqual([method.FieldToMatch, uriPath.FieldToMatch], [{ Method: {} }, { UriPath: {} }]);
  const methods = new RegExp(method.RegexString);
  const regex = new RegExp(uriPath.RegexString);
  assert.ok(regex.source.length <= 512, `WAF takes regular expressions of at most 512 characters, not ${regex.source.length}`);
  // Every route, with ids filled in: large bodies are taken only by organisers' and admins' writes.
  const staffWrite = (route: (typeof routes)[number]) => (route.access === 'organiser' || route.access === 'staff') && ['POST', 'PUT', 'PATCH'].includes(route.method);
  const staffWritePaths = new Set(routes.filter(staffWrite).map((r) => r.path));
  let taken = 0;
  for (const route of routes) {
    const path = route.path.replace(/\{\w+\}/g, 'summit-2025');
    const exempted = methods.test(route.method) && regex.test(path);
    assert.equal(exempted, staffWrite(route), `${route.method} ${route.path}`);
    assert.equal(regex.test(path), staffWritePaths.has(route.path), route.path);
    if (exempted) taken++;
  }
  for (const m of ['GET', 'HEAD', 'DELETE', 'OPTIONS']) assert.ok(!methods.test(m), m);
  for (const path of ['/', '/index.html', '/events/a/import/x', '/events/A/import', '/events/a/import?x=1']) assert.ok(!regex.test(path), path);
  for (const rule of p.Rules) assert.equal(rule.VisibilityConfig.SampledRequestsEnabled, false, `${rule.Name}: samples keep headers and query strings`);
  assert.deepEqual(regex, largeBodyPaths());
  t.diagnostic(`${routes.length} routes: ${taken} staff writes take bodies over 8 KB, the rest keep the limit`);
});

test('a stack for any region refuses, at deploy, a region other than us-east-1 for its web ACL; one elsewhere at synth must be given an ACL', () => {
  const [[, rule]] = Object.entries(anyRegionTemplate.toJSON().Rules ?? {}) as [[string, any]];
  assert.deepEqual(rule.Assertions[0].Assert, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
  assert.throws(() => new CatalogueStack(newApp(), 'Seoul', { env: { region: 'ap-northeast-2' } }), /must be made in us-east-1/);
});

test('deployed in another region, the web ACL is made in a us-east-1 stack of its own and reaches the distribution by a cross-region reference; cdk-nag finds nothing in either', () => {
  const app = newApp();
  const { catalogue, edge } = addCatalogueStacks(app, { region: 'ap-northeast-2' });
  assert.ok(edge, 'no edge stack');
  assert.equal(edge.region, 'us-east-1');
  const edgeTemplate = Template.fromStack(edge);
  const catalogueTemplate = Template.fromStack(catalogue);
  assert.equal(resourcesOf(edgeTemplate, 'AWS::WAFv2::WebACL').length, 1);
  assert.equal(resourcesOf(catalogueTemplate, 'AWS::WAFv2::WebACL').length, 0);
  assert.match(JSON.stringify(distributionConfig(catalogueTemplate).WebACLId), /ExportsReader/);
  const report = new AwsSolutionsChecks(app).validateScope(app);
  assert.deepEqual(report.violations.map((v) => v.ruleName), []);

  // An existing web ACL instead: no edge stack.
  const given = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/catalogue/0000';
  const withGiven = addCatalogueStacks(newApp({ webAclArn: given }), { region: 'ap-northeast-2' });
  assert.equal(withGiven.edge, undefined);
  assert.equal(distributionConfig(Template.fromStack(withGiven.catalogue)).WebACLId, given);
  // In us-east-1 the catalogue stack holds its ACL itself.
  const east = addCatalogueStacks(newApp(), { region: 'us-east-1' });
  assert.equal(east.edge, undefined);
  assert.equal(resourcesOf(Template.fromStack(east.catalogue), 'AWS::WAFv2::WebACL').length, 1);
});

test('CloudFront sends the origin secret to the API, not to the bucket; every API function reads it, and only those', (t) => {
  const [[secretId]] = resourcesOf(anyRegionTemplate, 'AWS::SecretsManager::Secret').filter(([, s]) => /X-Origin-Verify/.test(s.Properties.Description)) as [[string, Resource]];
  const config = distributionConfig(anyRegionTemplate);
  const [apiId] = resourcesOf(anyRegionTemplate, 'AWS::ApiGatewayV2::Api')[0]!;
  for (const origin of config.Origins as any[]) {
    const toApi = JSON.stringify(origin.DomainName).includes(JSON.stringify({ Ref: apiId }));
    const headers = origin.OriginCustomHeaders ?? [];
    if (!toApi) {
      assert.deepEqual(headers, [], 'the bucket gets no origin secret');
      continue;
    }
    assert.equal(headers.length, 1);
    assert.equal(headers[0].HeaderName, ORIGIN_SECRET_HEADER);
    // A dynamic reference that CloudFormation resolves: the value is never in the template.
    assert.match(JSON.stringify(headers[0].HeaderValue), new RegExp(`\\{\\{resolve:secretsmanager:.*${secretId}.*:SecretString:::\\}\\}`));
  }
  const readers = new Set<string>();
  for (const [, policy] of resourcesOf(anyRegionTemplate, 'AWS::IAM::Policy')) {
    for (const s of [policy.Properties.PolicyDocument.Statement].flat()) {
      const names = [s.Resource].flat().some((r: unknown) => JSON.stringify(r) === JSON.stringify({ Ref: secretId }));
      if (names) for (const role of policy.Properties.Roles) readers.add(role.Ref);
    }
  }
  const functions = Object.values(anyRegion.functions);
  assert.deepEqual([...readers].sort(), functions.map((fn) => logicalId(anyRegion, fn.role!)).sort());
  const lambdas = Object.fromEntries(resourcesOf(anyRegionTemplate, 'AWS::Lambda::Function'));
  for (const fn of functions) assert.deepEqual(lambdas[logicalId(anyRegion, fn)]!.Properties.Environment.Variables.ORIGIN_SECRET_ARN, { Ref: secretId });
  t.diagnostic(`${functions.length} API functions read the origin secret; CloudFront sends it to 1 origin of ${config.Origins.length}`);
});

test('after a rotation, naming the version makes CloudFront send it and the functions start afresh', () => {
  const stack = new CatalogueStack(newApp(), 'Rotated', { originSecretVersion: 'v-2' });
  const template = Template.fromStack(stack);
  const api = (distributionConfig(template).Origins as any[]).find((o) => o.OriginCustomHeaders);
  assert.match(JSON.stringify(api.OriginCustomHeaders[0].HeaderValue), /:SecretString:::v-2\}\}/);
  const lambdas = Object.fromEntries(resourcesOf(template, 'AWS::Lambda::Function'));
  for (const fn of Object.values(stack.functions)) assert.equal(lambdas[logicalId(stack, fn)]!.Properties.Environment.Variables.ORIGIN_SECRET_VERSION, 'v-2');
});

test("per-route throttles come from the route table; reserving takes a hot session's 5,000 a second, and the writing routes and the live channel together leave reads their share of the account's rate", (t) => {
  const [[, stage]] = resourcesOf(anyRegionTemplate, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
  const defaults = stage.Properties.DefaultRouteSettings;
  assert.deepEqual([defaults.ThrottlingRateLimit, defaults.ThrottlingBurstLimit], [throttles.read.rateLimit, throttles.read.burstLimit]);
  const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
  let rate = 0;
  let burst = 0;
  for (const { route, method, key } of apiRoutes) {
    const applied = settings[key] ? { rateLimit: settings[key].ThrottlingRateLimit, burstLimit: settings[key].ThrottlingBurstLimit } : throttles.read;
    assert.deepEqual(applied, throttles[route.throttle], key);
    if (method === 'GET' || method === 'HEAD') continue;
    assert.notEqual(route.throttle, 'read', `${key} writes at the rate of reads`);
    rate += applied.rateLimit;
    burst += applied.burstLimit;
  }
  // The live channel's WebSocket stage draws on the same regional quota: its messages count with the writes.
  const liveStages = Object.values(anyRegionTemplate.findResources('AWS::ApiGatewayV2::Stage') as Record<string, Resource>).filter(ofWebSocketApi(anyRegionTemplate));
  assert.equal(liveStages.length, 1);
  const live = liveStages[0]!.Properties.DefaultRouteSettings as { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
  assert.ok(live.ThrottlingRateLimit > 0 && live.ThrottlingBurstLimit > 0, 'the live stage is throttled');
  rate += live.ThrottlingRateLimit;
  burst += live.ThrottlingBurstLimit;
  const reserve = settings['PUT /events/{eventId}/sessions/{sessionId}/reservation']!;
  assert.ok(reserve.ThrottlingRateLimit >= 5000, `reserving takes ${reserve.ThrottlingRateLimit} a second`);
  assert.deepEqual(settings['DELETE /events/{eventId}/sessions/{sessionId}/reservation'], {
    ThrottlingRateLimit: throttles.cancellation.rateLimit,
    ThrottlingBurstLimit: throttles.cancellation.burstLimit,
  });
  assert.ok(rate <= ACCOUNT_THROTTLE.rateLimit - READS_KEEP.rateLimit, `writes may take ${rate} rps of ${ACCOUNT_THROTTLE.rateLimit}`);
  assert.ok(burst <= ACCOUNT_THROTTLE.burstLimit - READS_KEEP.burstLimit, `writes may burst to ${burst} of ${ACCOUNT_THROTTLE.burstLimit}`);
  // Route settings name routes, so the stage is made after them.
  const routeIdOf = new Map(resourcesOf(anyRegionTemplate, 'AWS::ApiGatewayV2::Route').map(([id, r]) => [r.Properties.RouteKey, id]));
  for (const key of Object.keys(settings)) assert.ok(stage.DependsOn?.includes(routeIdOf.get(key)!), `the stage does not wait for ${key}`);
  t.diagnostic(
    `${Object.keys(settings).length} writing routes throttled, with the live channel's ${live.ThrottlingRateLimit} rps: together ${rate} rps (burst ${burst}) of the account's ${ACCOUNT_THROTTLE.rateLimit} (${ACCOUNT_THROTTLE.burstLimit}), reserving ${reserve.ThrottlingRateLimit}; reads keep at least ${ACCOUNT_THROTTLE.rateLimit - rate} rps, ${throttles.read.rateLimit} rps each`,
  );
});
