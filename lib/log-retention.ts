/**
 * Every Lambda of the stack logs into a group with the stage's retention:
 * the catalogue's functions and BucketDeployment's are given one where they
 * are made; the functions CDK makes for its own custom resources (emptying
 * a dev stage's buckets) get one here, or their logs would stay forever in
 * the group Lambda makes on first use.
 */
import { Aspects, CfnResource, type IAspect, type Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import type { StageSettings } from './stages';

export function keepEveryFunctionsLogs(stack: Stack, stage: StageSettings): void {
  const visit = (construct: IConstruct) => {
    if (!(construct instanceof CfnResource) || construct.cfnResourceType !== 'AWS::Lambda::Function') return;
    // A CfnFunction says whether it has a log group; CDK's custom resource providers are plain CfnResources and never have one.
    if (construct instanceof CfnFunction && construct.loggingConfig !== undefined) return;
    const logGroup = new LogGroup(construct.node.scope!, `${construct.node.id}Logs`, { retention: stage.logRetention, removalPolicy: stage.removalPolicy });
    construct.addPropertyOverride('LoggingConfig', { LogGroup: logGroup.logGroupName });
  };
  Aspects.of(stack).add({ visit } satisfies IAspect);
}
