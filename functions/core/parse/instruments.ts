import type { InstrumentDefinition } from '../model/index.ts';
import { headerKey } from './headers.ts';

/** Instrument and dimension lookups by id, name or label, case- and accent-insensitive. */

const dimensionIndex = new WeakMap<InstrumentDefinition, ReadonlyMap<string, string>>();

export function dimensionLookup(instrument: InstrumentDefinition, written: string): string | undefined {
  let index = dimensionIndex.get(instrument);
  if (index === undefined) {
    const entries = new Map<string, string>();
    // Labels first so that an id always wins when a label happens to equal another dimension's id.
    for (const d of instrument.dimensions) {
      entries.set(headerKey(d.label.sv), d.id);
      entries.set(headerKey(d.label.en), d.id);
    }
    for (const d of instrument.dimensions) entries.set(headerKey(d.id), d.id);
    index = entries;
    dimensionIndex.set(instrument, index);
  }
  return index.get(headerKey(written));
}

export class InstrumentResolver {
  private readonly byKey = new Map<string, InstrumentDefinition>();

  constructor(readonly instruments: ReadonlyMap<string, InstrumentDefinition>) {
    for (const instrument of instruments.values()) this.byKey.set(headerKey(instrument.name), instrument);
    for (const instrument of instruments.values()) this.byKey.set(headerKey(instrument.id), instrument);
  }

  resolve(written: string): InstrumentDefinition | undefined {
    return this.byKey.get(headerKey(written));
  }

  ids(): string[] {
    return [...this.instruments.keys()];
  }
}

/** "1–7" with an en dash, as the messages print scales. */
export function formatRange(min: number, max: number): string {
  return `${formatNumber(min)}–${formatNumber(max)}`;
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
}
