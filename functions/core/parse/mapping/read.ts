import { MAPPING_CONSTANT_FIELDS, mappingHeaderKey, mappingSchema, type Mapping } from '../../model/index.ts';
import { jsonPath, type DefinitionResult } from '../definitions.ts';
import { ASSESSMENT_FIELDS, REACTION_FIELDS } from '../headers.ts';
import { lineAt, parseJsonText } from '../json.ts';
import { ProblemSink } from '../problems.ts';

const ITEM_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A `*.mapping.json` file: the schema (model/mapping.ts), then what a schema cannot see: every target a
 * canonical field of the mapping's dataset or an item id, no field mapped twice, no header both mapped and
 * ignored, constants not also columns, answer labels only for mapped targets. Each problem names its JSON path.
 */
export function readMappingFile(file: string, text: string): DefinitionResult<Mapping> {
  const sink = new ProblemSink(file);
  const document = parseJsonText(text);
  if (!document.ok) {
    sink.add('invalid-json', lineAt(document), `the mapping is not valid JSON (${document.reason}).`);
    return { ok: false, problems: sink };
  }
  const result = mappingSchema.safeParse(document.value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = jsonPath(issue.path);
      sink.add('invalid-mapping', { column: path }, `${path}: ${issue.message.replace(/\.$/, '')}.`);
    }
    return { ok: false, problems: sink };
  }
  const mapping = result.data;
  const fields: readonly string[] = mapping.dataset === 'reaction' ? REACTION_FIELDS : ASSESSMENT_FIELDS;
  const otherFields: readonly string[] = mapping.dataset === 'reaction' ? ASSESSMENT_FIELDS : REACTION_FIELDS;
  const entries = Object.entries(mapping.columns);
  if (entries.length === 0) sink.add('invalid-mapping', { column: 'columns' }, 'columns: name at least one exported header and what it is.');
  const mappedBy = new Map<string, string>();
  for (const [header, target] of entries) {
    const path = `columns["${header}"]`;
    const isField = fields.includes(target);
    if (!isField && (otherFields.includes(target) || mapping.dataset === 'reaction' || !ITEM_ID.test(target))) {
      sink.add(
        'invalid-mapping',
        { column: path },
        mapping.dataset === 'reaction'
          ? `${path}: "${target}" is not a column of a reaction survey (${REACTION_FIELDS.join(', ')}).`
          : `${path}: "${target}" is neither a column of an assessment (${ASSESSMENT_FIELDS.join(', ')}) nor an item id (lowercase letters, digits, hyphens).`,
        target,
      );
    }
    const previous = mappedBy.get(target);
    if (previous !== undefined) sink.add('invalid-mapping', { column: path }, `${path}: "${previous}" is already mapped to ${target}; map one header to it.`, target);
    mappedBy.set(target, header);
  }
  const mappedKeys = new Set(entries.map(([header]) => mappingHeaderKey(header)));
  (mapping.ignore ?? []).forEach((header, i) => {
    if (mappedKeys.has(mappingHeaderKey(header))) sink.add('invalid-mapping', { column: `ignore[${i}]` }, `ignore[${i}]: "${header}" is also in columns; either read it or ignore it.`, header);
  });
  for (const field of Object.keys(mapping.constants ?? {})) {
    if (mappedBy.has(field)) sink.add('invalid-mapping', { column: `constants.${field}` }, `constants.${field}: ${field} is also read from the column "${mappedBy.get(field)}"; keep one.`, field);
    if (mapping.dataset === 'reaction' && !fields.includes(field)) {
      sink.add('invalid-mapping', { column: `constants.${field}` }, `constants.${field}: a reaction survey has no ${field}; constants it may have: program, date.`, field);
    }
  }
  for (const target of Object.keys(mapping.values ?? {})) {
    if (!mappedBy.has(target)) {
      sink.add('invalid-mapping', { column: `values.${target}` }, `values.${target}: no header is mapped to ${target}; answers can only be translated for a mapped column.`, target);
    }
  }
  return sink.empty ? { ok: true, value: mapping } : { ok: false, problems: sink };
}

export { MAPPING_CONSTANT_FIELDS };
