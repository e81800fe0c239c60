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
