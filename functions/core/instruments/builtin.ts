import { instrumentDefinitionSchema, type InstrumentDefinition } from '../model/index.ts';
import fullRange from '../../../report-templates/instruments/full-range-leadership.instrument.json' with { type: 'json' };
import hme from '../../../report-templates/instruments/hme.instrument.json' with { type: 'json' };
import knowledge from '../../../report-templates/instruments/ledarskapskunskap.instrument.json' with { type: 'json' };
import leadForward from '../../../report-templates/instruments/lead-forward.instrument.json' with { type: 'json' };
import teamPro from '../../../report-templates/instruments/team-pro-inventory.instrument.json' with { type: 'json' };

let builtIns: readonly InstrumentDefinition[] | undefined;

/**
 * Instruments every client can use; static imports so the Lambda bundle carries them. Validated on first
 * use rather than when the module loads, so a cold start that needs no instrument does not pay for it.
 */
export function builtInInstruments(): readonly InstrumentDefinition[] {
  builtIns ??= [leadForward, teamPro, fullRange, knowledge, hme].map((raw) => instrumentDefinitionSchema.parse(raw));
  return builtIns;
}

/** A client's own definitions override built-ins with the same id. */
export function instrumentCatalog(own: readonly InstrumentDefinition[]): Map<string, InstrumentDefinition> {
  const catalog = new Map<string, InstrumentDefinition>();
  for (const definition of builtInInstruments()) catalog.set(definition.id, definition);
  for (const definition of own) catalog.set(definition.id, definition);
  return catalog;
}
