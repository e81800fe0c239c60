import type { EmailMessages } from './sv.ts';

/** Every e-mail text in English; the same keys as sv.ts. */
export const en: EmailMessages = {
  numberLocale: 'en-GB',
  greeting: 'Hello,',
  regards: 'Kind regards',

  report: {
    subject: (client, year, version) => `Impact report ${year} – ${client} (version ${version})`,
    intro: (client, year, version) => `Here is the impact report for ${client} ${year}, version ${version}.`,
    superseded: (version, newest) => `Please note: this is version ${version}, based on the data as it was then. A later version (${newest}) exists and is not part of this e-mail.`,
    keyFindings: 'Key findings:',
    satisfaction: (mean, n) => `Participant satisfaction: ${mean} of 10 (n = ${n}).`,
    leadersMeasured: (count) => `Leaders measured before and after: ${count}.`,
    tooLarge: (url) => `The report is too large to attach. Download it here (sign-in required): ${url}`,
    attached: 'The report is attached as a PDF.',
  },

  rejection: {
    subject: (file, client, year) => `File could not be read: ${file} (${client} ${year})`,
    notIngested: (file, client, year) => `The file ${file} for ${client} ${year} was not ingested. None of its rows count, and figures and reports are as they were.`,
    found: (total, shown, notShown) =>
      `${total} ${total === 1 ? 'problem was' : 'problems were'} found${notShown > 0 ? ` (the first ${shown} are shown below, ${notShown} more exist)` : ''}:`,
    rule: (rule, count, shown) => `Rule ${rule} (${count}${count > shown ? `, ${shown} shown` : ''}):`,
    whatToDo: (fix) => `  What to do: ${fix}`,
    uploadAgain: (file) => `Fix the file and upload it again under the same name (${file}); it then replaces the refused one.`,
    filesPage: (client, year, clientId) =>
      `Every problem of the file is on the year's files page in the console (${client} → ${year} → Files), or: effekt files ${clientId} ${year}`,
  },

  renderFailure: {
    subject: (client, year) => `The report for ${client} ${year} could not be made`,
    notMade: (client, year) => `A new version of the report for ${client} ${year} could not be made, so no report was sent.`,
    previousStands: 'The previous version remains the current one.',
    reason: (reason) => `Reason: ${reason}`,
  },

  undeliverable: {
    why: { bounce: 'bounced permanently (the address does not exist or takes no e-mail)', complaint: 'was reported as spam by the recipient' },
    subject: (client, addresses) => `Effekt: report e-mail to ${client} could not be delivered (${addresses.join(', ')})`,
    intro: (client, why) => `E-mail from Effekt to the following address(es) at ${client} ${why}:`,
    steps: (client) => [
      'Effekt will not send reports there again. To fix it:',
      `1. Open ${client} in the console and go to Settings → Recipients.`,
      '2. Correct or remove the address above, and add a new recipient if needed.',
      '3. Remove the address from the "Undeliverable" list if it is now correct, and save.',
      'Reports approved after that go to the corrected recipients.',
    ],
    clientId: (clientId) => `(Client id: ${clientId})`,
  },

  draft: {
    subject: (client, year, version) => `New draft to review: impact report ${year} – ${client} (version ${version})`,
    ready: (client, year, version) => `A new draft of the impact report for ${client} ${year} is ready: version ${version}. The client has not received it.`,
    tooLarge: (url) => `The draft is too large to attach. Download it here (sign-in required): ${url}`,
    attached: 'The draft is attached as a PDF.',
    keyFigures: 'Key figures:',
    sources: (count) => `Based on (${count === 1 ? '1 file' : `${count} files`}):`,
    source: (file, rows) => `- ${file} (${rows === 1 ? '1 row' : `${rows} rows`})`,
    approve: (version, command, recipients) =>
      `Once reviewed, approve version ${version} on the report page of the console ("Approve and send"), or run\n  ${command}\nThe report then goes to ${recipients.join(', ')}.`,
    noRecipients: (version) => `The client has no recipients. Add recipients in the client settings in the console before approving version ${version}.`,
  },

  figures: {
    responses: (count) => `Reaction survey responses: ${count}`,
    leadersMeasured: (count) => `Leaders measured before and after: ${count}.`,
    level: (level, name) => `Level ${level} (${name})`,
    levelNames: { reaction: 'reaction', learning: 'learning', behaviour: 'behaviour', results: 'results' },
    units: { respondents: 'respondents', leaders: 'leaders', units: 'units' },
    selfRatings: ', self-ratings',
    othersRatings: ", others' ratings",
    notMeasured: 'not measured',
    tooFew: (n) => `no figure shown (too few people, ${n})`,
    satisfaction: (value, max, n) => `satisfaction ${value} of ${max} (${n})`,
    medianEffect: (value, n, basis) => `median effect size g = ${value} (${n}${basis})`,
    change: (value, n) => `change ${value} (${n})`,
  },
};
