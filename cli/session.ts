import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import cognito from 'amazon-cognito-identity-js';
import * as z from 'zod';

/**
 * A consultant's sign-in against the deployed Cognito user pool: SRP (the password never leaves the
 * machine) with TOTP MFA, by amazon-cognito-identity-js. Only the refresh token and the current ID
 * token are kept, in the user's config directory, readable by the user alone (0600); later commands
 * refresh the ID token silently when it is about to expire.
 */

const { AuthenticationDetails, CognitoRefreshToken, CognitoUser, CognitoUserPool } = cognito;

export const sessionSchema = z.object({
  api: z.url(),
  userPoolId: z.string().regex(/^[a-z]{2}-[a-z]+-\d_[A-Za-z0-9]+$/, 'must be a user pool id, e.g. eu-north-1_AbC123'),
  clientId: z.string().min(1),
  username: z.string().min(1),
  refreshToken: z.string().min(1),
  idToken: z.string().min(1),
  /** Seconds since the epoch. */
  idTokenExpiresAt: z.number().int(),
});
export type Session = z.infer<typeof sessionSchema>;

/** `$EFFEKT_CONFIG_DIR`, else `$XDG_CONFIG_HOME/effekt`, else `~/.config/effekt`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EFFEKT_CONFIG_DIR) return env.EFFEKT_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'effekt');
}

export const sessionFile = (env: NodeJS.ProcessEnv = process.env) => join(configDir(env), 'session.json');

export async function readSession(env: NodeJS.ProcessEnv = process.env): Promise<Session | undefined> {
  const text = await readFile(sessionFile(env), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = sessionSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

export async function writeSession(session: Session, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = sessionFile(env);
  await writeFile(file, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  // writeFile keeps the mode of a file that already exists.
  await chmod(file, 0o600);
  return file;
}

export async function removeSession(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const file = sessionFile(env);
  const existed = (await readFile(file).catch(() => undefined)) !== undefined;
  await rm(file, { force: true });
  return existed;
}

/** `EFFEKT_ENDPOINT_COGNITO` points the client at a stand-in (tests); otherwise the region's endpoint. */
function userPool(userPoolId: string, clientId: string, env: NodeJS.ProcessEnv) {
  return new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, ...(env.EFFEKT_ENDPOINT_COGNITO ? { endpoint: env.EFFEKT_ENDPOINT_COGNITO } : {}) });
}

export interface Prompter {
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
}

const expiresAt = (session: cognito.CognitoUserSession) => session.getIdToken().getExpiration();

/** Signs in with SRP, answers the TOTP challenge, and returns what is kept. */
export async function login(
  settings: { api: string; userPoolId: string; clientId: string; username: string },
  prompter: Prompter,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Session> {
  const pool = userPool(settings.userPoolId, settings.clientId, env);
  const user = new CognitoUser({ Username: settings.username, Pool: pool });
  const password = await prompter.ask(`Password for ${settings.username}: `, { secret: true });
  const details = new AuthenticationDetails({ Username: settings.username, Password: password });
  const signedIn = await new Promise<cognito.CognitoUserSession>((resolve, reject) => {
    const callbacks = {
      onSuccess: resolve,
      onFailure: (error: Error) => reject(new Error(`Cognito refused the sign-in: ${error.message}`)),
      totpRequired: () => {
        void prompter.ask('Code from your authenticator app: ').then((code) => user.sendMFACode(code.trim(), callbacks, 'SOFTWARE_TOKEN_MFA'), reject);
      },
      mfaRequired: () => reject(new Error('this account uses SMS codes; Effekt accounts use an authenticator app (TOTP)')),
      newPasswordRequired: () => reject(new Error('Cognito asks for a new password first: sign in once in the console and set one')),
      mfaSetup: () => reject(new Error('set up your authenticator app in the console first')),
    };
    user.authenticateUser(details, callbacks);
  });
  return {
    ...settings,
    refreshToken: signedIn.getRefreshToken().getToken(),
    idToken: signedIn.getIdToken().getJwtToken(),
    idTokenExpiresAt: expiresAt(signedIn),
  };
}

/** Refresh this long before expiry, so a command never starts with a token that lapses in flight. */
const REFRESH_MARGIN_SECONDS = 120;

/** The session with an ID token valid for a while yet: refreshed (and saved) when it is about to expire. */
export async function freshSession(session: Session, env: NodeJS.ProcessEnv = process.env, now = Date.now()): Promise<Session> {
  if (session.idTokenExpiresAt - REFRESH_MARGIN_SECONDS > now / 1000) return session;
  const user = new CognitoUser({ Username: session.username, Pool: userPool(session.userPoolId, session.clientId, env) });
  const refreshed = await new Promise<cognito.CognitoUserSession>((resolve, reject) => {
    user.refreshSession(new CognitoRefreshToken({ RefreshToken: session.refreshToken }), (error: Error | null, result: cognito.CognitoUserSession) =>
      error ? reject(new Error(`your sign-in has expired (${error.message}); run effekt login again`)) : resolve(result),
    );
  });
  const next: Session = { ...session, idToken: refreshed.getIdToken().getJwtToken(), idTokenExpiresAt: expiresAt(refreshed) };
  await writeSession(next, env);
  return next;
}
