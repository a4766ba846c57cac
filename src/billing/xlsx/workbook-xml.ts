/*
 * The few SpreadsheetML (ECMA-376 part 1, §18) parts an export needs, read with small patterns
 * rather than a general XML parser: the workbook's first sheet, shared strings, which cell styles
 * are dates, and the worksheet's rows, parsed as they stream out of the inflater.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character references and the five named entities; `_xHHHH_` escapes of OOXML strings too. */
function decodeXml(s: string): string {
  return s
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, ref: string) => {
      if (ref[0] === '#') {
        const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[ref] ?? m;
    })
    .replace(/_x([0-9a-f]{4})_/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]!] = decodeXml(m[3] ?? m[4] ?? '');
  return out;
}

/** The text of a string item (<si>, <is>): its <t> runs, phonetic hints (<rPh>) left out. */
function textRuns(xml: string): string {
  const plain = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of plain.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) out += decodeXml(m[1] ?? '');
  return out;
}

export function parseSharedStrings(xml: string): string[] {
  return [...xml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)].map((m) => textRuns(m[1] ?? ''));
}

/** The path inside the zip of the workbook's first sheet (workbook order, not file name). */
export function firstSheetPath(workbookXml: string, relsXml: string): string | undefined {
  const sheet = /<sheet\b[^>]*>/.exec(workbookXml);
  if (!sheet) return undefined;
  const a = attrs(sheet[0]);
  const rid = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const r = attrs(m[0]);
    if (r.Id !== rid || !r.Target) continue;
    return r.Target.startsWith('/') ? r.Target.slice(1) : `xl/${r.Target}`.replace(/\/\.\//g, '/');
  }
  return undefined;
}

export function usesDate1904(workbookXml: string): boolean {
  const pr = /<workbookPr\b[^>]*>/.exec(workbookXml);
  const v = pr ? attrs(pr[0]).date1904 : undefined;
  return v === '1' || v === 'true';
}

// Built-in number formats that show dates or times (ECMA-376 §18.8.30), and the East Asian ones.
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A custom format is a date when, outside quotes, brackets and escapes, it has d, m, y, h or s. */
function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/_.|\*./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** Indexes of the cell formats (the `s` attribute of a cell) that show a date. */
export function dateStyleIndexes(stylesXml: string): Set<number> {
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<numFmt\b[^>]*>/g)) {
    const a = attrs(m[0]);
    custom.set(Number(a.numFmtId), a.formatCode ?? '');
  }
  const out = new Set<number>();
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '';
  [...xfs.matchAll(/<xf\b[^>]*>/g)].forEach((m, i) => {
    const id = Number(attrs(m[0]).numFmtId ?? 0);
    if (BUILTIN_DATE_FORMATS.has(id) || (custom.has(id) && isDateFormatCode(custom.get(id)!))) out.add(i);
  });
  return out;
}

export interface CellContext {
  sharedStrings: readonly string[];
  dateStyles: ReadonlySet<number>;
  date1904: boolean;
}

/** "AB12" -> 27 (0-based column), or undefined without a reference. */
function columnOf(ref: string | undefined): number | undefined {
  const letters = ref ? /^([A-Z]+)/i.exec(ref)?.[1] : undefined;
  if (!letters) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Excel's day count to yyyy-mm-dd (the 1900 system counts the non-existent 1900-02-29, hence 25569). */
function serialToIsoDate(serial: number, date1904: boolean): string {
  const days = serial - (date1904 ? 24107 : 25569);
  const d = new Date(Math.round(days * 86400) * 1000);
  return Number.isNaN(d.getTime()) ? String(serial) : d.toISOString().slice(0, 10);
}

/** One cell as text: shared/inline strings, numbers plain, dates yyyy-mm-dd, a formula's cached value, errors empty. */
function cellText(a: Record<string, string>, inner: string, ctx: CellContext): string {
  const t = a.t ?? 'n';
  if (t === 'inlineStr') return textRuns(/<is\b[^>]*>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '');
  const raw = /<v\b[^>]*>([\s\S]*?)<\/v>/.exec(inner)?.[1];
  if (raw === undefined) return '';
  const v = decodeXml(raw);
  switch (t) {
    case 's':
      return ctx.sharedStrings[Number(v)] ?? '';
    case 'str':
      return v;
    case 'b':
      return v === '1' ? 'true' : 'false';
    case 'e':
      return '';
    case 'd':
      return v.slice(0, 10);
    default: {
      const n = Number(v);
      if (!Number.isFinite(n)) return v;
      return a.s !== undefined && ctx.dateStyles.has(Number(a.s)) ? serialToIsoDate(n, ctx.date1904) : String(n);
    }
  }
}

export interface SheetRow {
  /** 1-based worksheet row. */
  row: number;
  values: string[];
}

/**
 * Parses <row> elements as text arrives; `push` takes the next decoded piece, `end` the rest.
 * Only complete rows are parsed, so memory holds one chunk and one partial row at a time.
 */
export function createRowParser(ctx: CellContext, onRow: (row: SheetRow) => void) {
  let nextRow = 1;
  const parse = (text: string) => {
    for (const m of text.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const ra = attrs(m[1] ?? '');
      const row = ra.r ? Number(ra.r) : nextRow;
      nextRow = row + 1;
      const values: string[] = [];
      let col = 0;
      for (const c of (m[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const a = attrs(c[1] ?? '');
        col = columnOf(a.r) ?? col;
        while (values.length < col) values.push('');
        values[col] = cellText(a, c[2] ?? '', ctx);
        col++;
      }
      onRow({ row, values });
    }
  };
  // Unparsed text as pieces: joined only when a row has ended, so text without any </row> (a
  // crafted sheet) costs no repeated scans or copies.
  let pieces: string[] = [];
  let last = '';
  return {
    push(text: string) {
      if (!text) return;
      const seam = last.slice(-5) + text;
      pieces.push(text);
      last = text;
      if (!seam.includes('</row>')) return;
      const all = pieces.join('');
      const cut = all.lastIndexOf('</row>');
      parse(all.slice(0, cut + 6));
      const rest = all.slice(cut + 6);
      pieces = rest ? [rest] : [];
      last = rest;
    },
    end() {
      parse(pieces.join(''));
      pieces = [];
      last = '';
    },
  };
}
