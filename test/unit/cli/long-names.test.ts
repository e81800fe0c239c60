import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../cli/command.ts';
import { expandFileArguments, MAX_FILE_NAME_BYTES } from '../../../cli/files.ts';

describe('file arguments with long names', () => {
  it('refuses a name over the limit with a usage error that says what to do, instead of crashing later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'effekt-long-'));
    const long = join(dir, `${'r'.repeat(MAX_FILE_NAME_BYTES)}.csv`);
    await writeFile(long, 'respondent\n');
    const refused = expandFileArguments([long]);
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(/at most 200 bytes.*rename the file/);
  });

  it('counts bytes, so a name of Swedish letters is refused sooner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'effekt-long-'));
    const swedish = join(dir, `${'å'.repeat(110)}.csv`);
    await writeFile(swedish, 'respondent\n');
    await expect(expandFileArguments([swedish])).rejects.toBeInstanceOf(UsageError);
    const fine = join(dir, 'reaktioner-juni.csv');
    await writeFile(fine, 'respondent\n');
    expect(await expandFileArguments([fine])).toEqual([fine]);
  });
});
