import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../infra/constructs/api.ts';
import { logicalIdOf, resources, type Synthesized } from './synth.ts';

// The console in AWS (issue 20) on stack.test.ts's two synths, which would otherwise be repeated (each
// synth with cdk-nag is costly on two shared cores): dev with the defaults (the *.cloudfront.net name),
// prod with CONSOLE_PROD_CONTEXT (a custom domain and its certificate) besides its extra callback URL.

export const CONSOLE_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f2c3a4b-1d2e-4f60-8a9b-0c1d2e3f4a5b';
export const CONSOLE_PROD_CONTEXT = { consoleDomain: 'konsol.example.se', consoleCertificateArn: CONSOLE_CERT };

type Json = Record<string, unknown>;
type Statement = { Effect: string; Action: string | string[]; Principal?: unknown; Resource: unknown; Condition?: Json };

export function consoleStackSuite(synths: () => { dev: Synthesized; prod: Synthesized }): void {
  let dev: Synthesized;
  let prod: Synthesized;
  beforeAll(() => {
    ({ dev, prod } = synths());
  });

  const only = (s: Synthesized, type: string) => {
    const found = Object.entries(resources(s.template, type));
    expect(found, type).toHaveLength(1);
    return { id: found[0]![0], props: found[0]![1].Properties! };
  };
  const distributionOf = (s: Synthesized) => only(s, 'AWS::CloudFront::Distribution');
  const distributionConfig = (s: Synthesized) => distributionOf(s).props.DistributionConfig as Json;
  const clientOf = (s: Synthesized) => only(s, 'AWS::Cognito::UserPoolClient').props;
  /** The console's origin as the template spells it: a literal with a custom domain, else the distribution's name. */
  const originOf = (s: Synthesized, suffix = '') =>
    s === prod ? `https://konsol.example.se${suffix}` : { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionOf(s).id, 'DomainName'] }, ...(suffix ? [suffix] : [])]] };
  const cspOf = (s: Synthesized): string => {
    const policy = only(s, 'AWS::CloudFront::ResponseHeadersPolicy').props.ResponseHeadersPolicyConfig as Json;
    const csp = ((policy.SecurityHeadersConfig as Json).ContentSecurityPolicy as Json).ContentSecurityPolicy;
    // prod's CSP joins the API's and buckets' names in at deploy time; flatten the references to their ids.
    return typeof csp === 'string' ? csp : JSON.stringify(csp);
  };

  describe('static files', () => {
    it('come from a private, encrypted, TLS-only bucket that logs access like the other buckets', () => {
      for (const s of [dev, prod]) {
        const id = logicalIdOf(s.stack, s.stack.console.bucket);
        const bucket = resources(s.template, 'AWS::S3::Bucket')[id]!.Properties!;
        expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
        expect(bucket.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
        expect(bucket.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logicalIdOf(s.stack, s.stack.buckets.logs) }, LogFilePrefix: 'console/' });
        expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
        expect(bucket.WebsiteConfiguration).toBeUndefined();
      }
    });

    it('are read by CloudFront through Origin Access Control only (no OAI), and the bucket policy lets only this distribution read', () => {
      for (const s of [dev, prod]) {
        const bucketId = logicalIdOf(s.stack, s.stack.console.bucket);
        const distribution = distributionOf(s);
        const [origin] = distributionConfig(s).Origins as Json[];
        expect(origin!.DomainName).toEqual({ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] });
        expect(origin!.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
        const oac = only(s, 'AWS::CloudFront::OriginAccessControl');
        expect(origin!.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oac.id, 'Id'] });
        expect(oac.props.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
        s.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);

        const policy = Object.values(resources(s.template, 'AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties!.Bucket) === JSON.stringify({ Ref: bucketId }))!;
        const statements = (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement;
        const reads = statements.filter((st) => st.Effect === 'Allow' && [st.Action].flat().some((a) => a.startsWith('s3:GetObject')));
        expect(reads).toHaveLength(1);
        expect(reads[0]!.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
        expect(reads[0]!.Action).toBe('s3:GetObject');
        expect(JSON.stringify(reads[0]!.Condition)).toContain(`"AWS:SourceArn"`);
        expect(JSON.stringify(reads[0]!.Condition)).toContain(`{"Ref":"${distribution.id}"}`);
        // Nobody else is allowed anything but CDK's own auto-delete role (which empties the bucket on destroy).
        for (const st of statements.filter((x) => x.Effect === 'Allow' && x !== reads[0])) {
          expect(JSON.stringify(st.Principal)).toContain('CustomS3AutoDeleteObjectsCustomResourceProviderRole');
        }
        expect(statements.some((st) => st.Effect === 'Deny' && JSON.stringify(st.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}')).toBe(true);
      }
    });

    it('index.html at the root, paths without an extension fall back to it, GET/HEAD only, HTTPS only, logged', () => {
      for (const s of [dev, prod]) {
        const config = distributionConfig(s);
        expect(config.DefaultRootObject).toBe('index.html');
        const behavior = config.DefaultCacheBehavior as Json;
        expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
        expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
        expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [only(s, 'AWS::CloudFront::Function').id, 'FunctionARN'] } }]);
        expect(config.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [logicalIdOf(s.stack, s.stack.console.logBucket), 'RegionalDomainName'] }, IncludeCookies: false });
        const logBucket = resources(s.template, 'AWS::S3::Bucket')[logicalIdOf(s.stack, s.stack.console.logBucket)]!.Properties!;
        expect(logBucket.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
        expect(logBucket.LoggingConfiguration).toMatchObject({ DestinationBucketName: { Ref: logicalIdOf(s.stack, s.stack.buckets.logs) } });
      }
    });

    it('TLS 1.2+ with the configured domain and certificate; the default certificate without one', () => {
      expect(distributionConfig(prod).Aliases).toEqual(['konsol.example.se']);
      expect(distributionConfig(prod).ViewerCertificate).toEqual({ AcmCertificateArn: CONSOLE_CERT, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
      expect(distributionConfig(dev).Aliases).toBeUndefined();
      expect(distributionConfig(dev).ViewerCertificate).toBeUndefined();
    });
  });

  describe('security headers', () => {
    it('CSP: own scripts and styles only (no unsafe-inline or eval), no framing, fetches only to the API, managed login and S3', () => {
      for (const s of [dev, prod]) {
        const csp = cspOf(s);
        expect(csp).toContain("script-src 'self';");
        expect(csp).toContain("style-src 'self';");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("base-uri 'none'");
        expect(csp).toContain("worker-src 'self';");
        expect(csp).not.toMatch(/unsafe-(inline|eval|hashes)/);
        expect(csp).not.toMatch(/(^|[\s;])\*(?=[\s;]|$)|https:(?=[\s;])|\bhttp:/);
        const prefix = s === prod ? 'effekt-example' : `effekt-dev-${s.stack.account}`;
        expect(csp).toContain(`https://${prefix}.auth.eu-north-1.amazoncognito.com`);
      }
      // With a custom domain nothing depends on the distribution, so the CSP names the exact hosts.
      const exact = cspOf(prod);
      expect(exact).toContain(`{"Ref":"${logicalIdOf(prod.stack, prod.stack.api.httpApi)}"}`);
      expect(exact).toContain(`{"Fn::GetAtt":["${logicalIdOf(prod.stack, prod.stack.buckets.uploads)}","RegionalDomainName"]}`);
      expect(exact).toContain(`{"Fn::GetAtt":["${logicalIdOf(prod.stack, prod.stack.buckets.reports)}","RegionalDomainName"]}`);
      expect(exact).not.toContain('*.');
      // Without one, the region's API Gateway and S3 hosts (the CORS rules name the distribution instead).
      expect(cspOf(dev)).toContain("connect-src 'self' https://*.execute-api.eu-north-1.amazonaws.com https://*.s3.eu-north-1.amazonaws.com https://");
    });

    it('HSTS for two years, nosniff, DENY, no referrer, on every response of the distribution', () => {
      for (const s of [dev, prod]) {
        const policy = only(s, 'AWS::CloudFront::ResponseHeadersPolicy');
        const headers = (policy.props.ResponseHeadersPolicyConfig as Json).SecurityHeadersConfig as Json;
        expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true, Preload: false });
        expect(headers.ContentTypeOptions).toEqual({ Override: true });
        expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
        expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
        expect((headers.ContentSecurityPolicy as Json).Override).toBe(true);
        expect((distributionConfig(s).DefaultCacheBehavior as Json).ResponseHeadersPolicyId).toEqual({ Ref: policy.id });
      }
    });
  });

  describe('sign-in and CORS', () => {
    it('managed login on a Cognito domain: effekt-<env>-<account> by default, the configured prefix otherwise', () => {
      dev.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: `effekt-dev-${dev.stack.account}`, ManagedLoginVersion: 2 });
      prod.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'effekt-example', ManagedLoginVersion: 2 });
    });

    it('the app client: authorization code flow only, public (no secret, so the console uses PKCE), no implicit flow', () => {
      for (const s of [dev, prod]) {
        const client = clientOf(s);
        expect(client.AllowedOAuthFlows).toEqual(['code']);
        expect(client.GenerateSecret).toBe(false);
        expect(client.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
      }
    });

    it('callback and logout URLs: the console\'s own origin by default, plus the configured ones', () => {
      expect(clientOf(dev).CallbackURLs).toEqual([originOf(dev, '/')]);
      expect(clientOf(dev).LogoutURLs).toEqual([originOf(dev, '/')]);
      expect(clientOf(prod).CallbackURLs).toEqual(['https://konsol.example.se/', 'https://effekt.example.se/auth/callback']);
      expect(clientOf(prod).LogoutURLs).toEqual(['https://konsol.example.se/', 'https://effekt.example.se/']);
    });

    it('the API allows exactly the console\'s origin, the API\'s methods and the Authorization and Content-Type headers', () => {
      for (const s of [dev, prod]) {
        const cors = only(s, 'AWS::ApiGatewayV2::Api').props.CorsConfiguration as Json;
        expect(cors.AllowOrigins).toEqual(s === prod ? ['https://konsol.example.se', 'https://effekt.example.se'] : [originOf(dev)]);
        expect(cors.AllowHeaders).toEqual(['authorization', 'content-type']);
        expect([...(cors.AllowMethods as string[])].sort()).toEqual([...API_METHODS].sort());
        expect(cors.AllowCredentials).toBe(false);
      }
      // Preflights carry no token: no route may catch OPTIONS (an ANY route would, and answer 401).
      const routeKeys = Object.values(resources(dev.template, 'AWS::ApiGatewayV2::Route')).map((r) => String(r.Properties!.RouteKey));
      expect(routeKeys.filter((k) => k.startsWith('ANY ') || k.startsWith('OPTIONS '))).toEqual([]);
    });

    it('uploads accept presigned PUTs from the console\'s origin only; reports allow presigned GETs (the redirect sends Origin: null)', () => {
      const corsOf = (s: Synthesized, bucket: 'uploads' | 'reports') =>
        (resources(s.template, 'AWS::S3::Bucket')[logicalIdOf(s.stack, s.stack.buckets[bucket])]!.Properties!.CorsConfiguration as { CorsRules: Json[] }).CorsRules;
      expect(corsOf(dev, 'uploads')).toEqual([{ AllowedHeaders: ['content-type'], AllowedMethods: ['PUT'], AllowedOrigins: [originOf(dev)], MaxAge: 3600 }]);
      expect(corsOf(prod, 'uploads')).toEqual([{ AllowedHeaders: ['content-type'], AllowedMethods: ['PUT'], AllowedOrigins: ['https://konsol.example.se', 'https://effekt.example.se'], MaxAge: 3600 }]);
      expect(corsOf(dev, 'reports')).toEqual([{ AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['*'], MaxAge: 3600 }]);
      expect(resources(dev.template, 'AWS::S3::Bucket')[logicalIdOf(dev.stack, dev.stack.buckets.quarantine)]!.Properties!.CorsConfiguration).toBeUndefined();
    });
  });

  describe('deployment', () => {
    it('copies the console and a config.json naming the API, the app client and managed login, then invalidates the cache', () => {
      for (const s of [dev, prod]) {
        const deployment = only(s, 'Custom::CDKBucketDeployment').props;
        expect(deployment.DestinationBucketName).toEqual({ Ref: logicalIdOf(s.stack, s.stack.console.bucket) });
        expect(deployment).toMatchObject({ Prune: true, DistributionId: { Ref: distributionOf(s).id }, DistributionPaths: ['/*'], SystemMetadata: { 'cache-control': 'no-cache' } });
        const keys = deployment.SourceObjectKeys as string[];
        const markers = deployment.SourceMarkers as Record<string, unknown>[];
        expect(keys).toHaveLength(2);
        // config.json is the last source, so it wins over any config.json a build may carry.
        const configDir = join(s.outdir, `asset.${keys[1]!.replace(/\.zip$/, '')}`);
        expect(existsSync(join(configDir, 'config.json'))).toBe(true);
        // Put the deploy-time values back in as the template's references, then read it as JSON.
        let text = readFileSync(join(configDir, 'config.json'), 'utf8');
        for (const [marker, value] of Object.entries(markers[1]!)) text = text.replaceAll(marker, JSON.stringify(value).replaceAll('"', "'"));
        const config = JSON.parse(text) as { apiBaseUrl: string; auth: Record<string, unknown> };
        expect(config.apiBaseUrl).toContain(`{'Ref':'${logicalIdOf(s.stack, s.stack.api.httpApi)}'}.execute-api.eu-north-1.`);
        expect(config.auth).toMatchObject({
          mode: 'cognito',
          clientId: `{'Ref':'${logicalIdOf(s.stack, s.stack.api.userPoolClient)}'}`,
          domain: s === prod ? 'https://effekt-example.auth.eu-north-1.amazoncognito.com' : `https://effekt-dev-${s.stack.account}.auth.eu-north-1.amazoncognito.com`,
          scopes: ['openid', 'email', 'profile'],
        });
        expect(config.auth.redirectUri).toBe(config.auth.logoutUri);
        expect(clientOf(s).CallbackURLs).toHaveLength(s === prod ? 2 : 1);
        if (s === prod) expect(config.auth.redirectUri).toBe('https://konsol.example.se/');
        else expect(config.auth.redirectUri).toBe(`https://{'Fn::GetAtt':['${distributionOf(s).id}','DomainName']}/`);
      }
    });

    it('the outputs give the console\'s URL', () => {
      prod.template.hasOutput('ConsoleUrl', { Value: 'https://konsol.example.se/' });
      dev.template.hasOutput('ConsoleUrl', { Value: originOf(dev, '/') });
      dev.template.hasOutput('ManagedLoginUrl', Match.anyValue());
    });

    it('CloudFormation can order every resource: no dependency cycle between the console, the API and the buckets', () => {
      for (const s of [dev, prod]) expect(dependencyCycle(s.template.toJSON() as { Resources: Record<string, Json> })).toEqual([]);
    });
  });
}

/** The first cycle of Ref/GetAtt/Sub/DependsOn edges between resources, or [] when there is none. */
export function dependencyCycle(template: { Resources: Record<string, Json> }): string[] {
  const ids = new Set(Object.keys(template.Resources));
  const edges = new Map<string, Set<string>>();
  const collect = (node: unknown, into: Set<string>): void => {
    if (Array.isArray(node)) for (const item of node) collect(item, into);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref' && typeof value === 'string' && ids.has(value)) into.add(value);
        else if (key === 'Fn::GetAtt') {
          const target = Array.isArray(value) ? value[0] : String(value).split('.')[0];
          if (typeof target === 'string' && ids.has(target)) into.add(target);
        } else if (key === 'Fn::Sub') {
          const text = Array.isArray(value) ? value[0] : value;
          for (const m of String(text).matchAll(/\$\{([^}.!]+)/g)) if (ids.has(m[1]!)) into.add(m[1]!);
          collect(value, into);
        } else collect(value, into);
      }
    }
  };
  for (const [id, resource] of Object.entries(template.Resources)) {
    const into = new Set<string>([resource.DependsOn ?? []].flat() as string[]);
    collect(resource.Properties, into);
    edges.set(id, into);
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]): string[] => {
    state.set(id, 'open');
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next, [...path, next]);
        if (cycle.length > 0) return cycle;
      }
    }
    state.set(id, 'done');
    return [];
  };
  for (const id of ids) {
    if (state.has(id)) continue;
    const cycle = visit(id, [id]);
    if (cycle.length > 0) return cycle;
  }
  return [];
}
