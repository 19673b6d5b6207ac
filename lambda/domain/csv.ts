/**
 * Writing CSV that spreadsheets open as they should (RFC 4180): fields with
 * a comma, a quote or a line break quoted, quotes doubled, lines ended by
 * CRLF, and a UTF-8 byte order mark first, without which Excel reads UTF-8
 * (Korean titles, say) as the system's code page. A field that a
 * spreadsheet would take for a formula (=, +, -, @ first) is prefixed with
 * an apostrophe, so organiser text can never run as one (CSV injection).
 */
const BOM = '\uFEFF';

function field(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: the header row, then the rows, each cell in the header's order. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
