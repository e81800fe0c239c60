import * as z from 'zod';
import type { FileRecord, Rejection } from '../../core/model/index.ts';
import { isCommentaryFile, isProgramDesignFile, type ComputeRequest, type Locale, type Problem } from '../../core/model/index.ts';
import { localizedProblem } from '../../core/parse/messages/index.ts';
import { eraseRespondent } from '../erasure.ts';
import { notFound } from '../errors.ts';
import { clientOf, clientYear, json, parseBody, type Route } from '../http.ts';

export type FileStatus = 'accepted' | 'rejected' | 'superseded' | 'processing';

export interface FileView {
  name: string;
  status: FileStatus;
  kind?: 'reaction' | 'assessment' | 'settings' | 'instrument' | 'mapping' | 'commentary' | 'program';
  rows?: number;
  uploadedAt?: string;
  /** The `sub` of the consultant whose upload URL brought the file; absent for files put in the bucket directly. */
  uploadedBy?: string;
  rejectedAt?: string;
  /** Every problem kept for the file (the first ones, up to the stored limit), and how many there were in all. */
  problems?: (Pick<Problem, 'line' | 'column' | 'rule' | 'message' | 'value'> & { text: string })[];
  totalProblems?: number;
  /** For a survey export no mapping fits: the mapping Effekt proposes, to check and upload beside it. */
  proposedMapping?: { fileName: string; json: string };
}

const isDefinition = (name: string) => name.endsWith('.client.json') || name.endsWith('.instrument.json') || name.endsWith('.mapping.json') || isCommentaryFile(name) || isProgramDesignFile(name);
const definitionKind = (name: string) =>
  isCommentaryFile(name) ? 'commentary' : isProgramDesignFile(name) ? 'program' : name.endsWith('.client.json') ? 'settings' : name.endsWith('.mapping.json') ? 'mapping' : 'instrument';

function acceptedView(f: FileRecord, status: FileStatus): FileView {
  return {
    name: f.fileName,
    status,
    kind: f.dataset,
    rows: f.rows,
    uploadedAt: f.uploadedAt,
    ...(f.uploadedBy ? { uploadedBy: f.uploadedBy.sub } : {}),
  };
}

function rejectedView(r: Rejection, locale: Locale): FileView {
  return {
    name: r.fileName,
    status: 'rejected',
    rejectedAt: r.rejectedAt,
    ...(r.uploadedBy ? { uploadedBy: r.uploadedBy.sub } : {}),
    problems: r.problems.map((p) => ({
      ...(p.line !== undefined ? { line: p.line } : {}),
      ...(p.column !== undefined ? { column: p.column } : {}),
      rule: p.rule,
      message: p.message,
      // The sentence in the consultant's language, as the rejection e-mail gives it.
      text: localizedProblem(p, locale),
      ...(p.value !== undefined ? { value: p.value } : {}),
    })),
    totalProblems: r.totalProblems,
    ...(r.proposedMapping ? { proposedMapping: { fileName: r.proposedMapping.fileName, json: r.proposedMapping.json } } : {}),
  };
}

/**
 * The year's files as the consultant sees them: counted files (superseded while a newer upload of the
 * same name is processed), rejected uploads with their problems, and uploads not processed yet.
 */
function fileList(files: FileRecord[], rejections: Rejection[], objects: { name: string; lastModified: string }[], locale: Locale): FileView[] {
  const views: FileView[] = [];
  const object = new Map(objects.map((o) => [o.name, o.lastModified]));
  const rejection = new Map(rejections.map((r) => [r.fileName, r]));
  const counted = new Map(files.map((f) => [f.fileName, f]));
  for (const f of files) {
    const pending = object.get(f.fileName);
    const newer = pending !== undefined && Date.parse(pending) > Date.parse(f.uploadedAt);
    views.push(acceptedView(f, newer && !isHandled(rejection.get(f.fileName), pending) ? 'superseded' : 'accepted'));
  }
  for (const r of rejections) views.push(rejectedView(r, locale));
  for (const { name, lastModified } of objects) {
    if (isHandled(rejection.get(name), lastModified)) continue;
    const file = counted.get(name);
    if (file && Date.parse(lastModified) <= Date.parse(file.uploadedAt)) continue;
    if (isDefinition(name)) {
      views.push({ name, status: 'accepted', kind: definitionKind(name), uploadedAt: lastModified });
    } else {
      views.push({ name, status: 'processing', uploadedAt: lastModified });
    }
  }
  return views.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A rejection at or after the object's time is the outcome of that upload. */
const isHandled = (r: Rejection | undefined, lastModified: string) => r !== undefined && Date.parse(r.rejectedAt) >= Date.parse(lastModified);

const erasureSchema = z
  .object({
    respondent: z.string().trim().min(1, 'must name the person (their respondent id or e-mail, as in the files)').max(200, 'must be at most 200 characters'),
  })
  .strict();

export const fileRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/clients/{clientId}/years/{year}/files',
    async handle({ params, deps }) {
      const { clientId, year } = clientYear(params);
      const prefix = `${clientId}/${year}/`;
      const [files, rejections, objects, settings] = await Promise.all([
        deps.store.files.listFiles(clientId, year),
        deps.store.files.listRejections(clientId, year),
        deps.blobs.list(deps.settings.uploadsBucket, prefix),
        deps.store.settings.getSettings(clientId),
      ]);
      const inYear = objects
        .map((o) => ({ name: o.key.slice(prefix.length), lastModified: (o.lastModified ?? deps.now()).toISOString() }))
        .filter((o) => o.name !== '' && !o.name.includes('/'));
      const views = fileList(files, rejections, inYear, settings?.consultantLocale ?? 'sv');
      // Settings, instrument, mapping and commentary files have no row record: their uploader is the upload URL's.
      await Promise.all(
        views
          .filter((v) => v.status === 'accepted' && v.uploadedBy === undefined && v.uploadedAt !== undefined && isDefinition(v.name))
          .map(async (v) => {
            const actor = await deps.store.activity.uploaderOf(clientId, year, v.name, new Date(v.uploadedAt as string));
            if (actor) v.uploadedBy = actor.sub;
          }),
      );
      return json(200, { files: views });
    },
  },
  {
    method: 'DELETE',
    path: '/v1/clients/{clientId}/years/{year}/files/{name}',
    async handle({ params, principal, deps }) {
      const { clientId, year } = clientYear(params);
      const name = params.name!;
      const key = `${clientId}/${year}/${name}`;
      const [existing, uploaded, rejections] = await Promise.all([
        deps.store.files.getFile(clientId, year, name),
        deps.blobs.exists(deps.settings.uploadsBucket, key),
        deps.store.files.listRejections(clientId, year),
      ]);
      const rejection = rejections.find((r) => r.fileName === name);
      if (!existing && !uploaded && !rejection) throw notFound(`There is no file named ${name} in ${year}.`);
      const at = deps.now().toISOString();
      const actor = { sub: principal.sub, ...(principal.email ? { email: principal.email } : {}) };
      // The new draft goes to whoever deleted the file.
      await deps.store.activity.putConsultantAction(clientId, year, { ...actor, at, action: 'file-delete' });
      // Gone from the bucket first, so no replayed event can bring the rows back.
      if (uploaded) await deps.blobs.delete(deps.settings.uploadsBucket, key);
      if (existing) {
        // The rows stop counting now, without waiting for the bucket's event (ingest converges to the same state).
        await deps.store.state.bumpChangeSeq(clientId, year);
        if (await deps.store.files.removeFile(clientId, year, name, existing.sequencer)) {
          await deps.store.rows.deleteRowChunks(clientId, year, existing.fileId);
          await deps.store.files.releaseContent(clientId, year, existing.sha256, name);
        }
        const seq = await deps.store.state.bumpChangeSeq(clientId, year);
        const request: ComputeRequest = { clientId, year, seq, deliver: true, force: false };
        await deps.computeQueue.send(request);
      }
      if (rejection) {
        // A refused file counted for nothing, but its bytes (people's answers) sit in quarantine until the
        // bucket's expiry: deleting it means those go now, with the error report and any proposed mapping.
        const q = rejection.quarantineKey ?? key;
        await Promise.all([q, `${q}.errors.json`, `${q}.proposed.mapping.json`].map((k) => deps.blobs.delete(deps.settings.quarantineBucket, k)));
        await deps.store.files.clearRejection(clientId, year, name);
      }
      await deps.store.audit.appendAudit(
        { clientId, at, action: 'file-delete', actor: principal.sub, detail: { year, file: name, rows: existing?.rows ?? 0, ...(rejection ? { rejected: true } : {}) } },
        deps.newId(),
      );
      return json(202, { name, year, rowsErased: existing?.rows ?? 0 });
    },
  },
  {
    method: 'POST',
    path: '/v1/clients/{clientId}/erasure',
    async handle({ request, params, principal, deps }) {
      const clientId = clientOf(params);
      const { respondent } = parseBody(request, erasureSchema);
      const outcome = await eraseRespondent(deps, clientId, respondent, { sub: principal.sub, ...(principal.email ? { email: principal.email } : {}) });
      // Never the raw id, nor its pseudonym: the trail says that a person was erased, by whom, and where.
      await deps.store.audit.appendAudit(
        {
          clientId,
          at: deps.now().toISOString(),
          action: 'erasure',
          actor: principal.sub,
          detail: { years: outcome.years.join(','), rows: outcome.rowsErased, files: outcome.filesChanged, versionsWithdrawn: outcome.versionsWithdrawn },
        },
        deps.newId(),
      );
      return json(outcome.years.length > 0 ? 202 : 200, outcome);
    },
  },
];
