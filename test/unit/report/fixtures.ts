/** The example client year (test/fixtures/metrics), fresh copies per call so tests can alter them. */
import metrics from '../../fixtures/metrics/example.metrics.json' with { type: 'json' };
import settings from '../../fixtures/metrics/example.settings.json' with { type: 'json' };
import { clientSettingsSchema, type ClientSettings, type Locale, type MetricsDocument } from '../../../functions/core/model/index.ts';

export function exampleMetrics(): MetricsDocument {
  return structuredClone(metrics) as unknown as MetricsDocument;
}

export function exampleSettings(locale: Locale = 'sv'): ClientSettings {
  return { ...clientSettingsSchema.parse(structuredClone(settings)), locale };
}

/**
 * Another client year built from the example: fewer trend years, no manager ratings (one rater panel where the
 * example has two), before-means moved, programmes in the other order. Its charts differ from the example's in
 * data, category counts and category order (test/unit/render/warm-identical.test.ts).
 */
export function otherClientMetrics(): MetricsDocument {
  const other = exampleMetrics();
  other.trend = other.trend.slice(-2);
  other.change = other.change.filter((entry) => entry.rater !== 'manager').map((entry) => (entry.preMean === undefined ? entry : { ...entry, preMean: entry.preMean - 0.4 }));
  other.reaction?.byProgram.reverse();
  return other;
}

export function otherClientSettings(): ClientSettings {
  return { ...exampleSettings('sv'), displayName: 'Ångström & Co' };
}
