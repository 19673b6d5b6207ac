/**
 * Sign-in: two Cognito user pools, each with its app client and its own JWT
 * authorizer on the API (docs/security.md). Attendees sign in without being
 * made to enrol in MFA; staff (admins, and each event's organisers in the
 * groups `organiser:{eventId}`) must sign in with a TOTP code. The pools are
 * made in the stack's own scope, so the attendee pool keeps the logical id
 * it had when it was the only pool.
 */
import { Duration, RemovalPolicy, type Stack, Validations } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { UserPoolName } from '../lambda/api/routes';
import { ADMIN_GROUP } from '../lambda/api/caller';
import type { StageSettings } from './stages';

export interface UserPools {
  readonly pools: Record<UserPoolName, UserPool>;
  readonly clients: Record<UserPoolName, UserPoolClient>;
  readonly issuers: Record<UserPoolName, string>;
  readonly authorizers: Record<UserPoolName, HttpJwtAuthorizer>;
}

/** Logical ids: the attendee pool keeps the names of the single pool before it. */
const names: Record<UserPoolName, { pool: string; client: string; authorizer: string }> = {
  attendee: { pool: 'UserPool', client: 'WebClient', authorizer: 'AttendeeJwt' },
  staff: { pool: 'StaffUserPool', client: 'StaffWebClient', authorizer: 'StaffJwt' },
};

function invitedUserPool(stack: Stack, name: UserPoolName, stage: StageSettings): UserPool {
  const staff = name === 'staff';
  const pool = new UserPool(stack, names[name].pool, {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    autoVerify: { email: true },
    standardAttributes: { email: { required: true, mutable: true } },
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    mfa: staff ? Mfa.REQUIRED : Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    // Plus tier: threat protection scores every sign-in for takeover risk (actions below).
    featurePlan: FeaturePlan.PLUS,
    standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
    // The users are data: kept with the stack's data (lib/stages.ts).
    deletionProtection: stage.removalPolicy === RemovalPolicy.RETAIN,
    removalPolicy: stage.removalPolicy,
  });
  // What threat protection does, written down rather than left to defaults:
  // leaked passwords are refused; risky attendee sign-ins must pass MFA when
  // enrolled, and a high-risk staff sign-in is blocked. Notify is off because
  // notifications need an SES identity this stack does not have.
  new CfnUserPoolRiskConfigurationAttachment(stack, `${names[name].pool}RiskConfiguration`, {
    userPoolId: pool.userPoolId,
    clientId: 'ALL',
    compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
    accountTakeoverRiskConfiguration: {
      actions: {
        lowAction: { eventAction: 'NO_ACTION', notify: false },
        mediumAction: { eventAction: staff ? 'MFA_REQUIRED' : 'MFA_IF_CONFIGURED', notify: false },
        highAction: { eventAction: staff ? 'BLOCK' : 'MFA_REQUIRED', notify: false },
      },
    },
  });
  return pool;
}

export function createUserPools(stack: Stack, stage: StageSettings): UserPools {
  const pools = { attendee: invitedUserPool(stack, 'attendee', stage), staff: invitedUserPool(stack, 'staff', stage) };
  Validations.of(pools.attendee).acknowledge({
    id: 'AwsSolutions-COG2',
    reason:
      'Attendees are not made to enrol in MFA (they may); high-risk sign-ins must pass MFA (risk configuration). Admins and organisers are in the staff pool, where MFA is required.',
  });
  // The Lambda checks this group, and organiser:{eventId}, in the cognito:groups claim.
  pools.staff.addGroup('AdminGroup', { groupName: ADMIN_GROUP, description: 'May change every event, and alone creates events' });

  const clientOf = (name: UserPoolName) =>
    pools[name].addClient(names[name].client, {
      generateSecret: false, // a browser or phone cannot keep a secret
      // SRP for apps (the password never leaves the device); user-password for the CLI sign-in the README shows.
      authFlows: { userSrp: true, userPassword: true },
      disableOAuth: true, // no hosted UI; avoids the implicit-grant defaults
      preventUserExistenceErrors: true,
      // A staff member removed from a group keeps its rights until their access token expires: one hour at most.
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
  const clients = { attendee: clientOf('attendee'), staff: clientOf('staff') };

  const issuerOf = (name: UserPoolName) => `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${pools[name].userPoolId}`;
  const issuers = { attendee: issuerOf('attendee'), staff: issuerOf('staff') };
  // API Gateway checks the token (signature, issuer, expiry, client, and on each
  // route the access-token scope); the Lambda checks groups, which scopes cannot express.
  const authorizerOf = (name: UserPoolName) =>
    new HttpJwtAuthorizer(names[name].authorizer, issuers[name], { jwtAudience: [clients[name].userPoolClientId] });
  return { pools, clients, issuers, authorizers: { attendee: authorizerOf('attendee'), staff: authorizerOf('staff') } };
}
