import * as z from 'zod';
import { COMMENTARY_FILE_NAMES, isCommentaryFile, YEAR_PATTERN } from '../../core/model/index.ts';
import { clientOf, json, parseBody, type Route } from '../http.ts';

export const ALLOWED_UPLOAD_EXTENSIONS = ['.csv', '.xlsx', '.json'] as const;
const MAX_FILENAME = 128;

/**
 * One file name inside `<client>/<year>/`: no folders (the key's layout says which client and year a
 * file belongs to, so a slash could smuggle it elsewhere), no `..`, no control characters.
 */
export const uploadFilenameSchema = z
  .string()
  .transform((s) => s.normalize('NFC'))
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(MAX_FILENAME, `must be at most ${MAX_FILENAME} characters`)
      .refine((s) => !/[/\\]/.test(s), 'must be a file name, without folders (no / or \\)')
      .refine((s) => !s.includes('..'), 'must not contain ".."')
      .refine((s) => !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s), 'must not contain control characters or bidirectional overrides')
      .refine((s) => !s.startsWith('.') && s.trim() === s, 'must not start with a dot or a space, or end with a space')
      .refine(
        (s) => isCommentaryFile(s) || ALLOWED_UPLOAD_EXTENSIONS.some((ext) => s.toLowerCase().endsWith(ext) && s.length > ext.length),
        `must end in ${ALLOWED_UPLOAD_EXTENSIONS.join(', ')} (or be the commentary, ${COMMENTARY_FILE_NAMES.join(' or ')})`,
      ),
  );

const uploadRequestSchema = z
  .object({
    year: z.union([z.number().int(), z.string()]).transform(String).pipe(z.string().regex(YEAR_PATTERN, 'must be a four-digit year')).transform(Number),
    filename: uploadFilenameSchema,
  })
  .strict();

export const uploadRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/clients/{clientId}/uploads',
    async handle({ request, params, principal, deps }) {
      const clientId = clientOf(params);
      const { year, filename } = parseBody(request, uploadRequestSchema);
      const key = `${clientId}/${year}/${filename}`;
      const seconds = deps.settings.uploadUrlSeconds;
      const issuedAt = deps.now();
      const url = await deps.blobs.presignPut(deps.settings.uploadsBucket, key, seconds);
      // The file that arrives through this URL is the caller's: its draft or rejection goes to them.
      await deps.store.activity.putUploadIntent(clientId, year, filename, {
        sub: principal.sub,
        ...(principal.email ? { email: principal.email } : {}),
        issuedAt: issuedAt.toISOString(),
        expiresAt: new Date(issuedAt.getTime() + seconds * 1000).toISOString(),
      });
      // The PUT itself is audited by ingest when the file arrives; this records who was allowed to make it.
      await deps.store.audit.appendAudit(
        { clientId, at: issuedAt.toISOString(), action: 'upload', actor: principal.sub, detail: { year, file: filename, step: 'url-issued' } },
        deps.newId(),
      );
      return json(200, { url, key, expiresAt: new Date(issuedAt.getTime() + seconds * 1000).toISOString() });
    },
  },
];
