import * as z from 'zod';
import { MAX_COMMENTARY_CHARS } from '../../core/model/index.ts';
import { notFound } from '../errors.ts';
import { clientYear, json, parseBody, type Route } from '../http.ts';

/** The file the API writes: the same one a consultant may drop into `<client>/<year>/`. */
const COMMENTARY_FILE = 'kommentar.md';

const commentaryBodySchema = z
  .object({
    markdown: z.string().trim().min(1, 'must not be empty').max(MAX_COMMENTARY_CHARS, `must be at most ${MAX_COMMENTARY_CHARS} characters`),
  })
  .strict();

export const commentaryRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/clients/{clientId}/years/{year}/commentary',
    async handle({ params, deps }) {
      const { clientId, year } = clientYear(params);
      const commentary = await deps.store.commentary.getCommentary(clientId, year);
      if (!commentary) throw notFound(`There is no commentary for ${year}.`);
      return json(200, { markdown: commentary.markdown, fileName: commentary.fileName, updatedAt: commentary.updatedAt });
    },
  },
  {
    method: 'PUT',
    path: '/v1/clients/{clientId}/years/{year}/commentary',
    async handle({ request, params, principal, deps }) {
      const { clientId, year } = clientYear(params);
      const { markdown } = parseBody(request, commentaryBodySchema);
      const key = `${clientId}/${year}/${COMMENTARY_FILE}`;
      const now = deps.now();
      // The commentary takes the same path as an uploaded file: ingest stores it, and the new version's
      // draft goes to the caller (the latest consultant action decides who reviews).
      const actor = { sub: principal.sub, ...(principal.email ? { email: principal.email } : {}) };
      await deps.store.activity.putUploadIntent(clientId, year, COMMENTARY_FILE, {
        ...actor,
        issuedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + deps.settings.uploadUrlSeconds * 1000).toISOString(),
      });
      await deps.store.activity.putConsultantAction(clientId, year, { ...actor, at: now.toISOString(), action: 'commentary' });
      await deps.blobs.put(deps.settings.uploadsBucket, key, `${markdown}\n`, 'text/markdown; charset=utf-8');
      await deps.store.audit.appendAudit({ clientId, at: now.toISOString(), action: 'commentary', actor: principal.sub, detail: { year, characters: markdown.length } }, deps.newId());
      return json(202, { key });
    },
  },
];
