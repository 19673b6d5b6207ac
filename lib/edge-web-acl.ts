/**
 * The web ACL in front of the CloudFront distribution (AWS WAF, scope
 * CLOUDFRONT, which must be made in us-east-1): a per-IP rate limit, AWS's
 * common rule set, and the common rule set's 8 KB body limit kept for every
 * request except the staff writes that carry long texts (a session's
 * 4,000-character abstract, an import of many sessions), which the API bounds
 * itself. Made in the catalogue stack when that is in us-east-1, else in a
 * small stack there of its own (bin/app.ts, lib/catalogue-app.ts).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { routes } from '../lambda/api/routes';

/** The region where CloudFront's web ACLs live. */
export const CLOUDFRONT_ACL_REGION = 'us-east-1';

const NONE = { priority: 0, type: 'NONE' };

/** The label the common rule set gives a body over 8 KB (its rule SizeRestrictions_BODY, here only counted). */
export const OVERSIZED_BODY_LABEL = 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body';

/**
 * The paths of the routes that may carry bodies over 8 KB (with POST, PUT or
 * PATCH), as one regular expression, from the route table: every write of an organiser or admin
 * (the API refuses what is too long, field by field, and bodies over 6 MB).
 * An attendee's bodies (a review of at most 2,000 characters, a vote) stay
 * under 8 KB, so the limit holds for them and for anyone without a token.
 */
export function largeBodyPaths(): RegExp {
  const writes = routes.filter((r) => (r.access === 'organiser' || r.access === 'staff') && r.method !== 'GET' && r.method !== 'DELETE');
  const paths = [...new Set(writes.map((r) => r.path.replace(/\{\w+\}/g, '[a-z0-9-]+')))].sort();
  return new RegExp(`^(?:${paths.join('|')})$`);
}

export interface EdgeWebAclProps {
  /**
   * Requests per IP address in any five minutes before that address is
   * answered 429 for a while. Attendees at a venue may share one address:
   * raise it if they do in large numbers.
   * @default 6000 (20 a second, sustained)
   */
  readonly requestsPerIpPer5Minutes?: number;
}

export class EdgeWebAcl extends Construct {
  readonly arn: string;
  readonly acl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps = {}) {
    super(scope, id);
    // Metrics only: sampled requests would keep Authorization headers and feed tokens (query strings) for hours.
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });
    this.acl = new CfnWebACL(this, 'Acl', {
      scope: 'CLOUDFRONT',
      description: 'Session catalogue: rate limit per IP, AWS common rule set',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('SessionCatalogue'),
      rules: [
        {
          name: 'RatePerIp',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: { rateBasedStatement: { limit: props.requestsPerIpPer5Minutes ?? 6000, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: visibility('RatePerIp'),
        },
        {
          name: 'CommonRuleSet',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // Counted (and labelled) instead of blocked: the next rule blocks it where no route takes a large body.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('CommonRuleSet'),
        },
        {
          name: 'LargeBodiesOnlyForStaffWrites',
          priority: 2,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                { labelMatchStatement: { scope: 'LABEL', key: OVERSIZED_BODY_LABEL } },
                {
                  notStatement: {
                    statement: {
                      andStatement: {
                        statements: [
                          { regexMatchStatement: { regexString: '^(?:POST|PUT|PATCH)$', fieldToMatch: { method: {} }, textTransformations: [NONE] } },
                          { regexMatchStatement: { regexString: largeBodyPaths().source, fieldToMatch: { uriPath: {} }, textTransformations: [NONE] } },
                        ],
                      },
                    },
                  },
                },
              ],
            },
          },
          visibilityConfig: visibility('LargeBodiesOnlyForStaffWrites'),
        },
      ],
    });
    this.arn = this.acl.attrArn;
  }
}

/** The web ACL alone, in us-east-1, for a catalogue stack in another region. */
export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: StackProps & EdgeWebAclProps) {
    super(scope, id, props);
    this.webAclArn = new EdgeWebAcl(this, 'WebAcl', props).arn;
  }
}
