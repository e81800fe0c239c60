import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/handler-entries.ts';

// What an operator needs besides the template: the licence, the changelog and the runbooks exist and
// say what they must (no synth here).

const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');
const headings = (text: string) => [...text.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1]!.trim());

describe('project hygiene', () => {
  it('LICENSE is the MIT License and the README states it', () => {
    const license = read('LICENSE');
    expect(license.split('\n')[0]).toBe('MIT License');
    expect(license).toContain('Permission is hereby granted, free of charge');
    const readme = read('README.md');
    const section = readme.slice(readme.lastIndexOf('\n## License'));
    expect(section).toMatch(/MIT License\]\(LICENSE\)/);
  });

  it('CHANGELOG has an Unreleased section and dated releases', () => {
    const changelog = read('CHANGELOG.md');
    expect(headings(changelog)).toContain('[Unreleased]');
    expect(changelog).toMatch(/^## \[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/m);
  });

  it('docs/operations.md covers upgrades, key rotation, PITR restore, DLQ redrive and staging', () => {
    const sections = headings(read('docs/operations.md'));
    for (const title of ['Upgrading the CDK', 'Upgrading the Lambda runtime', 'Rotating the pseudonymisation key', 'Restoring the table from PITR', 'Redriving dead-letter queues', 'Releases and staging']) {
      expect(sections, title).toContain(title);
    }
    const rotation = read('docs/operations.md').split('## Rotating the pseudonymisation key')[1]!.split('\n## ')[0]!;
    // What rotation means for matching across years must be spelled out, not just the command.
    expect(rotation).toMatch(/year/);
    expect(rotation).toContain('put-secret-value');
  });

  it('docs/deploy.md walks from an empty account to the first e-mailed report, with each DNS record and its check', () => {
    const deploy = read('docs/deploy.md');
    expect(headings(deploy)).toContain('From an empty AWS account to the first emailed report');
    for (const needle of ['cdk bootstrap', '_domainkey', 'CNAME', 'feedback-smtp.eu-north-1.amazonses.com', 'v=spf1 include:amazonses.com', '_dmarc', 'v=DMARC1',
      'dig +short CNAME', 'dig +short MX', 'dig +short TXT', 'get-email-identity', 'production access', 'aws s3 cp']) {
      expect(deploy, needle).toContain(needle);
    }
    expect(deploy).not.toContain('USER_PASSWORD_AUTH --auth');
  });
});
