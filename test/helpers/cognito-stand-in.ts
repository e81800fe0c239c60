import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the parts of Cognito's user-pool API that `effekt login` uses: InitiateAuth
 * (USER_SRP_AUTH, REFRESH_TOKEN_AUTH) and RespondToAuthChallenge (PASSWORD_VERIFIER, then
 * SOFTWARE_TOKEN_MFA), over the AWS JSON 1.1 protocol. It does the server side of Cognito's SRP-6a
 * (3072-bit group, k = H(N | g), x = H(salt | H(pool | user | ":" | password)), HKDF "Caldera Derived
 * Key") and checks TOTP codes (RFC 6238), so the CLI's client side, from amazon-cognito-identity-js,
 * is tested against the protocol and not against itself.
 */

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Even-length hex, with 00 in front when the top bit is set (Java's BigInteger.toByteArray). */
function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}
const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hexHash = (hex: string) => sha256Hex(Buffer.from(hex, 'hex'));
const k = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);

function hkdf(ikm: Buffer, salt: Buffer): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])])).digest().subarray(0, 16);
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits), as authenticator apps make them. */
export function totp(secret: Buffer, at = Date.now(), step = 0): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000) + step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

export interface StandInUser {
  username: string;
  password: string;
  totpSecret: Buffer;
}

export interface CognitoStandIn {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  /** Operations called, in order, e.g. "InitiateAuth:USER_SRP_AUTH". */
  calls: string[];
  close(): Promise<void>;
}

interface Pending {
  username: string;
  A: bigint;
  b: bigint;
  B: bigint;
  salt: bigint;
  verifier: bigint;
  secretBlock: string;
}

/**
 * `issueIdToken(username)` makes the ID token the CLI then sends to the API (tests use `effekt serve`'s
 * own signer, so the API accepts it).
 */
export async function startCognitoStandIn(options: {
  user: StandInUser;
  issueIdToken: (username: string) => Promise<string>;
  region?: string;
}): Promise<CognitoStandIn> {
  const region = options.region ?? 'eu-north-1';
  const userPoolId = `${region}_StandIn01`;
  const poolName = userPoolId.split('_')[1]!;
  const clientId = 'standinclientid';
  const salt = BigInt(`0x${randomBytes(16).toString('hex')}`);
  const x = BigInt(`0x${hexHash(padHex(salt) + sha256Hex(`${poolName}${options.user.username}:${options.user.password}`))}`);
  const verifier = modPow(g, x, N);
  const refreshTokens = new Set<string>();
  const pending = new Map<string, Pending>();
  const mfaSessions = new Map<string, string>();
  const calls: string[] = [];

  const fail = (type: string, message: string) => ({ status: 400, body: { __type: type, message } });

  async function handle(operation: string, input: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    if (input.ClientId !== clientId) return fail('ResourceNotFoundException', 'User pool client does not exist.');
    if (operation === 'InitiateAuth') {
      const flow = String(input.AuthFlow);
      calls.push(`InitiateAuth:${flow}`);
      const params = (input.AuthParameters ?? {}) as Record<string, string>;
      if (flow === 'USER_SRP_AUTH') {
        if (params.USERNAME !== options.user.username) return fail('NotAuthorizedException', 'Incorrect username or password.');
        const A = BigInt(`0x${params.SRP_A}`);
        if (A % N === 0n) return fail('InvalidParameterException', 'SRP_A is invalid.');
        const b = BigInt(`0x${randomBytes(128).toString('hex')}`);
        const B = (k * verifier + modPow(g, b, N)) % N;
        const secretBlock = randomBytes(64).toString('base64');
        pending.set(secretBlock, { username: params.USERNAME, A, b, B, salt, verifier, secretBlock });
        return {
          status: 200,
          body: {
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeParameters: { SALT: salt.toString(16), SRP_B: B.toString(16), SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: params.USERNAME, USERNAME: params.USERNAME },
          },
        };
      }
      if (flow === 'REFRESH_TOKEN_AUTH') {
        if (!refreshTokens.has(params.REFRESH_TOKEN ?? '')) return fail('NotAuthorizedException', 'Invalid Refresh Token');
        return { status: 200, body: { AuthenticationResult: { IdToken: await options.issueIdToken(options.user.username), AccessToken: await options.issueIdToken(options.user.username), ExpiresIn: 3600, TokenType: 'Bearer' } } };
      }
      return fail('InvalidParameterException', `AuthFlow ${flow} is not supported here.`);
    }
    if (operation === 'RespondToAuthChallenge') {
      const challenge = String(input.ChallengeName);
      calls.push(`RespondToAuthChallenge:${challenge}`);
      const responses = (input.ChallengeResponses ?? {}) as Record<string, string>;
      if (challenge === 'PASSWORD_VERIFIER') {
        const state = pending.get(responses.PASSWORD_CLAIM_SECRET_BLOCK ?? '');
        if (!state) return fail('NotAuthorizedException', 'Incorrect username or password.');
        pending.delete(state.secretBlock);
        const u = BigInt(`0x${hexHash(padHex(state.A) + padHex(state.B))}`);
        const S = modPow(state.A * modPow(state.verifier, u, N), state.b, N);
        const key = hkdf(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'));
        const expected = createHmac('sha256', key)
          .update(Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(state.username, 'utf8'), Buffer.from(state.secretBlock, 'base64'), Buffer.from(responses.TIMESTAMP ?? '', 'utf8')]))
          .digest('base64');
        if (expected !== responses.PASSWORD_CLAIM_SIGNATURE) return fail('NotAuthorizedException', 'Incorrect username or password.');
        const session = randomBytes(24).toString('base64url');
        mfaSessions.set(session, state.username);
        return { status: 200, body: { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session, ChallengeParameters: {} } };
      }
      if (challenge === 'SOFTWARE_TOKEN_MFA') {
        const username = mfaSessions.get(String(input.Session));
        if (!username) return fail('NotAuthorizedException', 'Invalid session for the user, session is expired.');
        const code = responses.SOFTWARE_TOKEN_MFA_CODE ?? '';
        const now = Date.now();
        if (![-1, 0, 1].some((step) => totp(options.user.totpSecret, now, step) === code)) return fail('CodeMismatchException', 'Invalid code received for user');
        mfaSessions.delete(String(input.Session));
        const refresh = randomBytes(32).toString('base64url');
        refreshTokens.add(refresh);
        const id = await options.issueIdToken(username);
        return { status: 200, body: { AuthenticationResult: { IdToken: id, AccessToken: id, RefreshToken: refresh, ExpiresIn: 3600, TokenType: 'Bearer' } } };
      }
      return fail('InvalidParameterException', `Challenge ${challenge} is not supported here.`);
    }
    return fail('UnknownOperationException', operation);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace('AWSCognitoIdentityProviderService.', '');
      void handle(operation, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    userPoolId,
    clientId,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
