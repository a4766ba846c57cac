import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { decodeExport, decodeExportBytes } from './decode-text';
import { BillingImportError, safeSourceName } from './import-error';
import { fetchCapped, parseJsonRecords } from './read-http';
import { parseXlsx } from './read-xlsx';
import { DEFAULT_LIMITS, parseDelimitedBytes, rejectLongFields, type BillingLimits, type RawTable } from './raw-table';
import { AppError } from '../errors/app-error';

export interface ReadSourceOptions {
  /** Value of config SECRET_BILLING_AUTH_HEADER, used only for http(s) sources. */
  authHeader?: string;
  limits?: Partial<BillingLimits>;
}

export function isUrlSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** Reads a file path (CSV/TXT/XLSX) or an http(s) URL (CSV, XLSX or JSON) into a raw table. */
export async function readBillingTable(source: string, options: ReadSourceOptions = {}): Promise<RawTable> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const table = isUrlSource(source) ? await readUrl(source, options.authHeader, limits) : await readPath(source, limits);
  rejectLongFields(table, limits);
  return table;
}

async function readPath(path: string, limits: BillingLimits): Promise<RawTable> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new AppError('BAD_INPUT', 'not a regular file');
    size = st.size;
  } catch (cause) {
    throw new BillingImportError(
      'The billing file cannot be opened',
      {
        reason: 'NOT_FOUND',
        file: path,
        hint: { fi: 'Tarkista tiedoston polku (BILLING_SOURCE tai --source).', en: 'Check the file path (BILLING_SOURCE or --source).' },
      },
      { cause },
    );
  }
  if (size > limits.maxFileBytes) throw tooLarge(path, limits);
  const xlsx = /\.xlsx$/i.test(path);
  const buf = await readCapped(path, limits, xlsx);
  return bytesToTable(buf, path, limits, xlsx);
}

/**
 * Reads a file in chunks and stops at the first physical line too long to be a record, so a hostile
 * single-line file is refused without being held or decoded whole. (Byte 0x0A marks line ends in
 * UTF-8, Windows-1252 and both UTF-16 orders; a false match only makes a line look shorter.)
 */
async function readCapped(path: string, limits: BillingLimits, binary: boolean): Promise<Buffer> {
  const maxLineBytes = limits.maxRecordChars * 4; // worst case UTF-8 bytes per char
  const chunks: Buffer[] = [];
  let total = 0;
  let sinceBreak = 0;
  let line = 1;
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxFileBytes) throw tooLarge(path, limits);
      if (!binary && !(chunks.length === 0 && chunk[0] === 0x50 && chunk[1] === 0x4b)) {
        let from = 0;
        for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, nl + 1)) {
          if (sinceBreak + (nl - from) > maxLineBytes) throw lineTooLong(path, line, limits);
          sinceBreak = 0;
          from = nl + 1;
          line++;
        }
        sinceBreak += chunk.length - from;
        if (sinceBreak > maxLineBytes) throw lineTooLong(path, line, limits);
      } else {
        binary = true;
      }
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(file: string, limits: BillingLimits): BillingImportError {
  return new BillingImportError(`The file is larger than ${limits.maxFileBytes} bytes`, {
    reason: 'TOO_LARGE',
    file,
    hint: {
      fi: 'Tiedosto on liian suuri laskutusvienniksi; tarkista että se on oikea tiedosto.',
      en: 'The file is too large for a billing export; check that it is the right file.',
    },
  });
}

function lineTooLong(file: string, line: number, limits: BillingLimits): BillingImportError {
  return new BillingImportError(`Line is longer than ${limits.maxRecordChars} characters`, {
    reason: 'LINE_TOO_LONG',
    file,
    line,
    hint: {
      fi: 'Tiedostossa on liian pitkä rivi; se ei ole kelvollinen laskutusvienti.',
      en: 'The file has an over-long line; it is not a valid billing export.',
    },
  });
}

async function readUrl(url: string, authHeader: string | undefined, limits: BillingLimits): Promise<RawTable> {
  const file = safeSourceName(url);
  const { body, contentType } = await fetchCapped(url, authHeader, limits);
  const head = body
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/json/i.test(contentType) || head.startsWith('[')) {
    const decoded = decodeExport(body);
    if ('failure' in decoded) throw decodeError(decoded.failure, file);
    return parseJsonRecords(decoded.text, file, limits);
  }
  return bytesToTable(body, file, limits, /spreadsheetml/i.test(contentType));
}

async function bytesToTable(buf: Buffer, file: string, limits: BillingLimits, xlsxHint: boolean): Promise<RawTable> {
  const zip = buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  if (zip || xlsxHint) return parseXlsx(buf, file, limits);
  const decoded = decodeExportBytes(buf);
  if ('failure' in decoded) throw decodeError(decoded.failure, file);
  return parseDelimitedBytes(decoded.bytes, file, limits, decoded.encoding);
}

function decodeError(failure: 'binary' | 'empty', file: string): BillingImportError {
  if (failure === 'empty') {
    return new BillingImportError('The file is empty', {
      reason: 'EMPTY',
      file,
      hint: {
        fi: 'Tiedostossa ei ole mitään. Ota laskutusjärjestelmästä uusi vienti.',
        en: 'The file has no content. Take a fresh export from the billing system.',
      },
    });
  }
  return new BillingImportError('The file is not a readable text export (binary data or unknown encoding)', {
    reason: 'BINARY',
    file,
    line: 1,
    hint: {
      fi: 'Tallenna vienti CSV-muodossa (UTF-8) tai .xlsx-tiedostona.',
      en: 'Save the export as CSV (UTF-8) or as an .xlsx workbook.',
    },
  });
}
