/**
 * Formula-injection guard for exports (CSV/XLSX opened in Excel). Parsing keeps comments exactly as
 * written; whoever writes them back into a spreadsheet calls this, so "=HYPERLINK(…)" stays text.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

export function escapeSpreadsheetCell(value: string): string {
  const first = value.trimStart()[0] ?? value[0];
  if (first === undefined) return value;
  return FORMULA_TRIGGERS.has(first) || FORMULA_TRIGGERS.has(value[0] ?? '') ? `'${value}` : value;
}
