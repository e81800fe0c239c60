import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiFailure, type Api } from './api.ts';
import { useT } from './i18n.ts';
import type { Messages } from './messages/sv.ts';

export interface AppServices {
  api: Api;
  /** Says a status change in the polite live region (screen readers). */
  announce(message: string): void;
}

export const Services = createContext<AppServices | undefined>(undefined);
export function useServices(): AppServices {
  const services = useContext(Services);
  if (!services) throw new Error('no services');
  return services;
}

/** An API failure (or any error) as sentences in the person's language. */
export function describeError(error: unknown, t: Messages): { title: string; detail?: string; reference?: string } {
  if (error instanceof ApiFailure) {
    const failure = error.failure;
    if (failure.kind === 'network') return { title: t.networkError };
    if (failure.kind === 'gateway') return { title: t.gateway[failure.status] ?? `HTTP ${failure.status}` };
    const { problem } = failure;
    if (problem.code === 'forbidden') return { title: t.forbiddenClient, reference: t.requestId(problem.requestId) };
    return { title: t.problem[problem.code] ?? problem.title, detail: problem.detail, reference: t.requestId(problem.requestId) };
  }
  return { title: error instanceof Error ? error.message : String(error) };
}

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useT();
  if (!error) return null;
  const { title, detail, reference } = describeError(error, t);
  return (
    <div class="error" role="alert">
      <p>
        <strong>{title}</strong>
        {detail ? ` ${detail}` : ''}
      </p>
      {reference && <p class="muted">{reference}</p>}
    </div>
  );
}

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload(): Promise<void>;
}

/** Loads once per key; `reload` fetches again without blanking what is shown. */
export function useLoad<T>(load: () => Promise<T>, key: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const current = useRef(load);
  current.current = load;
  const reload = useCallback(async () => {
    try {
      const data = await current.current();
      setState({ data, loading: false });
    } catch (error) {
      setState((s) => ({ data: s.data, error, loading: false }));
    }
  }, []);
  useEffect(() => {
    setState({ loading: true });
    void reload();
  }, key);
  return { ...state, reload };
}

/** Polls while `active`, e.g. while a file is processing or a version is rendering. */
export function usePoll(active: boolean, every: number, poll: () => Promise<void>): void {
  const current = useRef(poll);
  current.current = poll;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => void current.current(), every);
    return () => clearInterval(timer);
  }, [active, every]);
}

/** The page's heading; focused when the page opens so a screen reader starts there, and the tab title follows. */
export function PageHeading({ children, title }: { children: ComponentChildren; title: string }) {
  const { t } = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t.appName}`;
    ref.current?.focus();
  }, [title, t]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Breadcrumbs({ items }: { items: { label: string; href?: string }[] }) {
  const { t } = useT();
  return (
    <nav aria-label={t.breadcrumb} class="breadcrumbs">
      <ol>
        {items.map((item) => (
          <li key={item.label}>
            {item.href ? (
              <a href={item.href}>{item.label}</a>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * A confirmation that says what will happen, in a modal <dialog>: the browser keeps focus inside it,
 * Escape cancels, and focus returns to the button that opened it.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} onCancel={props.onCancel} onClose={() => props.open && props.onCancel()}>
      <h2 id={`${id}-title`}>{props.title}</h2>
      <p id={`${id}-body`}>{props.body}</p>
      <div class="actions">
        <button type="button" onClick={props.onCancel}>
          {t.cancel}
        </button>
        <button type="button" class={props.danger ? 'danger' : 'primary'} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** A status message that is also announced (role=status is a polite live region). */
export function Status({ message }: { message: string | undefined }) {
  return (
    <p role="status" class={message ? 'status' : 'status empty'}>
      {message ?? ''}
    </p>
  );
}
