import { render } from 'preact';
import { App } from './app.tsx';
import { finishCognitoSignIn, takeTokenFromFragment, checkToken, saveSession } from './auth.ts';
import { loadConfig } from './config.ts';
import { initialLocale, MESSAGES, rememberLocale } from './i18n.ts';
import './styles.css';

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const locale = initialLocale();
  rememberLocale(locale);
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig();
  } catch (error) {
    root.textContent = `${MESSAGES[locale].networkError} (${(error as Error).message})`;
    return;
  }
  let signInError: string | undefined;
  const fromFragment = takeTokenFromFragment();
  if (fromFragment) {
    const check = checkToken(fromFragment);
    if (check.ok) saveSession(check.session);
  }
  if (config.auth.mode === 'cognito') {
    try {
      const session = await finishCognitoSignIn(config.auth);
      if (session) saveSession(session);
    } catch (error) {
      signInError = (error as Error).message;
    }
  }
  render(<App config={config} initialLocale={locale} signInError={signInError} />, root);
}

void start();
