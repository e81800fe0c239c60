import { useState } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { href } from '../router.ts';
import { Breadcrumbs, ConfirmDialog, ErrorMessage, PageHeading, Status, useLoad, useServices } from '../ui.tsx';

/** The years a consultant most likely starts work on: this one and the four before. */
const recentYears = (now = new Date()) => Array.from({ length: 5 }, (_, i) => now.getFullYear() - i);

/** Every year with uploads (with results or not), and the recent ones (where new data goes), newest first. */
export function yearsToOffer(withUploads: readonly number[], now = new Date()): number[] {
  return [...new Set([...withUploads, ...recentYears(now)])].sort((a, b) => b - a);
}

export function ClientPage({ clientId }: { clientId: string }) {
  const { t } = useT();
  const { api } = useServices();
  const client = useLoad(() => api.client(clientId), [clientId]);
  const years = useLoad(() => api.years(clientId), [clientId]);
  const withResults = new Set(years.data?.years ?? []);
  // Uploaded to, but nothing counted (every file refused, say): listed, so that the reasons can be read.
  const withoutResults = new Set(years.data?.yearsWithoutFigures ?? []);
  const [otherYear, setOtherYear] = useState('');
  const [yearError, setYearError] = useState<string>();
  const name = client.data?.displayName ?? clientId;

  if (client.error) {
    return (
      <>
        <Breadcrumbs items={[{ label: t.home, href: href.clients() }, { label: clientId }]} />
        <PageHeading title={clientId}>{clientId}</PageHeading>
        <ErrorMessage error={client.error} />
      </>
    );
  }

  return (
    <>
      <Breadcrumbs items={[{ label: t.home, href: href.clients() }, { label: name }]} />
      <PageHeading title={name}>{name}</PageHeading>
      <nav aria-label={name} class="subnav">
        <a href={href.settings(clientId)}>{t.settingsLink}</a>
        <a href={href.audit(clientId)}>{t.auditLink}</a>
      </nav>
      <section aria-labelledby="years">
        <h2 id="years">{t.yearsTitle}</h2>
        <p>{t.yearsIntro}</p>
        {years.error !== undefined && <ErrorMessage error={years.error} />}
        <ul class="years">
          {yearsToOffer([...withResults, ...withoutResults]).map((year) => (
            <li key={year}>
              <a href={href.year(clientId, year)}>{year}</a>
              {years.data && <span class="year-state">{withResults.has(year) ? t.yearHasResults : withoutResults.has(year) ? t.yearNoFigures : t.yearNoResults}</span>}
            </li>
          ))}
        </ul>
        <form
          class="inline"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!/^\d{4}$/.test(otherYear.trim())) return setYearError(t.yearInvalid);
            location.hash = href.year(clientId, Number(otherYear.trim()));
          }}
        >
          <div class="field">
            <label for="other-year">{t.otherYear}</label>
            <input
              id="other-year"
              inputMode="numeric"
              size={6}
              value={otherYear}
              aria-invalid={yearError ? 'true' : undefined}
              aria-describedby={yearError ? 'other-year-error' : undefined}
              onInput={(e) => {
                setOtherYear(e.currentTarget.value);
                setYearError(undefined);
              }}
            />
            {yearError && (
              <p id="other-year-error" class="field-error">
                {yearError}
              </p>
            )}
          </div>
          <button type="submit">{t.openYear}</button>
        </form>
      </section>
      <Erasure clientId={clientId} />
    </>
  );
}

function Erasure({ clientId }: { clientId: string }) {
  const { t } = useT();
  const { api, announce } = useServices();
  const [respondent, setRespondent] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  const erase = async () => {
    setConfirming(false);
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.erase(clientId, respondent.trim());
      const message = t.eraseDone(result.rowsErased, result.years.join(', '));
      setDone(message);
      announce(message);
      setRespondent('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="erase">
      <h2 id="erase">{t.eraseTitle}</h2>
      <p>{t.eraseIntro}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!respondent.trim()) return setFieldError(t.eraseMissing);
          setDone(undefined);
          setConfirming(true);
        }}
      >
        <div class="field">
          <label for="respondent">{t.eraseLabel}</label>
          <input
            id="respondent"
            autocomplete="off"
            value={respondent}
            aria-invalid={fieldError ? 'true' : undefined}
            aria-describedby={fieldError ? 'respondent-error' : undefined}
            onInput={(e) => {
              setRespondent(e.currentTarget.value);
              setFieldError(undefined);
            }}
          />
          {fieldError && (
            <p id="respondent-error" class="field-error">
              {fieldError}
            </p>
          )}
        </div>
        <button type="submit" class="danger" disabled={busy}>
          {t.eraseButton}
        </button>
      </form>
      <ErrorMessage error={error} />
      <Status message={done} />
      <ConfirmDialog
        open={confirming}
        danger
        title={t.eraseConfirmTitle}
        body={t.eraseConfirmBody(respondent.trim())}
        confirmLabel={t.eraseConfirm}
        onConfirm={() => void erase()}
        onCancel={() => setConfirming(false)}
      />
    </section>
  );
}
