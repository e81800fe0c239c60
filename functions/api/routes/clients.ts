import { clientSettingsSchema, type ClientSettings } from '../../core/model/index.ts';
import { visibleClients } from '../authorize.ts';
import { badRequest, notFound } from '../errors.ts';
import { clientOf, json, parseBody, type Route } from '../http.ts';

/** Fields whose stored value differs from the new one, for the audit trail (names only, no values: they hold e-mail addresses). */
function changedFields(before: ClientSettings | undefined, after: ClientSettings): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]) as Set<keyof ClientSettings>;
  return [...keys].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after[k])).sort();
}

export const clientRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/clients',
    async handle({ principal, deps }) {
      const ids = visibleClients(principal, await deps.store.settings.listClientIds());
      const settings = await Promise.all(ids.map((id) => deps.store.settings.getSettings(id)));
      const clients = settings
        .filter((s): s is ClientSettings => s !== undefined)
        .map((s) => ({ clientId: s.clientId, displayName: s.displayName, locale: s.locale }));
      return json(200, { clients });
    },
  },
  {
    method: 'GET',
    path: '/v1/clients/{clientId}',
    async handle({ params, deps }) {
      const settings = await deps.store.settings.getSettings(clientOf(params));
      if (!settings) throw notFound('No settings are stored for this client.');
      return json(200, settings);
    },
  },
  {
    method: 'PUT',
    path: '/v1/clients/{clientId}',
    async handle({ request, params, principal, deps }) {
      const clientId = clientOf(params);
      const settings = parseBody(request, clientSettingsSchema, 'The settings');
      if (settings.clientId !== clientId) throw badRequest('The settings are invalid: clientId must match the client in the path.');
      // Bounced addresses are recorded by the pipeline; a PUT that does not mention them keeps them.
      const raw = JSON.parse(request.body ?? '{}') as Record<string, unknown>;
      const mentionsUndeliverable = Object.hasOwn(raw, 'undeliverable');
      const { undeliverable: _listed, ...withoutUndeliverable } = settings;
      const written = await deps.store.settings.updateSettings(clientId, { kind: 'consultant', input: mentionsUndeliverable ? settings : withoutUndeliverable });
      const before = written?.before;
      const next: ClientSettings = written!.after;
      const changed = changedFields(before, next);
      await deps.store.audit.appendAudit(
        {
          clientId,
          at: deps.now().toISOString(),
          action: 'settings-change',
          actor: principal.sub,
          detail: { created: before === undefined, fields: changed.join(',') },
        },
        deps.newId(),
      );
      return json(200, next);
    },
  },
];
