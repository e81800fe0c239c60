import { notFound } from '../errors.ts';
import { clientOf, clientYear, json, type Route } from '../http.ts';

export const metricsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/clients/{clientId}/years',
    async handle({ params, deps }) {
      // Newest first, as a consultant looks for them. Every upload is computed, a refused one too: a year
      // whose figures count no data file is listed apart, so that its refusals can be found and read.
      const computed = (await deps.store.metrics.listComputedYears(clientOf(params))).reverse();
      return json(200, {
        years: computed.filter((c) => c.dataFiles > 0).map((c) => c.year),
        yearsWithoutFigures: computed.filter((c) => c.dataFiles === 0).map((c) => c.year),
      });
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
