import { SourceMap } from 'node:module';

/**
 * Maps the bundle positions in a logged stack trace (`…/index.mjs:1:20512`) back to the TypeScript
 * sources, with the `index.mjs.map` every function ships beside its bundle. The stages run without
 * `--enable-source-maps` (parsing the map at every cold start slows it; docs/benchmarks.md), so this is how an
 * operator reads a trace from CloudWatch.
 */
export function mapStackTrace(trace: string, mapPayload: object, bundleName = 'index.mjs'): string {
  const map = new SourceMap(mapPayload as ConstructorParameters<typeof SourceMap>[0]);
  const escaped = bundleName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `at name (file:///var/task/index.mjs:1:234)` or `at file:///var/task/index.mjs:1:234`
  const frame = new RegExp(`([^\\s(]*${escaped}):(\\d+):(\\d+)`, 'g');
  return trace.replace(frame, (whole, _file: string, line: string, column: string) => {
    const origin = map.findOrigin(Number(line), Number(column));
    if (!('fileName' in origin)) return whole;
    const source = origin.fileName.replace(/^(\.\.\/)+/, '');
    return `${source}:${origin.lineNumber}:${origin.columnNumber}${origin.name ? ` [${origin.name}]` : ''}`;
  });
}
