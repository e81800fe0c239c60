import type * as z from 'zod';
import { clientSettingsSchema, instrumentDefinitionSchema, type ClientSettingsInput, type InstrumentDefinition } from '../model/index.ts';
import { ProblemSink } from './problems.ts';
import type { RuleId } from './rules.ts';
import { lineAt, parseJsonText } from './json.ts';
import { detail } from './messages/index.ts';

export type DefinitionResult<T> = { ok: true; value: T } | { ok: false; problems: ProblemSink };

/** `dimensions[2].label.sv`: the JSON path a consultant can follow in an editor. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function reportIssues(sink: ProblemSink, rule: RuleId, issues: readonly z.core.$ZodIssue[]): void {
  for (const issue of issues) {
    const path = jsonPath(issue.path);
    sink.add(rule, { column: path }, detail.schemaIssue(issue.message));
  }
}

export function readInstrumentFile(file: string, text: string): DefinitionResult<InstrumentDefinition> {
  const sink = new ProblemSink(file);
  const document = parseJsonText(text);
  if (!document.ok) {
    sink.add('invalid-json', lineAt(document), detail.instrumentNotJson(document.reason));
    return { ok: false, problems: sink };
  }
  const result = instrumentDefinitionSchema.safeParse(document.value);
  if (!result.success) {
    reportIssues(sink, 'invalid-instrument', result.error.issues);
    return { ok: false, problems: sink };
  }
  // The schema cannot see duplicates across array items; two dimensions with one id would merge silently.
  const seen = new Set<string>();
  result.data.dimensions.forEach((d, i) => {
    if (seen.has(d.id)) sink.add('invalid-instrument', { column: `dimensions[${i}].id` }, detail.dimensionIdTwice(i, d.id), d.id);
    seen.add(d.id);
  });
  checkItems(sink, result.data);
  return sink.empty ? { ok: true, value: result.data } : { ok: false, problems: sink };
}

export function readClientFile(file: string, text: string): DefinitionResult<ClientSettingsInput> {
  const sink = new ProblemSink(file);
  const document = parseJsonText(text);
  if (!document.ok) {
    sink.add('invalid-json', lineAt(document), detail.settingsNotJson(document.reason));
    return { ok: false, problems: sink };
  }
  // Returned as written (no defaults filled in), so later changes to defaults still apply to this client.
  if (isClientSettingsInput(document.value)) return { ok: true, value: document.value };
  const result = clientSettingsSchema.safeParse(document.value);
  if (!result.success) reportIssues(sink, 'invalid-settings', result.error.issues);
  return { ok: false, problems: sink };
}

function isClientSettingsInput(value: unknown): value is ClientSettingsInput {
  return clientSettingsSchema.safeParse(value).success;
}

/** Items must name a dimension of the instrument, have unique ids, and not share an id with a dimension (a wide column would be ambiguous). */
function checkItems(sink: ProblemSink, instrument: InstrumentDefinition): void {
  const dimensions = new Set(instrument.dimensions.map((d) => d.id));
  const seen = new Set<string>();
  (instrument.items ?? []).forEach((item, i) => {
    if (!dimensions.has(item.dimension)) {
      sink.add('invalid-instrument', { column: `items[${i}].dimension` }, detail.itemDimensionUnknown(i, item.dimension, [...dimensions]), item.dimension);
    }
    if (seen.has(item.id)) sink.add('invalid-instrument', { column: `items[${i}].id` }, detail.itemIdTwice(i, item.id), item.id);
    else if (dimensions.has(item.id)) sink.add('invalid-instrument', { column: `items[${i}].id` }, detail.itemIdIsDimension(i, item.id), item.id);
    seen.add(item.id);
  });
}
