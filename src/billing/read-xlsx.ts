import type ExcelJS from 'exceljs';
import { BillingImportError } from './import-error';
import type { BillingLimits, RawRecord, RawTable } from './raw-table';

/** Reads the first worksheet of an XLSX workbook into strings. Dates become yyyy-mm-dd, numbers plain. */
export async function parseXlsx(buf: Buffer, file: string, limits: BillingLimits): Promise<RawTable> {
  const unzipped = declaredUnzippedSize(buf);
  if (unzipped === null || unzipped > limits.maxUnzippedBytes) {
    throw new BillingImportError(unzipped === null ? 'The workbook is not a valid XLSX (zip) file' : 'The workbook expands to more than the allowed size', {
      reason: unzipped === null ? 'BAD_XLSX' : 'TOO_LARGE',
      file,
      hint: { fi: 'Tallenna tiedosto Excelissä uudelleen .xlsx-muodossa tai CSV:nä.', en: 'Save the file again in Excel as .xlsx or as CSV.' },
    });
  }
  // Loaded on first use: exceljs and its zip stack cost ~20 MB of RSS that a CSV sync never needs.
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (cause) {
    throw new BillingImportError(
      'The workbook cannot be read',
      { reason: 'BAD_XLSX', file, hint: { fi: 'Tallenna tiedosto Excelissä uudelleen .xlsx-muodossa tai CSV:nä.', en: 'Save the file again in Excel as .xlsx or as CSV.' } },
      { cause },
    );
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) {
    throw new BillingImportError('The workbook is empty', { reason: 'EMPTY', file, hint: { fi: 'Ensimmäinen taulukko on tyhjä.', en: 'The first worksheet is empty.' } });
  }
  if (ws.actualRowCount > limits.maxRows + 1) {
    throw new BillingImportError(`The worksheet has more than ${limits.maxRows} rows`, {
      reason: 'TOO_MANY_ROWS',
      file,
      hint: { fi: 'Vienti on odotettua suurempi.', en: 'The export is larger than expected.' },
    });
  }
  let headers: string[] | undefined;
  let headerLine = 1;
  const records: RawRecord[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    const count = headers ? Math.max(headers.length, row.cellCount) : row.cellCount;
    for (let c = 1; c <= count; c++) values.push(cellText(row.getCell(c).value));
    if (!headers) {
      headers = values.map((v) => v.trim());
      headerLine = rowNumber;
    } else if (values.some((v) => v !== '')) {
      records.push({ line: rowNumber, values });
    }
  });
  return { file, format: 'xlsx', headers: headers ?? [], headerLine, records };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null); // formula: its cached value, never the formula
    if ('error' in v) return '';
  }
  return '';
}

/**
 * Sums the uncompressed sizes the zip central directory declares, before anything is inflated.
 * Returns null if the directory cannot be read; ZIP64 entries (over 4 GB) count as infinite.
 */
export function declaredUnzippedSize(buf: Buffer): number | null {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(p + 24);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return total;
}
