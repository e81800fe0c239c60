import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../cli/api-client.ts';
import { login, readSession, removeSession, sessionFile, writeSession, type Prompter } from '../../../cli/session.ts';
import { startCognitoStandIn, totp, type CognitoStandIn } from '../../helpers/cognito-stand-in.ts';

/** `effekt login` against a local stand-in of Cognito's InitiateAuth / RespondToAuthChallenge (SRP, then TOTP). */

const ROOT = new URL('../../..', import.meta.url).pathname;
const user = { username: 'anna@konsult.example', password: 'Rätt-lösenord-123!', totpSecret: randomBytes(20) };
let standIn: CognitoStandIn;
let issued = 0;

const answers = (...lines: string[]): Prompter => ({ ask: async () => lines.shift() ?? '' });

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256');
  standIn = await startCognitoStandIn({
    user,
    issueIdToken: async (username) => {
      issued += 1;
      return new SignJWT({ email: username, 'cognito:groups': ['consultant'], n: issued })
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('anna-sub')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
    },
  });
});

afterAll(async () => {
  await standIn?.close();
});

async function environment(): Promise<NodeJS.ProcessEnv> {
  return { EFFEKT_CONFIG_DIR: await mkdtemp(join(tmpdir(), 'effekt-config-')), EFFEKT_ENDPOINT_COGNITO: standIn.endpoint };
}

const settings = () => ({ api: 'https://api.example', userPoolId: standIn.userPoolId, clientId: standIn.clientId, username: user.username });

describe('effekt login', () => {
  it('signs in with SRP and the TOTP code, keeps the refresh token 0600, and later refreshes silently', async () => {
    const env = await environment();
    const session = await login(settings(), answers(user.password, totp(user.totpSecret)), env);
    expect(standIn.calls.slice(-3)).toEqual(['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'RespondToAuthChallenge:SOFTWARE_TOKEN_MFA']);
    expect(session.refreshToken).toBeTruthy();
    const file = await writeSession(session, env);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const fresh = await connect(undefined, env);
    expect(fresh).toEqual({ baseUrl: 'https://api.example', token: session.idToken });
    expect(standIn.calls.at(-1)).toBe('RespondToAuthChallenge:SOFTWARE_TOKEN_MFA');

    // An ID token about to expire is renewed with the refresh token, and the renewal is kept.
    await writeSession({ ...session, idTokenExpiresAt: Math.floor(Date.now() / 1000) + 30 }, env);
    const renewed = await connect(undefined, env);
    expect(standIn.calls.at(-1)).toBe('InitiateAuth:REFRESH_TOKEN_AUTH');
    expect(renewed.token).not.toBe(session.idToken);
    expect((await readSession(env))?.idToken).toBe(renewed.token);
    expect((await stat(sessionFile(env))).mode & 0o777).toBe(0o600);

    expect(await removeSession(env)).toBe(true);
    await expect(connect(undefined, env)).rejects.toThrow(/effekt login/);
  });

  it('refuses a wrong password and a wrong code', async () => {
    const env = await environment();
    await expect(login(settings(), answers('fel-lösenord', totp(user.totpSecret)), env)).rejects.toThrow(/Incorrect username or password/);
    const wrongCode = totp(user.totpSecret) === '000000' ? '111111' : '000000';
    await expect(login(settings(), answers(user.password, wrongCode), env)).rejects.toThrow(/Invalid code/);
  });

  it('works as a command: answers piped on stdin, effekt logout forgets the sign-in', async () => {
    const env = { ...process.env, ...(await environment()), EFFEKT_TOKEN: '' };
    const effekt = (args: string[], input = '') =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        const child = execFile('node', [join(ROOT, 'cli/bin/effekt.mjs'), ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, _stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
        );
        child.stdin?.end(input);
      });
    const args = ['login', '--api', 'https://api.example', '--username', user.username, '--user-pool-id', standIn.userPoolId, '--client-id', standIn.clientId];
    const result = await effekt(args, `${user.password}\n${totp(user.totpSecret)}\n`);
    expect(result.stderr).toContain(`Signed in as ${user.username}`);
    expect(result.code).toBe(0);
    expect((await stat(sessionFile(env))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(sessionFile(env), 'utf8'))).toMatchObject({ api: 'https://api.example', username: user.username });
    expect(result.stderr).not.toContain(user.password);
    const out = await effekt(['logout']);
    expect(out.code).toBe(0);
    await expect(stat(sessionFile(env))).rejects.toThrow();
  }, 90_000);
});
