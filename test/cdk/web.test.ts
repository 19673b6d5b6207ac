/**
 * The web hosting in the template: a private, SSL-only, logged bucket read
 * by CloudFront through origin access control; every API route reachable on
 * the same distribution, uncached, with the viewer's headers; the deployment
 * of the built page plus a Cognito config.json. Bundling is skipped as in
 * stack.test.ts, so the page is not built here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { routes } from '../../lambda/api/routes';
import { CatalogueStack } from '../../lib/catalogue-stack';
import { API_PATH_PATTERNS } from '../../lib/web-hosting';
import { ofWebSocketApi } from '../support/http-api';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context?: object };
const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
const stack = new CatalogueStack(app, 'WebTest');
const template = Template.fromStack(stack);

type Resource = { Type: string; Properties: Record<string, any> };
/** A type's resources; of API Gateway's, the HTTP API's only (../support/http-api.ts). */
const resourcesOf = (type: string) =>
  Object.fromEntries(Object.entries(template.findResources(type) as Record<string, Resource>).filter(([, r]) => !ofWebSocketApi(template)(r)));
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const [[, distribution]] = Object.entries(resourcesOf('AWS::CloudFront::Distribution')) as [[string, Resource]];
const config = distribution.Properties.DistributionConfig;

// Managed CloudFront policies, by their fixed ids.
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** CloudFront path patterns: `*` matches any characters, `?` one. */
const matches = (pattern: string, path: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(path);

test('one distribution; the page comes from the bucket through origin access control, over HTTPS, with security headers', () => {
  assert.equal(Object.keys(resourcesOf('AWS::CloudFront::Distribution')).length, 1);
  const siteId = logicalId(stack.node.findChild('Web').node.findChild('Site'));
  const defaultOrigin = config.Origins.find((o: any) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
  assert.deepEqual(defaultOrigin.DomainName, { 'Fn::GetAtt': [siteId, 'RegionalDomainName'] });
  assert.ok(defaultOrigin.OriginAccessControlId, 'no origin access control');
  assert.equal(defaultOrigin.S3OriginConfig.OriginAccessIdentity, '');
  assert.equal(config.DefaultCacheBehavior.ViewerProtocolPolicy, 'redirect-to-https');
  assert.ok(config.DefaultCacheBehavior.ResponseHeadersPolicyId);
  assert.equal(config.DefaultRootObject, 'index.html');
  // Standard (legacy) logs record every query string, calendar-feed tokens included; the stage and the bucket log instead.
  assert.equal(config.Logging, undefined, 'CloudFront writes standard logs');
});

test('the site bucket is private, SSL-only, logged, and readable only by this distribution', () => {
  const siteId = logicalId(stack.node.findChild('Web').node.findChild('Site'));
  const site = resourcesOf('AWS::S3::Bucket')[siteId]!.Properties;
  assert.deepEqual(site.PublicAccessBlockConfiguration, {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  assert.ok(site.LoggingConfiguration?.DestinationBucketName, 'server access logs');
  const policy = Object.values(resourcesOf('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === siteId)!;
  const statements = policy.Properties.PolicyDocument.Statement as any[];
  assert.ok(statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
  const reads = statements.filter((s) => s.Effect === 'Allow');
  assert.equal(reads.length, 1);
  assert.deepEqual(reads[0].Principal, { Service: 'cloudfront.amazonaws.com' });
  assert.equal(reads[0].Action, 's3:GetObject');
  assert.match(JSON.stringify(reads[0].Condition.StringEquals['AWS:SourceArn']), /distribution/);
});

test('every API route is served by the HTTP API origin, uncached, with all viewer headers but Host; the page paths are not', () => {
  const behaviours = config.CacheBehaviors as any[];
  assert.deepEqual(behaviours.map((b) => b.PathPattern).sort(), [...API_PATH_PATTERNS].sort());
  const [apiId] = Object.keys(resourcesOf('AWS::ApiGatewayV2::Api'));
  for (const behaviour of behaviours) {
    const origin = config.Origins.find((o: any) => o.Id === behaviour.TargetOriginId);
    assert.ok(JSON.stringify(origin.DomainName).includes(JSON.stringify({ Ref: apiId })), behaviour.PathPattern);
    assert.deepEqual(origin.CustomOriginConfig, { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    assert.equal(behaviour.CachePolicyId, CACHING_DISABLED, behaviour.PathPattern);
    assert.equal(behaviour.OriginRequestPolicyId, ALL_VIEWER_EXCEPT_HOST_HEADER, behaviour.PathPattern);
    assert.deepEqual([...behaviour.AllowedMethods].sort(), ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
  }
  // A route added to the route table must not fall through to the bucket.
  for (const route of routes) {
    const path = route.path.replace(/\{[^}]+\}/g, 'x');
    assert.ok(API_PATH_PATTERNS.some((pattern) => matches(pattern, path)), `${route.method} ${route.path} is not sent to the API`);
  }
  for (const path of ['/', '/index.html', '/assets/main.js', '/config.json', '/local/dev-token']) {
    assert.ok(!API_PATH_PATTERNS.some((pattern) => matches(pattern, path)), `${path} must come from the bucket`);
  }
});

test('the deployment copies the page and a Cognito config.json, then invalidates the distribution', () => {
  const [deployment] = Object.values(resourcesOf('Custom::CDKBucketDeployment'));
  const p = deployment!.Properties;
  assert.equal(p.SourceBucketNames.length, 2, 'the built page and config.json');
  assert.deepEqual(p.DistributionPaths, ['/*']);
  assert.ok(p.DistributionId);
  for (const client of Object.values(stack.userPoolClients)) {
    assert.ok(JSON.stringify(p.SourceMarkers).includes(JSON.stringify({ Ref: logicalId(client) })), 'config.json names both app clients');
  }
  assert.ok(p.SystemMetadata?.['cache-control']?.includes('max-age=0'), 'browsers revalidate the page');
});

test("the deployment handler is CDK's only extra Lambda, with its own role and log group and no managed policy", () => {
  const functions = Object.entries(resourcesOf('AWS::Lambda::Function')).filter(([id]) => id.startsWith('CustomCDKBucketDeployment'));
  assert.equal(functions.length, 1);
  const [, handler] = functions[0]!;
  const roleId = handler.Properties.Role['Fn::GetAtt'][0] as string;
  assert.equal(resourcesOf('AWS::IAM::Role')[roleId]!.Properties.ManagedPolicyArns, undefined);
  assert.ok(handler.Properties.LoggingConfig?.LogGroup?.Ref);
});

test('the WebUrl output is the distribution', () => {
  const output = template.findOutputs('WebUrl').WebUrl;
  assert.ok(output, 'missing output WebUrl');
  assert.match(JSON.stringify(output.Value), /DomainName/);
});
