/**
 * Stands in for `vega-canvas` in the render bundle (esbuild alias, see infra/bundling.ts). Its Node build
 * tries `await import('canvas')` at module load, an optional native package the project does not ship, so
 * in the bundle it always ends up without a canvas; charts are drawn without one (text is measured from
 * the shipped font metrics). Same answers as that build without `canvas`, and no top-level await, which
 * lets the render code be bundled as a script that V8 can load from a code cache (infra/code-cache.ts).
 */
export function domCanvas(_width?: number, _height?: number): null {
  return null;
}

export function nodeCanvas(_width?: number, _height?: number, _type?: string): null {
  return null;
}

export function canvas(_width?: number, _height?: number, _type?: string): null {
  return null;
}

export function image(): null {
  return null;
}
