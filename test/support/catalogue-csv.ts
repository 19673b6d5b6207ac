/**
 * A made-up conference catalogue as CSV, as a spreadsheet exports it (CRLF,
 * a BOM): Korean and English titles, quoted cells holding commas, quotes and
 * line breaks, tags as a comma list. Used by the import job test (a few
 * hundred rows) and `npx tsx bench/import-csv.ts` (3,000).
 */
const TRACKS = ['AI/ML', 'DevOps, Cloud', '금융/핀테크'];
const KO = ['생성형 AI로 만드는 추천 서비스', '서버리스로 "빠르게" 출시하기', '데이터 레이크, 한 번에 정리하기'];
const EN = ['Scaling reservations to 5,000 a second', 'Event-driven design, "the hard parts"', 'Observability for serverless'];

const quoted = (cell: string) => (/[",\r\n;]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** `rows` sessions of the event (days 2024-05-16 and 17, Asia/Seoul), ids `csv-{n}`. */
export function catalogueCsv(rows: number, options: { delimiter?: ',' | ';' } = {}): string {
  const delimiter = options.delimiter ?? ',';
  const lines = [['id', 'title', 'abstract', 'track', 'room', 'startsAt', 'endsAt', 'capacity', 'tags', 'language'].join(delimiter)];
  for (let n = 0; n < rows; n++) {
    const korean = n % 2 === 0;
    const title = `${korean ? KO[n % 3] : EN[n % 3]} #${n}`;
    const abstract = korean ? `첫 줄, 쉼표 포함\n둘째 줄 (${n})` : `First line, with a comma\nSecond line (${n})`;
    const day = n % 2 === 0 ? '16' : '17';
    const slot = n % 16;
    const start = `2024-05-${day}T${String(9 + Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 === 0 ? '00' : '30'}:00+09:00`;
    const end = start.replace(/:(00|30):00\+/, (_, m: string) => `:${m === '00' ? '25' : '55'}:00+`);
    const cells = [`csv-${n}`, title, abstract, TRACKS[n % 3]!, `Room ${100 + (n % 7)}`, start, end, String(20 + (n % 50)), korean ? 'AI, 서버리스' : 'serverless, scale', korean ? 'ko' : 'en'];
    lines.push(cells.map(quoted).join(delimiter));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
