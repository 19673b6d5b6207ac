/**
 * What a team runs a conference on (lib/observability.ts): alarms on the
 * API's 5xx rate and p99 latency, throttles, dead letters and stream lag,
 * each telling one encrypted SNS topic (with the `-c alarmEmail` address
 * subscribed); a dashboard of the API, the functions' own EMF metrics
 * (lambda/api/metrics.ts), the functions and the table; X-Ray active
 * tracing; and every log group, CDK's own functions' included, kept for the
 * stage's retention. Synthesized once, as `cdk deploy -c stage=dev -c
 * alarmEmail=…` makes it, bundling skipped as in stack.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { metricNames, metricsNamespaceOf } from '../../lambda/api/metrics';
import { addCatalogueStacks } from '../../lib/catalogue-app';
import { alarmThresholds } from '../../lib/observability';
import { stages } from '../../lib/stages';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], stage: 'dev', alarmEmail: 'oncall@example.org' } });
const { catalogue: stack } = addCatalogueStacks(app, {});
const template = Template.fromStack(stack);

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
const resources = Object.entries(template.toJSON().Resources as Record<string, Resource>);
const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const functions = stack.tableUsers;

test('one alarm topic, encrypted with a rotating key CloudWatch may use, TLS only, with the -c alarmEmail address subscribed', () => {
  const [[topicId, topic]] = ofType('AWS::SNS::Topic') as [[string, Resource]];
  const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
  const key = template.toJSON().Resources[keyId] as Resource;
  assert.equal(key.Properties.EnableKeyRotation, true);
  const cloudwatch = key.Properties.KeyPolicy.Statement.find((s: any) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
  assert.deepEqual([cloudwatch.Action].flat().sort(), ['kms:Decrypt', 'kms:GenerateDataKey*']);
  const [[, policy]] = ofType('AWS::SNS::TopicPolicy') as [[string, Resource]];
  assert.ok(policy.Properties.PolicyDocument.Statement.some((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
  const subscriptions = ofType('AWS::SNS::Subscription').map(([, s]) => s.Properties);
  assert.deepEqual(subscriptions.map((s) => [s.Protocol, s.Endpoint, s.TopicArn.Ref]), [['email', 'oncall@example.org', topicId]]);
});

test('alarms: 5xx rate, p99 latency, throttles, each dead-letter queue and each stream reader’s iterator age, all telling the topic when they fire and when they clear', () => {
  const [[topicId]] = ofType('AWS::SNS::Topic') as [[string, Resource]];
  const alarms = ofType('AWS::CloudWatch::Alarm').map(([id, alarm]): Record<string, any> => ({ id, ...alarm.Properties }));
  const byId = (pattern: RegExp) => {
    const found = alarms.filter((a) => pattern.test(a.id));
    assert.equal(found.length, 1, `one alarm ${pattern}: ${alarms.map((a) => a.id).join(', ')}`);
    return found[0]!;
  };
  for (const alarm of alarms) {
    assert.deepEqual(alarm.AlarmActions, [{ Ref: topicId }], alarm.id);
    assert.deepEqual(alarm.OKActions, [{ Ref: topicId }], alarm.id);
    assert.equal(alarm.TreatMissingData, 'notBreaching', alarm.id);
    assert.equal(alarm.ComparisonOperator, 'GreaterThanOrEqualToThreshold', alarm.id);
  }
  const apiId = { Ref: logicalId(stack.node.findChild('Api') as never) };

  const rate = byId(/ApiServerErrorRate/);
  assert.equal(rate.Threshold, alarmThresholds.serverErrorPercent);
  const expression = rate.Metrics.find((m: any) => m.Expression);
  assert.match(expression.Expression, /100 \* errors \/ requests/);
  const named = (id: string) => rate.Metrics.find((m: any) => m.Id === id).MetricStat.Metric;
  assert.deepEqual([named('errors').MetricName, named('requests').MetricName], ['5xx', 'Count']);
  for (const id of ['errors', 'requests']) assert.deepEqual(named(id).Dimensions, [{ Name: 'ApiId', Value: apiId }]);

  const latency = byId(/ApiLatencyP99/);
  assert.deepEqual([latency.MetricName, latency.ExtendedStatistic, latency.Threshold], ['Latency', 'p99', alarmThresholds.p99LatencyMs]);

  // Lambda throttles in alarms of at most 10 functions (a math expression's limit), every function in one; the table's in one of its own.
  const functionAlarms = alarms.filter((a) => a.Metrics?.some((m: any) => m.MetricStat?.Metric.MetricName === 'Throttles'));
  assert.ok(functionAlarms.length >= 1);
  const throttledFunctions = functionAlarms.flatMap((alarm) => {
    assert.equal(alarm.Metrics.find((m: any) => m.Expression).Expression, 'SUM(METRICS())');
    const used = alarm.Metrics.filter((m: any) => m.MetricStat);
    assert.ok(used.length <= 10, 'a math expression takes at most 10 metrics');
    return used.map((m: any) => m.MetricStat.Metric.Dimensions[0].Value.Ref);
  });
  assert.deepEqual(throttledFunctions.sort(), Object.values(functions).map((fn) => logicalId(fn)).sort(), 'every function’s throttles');
  const table = byId(/TableThrottles/);
  assert.deepEqual(table.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName).sort(), ['ReadThrottleEvents', 'WriteThrottleEvents']);

  const dlqAlarms = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
  assert.deepEqual(new Set(dlqAlarms.map((a) => a.Dimensions[0].Value['Fn::GetAtt'][0])), new Set([logicalId(stack.node.findChild('ChangeFeedFailures') as never), logicalId(stack.node.findChild('WebhookDeadLetters') as never), logicalId(stack.node.findChild('ImportJobs').node.findChild('DeadLetters') as never), logicalId(stack.live.mailDeadLetters as never)]));
  assert.ok(dlqAlarms.every((a) => a.Threshold === alarmThresholds.deadLetters && a.Statistic === 'Maximum'));

  const lag = alarms.filter((a) => a.MetricName === 'IteratorAge');
  assert.deepEqual(lag.map((a) => a.Dimensions[0].Value.Ref).sort(), [logicalId(functions.changeRecorder), logicalId(functions.deletionCleaner)].sort());
  assert.ok(lag.every((a) => a.Threshold === alarmThresholds.iteratorAgeMs && a.Statistic === 'Maximum'));
  assert.equal(alarms.length, 3 + functionAlarms.length + dlqAlarms.length + lag.length, 'no other alarm');
});

test('a dashboard of the API, the functions’ EMF metrics in the stage’s namespace, the functions, the table and the alarms', () => {
  const [[, dashboard]] = ofType('AWS::CloudWatch::Dashboard') as [[string, Resource]];
  const body = JSON.stringify(template.toJSON().Resources[ofType('AWS::CloudWatch::Dashboard')[0]![0]].Properties.DashboardBody);
  assert.ok(dashboard.Properties.DashboardName);
  const namespace = metricsNamespaceOf('dev');
  for (const name of Object.values(metricNames)) assert.ok(body.includes(`\\"${namespace}\\",\\"${name}\\"`), `${name} in ${namespace}`);
  for (const name of ['5xx', 'Latency', 'IteratorAge', 'ConsumedReadCapacityUnits', 'ApproximateNumberOfMessagesVisible', 'Duration', 'Errors']) assert.ok(body.includes(`\\"${name}\\"`), name);
  assert.match(body, /"alarm"|\\"alarms\\"/, 'an alarm status widget');
});

test('every catalogue function: X-Ray active tracing, the stage’s metrics namespace; no Powertools Tracer in its dependencies', () => {
  const fns = Object.fromEntries(ofType('AWS::Lambda::Function'));
  for (const [name, fn] of Object.entries(functions)) {
    const props = fns[logicalId(fn)]!.Properties;
    assert.deepEqual(props.TracingConfig, { Mode: 'Active' }, name);
    assert.equal(props.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE, metricsNamespaceOf('dev'), name);
  }
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
  assert.ok(!('@aws-lambda-powertools/tracer' in pkg.dependencies), 'README: the Tracer would add aws-xray-sdk-core, +120 KB a bundle');
});

test('every Lambda, CDK’s own included, logs into a group kept for the stage’s retention; no log group is kept forever', () => {
  const groups = Object.fromEntries(ofType('AWS::Logs::LogGroup'));
  for (const [id, fn] of ofType('AWS::Lambda::Function')) {
    const group = fn.Properties.LoggingConfig?.LogGroup?.Ref as string | undefined;
    assert.ok(group && groups[group], `${id} has no log group of the stack`);
  }
  for (const [id, group] of Object.entries(groups)) assert.equal(group.Properties.RetentionInDays, stages.dev.logRetention, id);
  assert.ok(ofType('AWS::Lambda::Function').some(([id]) => /AutoDeleteObjects/.test(id)), 'dev empties its buckets with CDK’s function: it is covered too');
});
