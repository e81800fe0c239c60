import { PROGRAM_ID_PATTERN, programDesignSchema, programIdOfDesignFile, type ProgramDesign } from '../model/index.ts';
import { jsonPath, type DefinitionResult } from './definitions.ts';
import { lineAt, parseJsonText } from './json.ts';
import { ProblemSink } from './problems.ts';
import { detail } from './messages/index.ts';

/**
 * A programme description (`<programme-id>.program.json`): the schema (model/program-design.ts), unknown keys
 * refused, and a file name that is a programme id. Each problem names its JSON path as the column.
 */
export function readProgramDesignFile(file: string, text: string): DefinitionResult<ProgramDesign> {
  const sink = new ProblemSink(file);
  const programId = programIdOfDesignFile(file);
  if (!PROGRAM_ID_PATTERN.test(programId)) {
    sink.add('invalid-program', {}, detail.notAProgramId(programId), programId);
    return { ok: false, problems: sink };
  }
  const document = parseJsonText(text);
  if (!document.ok) {
    sink.add('invalid-json', lineAt(document), detail.programNotJson(document.reason));
    return { ok: false, problems: sink };
  }
  const result = programDesignSchema.safeParse(document.value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => jsonPath([...issue.path, k])).join(', ') : jsonPath(issue.path);
      sink.add('invalid-program', { column: path }, detail.schemaIssueAt(path, issue.message));
    }
    return { ok: false, problems: sink };
  }
  return { ok: true, value: result.data };
}
