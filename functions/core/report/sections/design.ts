/**
 * "Programmets utformning": for each programme the consultant described (`<programme-id>.program.json`), its
 * design features beside what research found about them (design-evidence.ts), the levels measured and what
 * measuring the others would take, and how many of the supported features it had. A programme without a
 * description gets no section. The section never says a feature caused the programme's results.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { Level, ProgramDesign, ProgramDesignEntry } from '../../model/index.ts';
import type { ReportContext } from '../context.ts';
import { CRITERION_OF_LEVEL, DESIGN_EVIDENCE, DESIGN_FEATURES, hasFeature, supportedCount, supportedFeatures, type DesignFeature } from '../design-evidence.ts';
import { dataTable, paragraph, sectionStart } from '../layout.ts';
import { fill } from '../texts.ts';

const LEVEL_ORDER: readonly Level[] = ['reaction', 'learning', 'behaviour', 'results'];

export function designSection(ctx: ReportContext): Content[] {
  return (ctx.metrics.programDesigns ?? []).flatMap((entry) => programmeDesign(ctx, entry));
}

function programmeDesign(ctx: ReportContext, entry: ProgramDesignEntry): Content[] {
  const { t, f, locale } = ctx;
  const { design } = entry;
  const program = design.displayName[locale];
  const { has, of } = supportedCount(design);
  const intro = fill(t.design.intro, {
    program,
    of,
    period: f.dateRange(design.startDate, design.endDate),
    sessions: count(t.design.sessionCount, design.sessions),
    weeks: count(t.design.weekCount, design.weeksSpanned),
    hours: fill(t.design.hours, { hours: hours(ctx, design.durationHours) }),
  });
  // The features research links to larger effects first, as the intro says; then the rest of the description.
  const supported = supportedFeatures();
  const features = [...supported, ...DESIGN_FEATURES.filter((f) => !supported.includes(f))];
  const rows: TableCell[][] = features.map((feature) => [
    { text: t.design.features[feature], style: 'tableCell', bold: true },
    inProgramme(ctx, design, feature),
    research(ctx, feature),
  ]);
  const table = dataTable(t.design.columns, rows, [120, 120, '*']);
  const source = fill(t.design.source, {
    source: DESIGN_EVIDENCE.source.short[locale],
    page: DESIGN_EVIDENCE.source.samplesPage,
    samples: f.integer(DESIGN_EVIDENCE.source.samples),
  });
  return [
    sectionStart(fill(t.design.heading, { program }), [paragraph(intro, 'lead'), table]),
    paragraph(source, 'caption'),
    ...measuredLevels(ctx, entry.programId),
    paragraph(t.design.notCause, 'note'),
    paragraph([{ text: fill(t.design.summary, { has, of }), bold: true }]),
  ];
}

function count(forms: { one: string; other: string }, n: number): string {
  return n === 1 ? forms.one : fill(forms.other, { n });
}

function hours(ctx: ReportContext, value: number): string {
  return Number.isInteger(value) ? ctx.f.integer(value) : ctx.f.number(value, 1);
}

function yesNo(ctx: ReportContext, value: boolean, detail?: string): string {
  const answer = value ? ctx.t.design.yes : ctx.t.design.no;
  return detail === undefined || detail === '' ? answer : fill(ctx.t.design.withDetail, { answer, detail });
}

/** The programme's own answer for one feature, with the detail that makes it concrete. */
function inProgramme(ctx: ReportContext, design: ProgramDesign, feature: DesignFeature): string {
  const { t } = ctx;
  const has = hasFeature(design, feature);
  switch (feature) {
    case 'feedback':
      return yesNo(ctx, design.feedback.given, design.feedback.sources.map((s) => t.design.feedbackSources[s]).join(', '));
    case 'multiple-delivery-methods':
      return yesNo(ctx, has === true, design.deliveryMethods.map((m) => t.design.methods[m]).join(', '));
    case 'spaced-sessions':
      return yesNo(ctx, has === true, `${count(t.design.sessionCount, design.sessions)}, ${count(t.design.weekCount, design.weeksSpanned)}`);
    case 'on-site':
      return yesNo(ctx, has === true, has === true ? '' : t.design.location[design.location]);
    case 'face-to-face':
      return yesNo(ctx, has === true, `${t.design.mode[design.delivery.mode]}, ${design.delivery.selfAdministered ? t.design.selfAdministered : t.design.led}`);
    case 'attendance':
      return t.design.attendance[design.attendance];
    case 'duration':
      return fill(t.design.hours, { hours: hours(ctx, design.durationHours) });
    default:
      return yesNo(ctx, has === true);
  }
}

/** What research found, in plain words, from the evidence data; the same sentence for every feature it has nothing on. */
function research(ctx: ReportContext, feature: DesignFeature): string {
  const finding = DESIGN_EVIDENCE.moderators.find((m) => m.feature === feature);
  return finding ? finding.plain[ctx.locale] : DESIGN_EVIDENCE.notInSource.plain[ctx.locale];
}

/** The levels this programme was measured at this year, and for each other level what measuring it would take. */
function measuredLevels(ctx: ReportContext, programId: string): Content[] {
  const { t, metrics, locale, f } = ctx;
  const measured = new Set<Level>();
  if (metrics.reaction?.byProgram.some((g) => g.program === programId)) measured.add('reaction');
  for (const entry of metrics.change) if (entry.program === programId) measured.add(entry.level);
  const names = LEVEL_ORDER.filter((l) => measured.has(l)).map((l) => t.pyramid.levels[l].toLocaleLowerCase(locale));
  const content: Content[] = [paragraph(names.length > 0 ? fill(t.design.measured, { levels: names.join(', ') }) : t.design.noneMeasured)];
  for (const level of LEVEL_ORDER) {
    if (measured.has(level)) continue;
    const criterion = CRITERION_OF_LEVEL[level];
    const overall = DESIGN_EVIDENCE.overall.find((o) => o.criterion === criterion);
    const what = DESIGN_EVIDENCE.measuring[level];
    if (!overall || !what) continue;
    content.push(
      paragraph(
        fill(t.design.notMeasured, { level: t.pyramid.levels[level], delta: f.number(overall.delta, 2), criterion: t.design.criteria[criterion], what: what[locale] }),
      ),
    );
  }
  return content;
}
