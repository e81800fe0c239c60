import { useState } from 'preact/hooks';
import { formatTime, useT } from '../i18n.ts';
import { href } from '../router.ts';
import { Breadcrumbs, ErrorMessage, PageHeading, useLoad, useServices } from '../ui.tsx';

const PAGE = 100;

export function AuditPage({ clientId }: { clientId: string }) {
  const { t, locale } = useT();
  const { api } = useServices();
  const [limit, setLimit] = useState(PAGE);
  const client = useLoad(() => api.client(clientId), [clientId]);
  const audit = useLoad(() => api.audit(clientId, limit), [clientId, limit]);
  const name = client.data?.displayName ?? clientId;
  const events = audit.data?.events ?? [];
  return (
    <>
      <Breadcrumbs items={[{ label: t.home, href: href.clients() }, { label: name, href: href.client(clientId) }, { label: t.auditTitle }]} />
      <PageHeading title={`${t.auditTitle} – ${name}`}>{t.auditTitle}</PageHeading>
      <p>{t.auditIntro}</p>
      <ErrorMessage error={client.error ?? audit.error} />
      {audit.loading && !audit.data && <p>{t.loading}</p>}
      {audit.data && events.length === 0 && <p>{t.auditEmpty}</p>}
      {events.length > 0 && (
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">{t.auditWhen}</th>
              <th scope="col">{t.auditWhat}</th>
              <th scope="col">{t.auditWho}</th>
              <th scope="col">{t.auditDetail}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={i}>
                <td>{formatTime(e.at, locale)}</td>
                <td>{t.actions[e.action] ?? e.action}</td>
                <td>{e.actor}</td>
                <td class="detail">
                  {Object.entries(e.detail)
                    .map(([k, v]) => `${t.auditKeys[k] ?? k}: ${v === true ? t.yes : v === false ? t.no : (t.auditValues[String(v)] ?? String(v).replaceAll(',', ', '))}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {events.length >= limit && limit < 1000 && (
        <button type="button" onClick={() => setLimit(Math.min(limit + PAGE * 4, 1000))}>
          {t.auditMore}
        </button>
      )}
    </>
  );
}
