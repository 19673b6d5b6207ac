/**
 * The web page in AWS: a private S3 bucket behind CloudFront (origin access
 * control), and the API's paths on the same distribution, so the page calls
 * the API same-origin (no CORS preflights, one domain). A generated
 * /config.json tells the page to sign in against the Cognito user pools.
 */
import { DefaultStackSynthesizer, DockerImage, Duration, RemovalPolicy, type SecretValue, Stack, Token, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { UserPoolName } from '../lambda/api/routes';
import { ORIGIN_SECRET_HEADER } from '../lambda/api/http';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildWeb, webRoot } from '../local/build-web';
import type { CustomDomain } from './catalogue-stack';
import type { StageSettings } from './stages';

/** Paths CloudFront sends to the API; everything else is the page. Mirrors the route table's top-level paths. */
export const API_PATH_PATTERNS = ['/events*', '/search', '/speakers*', '/me*', '/openapi.json', '/calendar/*'];

/**
 * The wildcards in the grants BucketDeployment gives its handler: read the
 * CDK asset bucket, replace (and prune) the site's objects, invalidate the
 * distribution. cdk-nag names each one; all are acknowledged for one reason.
 */
function deployGrants(stack: Stack, siteBucketLogicalId: string): string[] {
  // cdk-nag writes an unresolved pseudo parameter as <AWS::Region>; with an env set at synth it is the literal value.
  const value = (token: string, pseudo: string) => (Token.isUnresolved(token) ? `<AWS::${pseudo}>` : token);
  const assetBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${value(stack.account, 'AccountId')}-${value(stack.region, 'Region')}`;
  return [
    'Action::s3:GetBucket*',
    'Action::s3:GetObject*',
    'Action::s3:List*',
    'Action::s3:Abort*',
    'Action::s3:DeleteObject*',
    `Resource::arn:${value(stack.partition, 'Partition')}:s3:::${assetBucket}/*`,
    `Resource::<${siteBucketLogicalId}.Arn>/*`,
    'Resource::*',
  ];
}
const deployGrantReason =
  'Granted by CDK BucketDeployment to its handler only: read the deployment zip from the CDK asset bucket, write and prune objects of the site bucket, and create CloudFront invalidations (which take no narrower resource in CDK).';

export interface WebHostingProps {
  readonly api: IHttpApi;
  /** The app clients the page signs in with (USER_PASSWORD_AUTH): attendees', and staff's. */
  readonly userPoolClients: Record<UserPoolName, IUserPoolClient>;
  /** Sent with every request to the API as X-Origin-Verify, which the API requires. */
  readonly originSecret: SecretValue;
  /** The AWS WAF web ACL (scope CLOUDFRONT) in front of the page and the API. */
  readonly webAclArn: string;
  /** Whether the buckets and logs outlive the stack, and how long logs are kept. */
  readonly stage: StageSettings;
  readonly customDomain?: CustomDomain;
  /** The live channel's wss:// URL, handed to the page in config.json. */
  readonly liveUrl: string;
}

export class WebHosting extends Construct {
  readonly distribution: Distribution;
  readonly bucket: Bucket;
  /** https:// and the custom domain, or the distribution's <id>.cloudfront.net */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { stage, customDomain } = props;
    // A stack that keeps no data empties its buckets on delete, so that `cdk destroy` finishes.
    const bucketRemoval = { removalPolicy: stage.removalPolicy, autoDeleteObjects: stage.removalPolicy === RemovalPolicy.DESTROY };

    // Server access logs of the site bucket (object keys only: nothing secret is ever a key),
    // delivered through the log-delivery ACL CDK grants, hence BUCKET_OWNER_PREFERRED.
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(stage.logRetention) }],
      ...bucketRemoval,
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
      ...bucketRemoval,
    });

    // The HTTP API's own domain; Host is not forwarded because API Gateway routes by it.
    const apiOrigin = new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // A dynamic reference, resolved by CloudFormation: the value is in the distribution's settings, never in the template.
      customHeaders: { [ORIGIN_SECRET_HEADER]: props.originSecret.unsafeUnwrap() },
    });
    const apiBehaviour: BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // The API sends its own ETags and answers If-None-Match; an edge cache would serve one attendee's agenda to another.
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // Every viewer header (Authorization, If-Match, Idempotency-Key…) and the query string.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Session catalogue: web page and API',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, apiBehaviour])),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Edge locations in Asia (Korea, Japan) are in this class; the rest of the world is still served, from farther away.
      priceClass: PriceClass.PRICE_CLASS_200,
      // No standard logs: see the acknowledgement of CFR3 below and docs/security.md.
      enableLogging: false,
      webAclId: props.webAclArn,
      ...(customDomain
        ? {
            domainNames: [customDomain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'Standard (legacy) logs record every URI and query string, so they would hold calendar-feed tokens. API requests are logged by the API stage (a format without query strings), page objects by the site bucket\'s server access logs; standard logging v2 with fields chosen (no cs-uri-query) must be set up in us-east-1 (docs/security.md).',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Attendees and speakers travel from anywhere; the catalogue is public and there is no country to exclude.',
    });
    if (!customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: 'The distribution uses the default *.cloudfront.net certificate, whose policy CloudFront fixes at TLSv1; a custom domain (-c domainName, -c certificateArn) gets TLSv1.2_2021.',
      });
    }
    this.url = `https://${customDomain?.domainName ?? this.distribution.distributionDomainName}`;

    // The deployment's Lambda gets its own role and log group, like the catalogue functions (no managed policies).
    const deployLogs = new LogGroup(this, 'DeployLogs', { retention: stage.logRetention, removalPolicy: stage.removalPolicy });
    const deployRole = new Role(this, 'DeployRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    deployLogs.grants.write(deployRole);

    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        // Built at synth with esbuild (a fraction of a second): web/dist need not exist beforehand.
        Source.asset(webRoot, {
          exclude: ['dist', 'README.md'],
          bundling: {
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'), // only if the local build cannot run
            local: { tryBundle: (outputDir) => Boolean(buildWeb(outputDir)) },
          },
        }),
        Source.jsonData('config.json', {
          mode: 'cognito',
          region: stack.region,
          userPoolClientId: props.userPoolClients.attendee.userPoolClientId,
          staffUserPoolClientId: props.userPoolClients.staff.userPoolClientId,
          liveUrl: props.liveUrl,
        }),
      ],
      // Browsers revalidate every load (cheap 304s) so a deployment shows at once; the edges keep a day, and the deployment invalidates them.
      cacheControl: [CacheControl.fromString('public, max-age=0, must-revalidate, s-maxage=86400')],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      role: deployRole,
      logGroup: deployLogs,
      memoryLimit: 512,
    });
    const siteBucketLogicalId = stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    Validations.of(deployRole).acknowledge(
      ...deployGrants(stack, siteBucketLogicalId).map((grant) => ({ id: `AwsSolutions-IAM5[${grant}]`, reason: deployGrantReason })),
    );
    // CDK makes the handler a singleton at the stack's root; it is the function that runs as deployRole.
    const handler = stack.node.children.find((child) => child instanceof LambdaFunction && child.role === deployment.handlerRole);
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason: "BucketDeployment's handler is CDK's own Python function; its runtime is chosen and updated by aws-cdk-lib, not by this stack.",
      });
    }
  }
}
