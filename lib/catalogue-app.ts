/**
 * The stacks of the catalogue, as `cdk deploy` makes them: the catalogue
 * stack in the region of the deployment, and, when that is not us-east-1,
 * a small stack there with the CloudFront web ACL, wired to the
 * distribution by a cross-region reference. `-c webAclArn=…` uses an
 * existing web ACL instead; `-c originSecretVersion=…` follows a rotation
 * of the origin secret (README).
 */
import type { App, Environment } from 'aws-cdk-lib';
import { CatalogueStack } from './catalogue-stack';
import { CLOUDFRONT_ACL_REGION, EdgeStack } from './edge-web-acl';

export function addCatalogueStacks(app: App, env: Environment) {
  const givenAcl = app.node.tryGetContext('webAclArn') as string | undefined;
  const originSecretVersion = app.node.tryGetContext('originSecretVersion') as string | undefined;
  const elsewhere = env.region !== undefined && env.region !== CLOUDFRONT_ACL_REGION;
  const edge =
    elsewhere && !givenAcl
      ? new EdgeStack(app, 'SessionCatalogueEdge', {
          description: 'Conference session catalogue: the CloudFront web ACL (AWS WAF), which lives in us-east-1',
          env: { account: env.account, region: CLOUDFRONT_ACL_REGION },
          crossRegionReferences: true,
        })
      : undefined;
  const catalogue = new CatalogueStack(app, 'SessionCatalogue', {
    description: 'Conference session catalogue: HTTP API, Lambda, DynamoDB, Cognito',
    env,
    crossRegionReferences: edge !== undefined,
    webAclArn: givenAcl ?? edge?.webAclArn,
    originSecretVersion,
  });
  return { catalogue, edge };
}
