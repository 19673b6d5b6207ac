/**
 * What every API request leaves behind: the logger's Lambda context (cold
 * start, request id) for every line of the request, one structured access
 * line when it is answered, and its metrics. The line holds the route, the
 * method, the status and the latency, never a header, the query string, a
 * body or a path beyond the route key: those may carry tokens or personal
 * data. API Gateway's own access log (lib/catalogue-stack.ts) holds what it
 * sees of the request.
 */
import type { Context } from 'aws-lambda';
import { logger, startInvocation } from './log';
import { count, metricNames, publishMetrics } from './metrics';
import type { HttpEvent } from './handler';

/** At the start of a request: the logger gets the Lambda context; the latency is counted from here. */
export function requestStarted(context: Context | undefined): number {
  startInvocation(context);
  return performance.now();
}

export function requestAnswered(event: HttpEvent, status: number, started: number): void {
  logger().info('request', {
    routeKey: event.routeKey,
    method: event.requestContext.http.method,
    status,
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
    apiRequestId: event.requestContext.requestId,
  });
  count(metricNames.requests);
  if (status >= 500) count(metricNames.serverErrors);
  if (status === 503) count(metricNames.unavailable);
  publishMetrics();
}
