import * as z from 'zod';
import type { AuditEvent } from '../../core/model/index.ts';
import { CLIENT_ID_PATTERN } from '../../core/model/index.ts';
import { requireClient } from '../authorize.ts';
import { json, parseQuery, type Route } from '../http.ts';
import { auditView } from './views.ts';

const auditQuerySchema = z
  .object({
    clientId: z.string().regex(CLIENT_ID_PATTERN, 'must be a client id (lowercase letters, digits and hyphens)').optional(),
    limit: z
      .string()
      .regex(/^[1-9]\d{0,3}$/, 'must be a whole number from 1 to 1000')
      .transform(Number)
      .pipe(z.number().max(1000, 'must be at most 1000'))
      .optional(),
  })
  .strict();

export const auditRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/audit',
    async handle({ request, principal, deps }) {
      const { clientId, limit = 500 } = parseQuery(request, auditQuerySchema);
      let events: AuditEvent[];
      if (clientId !== undefined) {
        requireClient(principal, clientId);
        events = await deps.store.audit.listAudit(clientId);
      } else if (principal.role === 'admin') {
        events = await deps.store.audit.listAudit();
      } else if (principal.role === 'consultant') {
        // Without a clientId a consultant sees the trail of every client assigned to them.
        events = (await Promise.all([...principal.clients].map((c) => deps.store.audit.listAudit(c)))).flat();
      } else {
        events = [];
      }
      events.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
      return json(200, { events: events.slice(0, limit).map(auditView) });
    },
  },
];
