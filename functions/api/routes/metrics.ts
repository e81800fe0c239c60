import { notFound } from '../errors.ts';
import { clientOf, clientYear, json, type Route } from '../http.ts';

export const metricsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/clients/{clientId}/years',
    async handle({ params, deps }) {
      // Newest first, as a consultant looks for them; a year is listed once it has computed figures.
      const years = (await deps.store.metrics.listMetricsYears(clientOf(params))).reverse();
      return json(200, { years });
    },
  },
  {
    method: 'GET',
    path: '/v1/clients/{clientId}/metrics/{year}',
    async handle({ params, deps }) {
      const { clientId, year } = clientYear(params);
      const metrics = await deps.store.metrics.getMetrics(clientId, year);
      if (!metrics) throw notFound(`No metrics have been computed for ${year} yet.`);
      return json(200, metrics);
    },
  },
];
