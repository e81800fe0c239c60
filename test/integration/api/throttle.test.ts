import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startServe, type Serving } from '../../../cli/commands/serve.ts';
import { validatorFor } from '../../unit/api/openapi-helpers.ts';

/** Stage throttling as API Gateway answers it, on a local server with a tiny limit. */

let serving: Serving;

beforeAll(async () => {
  serving = await startServe({
    port: 0,
    endpoints: inject('emulators'),
    prefix: `t${randomUUID().slice(0, 8)}-`,
    signingKeyFile: '.effekt/test-api-signing-key.json',
    keyFile: '.effekt/test-pseudonym.key',
    coalesceSeconds: 0,
    logLevel: 'SILENT',
    throttle: { rateLimit: 0.001, burstLimit: 3 },
    // Only the API is exercised: no stage needs to run.
  });
}, 60_000);

afterAll(async () => {
  await serving?.stop();
});

it('answers 429 {"message":"Too Many Requests"} once the burst is spent, as the deployed stage does', async () => {
  const token = await serving.token({ sub: 'anna', groups: ['admin'] });
  const statuses: number[] = [];
  let last: unknown;
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${serving.url}/v1/clients`, { headers: { authorization: `Bearer ${token}` } });
    statuses.push(response.status);
    last = await response.json();
  }
  expect(statuses).toEqual([200, 200, 200, 429, 429]);
  expect(last).toEqual({ message: 'Too Many Requests' });
  expect(validatorFor({ $ref: '#/components/schemas/GatewayError' })(last)).toBe(true);
});
