/**
 * The stacks of the catalogue, as `cdk deploy` makes them: the catalogue
 * stack in the region of the deployment, and, when that is not us-east-1,
 * a small stack there with the CloudFront web ACL, wired to the
 * distribution by a cross-region reference. Context values (README):
 * `-c stage=dev|prod` (lib/stages.ts), `-c domainName=… -c certificateArn=…`
 * for a custom domain, `-c webAclArn=…` to use an existing web ACL,
 * `-c originSecretVersion=…` to follow a rotation of the origin secret,
 * `-c corsOrigins=https://a.example,https://b.example` for other sites'
 * pages that call the API (lambda/api/cors.ts), `-c alarmEmail=…` to get
 * the alarms by email (lib/observability.ts), `-c mailFrom=…` for the
 * address promotions are emailed from (an SES identity; lib/live-channel.ts).
 */
import { type App, type Environment, Tags } from 'aws-cdk-lib';
import { parseOrigins } from '../lambda/api/cors';
import { CatalogueStack, type CustomDomain } from './catalogue-stack';
import { CLOUDFRONT_ACL_REGION, EdgeStack } from './edge-web-acl';
import { stackName, stageFromContext } from './stages';

/** `-c domainName=… -c certificateArn=…`: both or neither; CloudFront reads certificates in us-east-1 only. */
function customDomainFromContext(app: App): CustomDomain | undefined {
  const domainName = app.node.tryGetContext('domainName') as string | undefined;
  const certificateArn = app.node.tryGetContext('certificateArn') as string | undefined;
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn) throw new Error('domainName and certificateArn go together: -c domainName=catalogue.example.org -c certificateArn=arn:aws:acm:us-east-1:…');
  // arn:aws:acm:{region}:{account}:certificate/{id}
  const region = certificateArn.split(':')[3];
  if (region !== CLOUDFRONT_ACL_REGION) throw new Error(`CloudFront takes certificates from ${CLOUDFRONT_ACL_REGION} only; ${certificateArn} is in ${region}`);
  return { domainName, certificateArn };
}

export function addCatalogueStacks(app: App, env: Environment) {
  const stage = stageFromContext(app.node);
  const givenAcl = app.node.tryGetContext('webAclArn') as string | undefined;
  const originSecretVersion = app.node.tryGetContext('originSecretVersion') as string | undefined;
  const customDomain = customDomainFromContext(app);
  const corsOrigins = parseOrigins(app.node.tryGetContext('corsOrigins') as string | undefined);
  const elsewhere = env.region !== undefined && env.region !== CLOUDFRONT_ACL_REGION;
  const edge =
    elsewhere && !givenAcl
      ? new EdgeStack(app, stackName('SessionCatalogueEdge', stage), {
          description: `Conference session catalogue (${stage.name}): the CloudFront web ACL (AWS WAF), which lives in us-east-1`,
          env: { account: env.account, region: CLOUDFRONT_ACL_REGION },
          crossRegionReferences: true,
        })
      : undefined;
  const catalogue = new CatalogueStack(app, stackName('SessionCatalogue', stage), {
    description: `Conference session catalogue (${stage.name}): HTTP API, Lambda, DynamoDB, Cognito`,
    env,
    crossRegionReferences: edge !== undefined,
    webAclArn: givenAcl ?? edge?.webAclArn,
    originSecretVersion,
    stage,
    customDomain,
    corsOrigins,
    alarmEmail: app.node.tryGetContext('alarmEmail') as string | undefined,
    mailFrom: app.node.tryGetContext('mailFrom') as string | undefined,
  });
  for (const stack of [catalogue, edge]) if (stack) Tags.of(stack).add('stage', stage.name);
  return { catalogue, edge };
}
