import { useMemo, useState } from 'preact/hooks';
import { Api } from './api.ts';
import { cognitoLogoutUrl, forgetSession, savedSession, type Session } from './auth.ts';
import type { ConsoleConfig } from './config.ts';
import { I18n, MESSAGES, rememberLocale, useT, type Locale } from './i18n.ts';
import { AuditPage } from './pages/audit.tsx';
import { ClientPage } from './pages/client.tsx';
import { ClientsPage } from './pages/clients.tsx';
import { CommentaryPage } from './pages/commentary.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { SignInPage } from './pages/signin.tsx';
import { YearPage } from './pages/year.tsx';
import { href, useRoute, type Route } from './router.ts';
import { PageHeading, Services, type AppServices } from './ui.tsx';

export function App(props: { config: ConsoleConfig; initialLocale: Locale; signInError?: string }) {
  const [locale, setLocale] = useState<Locale>(props.initialLocale);
  const [session, setSession] = useState<Session | undefined>(savedSession);
  const [expired, setExpired] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const t = MESSAGES[locale];
  const route = useRoute();

  const services = useMemo<AppServices | undefined>(() => {
    if (!session) return undefined;
    const api = new Api(props.config.apiBaseUrl, session.token, () => {
      forgetSession();
      setExpired(true);
      setSession(undefined);
    });
    return {
      api,
      // Clear first so the same sentence twice is announced twice.
      announce: (message) => {
        setAnnouncement('');
        setTimeout(() => setAnnouncement(message), 50);
      },
    };
  }, [session, props.config.apiBaseUrl]);

  const switchLocale = () => {
    const next: Locale = locale === 'sv' ? 'en' : 'sv';
    rememberLocale(next);
    setLocale(next);
  };

  const signOut = () => {
    forgetSession();
    setSession(undefined);
    if (props.config.auth.mode === 'cognito') location.assign(cognitoLogoutUrl(props.config.auth));
  };

  return (
    <I18n.Provider value={{ t, locale }}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t.skipToContent}
      </a>
      <header class="top">
        <a class="brand" href={href.clients()}>
          {t.appName}
        </a>
        <div class="top-actions">
          {session && <span class="muted">{t.signedInAs(session.sub)}</span>}
          <button type="button" lang={locale === 'sv' ? 'en' : 'sv'} aria-label={t.switchLanguageLabel} onClick={switchLocale}>
            {t.switchLanguage}
          </button>
          {session && (
            <button type="button" onClick={signOut}>
              {t.signOut}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {services ? (
          <Services.Provider value={services}>
            <Page route={route} />
          </Services.Provider>
        ) : (
          <SignInPage
            auth={props.config.auth}
            notice={expired ? t.sessionExpired : props.signInError ? t.signInFailed(props.signInError) : undefined}
            onSignedIn={(s) => {
              setExpired(false);
              setSession(s);
            }}
          />
        )}
      </main>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </I18n.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'clients':
      return <ClientsPage />;
    case 'client':
      return <ClientPage clientId={route.clientId} />;
    case 'year':
      return <YearPage clientId={route.clientId} year={route.year} />;
    case 'commentary':
      return <CommentaryPage clientId={route.clientId} year={route.year} />;
    case 'settings':
      return <SettingsPage clientId={route.clientId} />;
    case 'audit':
      return <AuditPage clientId={route.clientId} />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useT();
  return (
    <>
      <PageHeading title={t.notFound}>{t.notFound}</PageHeading>
      <p>
        <a href={href.clients()}>{t.backHome}</a>
      </p>
    </>
  );
}
