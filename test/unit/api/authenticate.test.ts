import { createPublicKey } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVerifier, verifyBearer } from '../../../functions/api/authenticate.ts';
import { ApiError } from '../../../functions/api/errors.ts';

const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
const other = await generateKeyPair('ES256');

const sign = (key: CryptoKey | typeof other.privateKey, options: { exp?: number; aud?: string; iss?: string } = {}) =>
  new SignJWT({ 'cognito:groups': ['admin'] })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject('anna')
    .setIssuer(options.iss ?? 'effekt-local')
    .setAudience(options.aud ?? 'effekt-api')
    .setIssuedAt()
    .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 60)
    .sign(key);

async function reason(verifier: ReturnType<typeof createVerifier>, header: string | undefined): Promise<string> {
  try {
    await verifyBearer(verifier, header);
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    return (error as ApiError).message;
  }
}

describe('verifyBearer', () => {
  const settings = { issuer: 'effekt-local', audience: 'effekt-api' };
  const jwkVerifier = async () => createVerifier({ ...settings, publicKey: JSON.stringify(await exportJWK(publicKey)) });

  it('accepts a good token with a JWK or a PEM key', async () => {
    const token = await sign(privateKey);
    expect(await reason(await jwkVerifier(), `Bearer ${token}`)).toBe('accepted');
    const pem = await exportSPKI(publicKey);
    expect(createPublicKey(pem).asymmetricKeyType).toBe('ec');
    expect(await reason(createVerifier({ ...settings, publicKey: pem }), `Bearer ${token}`)).toBe('accepted');
  });

  it('refuses missing, malformed, forged, expired and foreign tokens with a sentence each', async () => {
    const verifier = await jwkVerifier();
    expect(await reason(verifier, undefined)).toMatch(/bearer token is required/i);
    expect(await reason(verifier, 'Basic abc')).toMatch(/must be "Bearer/);
    expect(await reason(verifier, 'Bearer not-a-jwt')).toMatch(/not valid/);
    expect(await reason(verifier, `Bearer ${await sign(other.privateKey)}`)).toMatch(/signature/);
    expect(await reason(verifier, `Bearer ${await sign(privateKey, { exp: Math.floor(Date.now() / 1000) - 120 })}`)).toMatch(/expired/);
    expect(await reason(verifier, `Bearer ${await sign(privateKey, { aud: 'someone-else' })}`)).toMatch(/not issued for this API/);
    expect(await reason(verifier, `Bearer ${await sign(privateKey, { iss: 'elsewhere' })}`)).toMatch(/not issued for this API/);
  });

  it('fails closed when no key is configured', async () => {
    const token = await sign(privateKey);
    expect(createVerifier({})).toBeUndefined();
    expect(await reason(undefined, `Bearer ${token}`)).toMatch(/cannot verify/);
  });
});
