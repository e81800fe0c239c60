import { isClientId } from '../core/model/index.ts';
import { ApiError, forbiddenClient } from './errors.ts';

/**
 * Who is calling, from verified JWT claims. Pure: the same code runs behind API Gateway's JWT
 * authorizer (claims arrive in the event) and locally (claims come from our own verification).
 */
export type Principal = (
  | { sub: string; role: 'admin' }
  | { sub: string; role: 'consultant'; clients: ReadonlySet<string> }
  | { sub: string; role: 'none' }
) & {
  /** The caller's e-mail (Cognito ID tokens carry it): drafts and rejections of their uploads go there. */
  email?: string;
};

export type Claims = Readonly<Record<string, unknown>>;

/**
 * A list claim in any shape it arrives in: a JSON array; a JSON array in a string; API Gateway's
 * flattening of arrays ("[admin consultant]"); or a Cognito custom attribute ("a,b" or "a b").
 */
export function parseListClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parseListClaim(parsed);
    } catch {
      // Not JSON: API Gateway's "[a b]" form, handled below.
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((v) => v.replace(/^"|"$/g, ''))
    .filter(Boolean);
}

export function principalFromClaims(claims: Claims): Principal {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  if (!sub) throw new ApiError('unauthorized', 'The token names no subject (sub).');
  const groups = new Set(parseListClaim(claims['cognito:groups']));
  const email = typeof claims.email === 'string' && /^[^\s@]+@[^\s@]+$/.test(claims.email) ? { email: claims.email } : {};
  if (groups.has('admin')) return { sub, role: 'admin', ...email };
  if (groups.has('consultant')) {
    // Cognito ID tokens carry the custom attribute as `custom:clients`; tokens we mint say `clients`.
    const listed = [...parseListClaim(claims.clients), ...parseListClaim(claims['custom:clients'])];
    return { sub, role: 'consultant', clients: new Set(listed.filter(isClientId)), ...email };
  }
  return { sub, role: 'none', ...email };
}

export function mayAccessClient(principal: Principal, clientId: string): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'consultant') return principal.clients.has(clientId);
  return false;
}

export function requireClient(principal: Principal, clientId: string): void {
  if (!mayAccessClient(principal, clientId)) throw forbiddenClient();
}

export function requireRole(principal: Principal): void {
  if (principal.role === 'none') {
    throw new ApiError('forbidden', 'Your account is in neither the admin nor the consultant group.');
  }
}

/** The clients a caller may see among those that exist (admins: all of them). */
export function visibleClients(principal: Principal, existing: readonly string[]): string[] {
  return existing.filter((c) => mayAccessClient(principal, c));
}
