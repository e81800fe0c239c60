import { SourceMap } from 'node:module';

/**
 * Maps the bundle positions in a logged stack trace (`…/index.mjs:1:20512`) back to the TypeScript
 * sources, with the `<file>.map` every function ships beside each file of its bundle (render's is split into
 * index.mjs and chunks beside it). The stages run without `--enable-source-maps` (parsing the map at every cold
 * start slows it; docs/benchmarks.md), so this is how an operator reads a trace from CloudWatch: every
 * `<file>.mjs:line:column` frame is mapped with `mapFor(file)`, and frames of a file without a map are left as
 * they are.
 */
export function mapStackTraceFiles(trace: string, mapFor: (file: string) => object | undefined): string {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      const payload = mapFor(file);
      maps.set(file, payload === undefined ? undefined : new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]));
    }
    return maps.get(file);
  };
  // `at name (file:///var/task/index.mjs:1:234)` or `at file:///var/task/report-AB12CD34.mjs:1:234`
  const frame = /[^\s(]*?([\w.-]+\.mjs):(\d+):(\d+)/g;
  return trace.replace(frame, (whole, file: string, line: string, column: string) => {
    const origin = mapOf(file)?.findOrigin(Number(line), Number(column));
    if (origin === undefined || !('fileName' in origin)) return whole;
    const source = origin.fileName.replace(/^(\.\.\/)+/, '');
    return `${source}:${origin.lineNumber}:${origin.columnNumber}${origin.name ? ` [${origin.name}]` : ''}`;
  });
}
