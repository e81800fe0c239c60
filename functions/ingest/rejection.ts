import { buildMime } from '../core/email/mime.ts';
import { rejectionEmail } from '../core/email/notices.ts';
import { defaultClientSettings, MAX_PROBLEMS_LISTED, type ClientSettings, type Problem, type UploadKey } from '../core/model/index.ts';
import type { ProposedMapping } from '../core/parse/mapping/propose.ts';
import { audit } from './ingest-steps.ts';
import type { IngestDeps, IngestOutcome, ObjectChange } from './ingest-types.ts';

/**
 * Refuses the whole file: nothing of it counts. The file moves to quarantine with an error report
 * beside it, the rejection is recorded, and the client's consultant is told what to fix.
 */
export async function reject(
  deps: IngestDeps,
  change: ObjectChange,
  key: UploadKey,
  problems: Problem[],
  totalProblems: number,
  proposedMapping?: ProposedMapping,
  /** The file's bytes when ingest has read them: written to quarantine as they are, no server-side copy. */
  held?: Uint8Array,
  /** The stored file of this name is another object's (a name collision): its record is left alone. */
  otherObjectsFile = false,
): Promise<IngestOutcome> {
  const listed = problems.slice(0, MAX_PROBLEMS_LISTED);
  const rejectedAt = deps.now().toISOString();
  const quarantineKey = change.key;
  const existing = await deps.store.files.getFile(key.clientId, key.year, key.fileName);
  if (existing && !existing.quarantinePending && !otherObjectsFile) await deps.store.files.setQuarantinePending(key.clientId, key.year, key.fileName, true);

  // A copy names its source in a URL-encoded header, which not every S3 (the local emulator) decodes for
  // names with ; + # ? =: the bytes already read are written instead. Only a file too large to read is copied.
  if (held) await deps.blobs.put(deps.settings.quarantineBucket, quarantineKey, held, 'application/octet-stream');
  else await deps.blobs.copy(deps.settings.uploadsBucket, change.key, deps.settings.quarantineBucket, quarantineKey);
  const report = { file: key.fileName, key: change.key, rejectedAt, totalProblems, problems: listed };
  await deps.blobs.put(deps.settings.quarantineBucket, `${quarantineKey}.errors.json`, JSON.stringify(report, null, 2), 'application/json');
  const uploadedBy = await deps.store.activity.uploaderOf(key.clientId, key.year, key.fileName, deps.now());
  // The proposed mapping for an export no mapping fits: beside the refused file, in the rejection record (the console offers it) and in the e-mail.
  if (proposedMapping) await deps.blobs.put(deps.settings.quarantineBucket, `${quarantineKey}.proposed.mapping.json`, proposedMapping.json, 'application/json');
  await deps.store.files.putRejection(key.clientId, key.year, {
    fileName: key.fileName,
    rejectedAt,
    problems: listed,
    totalProblems,
    quarantineKey,
    ...(uploadedBy ? { uploadedBy } : {}),
    ...(proposedMapping ? { proposedMapping: { fileName: proposedMapping.fileName, json: proposedMapping.json } } : {}),
  });
  await deps.blobs.delete(deps.settings.uploadsBucket, change.key);
  await audit(deps, key, 'rejection', { file: key.fileName, problems: totalProblems, rule: listed[0]?.rule ?? 'unknown' });

  const settings: ClientSettings = (await deps.store.settings.getSettings(key.clientId)) ?? defaultClientSettings(key.clientId);
  // The consultant who uploaded the file through an upload URL hears about it; otherwise consultantContact.
  const recipient = uploadedBy?.email ?? settings.consultantContact;
  if (recipient) {
    const text = rejectionEmail({
      locale: settings.consultantLocale,
      clientName: settings.displayName,
      clientId: key.clientId,
      year: key.year,
      fileName: key.fileName,
      problems: listed,
      totalProblems,
    });
    const mime = await buildMime({
      from: { name: 'Effekt', address: deps.settings.senderEmail },
      to: [recipient],
      subject: text.subject,
      text: text.text,
      // The problems are in the body; the proposed mapping, when there is one, is the file to correct and upload.
      attachments: proposedMapping ? [{ filename: proposedMapping.fileName, content: Buffer.from(proposedMapping.json), contentType: 'application/json' }] : [],
    });
    await deps.mailer.sendRaw(mime, deps.settings.senderEmail, [recipient], key.clientId);
  }
  deps.logger.warn('file rejected', { file: key.fileName, problems: totalProblems, firstRule: listed[0]?.rule });
  return { status: 'rejected', fileName: key.fileName, problems: listed, totalProblems, ...(proposedMapping ? { proposedMapping } : {}) };
}

/** A key outside `<client>/<year>/` cannot be routed to a client: quarantine it with the reason. */
export async function quarantineUnroutable(deps: IngestDeps, objectKey: string, message: string): Promise<IngestOutcome> {
  const exists = await deps.blobs.exists(deps.settings.uploadsBucket, objectKey);
  if (exists) {
    const target = `unroutable/${objectKey}`;
    await deps.blobs.copy(deps.settings.uploadsBucket, objectKey, deps.settings.quarantineBucket, target);
    const report = { key: objectKey, rejectedAt: deps.now().toISOString(), problems: [{ file: objectKey, rule: 'key-layout', message }] };
    await deps.blobs.put(deps.settings.quarantineBucket, `${target}.errors.json`, JSON.stringify(report, null, 2), 'application/json');
    await deps.blobs.delete(deps.settings.uploadsBucket, objectKey);
  }
  deps.logger.warn('upload key rejected', { reason: 'key-layout' });
  return { status: 'invalid-key', message };
}
