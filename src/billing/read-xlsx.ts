import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../errors/app-error';
import { BillingImportError } from './import-error';
import type { BillingLimits, RawRecord, RawTable } from './raw-table';
import { inflateEntry, readCentralDirectory, readEntryText, isUnsupportedZip, type InflateBudget, type ZipEntry } from './xlsx/zip-archive';
import { createRowParser, dateStyleIndexes, firstSheetPath, parseSharedStrings, usesDate1904 } from './xlsx/workbook-xml';

const resave = {
  fi: 'Tallenna tiedosto Excelissä uudelleen .xlsx-muodossa tai CSV:nä.',
  en: 'Save the file again in Excel as .xlsx or as CSV.',
};

/** Stops the sheet's inflater once the row cap is passed. */
class RowCapReached extends Error {}

/**
 * Reads the first worksheet of an XLSX workbook into strings. Dates become yyyy-mm-dd, numbers
 * plain, formulas their cached value. The uncompressed bytes are capped (maxUnzippedBytes) while
 * inflating, whatever the archive declares, and the rows are parsed as the sheet streams out.
 */
export async function parseXlsx(buf: Buffer, file: string, limits: BillingLimits): Promise<RawTable> {
  const declared = declaredUnzippedSize(buf);
  if (declared === null) throw badXlsx(file, 'The workbook is not a valid XLSX (zip) file');
  // Cheap first refusal; the budget below is what holds when the declared sizes lie.
  if (declared > limits.maxUnzippedBytes) throw tooLarge(file);
  const budget: InflateBudget = { left: limits.maxUnzippedBytes };
  try {
    return await readWorkbook(buf, file, limits, budget);
  } catch (err) {
    if (err instanceof BillingImportError) throw err;
    if (err instanceof AppError && err.code === 'TOO_LARGE') throw tooLarge(file);
    throw badXlsx(file, 'The workbook cannot be read', err);
  }
}

async function readWorkbook(buf: Buffer, file: string, limits: BillingLimits, budget: InflateBudget): Promise<RawTable> {
  const entries = new Map(readCentralDirectory(buf).map((e) => [e.name.toLowerCase(), e]));
  const entry = (name: string): ZipEntry | undefined => entries.get(name.toLowerCase());
  const text = async (name: string) => {
    const e = entry(name);
    return e ? readEntryText(buf, e, budget) : '';
  };
  const workbook = await text('xl/workbook.xml');
  const sheetPath = firstSheetPath(workbook, await text('xl/_rels/workbook.xml.rels'));
  const sheet = sheetPath ? entry(sheetPath) : undefined;
  if (!workbook || !sheet) throw new AppError('BAD_INPUT', 'no workbook or worksheet part');
  const ctx = {
    sharedStrings: parseSharedStrings(await text('xl/sharedStrings.xml')),
    dateStyles: dateStyleIndexes(await text('xl/styles.xml')),
    date1904: usesDate1904(workbook),
  };

  let headers: string[] | undefined;
  let headerLine = 1;
  let rowsWithValues = 0;
  const records: RawRecord[] = [];
  const rows = createRowParser(ctx, ({ row, values }) => {
    if (!values.some((v) => v !== '')) return;
    if (++rowsWithValues > limits.maxRows + 1) throw new RowCapReached();
    if (!headers) {
      headers = values.map((v) => v.trim());
      headerLine = row;
    } else {
      while (values.length < headers.length) values.push('');
      records.push({ line: row, values });
    }
  });
  const decoder = new StringDecoder('utf8');
  try {
    await inflateEntry(buf, sheet, budget, (chunk) => rows.push(decoder.write(chunk)));
    rows.push(decoder.end());
    rows.end();
  } catch (err) {
    if (!(err instanceof RowCapReached)) throw err;
    throw new BillingImportError(`The worksheet has more than ${limits.maxRows} rows`, {
      reason: 'TOO_MANY_ROWS',
      file,
      hint: { fi: 'Vienti on odotettua suurempi.', en: 'The export is larger than expected.' },
    });
  }
  if (!headers)
    throw new BillingImportError('The workbook is empty', {
      reason: 'EMPTY',
      file,
      hint: { fi: 'Ensimmäinen taulukko on tyhjä.', en: 'The first worksheet is empty.' },
    });
  return { file, format: 'xlsx', headers, headerLine, records };
}

function badXlsx(file: string, message: string, cause?: unknown): BillingImportError {
  return new BillingImportError(message, { reason: 'BAD_XLSX', file, hint: resave }, cause === undefined ? {} : { cause });
}

function tooLarge(file: string): BillingImportError {
  return new BillingImportError('The workbook expands to more than the allowed size', { reason: 'TOO_LARGE', file, hint: resave });
}

/**
 * Sums the uncompressed sizes the zip central directory declares, before anything is inflated.
 * Returns null if the directory cannot be read; ZIP64 entries (over 4 GB) count as infinite.
 */
function declaredUnzippedSize(buf: Buffer): number | null {
  let entries: ZipEntry[];
  try {
    entries = readCentralDirectory(buf);
  } catch (err) {
    return isUnsupportedZip(err) ? Number.POSITIVE_INFINITY : null;
  }
  return entries.reduce((sum, e) => sum + (e.declaredSize === 0xffffffff ? Number.POSITIVE_INFINITY : e.declaredSize), 0);
}
