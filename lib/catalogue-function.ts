/**
 * The one place that says how a catalogue Lambda is built and run; the stack
 * only says which entry file and which table.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { metricsNamespaceOf } from '../lambda/api/metrics';
import { lambdaBundling } from './lambda-bundling';
import type { StageSettings } from './stages';

/** The repository root, found from this file rather than the working directory. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface CatalogueFunctionProps {
  /** Entry file relative to the project root, as written in lambda/api/routes.ts. */
  readonly entry: string;
  readonly tableName: string;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** Files (relative to the project root) copied beside the bundle, for the function to read at run time rather than carry in its code. */
  readonly besideBundle?: readonly string[];
  /** How long its logs are kept, and whether they outlive the stack. */
  readonly stage: StageSettings;
}

export class CatalogueFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CatalogueFunctionProps) {
    // Created beside the function because they must exist before it does.
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.stage.logRetention, removalPolicy: props.stage.removalPolicy });
    // Own role instead of AWSLambdaBasicExecutionRole, which may write to every log group.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grants.write(role);

    super(scope, id, {
      entry: join(projectRoot, props.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      // CPU is allocated in proportion to memory: 1024 MB buys faster cold starts and JSON work.
      memorySize: 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      environment: {
        // No --enable-source-maps: `npm run bench` measured it adding 10-25% to a fresh load.
        // The .map files stay in the asset to read a minified stack trace offline.
        TABLE_NAME: props.tableName,
        POWERTOOLS_SERVICE_NAME: 'session-catalogue',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespaceOf(props.stage.name),
      },
      // X-Ray: Lambda traces each invocation (init, handler) itself. No Powertools Tracer: it pulls in
      // aws-xray-sdk-core, +120 KB a bundle (README), for DynamoDB subsegments the access lines' latency covers.
      tracing: Tracing.ACTIVE,
      bundling: {
        minify: lambdaBundling.minify,
        sourceMap: lambdaBundling.sourceMap,
        target: lambdaBundling.target,
        format: OutputFormat.ESM,
        mainFields: [...lambdaBundling.mainFields],
        banner: lambdaBundling.banner,
        // Bundle the SDK: a pinned, tree-shaken copy instead of the runtime's full one
        // (published cold-start figures favour this; the benchmark will confirm).
        bundleAwsSDK: true,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => (props.besideBundle ?? []).map((file) => `cp "${join(inputDir, file)}" "${outputDir}"`),
        },
      },
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource but "*".',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the agreed runtime (Node 22 LTS, supported by Lambda); nodejs24.x is newer. Moving means changing runtime and esbuild target together here, after the cold-start benchmark.',
    });
  }
}
