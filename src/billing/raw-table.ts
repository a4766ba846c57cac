import { parse } from 'csv-parse/sync';
import { BillingImportError } from './import-error';
import { startsWithUtf8Bom, type TextEncoding } from './decode-text';

/** Size caps so a hostile or broken export cannot exhaust memory. */
export interface BillingLimits {
  maxFileBytes: number;
  maxRows: number;
  maxFieldChars: number;
  maxRecordChars: number;
  httpTimeoutMs: number;
  /** Sum of the declared uncompressed sizes in an XLSX (zip) file: guards against zip bombs. */
  maxUnzippedBytes: number;
}

export const DEFAULT_LIMITS: BillingLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxRows: 200_000,
  maxFieldChars: 2_000,
  maxRecordChars: 64 * 1024,
  httpTimeoutMs: 60_000,
  maxUnzippedBytes: 256 * 1024 * 1024,
};

export interface RawRecord {
  /** 1-based line in the source where the record starts (the header is line 1). */
  line: number;
  values: string[];
}

/** A source read into header + string cells, before any mapping. */
export interface RawTable {
  file: string;
  format: 'csv' | 'xlsx' | 'json';
  encoding?: TextEncoding;
  delimiter?: string;
  headers: string[];
  /** Line of the header (1 for CSV; the worksheet row for XLSX). */
  headerLine: number;
  records: RawRecord[];
}

const DELIMITERS = [',', ';', '\t'] as const;

/** Picks the delimiter that occurs most often (outside quotes) on the header line. */
function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

const hints = {
  fix: {
    fi: 'Ota laskutusjärjestelmästä uusi vienti ja yritä uudelleen.',
    en: 'Take a fresh export from the billing system and try again.',
  },
  quote: {
    fi: 'Rivillä on sulkematon lainausmerkki. Korjaa rivi tai ota uusi vienti.',
    en: 'The line has an unclosed quotation mark. Fix the line or take a fresh export.',
  },
  long: {
    fi: 'Tiedostossa on liian pitkä rivi tai kenttä; se ei ole kelvollinen laskutusvienti.',
    en: 'The file has an over-long line or field; it is not a valid billing export.',
  },
};

/** Parses delimited text (already decoded). Throws BillingImportError on structural problems. */
export function parseDelimited(text: string, file: string, limits: BillingLimits, encoding?: TextEncoding): RawTable {
  // the parser reads bytes: it made this same copy itself before
  return parseDelimitedBytes(Buffer.from(text), file, limits, encoding);
}

/**
 * parseDelimited for UTF-8 bytes, so a UTF-8 export goes from the file's buffer to cells without a
 * whole-file string. Line endings are rewritten in place: the caller hands the buffer over.
 */
export function parseDelimitedBytes(input: Buffer, file: string, limits: BillingLimits, encoding?: TextEncoding): RawTable {
  // One line ending only: csv-parse miscounts lines after a CRLF inside a quoted cell.
  const body = crlfToLfInPlace(startsWithUtf8Bom(input) ? input.subarray(3) : input);
  rejectLongLines(body, file, limits);
  const firstBreak = body.indexOf(0x0a);
  const delimiter = sniffDelimiter((firstBreak === -1 ? body : body.subarray(0, firstBreak)).toString('utf8'));
  const records = parseRecords(body, delimiter, file, limits);
  checkRecordCount(records, file, limits);
  const [head, ...rows] = records;
  checkShape(head!, rows, file);
  return { file, format: 'csv', encoding, delimiter, headers: head!.values.map((h) => h.trim()), headerLine: head!.line, records: rows };
}

function parseRecords(body: Buffer, delimiter: string, file: string, limits: BillingLimits): RawRecord[] {
  const intern = cellInterner();
  try {
    return parse(body, {
      delimiter,
      // Each record becomes its compact form as it is parsed: a 27,000-row export would otherwise hold
      // a parser info object per row on top of the cells until the end.
      on_record: ((record: string[], info: { lines: number }) => toRawRecord(intern(record), info.lines)) as unknown as (
        r: string[],
      ) => string[],
      relax_column_count: true,
      skip_empty_lines: true,
      // A quote inside an unquoted cell (e.g. =HYPERLINK("…")) is text, not CSV syntax.
      relax_quotes: true,
      max_record_size: limits.maxRecordChars,
      // header + maxRows + 1 is enough to know the cap is exceeded without parsing the rest
      to: limits.maxRows + 2,
    }) as unknown as RawRecord[];
  } catch (err) {
    throw csvParseError(err, file);
  }
}

function csvParseError(err: unknown, file: string): BillingImportError {
  const e = err as { code?: string; lines?: number; message?: string };
  if (e.code === 'CSV_QUOTE_NOT_CLOSED' || e.code === 'CSV_INVALID_CLOSING_QUOTE') {
    return new BillingImportError(
      'A quoted field is not closed properly',
      { reason: 'UNTERMINATED_QUOTE', file, line: e.lines, hint: hints.quote },
      { cause: err },
    );
  }
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    return new BillingImportError(
      'A record is too long',
      { reason: 'LINE_TOO_LONG', file, line: e.lines, hint: hints.long },
      { cause: err },
    );
  }
  return new BillingImportError(
    `The file is not valid CSV: ${e.code ?? 'parse error'}`,
    { reason: 'MALFORMED_CSV', file, line: e.lines, hint: hints.fix },
    { cause: err },
  );
}

function checkRecordCount(records: RawRecord[], file: string, limits: BillingLimits): void {
  if (records.length === 0) {
    throw new BillingImportError('The file is empty', { reason: 'EMPTY', file, hint: hints.fix });
  }
  if (records.length > limits.maxRows + 1) {
    throw new BillingImportError(`The file has more than ${limits.maxRows} rows`, {
      reason: 'TOO_MANY_ROWS',
      file,
      line: records[limits.maxRows + 1]!.line,
      hint: {
        fi: 'Vienti on odotettua suurempi; tarkista että se on oikea tiedosto.',
        en: 'The export is larger than expected; check that it is the right file.',
      },
    });
  }
}

function checkShape(head: RawRecord, rows: RawRecord[], file: string): void {
  if (head.values.length < 2) {
    throw new BillingImportError('The file does not look like a billing export (no column separators on the first line)', {
      reason: 'BINARY',
      file,
      line: 1,
      hint: {
        fi: 'Tallenna vienti CSV-muodossa (UTF-8) tai .xlsx-tiedostona.',
        en: 'Save the export as CSV (UTF-8) or as an .xlsx workbook.',
      },
    });
  }
  // A quote that swallowed separators leaves a row with too few cells: from there on cell boundaries
  // cannot be trusted, so the file is rejected. A stray quote inside a cell only costs that row.
  const broken = rows.find((r) => r.values.length < head.values.length && r.values.some((v) => v.includes('"')));
  if (broken) {
    const at = broken.values.findIndex((v) => v.includes('"'));
    throw new BillingImportError('A quoted field is not closed properly', {
      reason: 'UNTERMINATED_QUOTE',
      file,
      line: broken.line,
      column: head.values[at]?.trim(),
      columnIndex: at + 1,
      hint: hints.quote,
    });
  }
}

function toRawRecord(record: string[], endLine: number): RawRecord {
  // endLine is where the record ends; quoted line breaks inside it move its start up
  let breaks = 0;
  for (const v of record) for (let i = v.indexOf('\n'); i !== -1; i = v.indexOf('\n', i + 1)) breaks++;
  return { line: endLine - breaks, values: record };
}

/**
 * Finds an over-long physical line before the CSV parser builds it up in memory. Lengths are in
 * UTF-16 code units (what a JS string's length counts), read from UTF-8 bytes.
 */
function rejectLongLines(body: Buffer, file: string, limits: BillingLimits): void {
  let start = 0;
  let line = 1;
  for (;;) {
    const nl = body.indexOf(0x0a, start);
    const end = nl === -1 ? body.length : nl;
    // a line has at most as many characters as bytes: only long byte runs need counting
    if (end - start > limits.maxRecordChars && utf16Length(body, start, end) > limits.maxRecordChars) {
      throw new BillingImportError(`Line is longer than ${limits.maxRecordChars} characters`, {
        reason: 'LINE_TOO_LONG',
        file,
        line,
        hint: hints.long,
      });
    }
    if (nl === -1) return;
    start = nl + 1;
    line++;
  }
}

function utf16Length(bytes: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x80) n++;
    else if (b >= 0xf0)
      n += 2; // a 4-byte sequence is a surrogate pair
    else if (b >= 0xc0) n++; // continuation bytes (0x80–0xBF) add nothing
  }
  return n;
}

/** CRLF and lone CR become LF, compacting the buffer in place (0x0D never occurs inside a UTF-8 sequence). */
function crlfToLfInPlace(buf: Buffer): Buffer {
  let w = buf.indexOf(0x0d);
  if (w === -1) return buf;
  for (let r = w; r < buf.length; r++) {
    const b = buf[r]!;
    if (b === 0x0d) {
      buf[w++] = 0x0a;
      if (buf[r + 1] === 0x0a) r++;
    } else {
      buf[w++] = b;
    }
  }
  return buf.subarray(0, w);
}

/**
 * Repeated cells (customer names, people, cities, dates) share one string instead of one per row:
 * at 27,000 rows most of the table's ~600,000 cells are repeats. A column of mostly distinct values
 * (site ids, addresses) stops being tracked, so the lookup tables stay small.
 */
function cellInterner(): (values: string[]) => string[] {
  const columns: (Map<string, string> | null | undefined)[] = [];
  let rows = 0;
  return (values) => {
    rows++;
    const review = rows % 1024 === 0;
    for (let i = 0; i < values.length; i++) {
      let seen = columns[i];
      if (seen === null) continue;
      if (seen === undefined) seen = columns[i] = new Map();
      const v = values[i]!;
      const first = seen.get(v);
      if (first === undefined) seen.set(v, v);
      else values[i] = first;
      if (review && seen.size > rows / 2) columns[i] = null;
    }
    return values;
  };
}

/** Structural check shared by all formats: every cell within the field cap. */
export function rejectLongFields(table: RawTable, limits: BillingLimits): void {
  for (const r of table.records) {
    r.values.forEach((v, i) => {
      if (v.length > limits.maxFieldChars) {
        throw new BillingImportError(`Field is longer than ${limits.maxFieldChars} characters`, {
          reason: 'FIELD_TOO_LONG',
          file: table.file,
          line: r.line,
          column: table.headers[i],
          columnIndex: i + 1,
          hint: hints.long,
        });
      }
    });
  }
}
