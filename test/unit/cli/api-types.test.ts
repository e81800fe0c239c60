import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import openapiTS from 'openapi-typescript';
import { expect, it } from 'vitest';
import { OPENAPI_PATH } from '../api/openapi-helpers.ts';

/** The CLI's response types are generated from docs/openapi.json; a changed contract must be regenerated. */
it('cli/api-types.ts is what `npm run openapi:types` makes of docs/openapi.json now', async () => {
  const generated = await openapiTS(pathToFileURL(OPENAPI_PATH));
  const committed = await readFile(new URL('../../../cli/api-types.ts', import.meta.url), 'utf8');
  expect(committed, 'run `npm run openapi:types` and commit cli/api-types.ts').toBe(generated);
});
