import { useEffect, useRef, useState } from 'preact/hooks';
import type { ClientSettings, ClientSettingsInput } from '../api.ts';
import { useT } from '../i18n.ts';
import type { Messages } from '../messages/sv.ts';
import { href } from '../router.ts';
import { Breadcrumbs, ErrorMessage, PageHeading, Status, useLoad, useServices } from '../ui.tsx';
import { checkEmail, checkGroupSize, checkName, MAX_RECIPIENTS } from '../validate.ts';

interface Form {
  displayName: string;
  locale: 'sv' | 'en';
  consultantLocale: 'sv' | 'en';
  recipients: string[];
  consultantName: string;
  consultantContact: string;
  minGroupSize: string;
  minRaterGroupSize: string;
  minCommentGroupSize: string;
  programNames: [string, string][];
  delivery: 'review' | 'auto';
}

const formOf = (s: ClientSettings): Form => ({
  displayName: s.displayName,
  locale: s.locale,
  consultantLocale: s.consultantLocale,
  recipients: s.recipients.length > 0 ? [...s.recipients] : [''],
  consultantName: s.consultantName ?? '',
  consultantContact: s.consultantContact ?? '',
  minGroupSize: String(s.minGroupSize),
  minRaterGroupSize: String(s.minRaterGroupSize),
  minCommentGroupSize: s.minCommentGroupSize === undefined ? '' : String(s.minCommentGroupSize),
  programNames: Object.entries(s.programNames),
  delivery: s.delivery,
});

/** Field id → error, in the order the fields appear. */
function validate(form: Form, t: Messages): Map<string, string> {
  const errors = new Map<string, string>();
  const add = (id: string, error: string | undefined) => error && errors.set(id, error);
  add('displayName', checkName(form.displayName, t, true));
  const seen = new Set<string>();
  form.recipients.forEach((r, i) => {
    const address = r.trim().toLowerCase();
    if (!address && form.recipients.length > 1) return add(`recipient-${i}`, t.required);
    add(`recipient-${i}`, checkEmail(r, t, false) ?? (address && seen.has(address) ? t.duplicateEmail : undefined));
    seen.add(address);
  });
  add('consultantName', checkName(form.consultantName, t, false));
  add('consultantContact', checkEmail(form.consultantContact, t, false));
  add('minGroupSize', checkGroupSize(form.minGroupSize, t, true));
  add('minRaterGroupSize', checkGroupSize(form.minRaterGroupSize, t, true));
  add('minCommentGroupSize', checkGroupSize(form.minCommentGroupSize, t, false));
  form.programNames.forEach(([, name], i) => add(`program-${i}`, checkName(name, t, true)));
  return errors;
}

function fieldLabel(id: string, form: Form, t: Messages): string {
  const [kind, index] = id.split('-');
  if (kind === 'recipient') return t.recipientLabel(Number(index) + 1);
  if (kind === 'program') return t.programId(form.programNames[Number(index)]?.[0] ?? '');
  const labels: Record<string, string> = {
    displayName: t.displayName,
    consultantName: t.consultantName,
    consultantContact: t.consultantContact,
    minGroupSize: t.minGroupSize,
    minRaterGroupSize: t.minRaterGroupSize,
    minCommentGroupSize: t.minCommentGroupSize,
  };
  return labels[id] ?? id;
}

function toInput(form: Form, stored: ClientSettings): ClientSettingsInput {
  const recipients = form.recipients.map((r) => r.trim()).filter(Boolean);
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const input: ClientSettingsInput = {
    ...stored,
    displayName: form.displayName.trim(),
    locale: form.locale,
    consultantLocale: form.consultantLocale,
    recipients,
    consultantName: optional(form.consultantName),
    consultantContact: optional(form.consultantContact),
    minGroupSize: Number(form.minGroupSize),
    minRaterGroupSize: Number(form.minRaterGroupSize),
    minCommentGroupSize: form.minCommentGroupSize.trim() ? Number(form.minCommentGroupSize) : undefined,
    programNames: Object.fromEntries(form.programNames.map(([id, name]) => [id, name.trim()])),
    delivery: form.delivery,
    // A bounced address the consultant corrected or removed is no longer undeliverable.
    undeliverable: stored.undeliverable.filter((a) => recipients.includes(a)),
  };
  for (const key of Object.keys(input) as (keyof ClientSettingsInput)[]) if (input[key] === undefined) delete input[key];
  return input;
}

export function SettingsPage({ clientId }: { clientId: string }) {
  const { t } = useT();
  const { api, announce } = useServices();
  const stored = useLoad(() => api.client(clientId), [clientId]);
  const [form, setForm] = useState<Form>();
  const [touched, setTouched] = useState(new Set<string>());
  const [submitted, setSubmitted] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const [saving, setSaving] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (stored.data) setForm(formOf(stored.data));
  }, [stored.data]);

  const name = stored.data?.displayName ?? clientId;
  const crumbs = [{ label: t.home, href: href.clients() }, { label: name, href: href.client(clientId) }, { label: t.settingsTitle }];
  if (!form || !stored.data) {
    return (
      <>
        <Breadcrumbs items={crumbs} />
        <PageHeading title={t.settingsTitle}>{t.settingsTitle}</PageHeading>
        <ErrorMessage error={stored.error} />
        {stored.loading && <p>{t.loading}</p>}
      </>
    );
  }

  const errors = validate(form, t);
  // As they type: a field's error shows once it has been changed (or on an attempt to save).
  const shown = (id: string) => (submitted || touched.has(id) ? errors.get(id) : undefined);
  const set = (id: string, change: Partial<Form>) => {
    setForm({ ...form, ...change });
    setTouched(new Set(touched).add(id));
    setSaved(undefined);
  };
  const bounced = new Set(stored.data.undeliverable);

  const save = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    setSaveError(undefined);
    if (errors.size > 0) {
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    setSaving(true);
    try {
      await api.saveClient(clientId, toInput(form, stored.data!));
      await stored.reload();
      setTouched(new Set());
      setSubmitted(false);
      setSaved(t.saved);
      announce(t.saved);
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Breadcrumbs items={crumbs} />
      <PageHeading title={`${t.settingsTitle} – ${name}`}>{t.settingsTitle}</PageHeading>
      <p>{t.settingsIntro}</p>
      {submitted && errors.size > 0 && (
        <div class="error-summary" role="alert" tabIndex={-1} ref={summary}>
          <p>
            <strong>{t.fixErrors(errors.size)}</strong>
          </p>
          <ul>
            {[...errors].map(([id, error]) => (
              <li key={id}>
                <a href={`#${id}`} onClick={(e) => { e.preventDefault(); document.getElementById(id)?.focus(); }}>
                  {fieldLabel(id, form, t)}: {error}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={save} noValidate class="settings">
        <TextField id="displayName" label={t.displayName} value={form.displayName} error={shown('displayName')} onInput={(v) => set('displayName', { displayName: v })} />
        <Choice
          id="locale"
          label={t.locale}
          value={form.locale}
          options={[
            ['sv', t.langSv],
            ['en', t.langEn],
          ]}
          onChange={(v) => set('locale', { locale: v as Form['locale'] })}
        />
        <fieldset>
          <legend>{t.recipients}</legend>
          <p class="hint" id="recipients-hint">
            {t.recipientsHint}
          </p>
          {form.recipients.map((r, i) => {
            const id = `recipient-${i}`;
            const error = shown(id);
            const isBounced = bounced.has(r.trim());
            const describedBy = [error && `${id}-error`, isBounced && `${id}-bounced`].filter(Boolean).join(' ') || undefined;
            return (
              <div class="field row" key={i}>
                <label for={id}>{t.recipientLabel(i + 1)}</label>
                <div class="with-button">
                  <input
                    id={id}
                    type="text"
                    inputMode="email"
                    autocomplete="off"
                    value={r}
                    aria-invalid={error ? 'true' : undefined}
                    aria-describedby={describedBy}
                    onInput={(e) => set(id, { recipients: form.recipients.map((x, j) => (j === i ? e.currentTarget.value : x)) })}
                  />
                  <button
                    type="button"
                    class="small"
                    aria-label={t.removeRecipient(r)}
                    onClick={() => set(id, { recipients: form.recipients.length > 1 ? form.recipients.filter((_, j) => j !== i) : [''] })}
                  >
                    {t.remove}
                  </button>
                </div>
                {isBounced && (
                  <p id={`${id}-bounced`} class="field-warning">
                    {t.bounced}
                  </p>
                )}
                {error && (
                  <p id={`${id}-error`} class="field-error">
                    {error}
                  </p>
                )}
              </div>
            );
          })}
          {form.recipients.length < MAX_RECIPIENTS && (
            <button type="button" class="small" onClick={() => set('recipients', { recipients: [...form.recipients, ''] })}>
              {t.addRecipient}
            </button>
          )}
        </fieldset>
        <TextField id="consultantName" label={t.consultantName} value={form.consultantName} error={shown('consultantName')} onInput={(v) => set('consultantName', { consultantName: v })} />
        <TextField
          id="consultantContact"
          inputMode="email"
          label={t.consultantContact}
          hint={t.consultantContactHint}
          value={form.consultantContact}
          error={shown('consultantContact')}
          onInput={(v) => set('consultantContact', { consultantContact: v })}
        />
        <Choice
          id="consultantLocale"
          label={t.consultantLocale}
          value={form.consultantLocale}
          options={[
            ['sv', t.langSv],
            ['en', t.langEn],
          ]}
          onChange={(v) => set('consultantLocale', { consultantLocale: v as Form['consultantLocale'] })}
        />
        <div class="grid3">
          <TextField id="minGroupSize" inputMode="numeric" label={t.minGroupSize} hint={t.minGroupSizeHint} value={form.minGroupSize} error={shown('minGroupSize')} onInput={(v) => set('minGroupSize', { minGroupSize: v })} />
          <TextField id="minRaterGroupSize" inputMode="numeric" label={t.minRaterGroupSize} hint={t.minGroupSizeHint} value={form.minRaterGroupSize} error={shown('minRaterGroupSize')} onInput={(v) => set('minRaterGroupSize', { minRaterGroupSize: v })} />
          <TextField id="minCommentGroupSize" inputMode="numeric" label={t.minCommentGroupSize} hint={t.optionalHint} value={form.minCommentGroupSize} error={shown('minCommentGroupSize')} onInput={(v) => set('minCommentGroupSize', { minCommentGroupSize: v })} />
        </div>
        {form.programNames.length > 0 && (
          <fieldset>
            <legend>{t.programNames}</legend>
            <p class="hint">{t.programNamesHint}</p>
            {form.programNames.map(([id, value], i) => (
              <TextField
                key={id}
                id={`program-${i}`}
                label={t.programId(id)}
                value={value}
                error={shown(`program-${i}`)}
                onInput={(v) => set(`program-${i}`, { programNames: form.programNames.map((p, j) => (j === i ? [p[0], v] : p)) })}
              />
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>{t.delivery}</legend>
          {(['review', 'auto'] as const).map((mode) => (
            <div class="radio" key={mode}>
              <input type="radio" id={`delivery-${mode}`} name="delivery" value={mode} checked={form.delivery === mode} onChange={() => set('delivery', { delivery: mode })} />
              <label for={`delivery-${mode}`}>{mode === 'review' ? t.deliveryReview : t.deliveryAuto}</label>
            </div>
          ))}
        </fieldset>
        <ErrorMessage error={saveError} />
        <Status message={saved} />
        <button type="submit" class="primary" disabled={saving}>
          {t.save}
        </button>
      </form>
    </>
  );
}

function TextField(props: {
  id: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  inputMode?: 'numeric' | 'email';
  onInput(value: string): void;
}) {
  const describedBy = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      <input
        id={props.id}
        type="text"
        inputMode={props.inputMode}
        autocomplete="off"
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.error && (
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

function Choice(props: { id: string; label: string; value: string; options: [string, string][]; onChange(value: string): void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
