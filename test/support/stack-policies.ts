/**
 * The IAM statements the synthesized stack gives each Lambda that uses the
 * table, with the table's ARN written as `tableArn`. Bundling is skipped, as
 * in test/cdk, so this takes seconds.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { TableUser } from '../../lambda/functions/table-grants';
import { CatalogueStack } from '../../lib/catalogue-stack';
import { statementsOfRole, type Statement } from './iam-policy';

export function stackPolicies(tableArn: string): Record<TableUser, Statement[]> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context?: object };
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new CatalogueStack(app, 'Policies');
  const template = app.synth().getStackByName(stack.stackName).template;
  const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
  const tableId = logicalId(stack.table);
  return Object.fromEntries(
    Object.entries(stack.tableUsers).map(([user, fn]) => [user, statementsOfRole(template, logicalId(fn.role!), (id) => (id === tableId ? tableArn : undefined))]),
  ) as Record<TableUser, Statement[]>;
}
