import { useT } from '../i18n.ts';
import { href } from '../router.ts';
import { ErrorMessage, PageHeading, useLoad, useServices } from '../ui.tsx';

export function ClientsPage() {
  const { t } = useT();
  const { api } = useServices();
  const clients = useLoad(() => api.clients(), []);
  return (
    <>
      <PageHeading title={t.clientsTitle}>{t.clientsTitle}</PageHeading>
      <p>{t.clientsIntro}</p>
      <ErrorMessage error={clients.error} />
      {clients.loading && <p>{t.loading}</p>}
      {clients.data && clients.data.clients.length === 0 && <p>{t.noClients}</p>}
      {clients.data && clients.data.clients.length > 0 && (
        <ul class="cards">
          {clients.data.clients.map((c) => (
            <li key={c.clientId}>
              <a href={href.client(c.clientId)}>{c.displayName}</a>
              <span class="muted">
                {' '}
                {c.clientId} · {t.clientLanguage(c.locale)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
