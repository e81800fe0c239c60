import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { loadOnce } from '../aws/load-once.ts';
import { ApiError, unauthorized } from './errors.ts';

/** How the handler verifies a bearer token itself, when no API Gateway authorizer did it first. */
export interface VerifierSettings {
  /** PEM (SPKI) or a JWK as JSON. */
  publicKey?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export type TokenVerifier = (token: string) => Promise<JWTPayload>;

const ALGORITHMS = ['ES256', 'ES384', 'RS256'];

export function publicKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    return createPublicKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' });
  }
  return createPublicKey(trimmed);
}

/**
 * A verifier, or undefined when none is configured: then only API Gateway's claims can
 * authenticate a request, and a request without them is refused (fail closed).
 */
export function createVerifier(settings: VerifierSettings): TokenVerifier | undefined {
  const options = { algorithms: ALGORITHMS, issuer: settings.issuer, audience: settings.audience };
  // jose is imported by the first token verified: behind API Gateway its authorizer verifies, and no
  // verifier is configured, so the deployed function never loads it (a chunk of its own, infra/bundling.ts).
  if (settings.publicKey) {
    const key = publicKeyFrom(settings.publicKey);
    return async (token) => (await (await import('jose')).jwtVerify(token, key, options)).payload;
  }
  if (settings.jwksUrl) {
    const jwksUrl = new URL(settings.jwksUrl);
    // One key set per verifier: it caches the fetched keys.
    const jwks = loadOnce(async () => (await import('jose')).createRemoteJWKSet(jwksUrl));
    return async (token) => (await (await import('jose')).jwtVerify(token, await jwks(), options)).payload;
  }
  return undefined;
}

export function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw unauthorized('A bearer token is required: send "Authorization: Bearer <token>".');
  const match = /^Bearer\s+([A-Za-z0-9_\-.=]+)\s*$/i.exec(authorization);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
  return match[1]!;
}

/** Verifies a token; every failure becomes a 401 with a sentence, never jose's internals. */
export async function verifyBearer(verifier: TokenVerifier | undefined, authorization: string | undefined): Promise<JWTPayload> {
  const token = bearerToken(authorization);
  if (!verifier) throw unauthorized('This API cannot verify tokens here.');
  try {
    return await verifier(token);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // jose's error classes (loaded already when the verifier is one of createVerifier's).
    const { errors: joseErrors } = await import('jose');
    if (error instanceof joseErrors.JWTExpired) throw unauthorized('The token has expired; get a new one.');
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw unauthorized('The token signature is not valid.');
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw unauthorized('The token was not issued for this API.');
    throw unauthorized('The token is not valid.');
  }
}
