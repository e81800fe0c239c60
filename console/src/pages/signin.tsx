import { useState } from 'preact/hooks';
import { checkToken, saveSession, startCognitoSignIn, type Session } from '../auth.ts';
import type { ConsoleConfig } from '../config.ts';
import { useT } from '../i18n.ts';
import { PageHeading } from '../ui.tsx';

export function SignInPage(props: { auth: ConsoleConfig['auth']; notice?: string; onSignedIn(session: Session): void }) {
  const { t } = useT();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();

  if (props.auth.mode === 'cognito') {
    const auth = props.auth;
    return (
      <section class="narrow">
        <PageHeading title={t.signInTitle}>{t.signInTitle}</PageHeading>
        {props.notice && <p role="alert" class="error">{props.notice}</p>}
        <p>{t.signInIntro}</p>
        <button type="button" class="primary" onClick={() => void startCognitoSignIn(auth)}>
          {t.signInCognito}
        </button>
      </section>
    );
  }

  const submit = (event: Event) => {
    event.preventDefault();
    const check = checkToken(token);
    if (!check.ok) {
      setError(check.reason === 'missing' ? t.tokenMissing : check.reason === 'expired' ? t.tokenExpired : t.tokenInvalid);
      return;
    }
    saveSession(check.session);
    props.onSignedIn(check.session);
  };

  return (
    <section class="narrow">
      <PageHeading title={t.signInTitle}>{t.signInTitle}</PageHeading>
      {props.notice && <p role="alert" class="error">{props.notice}</p>}
      <p>{t.signInIntro}</p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="token">{t.tokenLabel}</label>
          <div id="token-hint" class="hint">
            <p>{t.tokenHint}</p>
            <code class="command">{t.tokenCommand}</code>
          </div>
          <textarea
            id="token"
            rows={4}
            spellcheck={false}
            autocomplete="off"
            value={token}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'token-hint token-error' : 'token-hint'}
            onInput={(e) => {
              setToken(e.currentTarget.value);
              setError(undefined);
            }}
          />
          {error && (
            <p id="token-error" class="field-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit" class="primary">
          {t.signInButton}
        </button>
      </form>
    </section>
  );
}
