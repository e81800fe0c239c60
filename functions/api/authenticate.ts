import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
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
  if (settings.publicKey) {
    const key = publicKeyFrom(settings.publicKey);
    return async (token) => (await jwtVerify(token, key, options)).payload;
  }
  if (settings.jwksUrl) {
    const jwks = createRemoteJWKSet(new URL(settings.jwksUrl));
    return async (token) => (await jwtVerify(token, jwks, options)).payload;
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
    if (error instanceof joseErrors.JWTExpired) throw unauthorized('The token has expired; get a new one.');
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw unauthorized('The token signature is not valid.');
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw unauthorized('The token was not issued for this API.');
    throw unauthorized('The token is not valid.');
  }
}
