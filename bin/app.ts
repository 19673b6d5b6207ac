/**
 * The CDK app: one stack, checked by cdk-nag's AWS Solutions pack on every
 * synth. cdk-nag 3 is a policy-validation plugin: an unacknowledged finding
 * fails the synth and is listed in cdk.out/validation-report.json.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CatalogueStack } from '../lib/catalogue-stack';

const app = new App();

new CatalogueStack(app, 'SessionCatalogue', {
  description: 'Conference session catalogue: HTTP API, Lambda, DynamoDB, Cognito',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
