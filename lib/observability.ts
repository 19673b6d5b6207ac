/**
 * What a team watches during a conference: one CloudWatch dashboard and the
 * alarms that page them, through one SNS topic (an email subscription with
 * `-c alarmEmail=…`). The alarms: the API's 5xx rate and p99 latency,
 * throttling anywhere (Lambda or DynamoDB), a message in a dead-letter queue,
 * and a stream reader falling behind (iterator age). The functions' own
 * metrics (requests, 503s, reservations, webhook failures) come from their
 * EMF lines (lambda/api/metrics.ts), under the stage's namespace.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { chunksOf } from '../lambda/domain/chunks';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { metricNames, type MetricName } from '../lambda/api/metrics';
import type { CatalogueFunction } from './catalogue-function';
import type { StageSettings } from './stages';

/** Where alarms start: tuned for a catalogue under conference load, documented in docs/operations.md. */
export const alarmThresholds = {
  /** Percent of the API's answers that are 5xx, in 2 of 3 five-minute periods. */
  serverErrorPercent: 1,
  /** The API's p99 latency (API Gateway's, integration included), in 2 of 3 five-minute periods. */
  p99LatencyMs: 1000,
  /** Throttled Lambda invocations and DynamoDB requests in five minutes. */
  throttles: 1,
  /** Messages waiting in a dead-letter queue. */
  deadLetters: 1,
  /** How far behind the table's stream a reader is, in 2 of 2 five-minute periods. */
  iteratorAgeMs: 5 * 60_000,
} as const;

const PERIOD = Duration.minutes(5);

export interface ObservabilityProps {
  readonly stage: StageSettings;
  readonly api: HttpApi;
  readonly table: Table;
  /** Every Lambda of the stack, by name. */
  readonly functions: Record<string, CatalogueFunction>;
  /** The functions that read the table's stream, by name. */
  readonly streamReaders: Record<string, CatalogueFunction>;
  /** Dead-letter queues, by what fails into them. */
  readonly deadLetterQueues: Record<string, Queue>;
  /** The functions' EMF namespace (POWERTOOLS_METRICS_NAMESPACE). */
  readonly metricsNamespace: string;
  /** Subscribed to the alarm topic when given. */
  readonly alarmEmail?: string;
}

/** A CloudWatch math expression uses at most this many metrics. */
const MATH_METRICS = 10;

export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { api, table, functions } = props;

    // SNS encrypts at rest only with a customer managed key that CloudWatch may use (the AWS managed
    // alias/aws/sns key takes no alarms).
    const topicKey = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm topic of the session catalogue',
      enableKeyRotation: true,
      removalPolicy: props.stage.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      ...(props.stage.removalPolicy === RemovalPolicy.RETAIN ? {} : { pendingWindow: Duration.days(7) }),
    });
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: `Session catalogue alarms (${props.stage.name})`, masterKey: topicKey, enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const own = (name: MetricName, statistic = 'Sum') =>
      new Metric({ namespace: props.metricsNamespace, metricName: name, dimensionsMap: { service: 'session-catalogue' }, statistic, period: PERIOD, label: name });

    // --- The alarms.
    const requests = api.metricCount({ period: PERIOD, statistic: 'Sum' });
    const serverErrors = api.metricServerError({ period: PERIOD, statistic: 'Sum' });
    const serverErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      period: PERIOD,
      label: '5xx % of requests',
    });
    this.alarm('ApiServerErrorRate', serverErrorRate, alarmThresholds.serverErrorPercent, `${alarmThresholds.serverErrorPercent}% or more of the API’s answers are 5xx`, { evaluationPeriods: 3, datapointsToAlarm: 2 });
    const p99 = api.metricLatency({ period: PERIOD, statistic: 'p99' });
    this.alarm('ApiLatencyP99', p99, alarmThresholds.p99LatencyMs, `The API’s p99 latency is ${alarmThresholds.p99LatencyMs} ms or more`, { evaluationPeriods: 3, datapointsToAlarm: 2 });

    // Throttled Lambda invocations, summed over every function, in alarms of at most 10 functions each (a math
    // expression takes up to 10 metrics), and the table's throttled requests in one of their own.
    const functionThrottles = chunksOf(Object.entries(functions), MATH_METRICS).map((group, i, groups) => {
      const usingMetrics = Object.fromEntries(group.map(([name, fn]) => [`lambda_${name}`, fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }) as IMetric]));
      const sum = new MathExpression({ expression: 'SUM(METRICS())', usingMetrics, period: PERIOD, label: groups.length > 1 ? `Lambda throttles (${i + 1} of ${groups.length})` : 'Lambda throttles' });
      this.alarm(groups.length > 1 ? `FunctionThrottles${i + 1}` : 'FunctionThrottles', sum, alarmThresholds.throttles, 'Lambda invocations were throttled');
      return sum;
    });
    const tableReadThrottles = table.metric('ReadThrottleEvents', { period: PERIOD, statistic: 'Sum' });
    const tableWriteThrottles = table.metric('WriteThrottleEvents', { period: PERIOD, statistic: 'Sum' });
    const tableThrottles = new MathExpression({ expression: 'reads + writes', usingMetrics: { reads: tableReadThrottles, writes: tableWriteThrottles }, period: PERIOD, label: 'DynamoDB throttled requests' });
    this.alarm('TableThrottles', tableThrottles, alarmThresholds.throttles, 'DynamoDB requests were throttled');

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' });
      this.alarm(`${name}DeadLetters`, depth, alarmThresholds.deadLetters, `Messages wait in the ${name} dead-letter queue: read them (docs/operations.md)`);
    }
    for (const [name, fn] of Object.entries(props.streamReaders)) {
      const age = fn.metric('IteratorAge', { period: PERIOD, statistic: 'Maximum' });
      this.alarm(`${name}IteratorAge`, age, alarmThresholds.iteratorAgeMs, `${name} is ${alarmThresholds.iteratorAgeMs / 60_000} minutes or more behind the table’s stream`, { evaluationPeriods: 2, datapointsToAlarm: 2 });
    }

    // --- The dashboard: the API, the functions' own metrics, the functions, the table, the background work.
    const perFunction = (metric: (fn: CatalogueFunction) => IMetric) => Object.values(functions).map(metric);
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: Stack.of(this).stackName, defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'API requests and errors', left: [requests, api.metricClientError({ period: PERIOD, statistic: 'Sum' }), serverErrors], right: [serverErrorRate], width: 8 }),
      new GraphWidget({ title: 'API latency (ms)', left: [api.metricLatency({ period: PERIOD, statistic: 'p50' }), p99, api.metricIntegrationLatency({ period: PERIOD, statistic: 'p99' })], width: 8 }),
      new GraphWidget({ title: 'Answers by the functions', left: [own(metricNames.requests), own(metricNames.serverErrors), own(metricNames.unavailable)], width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Reservations', left: [own(metricNames.reservationsConfirmed), own(metricNames.reservationsWaitlisted)], width: 8 }),
      new GraphWidget({ title: 'Webhooks', left: [own(metricNames.webhookFailures), own(metricNames.webhookGiveUps)], right: Object.values(props.deadLetterQueues).map((q) => q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' })), width: 8 }),
      new GraphWidget({ title: 'Stream readers: iterator age (ms)', left: Object.values(props.streamReaders).map((fn) => fn.metric('IteratorAge', { period: PERIOD, statistic: 'Maximum', label: fn.node.id })), width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda duration p99 (ms)', left: perFunction((fn) => fn.metricDuration({ period: PERIOD, statistic: 'p99', label: fn.node.id })), width: 8 }),
      new GraphWidget({ title: 'Lambda errors and throttles', left: perFunction((fn) => fn.metricErrors({ period: PERIOD, statistic: 'Sum', label: `${fn.node.id} errors` })), right: functionThrottles, width: 8 }),
      new GraphWidget({
        title: 'DynamoDB capacity and throttles',
        left: [table.metricConsumedReadCapacityUnits({ period: PERIOD }), table.metricConsumedWriteCapacityUnits({ period: PERIOD })],
        right: [tableReadThrottles, tableWriteThrottles],
        width: 8,
      }),
    );
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string, periods: { evaluationPeriods?: number; datapointsToAlarm?: number } = {}): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: periods.evaluationPeriods ?? 1,
      datapointsToAlarm: periods.datapointsToAlarm ?? periods.evaluationPeriods ?? 1,
      // No traffic is no failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    alarm.addOkAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }
}
