/**
 * The functions' own CloudWatch metrics, written as embedded metric format
 * (EMF) lines in their logs by AWS Lambda Powertools' Metrics: CloudWatch
 * turns them into metrics without a PutMetricData call in the request path.
 * The names here are the dashboard's and alarms' too (lib/observability.ts).
 * Like the logger, it is made on first use; locally npm start turns it off
 * (POWERTOOLS_METRICS_DISABLED), as the lines only mean something to CloudWatch.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** The metrics, by what they count. */
export const metricNames = {
  /** Every request a function answered. */
  requests: 'Requests',
  /** Answers with a 5xx status (503s included). */
  serverErrors: 'ServerErrors',
  /** 503s: DynamoDB throttled or unavailable after the SDK's retries. */
  unavailable: 'Unavailable',
  reservationsConfirmed: 'ReservationsConfirmed',
  reservationsWaitlisted: 'ReservationsWaitlisted',
  /** Webhook delivery attempts that failed (SQS retries them). */
  webhookFailures: 'WebhookFailures',
  /** Webhook deliveries given up after the last attempt (the message goes to the dead-letter queue). */
  webhookGiveUps: 'WebhookGiveUps',
} as const;

export type MetricName = (typeof metricNames)[keyof typeof metricNames];

/** The namespace when POWERTOOLS_METRICS_NAMESPACE is not set. */
export const DEFAULT_NAMESPACE = 'SessionCatalogue';

/** A stage's namespace (the stack sets it as POWERTOOLS_METRICS_NAMESPACE): stages in one account keep their metrics apart. */
export const metricsNamespaceOf = (stage: string) => `${DEFAULT_NAMESPACE}/${stage}`;

let instance: Metrics | undefined;

function metrics(): Metrics {
  instance ??= new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? DEFAULT_NAMESPACE, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'session-catalogue' });
  return instance;
}

export function count(name: MetricName, value = 1): void {
  metrics().addMetric(name, MetricUnit.Count, value);
}

/** Writes what this invocation counted (one EMF line), if anything. */
export function publishMetrics(): void {
  if (instance?.hasStoredMetrics()) instance.publishStoredMetrics();
}
