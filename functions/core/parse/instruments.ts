import type { InstrumentDefinition, InstrumentItem } from '../model/index.ts';
import { headerKey } from './headers.ts';
import { memoByText } from './memo.ts';
import { scaleName } from './messages/index.ts';

/** Instrument and dimension lookups by id, name or label, case- and accent-insensitive. */

const dimensionIndex = new WeakMap<InstrumentDefinition, (written: string) => string | undefined>();

export function dimensionLookup(instrument: InstrumentDefinition, written: string): string | undefined {
  let lookup = dimensionIndex.get(instrument);
  if (lookup === undefined) {
    const entries = new Map<string, string>();
    // Labels first so that an id always wins when a label happens to equal another dimension's id.
    for (const d of instrument.dimensions) {
      entries.set(headerKey(d.label.sv), d.id);
      entries.set(headerKey(d.label.en), d.id);
    }
    for (const d of instrument.dimensions) entries.set(headerKey(d.id), d.id);
    lookup = memoByText((text) => entries.get(headerKey(text)));
    dimensionIndex.set(instrument, lookup);
  }
  return lookup(written);
}

const itemIndex = new WeakMap<InstrumentDefinition, (written: string) => InstrumentItem | undefined>();

/** An item of an item-level instrument by its id or its Swedish or English label (the question text). */
export function itemLookup(instrument: InstrumentDefinition, written: string): InstrumentItem | undefined {
  if (instrument.items === undefined) return undefined;
  let lookup = itemIndex.get(instrument);
  if (lookup === undefined) {
    const entries = new Map<string, InstrumentItem>();
    for (const item of instrument.items) {
      entries.set(headerKey(item.label.sv), item);
      entries.set(headerKey(item.label.en), item);
    }
    for (const item of instrument.items) entries.set(headerKey(item.id), item);
    lookup = memoByText((text) => entries.get(headerKey(text)));
    itemIndex.set(instrument, lookup);
  }
  return lookup(written);
}

const scaleRanges = new WeakMap<InstrumentDefinition, { min: number; max: number; integer: false; what: string }>();

/** The score range of an instrument as the row reader wants it, built once per instrument. */
export function scoreRange(instrument: InstrumentDefinition): { min: number; max: number; integer: false; what: string } {
  let range = scaleRanges.get(instrument);
  if (range === undefined) {
    range = { min: instrument.scale.min, max: instrument.scale.max, integer: false, what: scaleName.instrument(instrument.id) };
    scaleRanges.set(instrument, range);
  }
  return range;
}

export class InstrumentResolver {
  private readonly byKey = new Map<string, InstrumentDefinition>();
  private readonly byText = memoByText((written) => this.byKey.get(headerKey(written)));

  constructor(readonly instruments: ReadonlyMap<string, InstrumentDefinition>) {
    for (const instrument of instruments.values()) {
      this.byKey.set(headerKey(instrument.name), instrument);
      // A file written from an English report may name the instrument as the report does.
      for (const name of Object.values(instrument.displayName ?? {})) this.byKey.set(headerKey(name), instrument);
    }
    for (const instrument of instruments.values()) this.byKey.set(headerKey(instrument.id), instrument);
  }

  resolve(written: string): InstrumentDefinition | undefined {
    return this.byText(written);
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
