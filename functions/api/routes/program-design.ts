import { PROGRAM_FILE_SUFFIX, programDesignSchema } from '../../core/model/index.ts';
import { notFound } from '../errors.ts';
import { clientYear, json, parseBody, type PathParams, type Route } from '../http.ts';

const PATH = '/v1/clients/{clientId}/years/{year}/programs/{programId}/design';

function programOf(params: PathParams): string {
  if (params.programId === undefined) throw new Error('route template lacks programId');
  return params.programId;
}

/**
 * A programme's description (`<programme-id>.program.json`), read and written through the API. A write takes
 * the same path as an uploaded file: ingest stores it and a new report version follows, as for the commentary.
 */
export const programDesignRoutes: Route[] = [
  {
    method: 'GET',
    path: PATH,
    async handle({ params, deps }) {
      const { clientId, year } = clientYear(params);
      const programId = programOf(params);
      const stored = (await deps.table.getProgramDesigns(clientId, year)).find((d) => d.programId === programId);
      if (!stored) throw notFound(`There is no description of the programme ${programId} for ${year}.`);
      return json(200, { programId, fileName: stored.fileName, updatedAt: stored.updatedAt, design: stored.design });
    },
  },
  {
    method: 'PUT',
    path: PATH,
    async handle({ request, params, principal, deps }) {
      const { clientId, year } = clientYear(params);
      const programId = programOf(params);
      const design = parseBody(request, programDesignSchema, 'The programme description');
      const fileName = `${programId}${PROGRAM_FILE_SUFFIX}`;
      const now = deps.now();
      // The draft of the version that follows goes to the caller (the latest consultant action decides who reviews).
      const actor = { sub: principal.sub, ...(principal.email ? { email: principal.email } : {}) };
      await deps.table.putUploadIntent(clientId, year, fileName, {
        ...actor,
        issuedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + deps.settings.uploadUrlSeconds * 1000).toISOString(),
      });
      await deps.table.putConsultantAction(clientId, year, { ...actor, at: now.toISOString(), action: 'program-design' });
      const key = `${clientId}/${year}/${fileName}`;
      await deps.blobs.put(deps.settings.uploadsBucket, key, `${JSON.stringify(design, null, 2)}\n`, 'application/json; charset=utf-8');
      await deps.table.appendAudit({ clientId, at: now.toISOString(), action: 'upload', actor: principal.sub, detail: { year, file: fileName, dataset: 'program' } }, deps.newId());
      return json(202, { key });
    },
  },
];
