import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { mapStackTraceFiles } from '../stack-trace.ts';
import { UsageError, type Command } from '../command.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const traceCommand: Command = {
  name: 'trace',
  usage: 'effekt trace --map <index.mjs.map> [trace.txt]   (reads the trace from stdin without a file)',
  summary: "Map a logged stack trace from a function's bundle back to the TypeScript sources.",
  flags: [{ name: 'map', value: 'index.mjs.map', description: 'The function bundle\'s source map (cdk.out/asset.<hash>/ after synth or deploy); frames in the bundle\'s other files (render\'s chunks) are mapped with the maps beside it.' }],
  examples: ['effekt trace --map cdk.out/asset.abc123/index.mjs.map trace.txt', 'pbpaste | effekt trace --map index.mjs.map'],
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { map: { type: 'string' } } });
    if (!values.map) throw new UsageError("--map is required: the function's index.mjs.map (in cdk.out/asset.<hash>/ after synth or deploy)");
    const given = values.map;
    const payload = JSON.parse(await readFile(given, 'utf8')) as object;
    const trace = positionals[0] ? await readFile(positionals[0], 'utf8') : await readStdin();
    // The given map is index.mjs's (whatever its file is called); a chunk's map is `<chunk>.map` beside it.
    const mapFor = (file: string): object | undefined => {
      if (file === 'index.mjs' || basename(given) === `${file}.map`) return payload;
      const beside = join(dirname(given), `${file}.map`);
      return existsSync(beside) ? (JSON.parse(readFileSync(beside, 'utf8')) as object) : undefined;
    };
    process.stdout.write(mapStackTraceFiles(trace, mapFor));
    return 0;
  },
};
