/**
 * The CDK app: the catalogue stack (and, outside us-east-1, the stack of its
 * CloudFront web ACL: lib/catalogue-app.ts), checked by cdk-nag's AWS
 * Solutions pack on every synth. cdk-nag 3 is a policy-validation plugin: an
 * unacknowledged finding fails the synth and is listed in
 * cdk.out/validation-report.json.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addCatalogueStacks } from '../lib/catalogue-app';

const app = new App();

addCatalogueStacks(app, { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION });

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
