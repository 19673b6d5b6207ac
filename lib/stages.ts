/**
 * Deployment stages: `cdk deploy --all -c stage=prod` (cdk.json's `stage`
 * says dev unless told otherwise). A stage names the stacks and sets what
 * differs between trying things out and running a conference: whether data
 * outlives the stack, how long logs are kept, and how much of the account's
 * API Gateway quota its routes may take.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

export interface StageSettings {
  readonly name: string;
  /**
   * RETAIN: the table, user pools, KMS key, log groups and buckets stay when
   * the stack is deleted, and the table and pools refuse deletion. DESTROY:
   * `cdk destroy` removes everything, emptying the buckets first.
   */
  readonly removalPolicy: RemovalPolicy.RETAIN | RemovalPolicy.DESTROY;
  /** Every log: the functions', the API's access log, the site bucket's access logs. */
  readonly logRetention: RetentionDays;
  /**
   * Each route's throttle is the route table's (lambda/api/routes.ts) times
   * this: every stage in an account draws on the same regional quota, so a
   * dev stage beside prod takes a tenth.
   */
  readonly throttleShare: number;
}

export const stages = {
  dev: { name: 'dev', removalPolicy: RemovalPolicy.DESTROY, logRetention: RetentionDays.ONE_WEEK, throttleShare: 0.1 },
  prod: { name: 'prod', removalPolicy: RemovalPolicy.RETAIN, logRetention: RetentionDays.THREE_MONTHS, throttleShare: 1 },
} as const satisfies Record<string, StageSettings>;

export type StageName = keyof typeof stages;

/** The stage named by the `stage` context value (`-c stage=…`, else cdk.json's). */
export function stageFromContext(node: Node): StageSettings {
  const name = (node.tryGetContext('stage') as string | undefined) ?? 'dev';
  if (!Object.hasOwn(stages, name)) throw new Error(`Unknown stage "${name}": use -c stage=${Object.keys(stages).join(' or -c stage=')}`);
  return stages[name as StageName];
}

/** prod keeps the name the stack had before stages, so an existing deployment is updated in place. */
export const stackName = (base: string, stage: StageSettings) => (stage.name === 'prod' ? base : `${base}-${stage.name}`);

/** A route table throttle scaled to the stage's share (at least 1 request a second). */
export const stageThrottle = (throttle: { rateLimit: number; burstLimit: number }, stage: StageSettings) => ({
  rateLimit: Math.max(1, Math.round(throttle.rateLimit * stage.throttleShare)),
  burstLimit: Math.max(1, Math.round(throttle.burstLimit * stage.throttleShare)),
});
