/**
 * What the console reads from /config.json at start, so one build runs locally (`effekt serve`) and in AWS
 * (the stack writes the file next to index.html). docs/console.md describes it.
 */
export interface CognitoAuth {
  mode: 'cognito';
  /** The managed login's base URL, e.g. https://effekt.auth.eu-north-1.amazoncognito.com */
  domain: string;
  clientId: string;
  redirectUri: string;
  logoutUri: string;
  scopes?: string[];
}

export interface ConsoleConfig {
  /** The API's base URL without /v1; "" means the console's own origin. */
  apiBaseUrl: string;
  auth: { mode: 'local' } | CognitoAuth;
}

const isString = (v: unknown): v is string => typeof v === 'string';

export function parseConfig(raw: unknown): ConsoleConfig {
  const value = raw as { apiBaseUrl?: unknown; auth?: Record<string, unknown> } | null;
  if (!value || !isString(value.apiBaseUrl) || !value.auth) throw new Error('config.json needs apiBaseUrl and auth');
  const apiBaseUrl = value.apiBaseUrl.replace(/\/+$/, '');
  const auth = value.auth;
  if (auth.mode === 'local') return { apiBaseUrl, auth: { mode: 'local' } };
  if (auth.mode === 'cognito' && isString(auth.domain) && isString(auth.clientId) && isString(auth.redirectUri) && isString(auth.logoutUri)) {
    const scopes = Array.isArray(auth.scopes) ? auth.scopes.filter(isString) : undefined;
    return {
      apiBaseUrl,
      auth: { mode: 'cognito', domain: auth.domain.replace(/\/+$/, ''), clientId: auth.clientId, redirectUri: auth.redirectUri, logoutUri: auth.logoutUri, scopes },
    };
  }
  throw new Error('config.json: auth.mode must be "local", or "cognito" with domain, clientId, redirectUri and logoutUri');
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return parseConfig(await response.json());
}
