import { instrumentDefinitionSchema, type InstrumentDefinition } from '../model/index.ts';
import fullRange from '../../../report-templates/instruments/full-range-leadership.instrument.json' with { type: 'json' };
import hme from '../../../report-templates/instruments/hme.instrument.json' with { type: 'json' };
import knowledge from '../../../report-templates/instruments/ledarskapskunskap.instrument.json' with { type: 'json' };
import leadForward from '../../../report-templates/instruments/lead-forward.instrument.json' with { type: 'json' };
import teamPro from '../../../report-templates/instruments/team-pro-inventory.instrument.json' with { type: 'json' };

/** Instruments every client can use; static imports so the Lambda bundle carries them. */
export const BUILT_IN_INSTRUMENTS: readonly InstrumentDefinition[] = [leadForward, teamPro, fullRange, knowledge, hme].map((raw) =>
  instrumentDefinitionSchema.parse(raw),
);

/** A client's own definitions override built-ins with the same id. */
export function instrumentCatalog(own: readonly InstrumentDefinition[]): Map<string, InstrumentDefinition> {
  const catalog = new Map<string, InstrumentDefinition>();
  for (const definition of BUILT_IN_INSTRUMENTS) catalog.set(definition.id, definition);
  for (const definition of own) catalog.set(definition.id, definition);
  return catalog;
}
