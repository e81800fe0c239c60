import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { consoleOrigins, consoleUrls, parseContext } from '../../infra/config.ts';
import { buildConsole, CONSOLE_BUILD_SCRIPT } from '../../infra/console-build.ts';
import { consoleCsp, SPA_FALLBACK_CODE } from '../../infra/constructs/console-site.ts';
import { PROJECT_ROOT } from '../../infra/handler-entries.ts';
import { CONSOLE_CERT, dependencyCycle } from './console-stack.ts';

// The console in AWS (issue 20), the parts that need no synth. The template's console (CloudFront with
// OAC, headers, managed login, CORS, config.json, no dependency cycle) is asserted by console-stack.ts on
// stack.test.ts's dev and prod synths.

describe('settings', () => {
  it('a custom domain needs its us-east-1 certificate; extra callback URLs add to the console\'s own', () => {
    expect(() => parseContext({ consoleDomain: 'konsol.example.se' })).toThrow(/consoleDomain and consoleCertificateArn go together/);
    expect(() => parseContext({ consoleDomain: 'konsol.example.se', consoleCertificateArn: CONSOLE_CERT.replace('us-east-1', 'eu-north-1') })).toThrow(/us-east-1/);
    expect(parseContext({ consoleDomain: 'konsol.example.se', consoleCertificateArn: CONSOLE_CERT })).toMatchObject({ consoleDomain: 'konsol.example.se' });
    const ctx = parseContext({ consoleCallbackUrls: 'https://a.example.se/x/,https://a.example.se/y/' });
    expect(consoleUrls(ctx, 'https://c.example.se').callbackUrls).toEqual(['https://c.example.se/', 'https://a.example.se/x/', 'https://a.example.se/y/']);
    expect(consoleUrls(ctx, 'https://c.example.se').logoutUrls).toEqual(['https://c.example.se/']);
    expect(consoleOrigins(ctx, 'https://c.example.se')).toEqual(['https://c.example.se', 'https://a.example.se']);
    expect(consoleOrigins(parseContext({}), 'https://c.example.se')).toEqual(['https://c.example.se']);
  });
});

describe('CloudFront', () => {
  it('paths without a file extension get index.html (the SPA fallback); files are served as they are', () => {
    const handler = runInNewContext(`${SPA_FALLBACK_CODE}; handler`) as (e: { request: { uri: string } }) => { uri: string };
    const route = (uri: string) => handler({ request: { uri } }).uri;
    expect(route('/')).toBe('/index.html');
    expect(route('/clients/sodertalje')).toBe('/index.html');
    expect(route('/assets/index-3f2a.js')).toBe('/assets/index-3f2a.js');
    expect(route('/assets/pdf.worker.min.mjs')).toBe('/assets/pdf.worker.min.mjs');
    expect(route('/config.json')).toBe('/config.json');
  });

  it('the CSP lists what it is given and nothing inline', () => {
    const csp = consoleCsp(['https://api.example'], 'https://login.example');
    expect(csp).toContain("connect-src 'self' https://api.example;");
    expect(csp).toContain("form-action 'self' https://login.example;");
    expect(csp).not.toMatch(/unsafe-/);
  });

  it('the dependency check finds the cycle the console would make if its CSP named the API while the API\'s CORS names the distribution', () => {
    const cyclic = {
      Api: { Properties: { CorsConfiguration: { AllowOrigins: [{ 'Fn::GetAtt': ['Distribution', 'DomainName'] }] } } },
      Distribution: { Properties: { ResponseHeadersPolicyId: { Ref: 'Headers' } } },
      Headers: { Properties: { Csp: { 'Fn::Sub': 'connect-src https://${Api}.execute-api' } } },
    };
    expect(dependencyCycle({ Resources: cyclic })).toEqual(['Api', 'Distribution', 'Headers', 'Api']);
    expect(dependencyCycle({ Resources: { ...cyclic, Headers: { Properties: { Csp: 'connect-src https://*.execute-api' } } } })).toEqual([]);
  });
});

describe('the console build that synth deploys', () => {
  // Synth runs this build (infra/console-build.ts) as a local bundling step; the infra tests' synths skip it.
  it.skipIf(!existsSync(join(PROJECT_ROOT, CONSOLE_BUILD_SCRIPT)))('writes index.html and its assets, with nothing inline for the CSP to refuse', () => {
    const out = mkdtempSync(join(tmpdir(), 'effekt-console-'));
    try {
      buildConsole(PROJECT_ROOT, out);
      const html = readFileSync(join(out, 'index.html'), 'utf8');
      for (const [, src] of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) expect(existsSync(join(out, src!)), src).toBe(true);
      expect(html).toMatch(/<script[^>]*\ssrc="\/assets\//);
      // 'self' only: no inline script or style element, no style or event-handler attributes.
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/<style[\s>]|\sstyle=|\son[a-z]+=/i);
      expect(existsSync(join(out, 'config.json'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
