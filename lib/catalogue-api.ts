/**
 * The HTTP API of the catalogue: a route per route-table row (lambda/api/routes.ts) with its user
 * pool's authorizer and throttle, the $default fallback, the $default stage with its access log, and
 * CORS for the origins a deployment names (lambda/api/cors.ts).
 */
import { Duration, type Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { type ILogGroup, LogGroup } from 'aws-cdk-lib/aws-logs';
import { cors, parseOrigins } from '../lambda/api/cors';
import { ACCESS_TOKEN_SCOPE, apiRoutes, fallbackFunction, throttles, userPoolOf, type FunctionName, type UserPoolName } from '../lambda/api/routes';
import type { CatalogueFunction } from './catalogue-function';
import { stageThrottle, type StageSettings } from './stages';

export interface CatalogueApiProps {
  readonly stage: StageSettings;
  readonly functions: Record<FunctionName, CatalogueFunction>;
  readonly authorizers: Record<UserPoolName, HttpJwtAuthorizer>;
  /** Its origin is allowed by CORS. */
  readonly customDomain?: { readonly domainName: string };
  /** Other origins allowed by CORS. */
  readonly corsOrigins?: readonly string[];
}

/** A stage's access log: one JSON line a request, its id, time and source address, then `fields` (context variables). */
export function jsonAccessLog(logGroup: ILogGroup, fields: Record<string, string>) {
  return {
    destination: new LogGroupLogDestination(logGroup),
    format: AccessLogFormat.custom(JSON.stringify({ requestId: '$context.requestId', requestTime: '$context.requestTime', ip: '$context.identity.sourceIp', ...fields })),
  };
}

/** Made in the stack's own scope, so the resources keep the logical ids they had when the stack made them itself. */
export function createCatalogueApi(stack: Stack, props: CatalogueApiProps): { api: HttpApi; httpStage: HttpStage } {
  const { stage } = props;
  const allowedOrigins = [...(props.customDomain ? [`https://${props.customDomain.domainName}`] : []), ...parseOrigins((props.corsOrigins ?? []).join(','))];
  const api = new HttpApi(stack, 'Api', {
    apiName: stack.stackName,
    description: 'Conference session catalogue',
    // The default stage is made below, so it can have throttling and access logs.
    createDefaultStage: false,
    // API Gateway answers preflight itself and ignores CORS headers from the Lambda. Only the origins this
    // deployment serves; the local server answers the same from the same definition.
    ...(allowedOrigins.length > 0
      ? {
          corsPreflight: {
            allowOrigins: allowedOrigins,
            allowMethods: cors.allowMethods.map((method) => CorsHttpMethod[method]),
            allowHeaders: [...cors.allowHeaders],
            exposeHeaders: [...cors.exposeHeaders],
            maxAge: Duration.seconds(cors.maxAgeSeconds),
          },
        }
      : {}),
  });

  const accessLogs = new LogGroup(stack, 'ApiAccessLogs', { retention: stage.logRetention, removalPolicy: stage.removalPolicy });
  const httpStage = new HttpStage(stack, 'DefaultStage', {
    httpApi: api,
    stageName: '$default', // served at the API's root URL, no stage prefix
    autoDeploy: true,
    // Each route's limit (a route without one of its own gets this): reads. The account's
    // quota (10,000 rps, burst 5,000 per region) is shared by every API in the account, so
    // no route may take it all; 1,000 rps is still far above what a catalogue needs.
    // Writing routes get lower limits of their own below.
    throttle: stageThrottle(throttles.read, stage),
    accessLogSettings: jsonAccessLog(accessLogs, {
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
  });

  // One integration per function, shared by its routes.
  const integrations = Object.fromEntries(
    (Object.keys(props.functions) as FunctionName[]).map((name) => [name, new HttpLambdaIntegration(`${name}Integration`, props.functions[name])]),
  ) as Record<FunctionName, HttpLambdaIntegration>;

  // A route per method a row answers: GET rows get a HEAD twin (API Gateway matches methods exactly).
  // Per-route throttles from the route table (throttles in lambda/api/routes.ts): reserving takes a hot
  // session's 5,000 a second, and the writing routes together leave reads READS_KEEP of the account's quota.
  // RouteSettings is untyped JSON in CloudFormation's schema: CDK passes it on as written, so the names are CloudFormation's.
  const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
  const cfnStage = httpStage.node.defaultChild as CfnStage;
  for (const { route: row, method, key } of apiRoutes) {
    if (row.throttle !== 'read') {
      const { rateLimit, burstLimit } = stageThrottle(throttles[row.throttle], stage);
      routeSettings[key] = { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit };
    }
    const pool = userPoolOf(row.access);
    const route = new HttpRoute(api, key, {
      httpApi: api,
      routeKey: HttpRouteKey.with(row.path, HttpMethod[method]),
      integration: integrations[row.fn],
      // The route's pool's authorizer; the scope only access tokens carry keeps ID tokens out.
      ...(pool ? { authorizer: props.authorizers[pool], authorizationScopes: [ACCESS_TOKEN_SCOPE] } : {}),
    });
    // A stage's route settings name routes that must exist already.
    cfnStage.node.addDependency(route);
    if (!pool) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${key} is public in the route table: the catalogue is readable without signing in.`,
      });
    }
  }

  cfnStage.routeSettings = routeSettings;

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

  return { api, httpStage };
}
