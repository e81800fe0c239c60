import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_THROTTLE } from './api-settings.ts';
import { AUTH_MESSAGES } from '../auth-messages.ts';
import { acknowledge } from '../nag.ts';

/** Every route the API handler serves; each gets the JWT authorizer. */
export const API_ROUTES: ReadonlyArray<{ method: apigw.HttpMethod; path: string }> = [
  { method: apigw.HttpMethod.GET, path: '/v1/clients' },
  { method: apigw.HttpMethod.GET, path: '/v1/clients/{clientId}' },
  { method: apigw.HttpMethod.PUT, path: '/v1/clients/{clientId}' },
  { method: apigw.HttpMethod.POST, path: '/v1/clients/{clientId}/uploads' },
  { method: apigw.HttpMethod.POST, path: '/v1/clients/{clientId}/reports/{year}' },
  { method: apigw.HttpMethod.GET, path: '/v1/clients/{clientId}/reports/{year}' },
  { method: apigw.HttpMethod.GET, path: '/v1/clients/{clientId}/reports/{year}/{version}' },
  { method: apigw.HttpMethod.POST, path: '/v1/clients/{clientId}/reports/{year}/{version}/send' },
  { method: apigw.HttpMethod.GET, path: '/v1/clients/{clientId}/metrics/{year}' },
  { method: apigw.HttpMethod.GET, path: '/v1/clients/{clientId}/years' },
  { method: apigw.HttpMethod.GET, path: '/v1/clients/{clientId}/years/{year}/files' },
  { method: apigw.HttpMethod.DELETE, path: '/v1/clients/{clientId}/years/{year}/files/{name}' },
  { method: apigw.HttpMethod.POST, path: '/v1/clients/{clientId}/erasure' },
  { method: apigw.HttpMethod.GET, path: '/v1/clients/{clientId}/years/{year}/commentary' },
  { method: apigw.HttpMethod.PUT, path: '/v1/clients/{clientId}/years/{year}/commentary' },
  { method: apigw.HttpMethod.GET, path: '/v1/clients/{clientId}/years/{year}/programs/{programId}/design' },
  { method: apigw.HttpMethod.PUT, path: '/v1/clients/{clientId}/years/{year}/programs/{programId}/design' },
  { method: apigw.HttpMethod.GET, path: '/v1/audit' },
];

/** Every path of the API, once each. */
export const API_PATHS: readonly string[] = [...new Set(API_ROUTES.map((r) => r.path))];

/** The methods the API answers (for CORS). */
export const API_METHODS: readonly apigw.HttpMethod[] = [...new Set(API_ROUTES.map((r) => r.method))];

const ROUTABLE_METHODS = [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD, apigw.HttpMethod.POST, apigw.HttpMethod.PUT, apigw.HttpMethod.PATCH, apigw.HttpMethod.DELETE];

/**
 * Every other method on a known path, so it reaches the function, which answers 405 (problem+json) with
 * Allow, instead of the gateway's 404. Not `ANY` and never OPTIONS: an `ANY` route with the authorizer
 * would also catch the browser's CORS preflight (sent without a token) and refuse it with 401, where
 * without an OPTIONS route API Gateway answers the preflight itself from the CORS configuration.
 */
export const API_FALLBACK_ROUTES: ReadonlyArray<{ method: apigw.HttpMethod; path: string }> = API_PATHS.flatMap((path) =>
  ROUTABLE_METHODS.filter((method) => !API_ROUTES.some((r) => r.path === path && r.method === method)).map((method) => ({ method, path })),
);

export const USER_GROUPS = ['admin', 'consultant'] as const;

const OAUTH_SCOPES = [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE];

export interface ApiProps {
  prefix: string;
  handler: lambda.IFunction;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  /** Language of the invitation and verification e-mails. */
  authLocale: 'sv' | 'en';
  /** The console's redirect URLs; none: the app client has no OAuth flow (SRP sign-in only). */
  callbackUrls: string[];
  logoutUrls: string[];
  /** Managed-login domain prefix; no domain when absent. */
  authDomainPrefix?: string;
  /** Browser origins allowed to call the API (CORS); none: no CORS configuration. */
  corsOrigins?: string[];
}


/**
 * The consultants' HTTP API: a Cognito user pool (groups admin and consultant, custom attribute
 * `clients` = comma-separated client ids a consultant may see), a JWT authorizer on every route, stage
 * throttling and JSON access logs.
 *
 * Claims: callers send the Cognito **ID token** (its `aud` is the app client id, which the authorizer
 * checks). ID tokens carry custom attributes and groups as-is, so the handler finds them in
 * `event.requestContext.authorizer.jwt.claims['custom:clients']` and `['cognito:groups']` — no
 * pre-token-generation trigger is needed (documented in docs/deploy.md).
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly domain?: cognito.UserPoolDomain;
  /** The OAuth scopes the app client allows (the console asks for exactly these). */
  readonly scopes: string[] = OAUTH_SCOPES.map((scope) => scope.scopeName);
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const messages = AUTH_MESSAGES[props.authLocale];
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: props.prefix,
      // Admins create consultants; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: { clients: new cognito.StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Essentials: managed login (the console's sign-in) is included; threat protection is not (Plus only).
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      userInvitation: {
        emailSubject: messages.invitationSubject,
        emailBody: messages.invitationBody,
        smsMessage: messages.invitationSms,
      },
      userVerification: {
        emailStyle: cognito.VerificationEmailStyle.CODE,
        emailSubject: messages.verificationSubject,
        emailBody: messages.verificationBody,
        smsMessage: messages.verificationSms,
      },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    acknowledge(this.userPool, 'AwsSolutions-COG8',
      'Threat protection (adaptive authentication, compromised-credential checks) exists only in the Plus tier, which adds a per-MAU charge; the pool runs on Essentials with a few admin-created consultants, no self sign-up, MFA (TOTP) required and a 12-character password policy. Revisit if sign-up opens.');
    for (const group of USER_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: group === 'admin' ? 'All clients, settings and audit' : 'Clients listed in custom:clients',
      });
    }
    const oauth = props.callbackUrls.length > 0;
    this.userPoolClient = this.userPool.addClient('Client', {
      userPoolClientName: `${props.prefix}-consultants`,
      generateSecret: false,
      // SRP only (the CLI's login): the password never leaves the client. Refresh tokens are always allowed.
      authFlows: { userSrp: true },
      // The console (managed login): authorization code flow only, a public client (no secret), so it
      // must use PKCE; Cognito has no switch to require PKCE, the console always sends a code_challenge.
      ...(oauth
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
              scopes: [...OAUTH_SCOPES],
              callbackUrls: props.callbackUrls,
              logoutUrls: props.logoutUrls,
            },
            supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
          }
        : { disableOAuth: true }),
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('clients'),
      // Users must not be able to grant themselves clients: custom:clients is writable by admins only.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    if (props.authDomainPrefix) {
      this.domain = this.userPool.addDomain('Domain', {
        cognitoDomain: { domainPrefix: props.authDomainPrefix },
        managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      });
      // Managed login needs a style per app client; Cognito's own look until the console brings one.
      new cognito.CfnManagedLoginBranding(this, 'LoginBranding', {
        userPoolId: this.userPool.userPoolId,
        clientId: this.userPoolClient.userPoolClientId,
        useCognitoProvidedValues: true,
      });
    }

    const authorizer = new HttpUserPoolAuthorizer('Cognito', this.userPool, {
      authorizerName: `${props.prefix}-cognito`,
      userPoolClients: [this.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${props.prefix}-api`,
      description: 'Effekt consultants API',
      // The stage below replaces the default one so it can have throttling and access logs.
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      // The console calls the API from its own origin with a bearer token (no cookies, so no credentials).
      ...(props.corsOrigins?.length
        ? {
            corsPreflight: {
              allowOrigins: props.corsOrigins,
              allowMethods: [...API_METHODS].map((m) => apigw.CorsHttpMethod[m as keyof typeof apigw.CorsHttpMethod]),
              allowHeaders: ['authorization', 'content-type'],
              allowCredentials: false,
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    const integration = new HttpLambdaIntegration('Handler', props.handler, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    for (const route of API_ROUTES) {
      // The authorizer is repeated per route (not only inherited) so no route can lose it by accident.
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration, authorizer });
    }
    for (const route of API_FALLBACK_ROUTES) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration, authorizer });
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${props.prefix}-api`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { ...API_THROTTLE },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            user: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });
  }

  get url(): string {
    return this.stage.url;
  }
}
