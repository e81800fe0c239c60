import { describe, expect, it } from 'vitest';
import { connectionFrom } from '../../../cli/api-client.ts';

describe('the CLI API connection', () => {
  it('takes the base URL with or without the /v1 every route starts with', () => {
    const env = { EFFEKT_TOKEN: 'token' };
    expect(connectionFrom('http://127.0.0.1:8931', env).baseUrl).toBe('http://127.0.0.1:8931');
    expect(connectionFrom('http://127.0.0.1:8931/', env).baseUrl).toBe('http://127.0.0.1:8931');
    expect(connectionFrom('http://127.0.0.1:8931/v1', env).baseUrl).toBe('http://127.0.0.1:8931');
    expect(connectionFrom('https://api.example/v1/', env).baseUrl).toBe('https://api.example');
    // Only a final /v1 segment: a path that merely ends in "v1" is someone's base path.
    expect(connectionFrom('https://example.se/effekt-v1', env).baseUrl).toBe('https://example.se/effekt-v1');
  });

  it('says how to get what is missing', () => {
    expect(() => connectionFrom(undefined, { EFFEKT_TOKEN: 'token' })).toThrow(/--api <url> or EFFEKT_API_URL/);
    expect(() => connectionFrom('http://127.0.0.1:8931', {})).toThrow(/EFFEKT_TOKEN/);
  });
});
