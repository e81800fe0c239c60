/**
 * One person, one identity: the spelling of a respondent's or leader's id that the parser keeps, the
 * duplicate checks compare and the pseudonym is made of. Unicode NFKC (fullwidth and other compatibility
 * forms become their plain letters), format characters (\p{Cf}: zero-width space and joiners, word joiner,
 * byte-order mark, bidi controls) and variation selectors (invisible: "😀" and "😀" + U+FE0F look alike) removed, white space collapsed to one space and trimmed, and case
 * folded with toLowerCase (a full Unicode case fold would also fold e.g. ß to ss; toLowerCase after NFKC
 * is what the pseudonyms have always used, so ids already stored keep their pseudonyms).
 */
export function normalisePersonId(id: string): string {
  // Most ids are printable ASCII without white space: only their case needs folding.
  if (PLAIN_ID.test(id)) return id.toLowerCase();
  return id
    .replace(FORMAT_CHARACTERS, '')
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKC')
    .replace(FORMAT_CHARACTERS, '')
    .replace(WHITE_SPACE, ' ')
    .trim();
}

/**
 * Whether written text names anyone: text of only format characters and white space (a zero-width space
 * pasted into an empty cell) normalises to '' and is no id, or all such rows would be one person.
 */
export function namesPerson(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return true;
  return normalisePersonId(text) !== '';
}

/** Printable ASCII other than space. */
const PLAIN_ID = /^[\x21-\x7e]*$/;
const FORMAT_CHARACTERS = /[\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu;
const WHITE_SPACE = /[\s\p{Zs}]+/gu;
