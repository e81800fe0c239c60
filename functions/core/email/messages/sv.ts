import type { KirkpatrickLevel } from '../../model/index.ts';

/**
 * Every e-mail text in Swedish. The e-mails' layout (which line comes where) lives in texts.ts and
 * review.ts; en.ts has the same keys, checked by the typecheck.
 */
export const sv = {
  numberLocale: 'sv-SE',
  greeting: 'Hej,',
  regards: 'Vänliga hälsningar',

  /** To the client: the approved report. */
  report: {
    subject: (client: string, year: number, version: number) => `Effektrapport ${year} – ${client} (version ${version})`,
    intro: (client: string, year: number, version: number) => `Här kommer effektrapporten för ${client} ${year}, version ${version}.`,
    superseded: (version: number, newest: number | undefined) =>
      `Observera: detta är version ${version}, som bygger på underlaget som det såg ut då. Det finns en senare version (${newest}) som inte ingår i detta utskick.`,
    keyFindings: 'Det viktigaste i korthet:',
    satisfaction: (mean: string, n: number) => `Deltagarnas nöjdhet: ${mean} av 10 (n = ${n}).`,
    leadersMeasured: (count: number) => `Ledare som mättes före och efter: ${count}.`,
    tooLarge: (url: string) => `Rapporten är för stor för att bifogas. Hämta den här (inloggning krävs): ${url}`,
    attached: 'Rapporten finns bifogad som PDF.',
  },

  /** To the consultant: a refused file. */
  rejection: {
    subject: (file: string, client: string, year: number) => `Filen kunde inte läsas in: ${file} (${client} ${year})`,
    notIngested: (file: string, client: string, year: number) =>
      `Filen ${file} för ${client} ${year} lästes inte in. Inga rader ur filen räknas, och siffror och rapporter är som förut.`,
    found: (total: number, shown: number, notShown: number) => `${total} problem hittades${notShown > 0 ? ` (de första ${shown} visas nedan, ${notShown} till finns)` : ''}:`,
    rule: (rule: string, count: number, shown: number) => `Regel ${rule} (${count} st${count > shown ? `, ${shown} visas` : ''}):`,
    whatToDo: (fix: string) => `  Gör så här: ${fix}`,
    uploadAgain: (file: string) => `Rätta filen och ladda upp den igen med samma namn (${file}); den ersätter då den refuserade.`,
    filesPage: (client: string, year: number, clientId: string) =>
      `Alla problem för filen finns på årets filsida i konsolen (${client} → ${year} → Filer), eller med: effekt files ${clientId} ${year}`,
  },

  /** To the consultant: a report version that could not be made. */
  renderFailure: {
    subject: (client: string, year: number) => `Rapporten för ${client} ${year} kunde inte skapas`,
    notMade: (client: string, year: number) => `En ny version av rapporten för ${client} ${year} kunde inte skapas, så ingen rapport har skickats.`,
    previousStands: 'Den tidigare versionen gäller fortfarande.',
    reason: (reason: string) => `Orsak: ${reason}`,
  },

  /** To the consultant: a recipient's address bounced or complained. */
  undeliverable: {
    why: { bounce: 'studsade permanent (adressen finns inte eller tar inte emot e-post)', complaint: 'markerades som skräppost av mottagaren' },
    subject: (client: string, addresses: readonly string[]) => `Effekt: rapportmejl till ${client} kunde inte levereras (${addresses.join(', ')})`,
    intro: (client: string, why: string) => `E-post från Effekt till följande adress(er) hos ${client} ${why}:`,
    steps: (client: string) => [
      'Effekt skickar inte fler rapporter dit. Så här rättar du:',
      `1. Öppna ${client} i konsolen och gå till Inställningar → Mottagare.`,
      '2. Rätta eller ta bort adressen ovan och lägg vid behov till en ny mottagare.',
      '3. Ta bort adressen från listan "Ej levererbara" om den nu är rätt, och spara.',
      'Rapporter som godkänns efter det går till de rättade mottagarna.',
    ],
    clientId: (clientId: string) => `(Kund-id: ${clientId})`,
  },

  /** To the consultant: a draft to review before the client sees it. */
  draft: {
    subject: (client: string, year: number, version: number) => `Nytt utkast att granska: effektrapport ${year} – ${client} (version ${version})`,
    ready: (client: string, year: number, version: number) => `Ett nytt utkast av effektrapporten för ${client} ${year} är klart: version ${version}. Kunden har inte fått det.`,
    tooLarge: (url: string) => `Utkastet är för stort för att bifogas. Hämta det här (inloggning krävs): ${url}`,
    attached: 'Utkastet finns bifogat som PDF.',
    keyFigures: 'Nyckeltal:',
    sources: (count: number) => `Underlag (${count === 1 ? '1 fil' : `${count} filer`}):`,
    source: (file: string, rows: number) => `- ${file} (${rows === 1 ? '1 rad' : `${rows} rader`})`,
    approve: (version: number, command: string, recipients: readonly string[]) =>
      `När utkastet är granskat: godkänn version ${version} på rapportsidan i konsolen ("Godkänn och skicka"), eller kör\n  ${command}\nDå skickas rapporten till ${recipients.join(', ')}.`,
    noRecipients: (version: number) => `Kunden har inga mottagare inlagda. Lägg till mottagare i kundinställningarna i konsolen innan du godkänner version ${version}.`,
  },

  /** The draft's key figures, one line per Kirkpatrick level. */
  figures: {
    responses: (count: number) => `Svar på reaktionsenkäten: ${count}`,
    leadersMeasured: (count: number) => `Ledare som mättes före och efter: ${count}.`,
    level: (level: number, name: string) => `Nivå ${level} (${name})`,
    levelNames: { reaction: 'reaktion', learning: 'lärande', behaviour: 'beteende', results: 'resultat' } satisfies Record<KirkpatrickLevel['name'], string>,
    units: { respondents: 'svarande', leaders: 'ledare', units: 'enheter' } satisfies Record<KirkpatrickLevel['unit'], string>,
    selfRatings: ', självskattning',
    othersRatings: ', andras bedömningar',
    notMeasured: 'inte mätt',
    tooFew: (n: string) => `inget tal visas (för få personer, ${n})`,
    satisfaction: (value: string, max: number, n: string) => `nöjdhet ${value} av ${max} (${n})`,
    medianEffect: (value: string, n: string, basis: string) => `median effektstorlek g = ${value} (${n}${basis})`,
    change: (value: string, n: string) => `förändring ${value} (${n})`,
  },
};

export type EmailMessages = typeof sv;
