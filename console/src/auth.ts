import type { CognitoAuth } from './config.ts';

/**
 * Sign-in. Locally: the token `effekt token` prints (or the one `effekt serve --open` puts in the URL
 * fragment). In AWS: Cognito's managed login with the authorization code flow and PKCE (S256), no
 * implicit flow; the ID token is the bearer token, as the API reads groups and clients from it.
 * The token lives in sessionStorage: one tab, gone when it closes.
 */

const TOKEN_KEY = 'effekt.token';
const PKCE_KEY = 'effekt.pkce';

export interface Session {
  token: string;
  sub: string;
  expiresAt: number;
}

function base64UrlDecode(part: string): string {
  const padded = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export type TokenCheck = { ok: true; session: Session } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

/** Reads a JWT's claims without verifying it (the API verifies); only to name the user and see expiry. */
export function checkToken(raw: string, now = Date.now()): TokenCheck {
  const token = raw.trim();
  if (!token) return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'invalid' };
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1]!)) as { sub?: unknown; exp?: unknown; email?: unknown };
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY;
    if (expiresAt <= now) return { ok: false, reason: 'expired' };
    const sub = typeof claims.email === 'string' ? claims.email : typeof claims.sub === 'string' ? claims.sub : '?';
    return { ok: true, session: { token, sub, expiresAt } };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}

export function savedSession(): Session | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  const check = checkToken(token);
  if (check.ok) return check.session;
  sessionStorage.removeItem(TOKEN_KEY);
  return undefined;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(TOKEN_KEY, session.token);
}

export function forgetSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * `effekt serve --open` opens `/#token=…`: take the token and remove it from the address bar and the
 * history at once, so it is not left in the URL.
 */
export function takeTokenFromFragment(): string | undefined {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return undefined;
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  return decodeURIComponent(match[1]!);
}

// ---- Cognito: authorization code + PKCE -------------------------------------------------------------

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}

const randomString = (bytes: number) => base64UrlEncode(crypto.getRandomValues(new Uint8Array(bytes)));

/** Sends the browser to the managed login; the verifier and state wait in sessionStorage for the callback. */
export async function startCognitoSignIn(auth: CognitoAuth): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(24);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, back: location.hash }));
  const url = new URL(`${auth.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: (auth.scopes ?? ['openid', 'email', 'profile']).join(' '),
    state,
    code_challenge_method: 'S256',
    code_challenge: await challengeOf(verifier),
  }).toString();
  location.assign(url.toString());
}

/** On return from the managed login (`?code=&state=`): exchanges the code for tokens. */
export async function finishCognitoSignIn(auth: CognitoAuth): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string; back: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}${pending?.back || '#/'}`);
  if (error) throw new Error(params.get('error_description') ?? error);
  if (!pending || pending.state !== params.get('state')) throw new Error('state mismatch');
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code: code!,
      redirect_uri: auth.redirectUri,
      code_verifier: pending.verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const tokens = (await response.json()) as { id_token?: string };
  const check = checkToken(tokens.id_token ?? '');
  if (!check.ok) throw new Error('no valid ID token');
  return check.session;
}

export function cognitoLogoutUrl(auth: CognitoAuth): string {
  const url = new URL(`${auth.domain}/logout`);
  url.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.logoutUri }).toString();
  return url.toString();
}
