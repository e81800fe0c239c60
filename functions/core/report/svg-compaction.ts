/**
 * Vega's SVG made smaller before pdfmake draws it: a regex rewriter of the SVG string vega-scenegraph writes.
 *
 * What it buys: pdfmake's svg-to-pdfkit pays per element (style lookups, closures) and per transform (a
 * save/transform/restore in the PDF), and the "SVG → PDF" phase is one of the largest of a warm render.
 * This pass removes a large part of the elements and transforms of the report's charts; docs/benchmarks.md
 * has the figures (render speed, issue 8, and "Where the time of a render goes").
 *
 * Why a regex rewriter is safe here: it only reads what vega-scenegraph's SVGStringRenderer writes (one
 * element per tag, attributes in double quotes, no comments, no CDATA), never arbitrary SVG. That output
 * format is the dependency: test/unit/report/svg-compaction.test.ts pins the vega-scenegraph version and
 * checks, on every chart the report draws, that the compacted SVG keeps every text and draws no group
 * that only translates, so an upgrade that changes the format fails there, loudly, before a report changes.
 */

/**
 * Simplifies vega's SVG for pdfmake, whose svg-to-pdfkit pays per element (style lookups, closures) and per
 * transform (a save/transform/restore in the PDF), and which parses every SVG string three times. Drawn the
 * same (checked page by page with pdftoppm):
 * - drops what only a browser uses (classes, roles, pointer events) and float noise (52.80000000000001);
 * - drops empty texts (`<text …/>`) and invisible paths: placeholders, `display="none"`, and group backgrounds
 *   with neither fill nor stroke (vega's only `fill` on a group is the root's `fill="none"`), but not the
 *   clip-path geometry in `<defs>`;
 * - flattens groups that only translate: their offset moves into the coordinates of what they hold;
 * - draws a run of lines with the same stroke as one path.
 */
export function compactSvg(svg: string): string {
  const defsAt = svg.indexOf('<defs>');
  const body = defsAt === -1 ? svg : svg.slice(0, defsAt);
  const defs = defsAt === -1 ? '' : svg.slice(defsAt);
  const cleaned = body
    .replace(/ (?:class|role|pointer-events|aria-[a-z]+)="[^"]*"/g, '')
    .replace(/ opacity="1"/g, '')
    .replace(/(\d+\.\d{3})\d+/g, '$1')
    .replace(/<path d="[^"]*"(?: display="none")?\/>/g, '')
    .replace(/<path [^>]*display="none"[^>]*\/>/g, '')
    .replace(/<text[^>]*\/>/g, '');
  let flat = flattenTranslates(cleaned);
  for (let previous = ''; previous !== flat; ) {
    previous = flat;
    flat = flat.replace(/<g(?: [^>]*)?><\/g>/g, '');
  }
  return mergeLines(flat) + defs.replace(/(\d+\.\d{3})\d+/g, '$1');
}

const TRANSLATE = /^translate\((-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)\)/;
const num = (value: number) => String(Math.round(value * 1000) / 1000);

/**
 * Removes every `<g>` whose only attribute is a translate (or that has none), moving the offset into its
 * content: a line's or text's coordinates, a path's own translate. Groups with anything else (the root's fill,
 * a clip-path, a rotation) stay, with the offset gathered so far as their translate, and their content starts
 * again from zero.
 */
function flattenTranslates(svg: string): string {
  const frames: { kept: boolean; dx: number; dy: number }[] = [{ kept: true, dx: 0, dy: 0 }];
  const token = /<g(\s[^>]*)?>|<\/g>|<text([^>]*)>([\s\S]*?)<\/text>|<(line|path|rect)(\s[^>]*?)\/>/g;
  return svg.replace(token, (tag, groupAttributes: string | undefined, textAttributes: string | undefined, text: string, leaf: string | undefined, leafAttributes: string) => {
    const { dx, dy } = frames[frames.length - 1]!;
    if (tag === '</g>') return frames.length > 1 && !frames.pop()!.kept ? '' : tag;
    if (tag.startsWith('<g')) {
      const attributes = groupAttributes ?? '';
      const only = /^ transform="([^"]*)"$/.exec(attributes);
      const translate = only ? TRANSLATE.exec(only[1]!) : null;
      if (attributes === '' || (translate && translate[0] === only![1])) {
        frames.push({ kept: false, dx: dx + (translate ? Number(translate[1]) : 0), dy: dy + (translate ? Number(translate[2]) : 0) });
        return '';
      }
      frames.push({ kept: true, dx: 0, dy: 0 });
      return `<g${shifted(attributes, dx, dy)}>`;
    }
    if (textAttributes !== undefined) {
      const attributes = shifted(textAttributes, dx, dy);
      const at = pureTranslate(attributes);
      if (!at || / (?:x|y|dx|dy)="/.test(at.rest) || text.includes('<')) return `<text${attributes}>${text}</text>`;
      return `<text${at.rest} x="${num(at.x)}" y="${num(at.y)}">${text}</text>`;
    }
    if (leaf === 'line') {
      const attributes = shifted(leafAttributes, dx, dy);
      const at = pureTranslate(attributes) ?? (attributes.includes('transform=') ? null : { x: 0, y: 0, rest: attributes });
      if (!at) return `<line${attributes}/>`;
      const ends: Record<string, number> = { x1: 0, y1: 0, x2: 0, y2: 0 };
      const rest = at.rest.replace(/ (x1|y1|x2|y2)="(-?[\d.]+)"/g, (_, name: string, value: string) => {
        ends[name] = Number(value);
        return '';
      });
      return `<line x1="${num(ends.x1! + at.x)}" y1="${num(ends.y1! + at.y)}" x2="${num(ends.x2! + at.x)}" y2="${num(ends.y2! + at.y)}"${rest}/>`;
    }
    return `<${leaf}${shifted(leafAttributes, dx, dy)}/>`;
  });
}

/** The translation of a `transform` that is only a translate, and the other attributes. */
function pureTranslate(attributes: string): { x: number; y: number; rest: string } | null {
  const transform = / transform="([^"]*)"/.exec(attributes);
  const translate = transform ? TRANSLATE.exec(transform[1]!) : null;
  if (!translate || translate[0] !== transform![1]) return null;
  return { x: Number(translate[1]), y: Number(translate[2]), rest: attributes.replace(transform![0], '') };
}

/** Attributes with (dx, dy) prepended to their transform (a leading translate absorbs it). */
function shifted(attributes: string, dx: number, dy: number): string {
  if (dx === 0 && dy === 0) return attributes;
  const transform = / transform="([^"]*)"/.exec(attributes);
  if (!transform) return `${attributes} transform="translate(${num(dx)},${num(dy)})"`;
  const own = TRANSLATE.exec(transform[1]!);
  const value = own
    ? `translate(${num(Number(own[1]) + dx)},${num(Number(own[2]) + dy)})${transform[1]!.slice(own[0].length)}`
    : `translate(${num(dx)},${num(dy)}) ${transform[1]}`;
  return attributes.replace(transform[0], value === 'translate(0,0)' ? '' : ` transform="${value}"`);
}

/** Consecutive `<line>`s with the same stroke attributes as one path of subpaths (vega's lines have no fill). */
function mergeLines(svg: string): string {
  return svg.replace(/(?:<line x1="[^"]*" y1="[^"]*" x2="[^"]*" y2="[^"]*"[^>]*\/>)+/g, (run) => {
    const lines = [...run.matchAll(/<line x1="([^"]*)" y1="([^"]*)" x2="([^"]*)" y2="([^"]*)"([^>]*)\/>/g)];
    let out = '';
    for (let i = 0; i < lines.length; ) {
      const rest = lines[i]![5]!;
      let d = '';
      let j = i;
      for (; j < lines.length && lines[j]![5] === rest && !rest.includes('fill') && !rest.includes('opacity'); j++) {
        const [, x1, y1, x2, y2] = lines[j]!;
        d += `M${x1},${y1}L${x2},${y2}`;
      }
      if (j === i) {
        out += lines[i]![0];
        i++;
      } else {
        out += j - i === 1 ? lines[i]![0] : `<path d="${d}"${rest}/>`;
        i = j;
      }
    }
    return out;
  });
}
