/** Cover: consultancy brand, client (with its logo when given), year, programmes, period and version. */
import type { CanvasElement, Content } from 'pdfmake/interfaces.js';
import { PAGE, type ReportContext } from '../context.ts';
import { withRole } from '../structure.ts';
import { fill } from '../texts.ts';

const BAND_TOP = 250;
const BAND_HEIGHT = 250;

/** The coloured band and a pyramid motif, drawn behind the cover's text. */
export function coverBackground(ctx: ReportContext): Content {
  const { colors, pyramid } = ctx.theme;
  const right = PAGE.width;
  const apexX = right - 120;
  const motif: CanvasElement[] = pyramid.levels.map((color, i) => {
    // Four bands of a pyramid, cut off by the right page edge.
    const top = BAND_TOP + 30 + i * 52;
    const bottom = top + 48;
    const halfTop = (top - BAND_TOP - 10) * 0.75;
    const halfBottom = (bottom - BAND_TOP - 10) * 0.75;
    return {
      type: 'polyline',
      closePath: true,
      lineWidth: 0,
      color,
      fillOpacity: 0.28,
      points: [
        { x: apexX - halfTop, y: top },
        { x: apexX + halfTop, y: top },
        { x: apexX + halfBottom, y: bottom },
        { x: apexX - halfBottom, y: bottom },
      ],
    };
  });
  return {
    canvas: [
      { type: 'rect', x: 0, y: BAND_TOP, w: right, h: BAND_HEIGHT, color: colors.primary },
      ...motif.filter((shape) => shape.type === 'polyline' && shape.points.every((p) => p.y <= BAND_TOP + BAND_HEIGHT)),
      { type: 'rect', x: 0, y: BAND_TOP + BAND_HEIGHT, w: right, h: 5, color: colors.accent },
    ],
  };
}

export function coverSection(ctx: ReportContext): Content[] {
  const { t, f, metrics, settings, theme } = ctx;
  const { colors } = theme;
  const programs = metrics.programs.map((id) => ctx.programName(id));
  const period = metrics.period ? f.dateRange(metrics.period.from, metrics.period.to) : t.cover.noPeriod;
  // One paragraph per programme: lines of one text would reach a screen reader as one run-on name.
  const facts: [string, string[]][] = [
    [t.cover.programs, programs.length > 0 ? programs : ['–']],
    [t.cover.period, [period]],
    [t.cover.version, [`${ctx.version}`]],
  ];
  const left = PAGE.margins[0];
  const content: Content[] = [
    // The consultancy's name is in the text below: the logo is decoration.
    { stack: [withRole({ svg: theme.logo.svg, width: theme.logo.width }, 'artifact')], unbreakable: true },
    {
      absolutePosition: { x: left, y: BAND_TOP + 44 },
      stack: [
        { text: t.cover.kicker.toUpperCase(), fontSize: 10, bold: true, color: colors.accentOnDark, characterSpacing: 1.6, margin: [0, 0, 0, 10] },
        { text: fill(t.cover.title, { year: metrics.year }), fontSize: 32, bold: true, color: colors.white, margin: [0, 0, 0, 14] },
        { text: settings.displayName, fontSize: 17, color: colors.white },
      ],
    },
    {
      absolutePosition: { x: left, y: BAND_TOP + BAND_HEIGHT + 42 },
      table: {
        widths: [110, 300],
        body: facts.map(([label, value]) => [
          { text: label, fontSize: 9, bold: true, color: colors.muted, margin: [0, 3, 0, 3] },
          { stack: value.map((line) => ({ text: line, fontSize: 11, color: colors.ink })), margin: [0, 2, 0, 3] },
        ]),
      },
      layout: 'noBorders',
    },
  ];
  const bottom: Content[] = [{ text: fill(t.cover.preparedBy, { consultancy: theme.consultancy.name }), fontSize: 9, color: colors.muted }];
  const coBrand: Content[] = settings.logo
    ? [{ text: t.cover.for, fontSize: 8, color: colors.muted, alignment: 'right', margin: [0, 0, 0, 4] }, withRole({ image: 'clientLogo', fit: [150, 56], alignment: 'right' }, { figure: fill(t.a11y.clientLogo, { client: settings.displayName }) })]
    : [];
  content.push({
    absolutePosition: { x: left, y: PAGE.height - 150 },
    columns: [
      { width: '*', stack: bottom, margin: [0, 40, 0, 0] },
      { width: 170, stack: coBrand },
    ],
  });
  return content;
}

/** pdfmake image dictionary for the co-branding logo. */
export function coverImages(ctx: ReportContext): Record<string, string> {
  const logo = ctx.settings.logo;
  return logo ? { clientLogo: `data:${logo.contentType};base64,${logo.dataBase64}` } : {};
}
