import { useEffect, useRef, useState } from 'preact/hooks';
import { putWithProgress, type FileEntry, type ReportVersion } from '../api.ts';
import { formatTime, useT } from '../i18n.ts';
import type { Messages } from '../messages/sv.ts';
import { href } from '../router.ts';
import { Breadcrumbs, ConfirmDialog, ErrorMessage, PageHeading, Status, describeError, useLoad, usePoll, useServices } from '../ui.tsx';

type PreviewComponent = typeof import('./preview.tsx').Preview;

/** pdf.js is large: it is fetched only when a report is previewed. */
function LazyPreview(props: Parameters<PreviewComponent>[0]) {
  const { t } = useT();
  const [Preview, setPreview] = useState<PreviewComponent>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import('./preview.tsx').then((m) => setPreview(() => m.Preview), setError);
  }, []);
  if (error) return <ErrorMessage error={error} />;
  return Preview ? <Preview {...props} /> : <p role="status">{t.previewLoading}</p>;
}

interface Upload {
  id: number;
  name: string;
  progress: number;
  state: 'uploading' | 'uploaded' | 'failed';
  error?: string;
  startedAt: number;
}

const WATCH_MS = 3 * 60_000;
/** Slack for the difference between this computer's clock and the server's. */
const CLOCK_SLACK_MS = 5000;

/** The pipeline has answered an action taken at `since`: a newer version is ready, or an approval went out. */
function caughtUp(versions: readonly ReportVersion[], since: number): boolean {
  const after = (iso: string | undefined) => !!iso && Date.parse(iso) >= since - CLOCK_SLACK_MS;
  return versions.some(
    (v) =>
      (after(v.createdAt) && v.status !== 'rendering' && v.draft?.status !== 'sending') ||
      (after(v.approval?.at) && v.delivery !== undefined && v.delivery.status !== 'sending'),
  );
}

/** A file whose upload we started is settled once the list shows a verdict newer than the upload. */
function settled(upload: Upload, files: readonly FileEntry[]): boolean {
  const entry = files.find((f) => f.name === upload.name);
  if (!entry || (entry.status !== 'accepted' && entry.status !== 'rejected')) return false;
  const at = Date.parse(entry.status === 'rejected' ? (entry.rejectedAt ?? '') : (entry.uploadedAt ?? ''));
  return Number.isNaN(at) || at >= upload.startedAt - CLOCK_SLACK_MS;
}

/** An upload's line: its progress, then the file's verdict once the list has one. */
function uploadText(upload: Upload, files: readonly FileEntry[], t: Messages): string {
  if (upload.state === 'failed') return t.uploadFailed(upload.name, upload.error ?? '');
  if (upload.state === 'uploading') return `${Math.round(upload.progress * 100)} %`;
  const entry = files.find((f) => f.name === upload.name);
  return entry && settled(upload, files) ? `${upload.name}: ${statusText(entry, t)}` : t.uploaded(upload.name);
}

export function statusText(file: FileEntry, t: Messages): string {
  switch (file.status) {
    case 'accepted':
      return t.statusAccepted(file.rows);
    case 'rejected':
      return t.statusRejected;
    case 'superseded':
      return t.statusSuperseded;
    default:
      return t.statusProcessing;
  }
}

/** Why a year has no figures yet, read from its files, and what the consultant can do about it. */
export function noFiguresReason(files: readonly FileEntry[], t: Messages): string {
  if (files.some((f) => f.status === 'processing' || f.status === 'superseded')) return t.noFiguresProcessing;
  if (files.some((f) => f.status === 'accepted' && (f.kind === 'reaction' || f.kind === 'assessment') && (f.rows ?? 0) > 0)) return t.noFiguresComputing;
  const rejected = files.filter((f) => f.status === 'rejected').length;
  return rejected > 0 ? t.noFiguresRejected(rejected) : t.noFiguresEmpty;
}

export function YearPage({ clientId, year }: { clientId: string; year: number }) {
  const { t, locale } = useT();
  const { api, announce } = useServices();
  const client = useLoad(() => api.client(clientId), [clientId]);
  const lastStatuses = useRef(new Map<string, string>());
  const files = useLoad(async () => {
    const list = await api.files(clientId, year);
    // Say each change of a file's status in the live region, not the first listing.
    const known = lastStatuses.current;
    for (const f of list.files) {
      const text = statusText(f, t);
      const before = known.get(f.name);
      if (before !== undefined && before !== text) announce(t.fileAnnounce(f.name, text));
      known.set(f.name, text);
    }
    return list.files;
  }, [clientId, year]);
  const reports = useLoad(() => api.reports(clientId, year), [clientId, year]);
  const years = useLoad(() => api.years(clientId), [clientId]);
  const noFigures = years.data && files.data && !years.data.years.includes(year) ? noFiguresReason(files.data, t) : undefined;
  const [uploads, setUploads] = useState<Upload[]>([]);
  const nextId = useRef(1);

  const pendingUploads = uploads.filter((u) => u.state === 'uploaded' && !settled(u, files.data ?? []));
  const processing = (files.data ?? []).some((f) => f.status === 'processing' || f.status === 'superseded');
  const job = reports.data?.job;
  const jobRunning = !!job && job.status !== 'done' && job.status !== 'failed';
  const versionBusy = (reports.data?.versions ?? []).some((v) => v.status === 'rendering' || v.delivery?.status === 'sending' || v.draft?.status === 'sending');
  // After an upload, a deletion or an approval the pipeline works on without a job to watch: follow it
  // until a version newer than the action is ready (or its approval was sent), for a few minutes at most.
  const [watchSince, setWatchSince] = useState<number>();
  const watching = watchSince !== undefined && Date.now() - watchSince < WATCH_MS && !caughtUp(reports.data?.versions ?? [], watchSince);
  const busy = watching || pendingUploads.length > 0 || processing || jobRunning || versionBusy || uploads.some((u) => u.state === 'uploading');
  // While anything is on its way, ask again; the page follows the pipeline as it works.
  usePoll(busy, 1500, async () => {
    await Promise.all([files.reload(), reports.reload(), years.reload()]);
  });
  // A version that becomes ready while the page is open is announced; those there at first are not.
  const lastReady = useRef<number | undefined>(undefined);
  const newestReady = reports.data?.versions.filter((v) => v.status === 'ready').at(-1)?.version ?? (reports.data ? 0 : undefined);
  useEffect(() => {
    if (newestReady === undefined) return;
    if (lastReady.current !== undefined && newestReady > lastReady.current) announce(t.reportReady(newestReady));
    lastReady.current = newestReady;
  }, [newestReady]);

  const update = (id: number, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...change } : u)));

  const uploadAll = (list: FileList | readonly File[] | null) => {
    if (!list) return;
    for (const file of Array.from(list)) {
      const id = nextId.current++;
      setUploads((all) => [...all.filter((u) => u.name !== file.name || u.state === 'uploading'), { id, name: file.name, progress: 0, state: 'uploading', startedAt: Date.now() }]);
      void (async () => {
        try {
          const ticket = await api.uploadTicket(clientId, year, file.name);
          await putWithProgress(ticket.url, file, (progress) => update(id, { progress }));
          update(id, { state: 'uploaded', progress: 1, startedAt: Date.now() });
          announce(t.uploaded(file.name));
          setWatchSince(Date.now());
          await files.reload();
        } catch (error) {
          const why = error instanceof Error && (error.message === 'network' || error.message.startsWith('HTTP ')) ? t.uploadNetwork : describeError(error, t).detail ?? describeError(error, t).title;
          update(id, { state: 'failed', error: why });
          announce(t.uploadFailed(file.name, why));
        }
      })();
    }
  };

  const name = client.data?.displayName ?? clientId;
  const title = t.yearTitle(name, year);
  if (client.error) {
    return (
      <>
        <Breadcrumbs items={[{ label: t.home, href: href.clients() }, { label: clientId }]} />
        <PageHeading title={t.yearTitle(clientId, year)}>{t.yearTitle(clientId, year)}</PageHeading>
        <ErrorMessage error={client.error} />
      </>
    );
  }
  return (
    <>
      <Breadcrumbs items={[{ label: t.home, href: href.clients() }, { label: name, href: href.client(clientId) }, { label: String(year) }]} />
      <PageHeading title={title}>{title}</PageHeading>
      <nav aria-label={title} class="subnav">
        <a href={href.commentary(clientId, year)}>{t.commentaryLink}</a>
        <a href={href.settings(clientId)}>{t.settingsLink}</a>
        <a href={href.audit(clientId)}>{t.auditLink}</a>
      </nav>
      {noFigures && (
        <div class="notice" data-testid="no-figures">
          <p>
            <strong>{t.noFiguresTitle}</strong> {noFigures}
          </p>
        </div>
      )}
      <DropZone onFiles={uploadAll} />
      {uploads.length > 0 && (
        <section aria-labelledby="uploads">
          <h2 id="uploads">{t.uploadsTitle}</h2>
          <ul class="uploads">
            {uploads.map((u) => (
              <li key={u.id}>
                <span class="file-name">{u.name}</span>
                <progress max={1} value={u.progress} aria-label={t.uploading(u.name)} />
                <span>{uploadText(u, files.data ?? [], t)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <FilesTable
        clientId={clientId}
        year={year}
        files={files.data}
        error={files.error}
        loading={files.loading}
        onChanged={() => {
          setWatchSince(Date.now());
          void Promise.all([files.reload(), reports.reload(), years.reload()]);
        }}
        locale={locale}
        onUpload={uploadAll}
      />
      <Reports
        clientId={clientId}
        year={year}
        versions={reports.data?.versions}
        jobRunning={jobRunning}
        noFigures={noFigures !== undefined}
        error={reports.error}
        recipients={client.data?.recipients ?? []}
        onChanged={() => {
          setWatchSince(Date.now());
          void reports.reload();
        }}
      />
    </>
  );
}

/**
 * A survey export no mapping fits comes back with the mapping Effekt proposes from its columns: shown to
 * check, and uploaded beside the export with one button, after which the export is read again.
 */
function ProposedMapping(props: { proposal: { fileName: string; json: string }; onUpload(files: readonly File[]): void }) {
  const { t } = useT();
  const { fileName, json } = props.proposal;
  return (
    <details class="proposal">
      <summary>{t.proposedMappingTitle(fileName)}</summary>
      <p>{t.proposedMappingHelp}</p>
      <pre tabIndex={0} aria-label={t.proposedMappingTitle(fileName)}>{json}</pre>
      <button type="button" onClick={() => props.onUpload([new File([json], fileName, { type: 'application/json' })])}>
        {t.useProposedMapping}
      </button>
    </details>
  );
}

function DropZone({ onFiles }: { onFiles(files: FileList | null): void }) {
  const { t } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <section aria-labelledby="upload">
      <h2 id="upload">{t.uploadTitle}</h2>
      <div
        class={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          onFiles(e.dataTransfer?.files ?? null);
        }}
      >
        <p>
          {t.dropHint}{' '}
          <button type="button" class="primary" onClick={() => input.current?.click()}>
            {t.chooseFiles}
          </button>
        </p>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept=".csv,.xlsx,.json,.md,.txt"
          data-testid="file-input"
          onChange={(e) => {
            onFiles(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
      </div>
    </section>
  );
}

function FilesTable(props: {
  clientId: string;
  year: number;
  files: FileEntry[] | undefined;
  error: unknown;
  loading: boolean;
  locale: 'sv' | 'en';
  onChanged(): void;
  /** Uploads files beside the year's others, as a drop would (used for a proposed mapping). */
  onUpload(files: readonly File[]): void;
}) {
  const { t } = useT();
  const { api, announce } = useServices();
  const [deleting, setDeleting] = useState<FileEntry>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();

  const remove = async (file: FileEntry) => {
    setDeleting(undefined);
    setError(undefined);
    try {
      const result = await api.deleteFile(props.clientId, props.year, file.name);
      const message = file.status === 'rejected' ? t.deletedRejected(result.name) : t.deleted(result.name, result.rowsErased);
      setDone(message);
      announce(message);
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="files">
      <h2 id="files">{t.filesTitle}</h2>
      <ErrorMessage error={props.error ?? error} />
      <Status message={done} />
      {props.loading && !props.files && <p>{t.loading}</p>}
      {props.files && props.files.length === 0 && <p>{t.filesEmpty}</p>}
      {props.files && props.files.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.fileName}</th>
              <th scope="col">{t.fileStatus}</th>
              <th scope="col">{t.fileUploaded}</th>
              <th scope="col">{t.fileActions}</th>
            </tr>
          </thead>
          <tbody>
            {props.files.map((f) => (
              <tr key={f.name} data-file={f.name}>
                <th scope="row" class="file-name">
                  {f.name}
                </th>
                <td>
                  <span class={`badge ${f.status}`}>{statusText(f, t)}</span>
                  {f.status === 'rejected' && f.problems && f.problems.length > 0 && (
                    <details open>
                      <summary>{t.problemsTitle(f.totalProblems ?? f.problems.length, f.problems.length)}</summary>
                      <ul class="problems">
                        {f.problems.map((p, i) => (
                          <li key={i}>{p.text}</li>
                        ))}
                      </ul>
                    </details>
                  )}
                  {f.status === 'rejected' && f.proposedMapping && <ProposedMapping proposal={f.proposedMapping} onUpload={props.onUpload} />}
                </td>
                <td>
                  {formatTime(f.uploadedAt ?? f.rejectedAt, props.locale)}
                  {f.uploadedBy && <span class="muted"> {t.by(f.uploadedBy)}</span>}
                </td>
                <td>
                  {(f.status === 'accepted' || f.status === 'superseded' || f.status === 'rejected') && (
                    <button type="button" class="danger small" aria-label={t.deleteFileLabel(f.name)} onClick={() => setDeleting(f)}>
                      {t.deleteFile}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={!!deleting}
        danger
        title={deleting ? t.deleteConfirmTitle(deleting.name) : ''}
        body={deleting ? (deleting.status === 'rejected' ? t.deleteRejectedConfirmBody(deleting.name) : t.deleteConfirmBody(deleting.name, deleting.rows)) : ''}
        confirmLabel={t.deleteConfirm}
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(undefined)}
      />
    </section>
  );
}

/**
 * A draft nobody approved that a newer ready version replaces (a regeneration, an upload): sending it would
 * send what the newer one corrects, so it is marked as replaced and not offered for approval.
 */
function replacedBy(v: ReportVersion, current: number | undefined): number | undefined {
  const draft = v.status === 'ready' && !v.withdrawn && !v.approval && !v.delivery;
  return draft && current !== undefined && v.version < current ? current : undefined;
}

function versionState(v: ReportVersion, t: Messages, current: number | undefined): string {
  if (v.withdrawn) return t.withdrawn;
  if (v.status === 'rendering') return t.rendering;
  if (v.status === 'failed') return t.failed;
  if (v.delivery?.status === 'sent') return t.sent(v.delivery.recipients);
  if (v.delivery?.status === 'sending') return t.sending;
  if (v.approval) return t.approved(v.approval.by);
  const newer = replacedBy(v, current);
  return newer === undefined ? t.draft : t.supersededBy(newer);
}

function badgeClass(v: ReportVersion, current: number | undefined): string {
  if (v.withdrawn) return 'withdrawn';
  if (replacedBy(v, current) !== undefined) return 'replaced';
  if (v.status !== 'ready') return v.status;
  return v.delivery?.status === 'sent' ? 'accepted' : 'draft';
}

function Reports(props: {
  clientId: string;
  year: number;
  versions: ReportVersion[] | undefined;
  jobRunning: boolean;
  /** The year has no figures (its notice says why): a regeneration would make nothing, so the button says so instead. */
  noFigures: boolean;
  error: unknown;
  recipients: readonly string[];
  onChanged(): void;
}) {
  const { t, locale } = useT();
  const { api, announce } = useServices();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const [approving, setApproving] = useState<number>();
  const [previewing, setPreviewing] = useState<number>();
  const { clientId, year } = props;

  const act = async (action: () => Promise<string>) => {
    setError(undefined);
    try {
      const message = await action();
      setStatus(message);
      announce(message);
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  };

  const download = async (version: number) => {
    setError(undefined);
    try {
      const blob = await api.reportPdf(clientId, year, version);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${clientId}-${year}-v${version}.pdf`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    }
  };

  const versions = [...(props.versions ?? [])].reverse();
  // The newest version that can be sent: older drafts are replaced by it.
  const current = versions.find((v) => v.status === 'ready' && !v.withdrawn)?.version;
  return (
    <section aria-labelledby="reports">
      <h2 id="reports">{t.reportsTitle}</h2>
      <p>
        <button
          type="button"
          onClick={() => void act(async () => (props.noFigures ? t.regenerateNoFigures : (await api.regenerate(clientId, year), t.regenerateStarted)))}
          disabled={props.jobRunning}
        >
          {t.regenerate}
        </button>{' '}
        {props.jobRunning && <span class="muted">{t.jobRunning}</span>}
      </p>
      <ErrorMessage error={props.error ?? error} />
      <Status message={status} />
      {props.versions && props.versions.length === 0 && <p>{t.reportsEmpty}</p>}
      {versions.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.versionCol}</th>
              <th scope="col">{t.createdCol}</th>
              <th scope="col">{t.stateCol}</th>
              <th scope="col">{t.inputsCol}</th>
              <th scope="col">{t.fileActions}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const ready = v.status === 'ready' && !v.withdrawn;
              return (
                <tr key={v.version} data-version={v.version}>
                  <th scope="row">{t.version(v.version)}</th>
                  <td>{formatTime(v.createdAt, locale)}</td>
                  <td>
                    <span class={`badge ${badgeClass(v, current)}`}>{versionState(v, t, current)}</span>
                  </td>
                  <td class="inputs">{v.inputs.map((i) => t.inputWithRows(i.file, i.rows)).join(', ')}</td>
                  <td class="actions-cell">
                    {ready && (
                      <>
                        <button type="button" class="small" aria-label={t.previewLabel(v.version)} aria-expanded={previewing === v.version} onClick={() => setPreviewing(previewing === v.version ? undefined : v.version)}>
                          {t.preview}
                        </button>
                        <button type="button" class="small" aria-label={t.downloadLabel(v.version)} onClick={() => void download(v.version)}>
                          {t.download}
                        </button>
                        {!v.approval && replacedBy(v, current) === undefined && (
                          <button type="button" class="primary small" aria-label={t.approveSendLabel(v.version)} onClick={() => setApproving(v.version)}>
                            {t.approveSend}
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {previewing !== undefined && (
        <LazyPreview key={previewing} load={() => api.reportPdf(clientId, year, previewing)} version={previewing} onClose={() => setPreviewing(undefined)} />
      )}
      <ConfirmDialog
        open={approving !== undefined}
        title={approving !== undefined ? t.approveConfirmTitle(approving) : ''}
        body={props.recipients.length > 0 ? t.approveConfirmBody(props.recipients.join(', ')) : t.approveConfirmNoRecipients}
        confirmLabel={t.approveConfirm}
        onConfirm={() => {
          const version = approving!;
          setApproving(undefined);
          void act(async () => {
            await api.approve(clientId, year, version);
            return t.approvedAnnounce(version);
          });
        }}
        onCancel={() => setApproving(undefined)}
      />
    </section>
  );
}
