import { PROGRAM_ID_PATTERN, programDesignSchema, programIdOfDesignFile, type ProgramDesign } from '../model/index.ts';
import { jsonPath, type DefinitionResult } from './definitions.ts';
import { lineAt, parseJsonText } from './json.ts';
import { ProblemSink } from './problems.ts';

/**
 * A programme description (`<programme-id>.program.json`): the schema (model/program-design.ts), unknown keys
 * refused, and a file name that is a programme id. Each problem names its JSON path as the column.
 */
export function readProgramDesignFile(file: string, text: string): DefinitionResult<ProgramDesign> {
  const sink = new ProblemSink(file);
  const programId = programIdOfDesignFile(file);
  if (!PROGRAM_ID_PATTERN.test(programId)) {
    sink.add(
      'invalid-program',
      {},
      `"${programId}" is not a programme id: name the file after the programme as the data files write it (letters, digits, spaces, hyphens), e.g. ledarprogram.program.json.`,
      programId,
    );
    return { ok: false, problems: sink };
  }
  const document = parseJsonText(text);
  if (!document.ok) {
    sink.add('invalid-json', lineAt(document), `the programme description is not valid JSON (${document.reason}).`);
    return { ok: false, problems: sink };
  }
  const result = programDesignSchema.safeParse(document.value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => jsonPath([...issue.path, k])).join(', ') : jsonPath(issue.path);
      sink.add('invalid-program', { column: path }, `${path}: ${issue.message.replace(/\.$/, '')}.`);
    }
    return { ok: false, problems: sink };
  }
  return { ok: true, value: result.data };
}
