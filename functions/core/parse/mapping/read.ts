import { MAPPING_CONSTANT_FIELDS, mappingHeaderKey, mappingSchema, type Mapping } from '../../model/index.ts';
import { jsonPath, type DefinitionResult } from '../definitions.ts';
import { ASSESSMENT_FIELDS, REACTION_FIELDS } from '../headers.ts';
import { lineAt, parseJsonText } from '../json.ts';
import { ProblemSink } from '../problems.ts';
import { detail } from '../messages/index.ts';

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
    sink.add('invalid-json', lineAt(document), detail.mappingNotJson(document.reason));
    return { ok: false, problems: sink };
  }
  const result = mappingSchema.safeParse(document.value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = jsonPath(issue.path);
      sink.add('invalid-mapping', { column: path }, detail.schemaIssueAt(path, issue.message));
    }
    return { ok: false, problems: sink };
  }
  const mapping = result.data;
  const fields: readonly string[] = mapping.dataset === 'reaction' ? REACTION_FIELDS : ASSESSMENT_FIELDS;
  const otherFields: readonly string[] = mapping.dataset === 'reaction' ? ASSESSMENT_FIELDS : REACTION_FIELDS;
  const entries = Object.entries(mapping.columns);
  if (entries.length === 0) sink.add('invalid-mapping', { column: 'columns' }, detail.mappingNoColumns());
  const mappedBy = new Map<string, string>();
  for (const [header, target] of entries) {
    const path = `columns["${header}"]`;
    const isField = fields.includes(target);
    if (!isField && (otherFields.includes(target) || mapping.dataset === 'reaction' || !ITEM_ID.test(target))) {
      sink.add(
        'invalid-mapping',
        { column: path },
        mapping.dataset === 'reaction'
          ? detail.mappingTargetNotReaction(path, target, REACTION_FIELDS)
          : detail.mappingTargetNotAssessment(path, target, ASSESSMENT_FIELDS),
        target,
      );
    }
    const previous = mappedBy.get(target);
    if (previous !== undefined) sink.add('invalid-mapping', { column: path }, detail.mappingTargetTwice(path, previous, target), target);
    mappedBy.set(target, header);
  }
  const mappedKeys = new Set(entries.map(([header]) => mappingHeaderKey(header)));
  (mapping.ignore ?? []).forEach((header, i) => {
    if (mappedKeys.has(mappingHeaderKey(header))) sink.add('invalid-mapping', { column: `ignore[${i}]` }, detail.mappingIgnoredAndMapped(i, header), header);
  });
  for (const field of Object.keys(mapping.constants ?? {})) {
    if (mappedBy.has(field)) sink.add('invalid-mapping', { column: `constants.${field}` }, detail.mappingConstantAlsoColumn(field, mappedBy.get(field)), field);
    if (mapping.dataset === 'reaction' && !fields.includes(field)) {
      sink.add('invalid-mapping', { column: `constants.${field}` }, detail.mappingConstantNotReaction(field), field);
    }
  }
  for (const target of Object.keys(mapping.values ?? {})) {
    if (!mappedBy.has(target)) {
      sink.add('invalid-mapping', { column: `values.${target}` }, detail.mappingValuesUnmapped(target), target);
    }
  }
  return sink.empty ? { ok: true, value: mapping } : { ok: false, problems: sink };
}

export { MAPPING_CONSTANT_FIELDS };
