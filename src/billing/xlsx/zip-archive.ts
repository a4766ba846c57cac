import zlib from 'node:zlib';
import { AppError } from '../../errors/app-error';

/*
 * Just enough of the zip format (APPNOTE.TXT) to read an XLSX workbook: the central directory, and
 * each entry's bytes inflated with node:zlib under a byte budget that is checked while inflating,
 * not taken from the sizes the archive declares (which a crafted file can understate).
 */

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** As declared; informational only. */
  declaredSize: number;
  localHeaderOffset: number;
}

/** An archive this reader cannot read (broken, encrypted, zip64, an unknown compression). */
function zipFormatError(message: string): AppError {
  return new AppError('BAD_INPUT', message, { details: { zip: 'format' } });
}

/** True for an archive in a form this reader does not take, as opposed to a broken one. */
export function isUnsupportedZip(err: unknown): boolean {
  return err instanceof AppError && err.details?.zip === 'format' && /zip64/.test(err.message);
}

/** Uncompressed bytes still allowed, shared by every entry read from one archive. */
export interface InflateBudget {
  left: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries listed in the central directory; throws a BAD_INPUT AppError when there is none to read. */
export function readCentralDirectory(buf: Buffer): ZipEntry[] {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw zipFormatError('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw zipFormatError('broken central directory');
    const nameLength = buf.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      declaredSize: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    };
    // ZIP64 (sizes or offsets past 4 GB) is never an export this app reads.
    if (entry.compressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff)
      throw zipFormatError('zip64 entries are not supported');
    entries.push(entry);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

function compressedBytes(buf: Buffer, e: ZipEntry): Buffer {
  const p = e.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw zipFormatError(`broken local header for ${e.name}`);
  if (e.flags & 1) throw zipFormatError(`${e.name} is encrypted`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + e.compressedSize > buf.length) throw zipFormatError(`${e.name} is truncated`);
  return buf.subarray(start, start + e.compressedSize);
}

/**
 * Streams one entry's uncompressed bytes to `onChunk` (about 16 KB at a time), charging each chunk
 * to the budget as it is produced; past the budget the inflater is stopped and a TOO_LARGE AppError thrown.
 * An error thrown by `onChunk` stops it too and is passed on.
 */
export function inflateEntry(buf: Buffer, e: ZipEntry, budget: InflateBudget, onChunk: (chunk: Buffer) => void): Promise<void> {
  const data = compressedBytes(buf, e);
  const take = (chunk: Buffer) => {
    budget.left -= chunk.length;
    if (budget.left < 0) throw new AppError('TOO_LARGE', `${e.name} inflates past the allowed size`);
    onChunk(chunk);
  };
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += 64 * 1024) take(data.subarray(i, i + 64 * 1024));
    return Promise.resolve();
  }
  if (e.method !== 8) return Promise.reject(zipFormatError(`${e.name}: compression method ${e.method} is not supported`));
  return new Promise<void>((resolve, reject) => {
    const inflater = zlib.createInflateRaw();
    let failed = false;
    inflater.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        take(chunk);
      } catch (err) {
        failed = true;
        inflater.destroy();
        reject(err);
      }
    });
    inflater.on('error', (err) => {
      if (!failed) reject(zipFormatError(`${e.name}: ${err.message}`));
      failed = true;
    });
    inflater.on('end', () => {
      if (!failed) resolve();
    });
    inflater.end(data);
  });
}

/** A whole (small) entry as text, under the same budget. */
export async function readEntryText(buf: Buffer, e: ZipEntry, budget: InflateBudget): Promise<string> {
  const chunks: Buffer[] = [];
  await inflateEntry(buf, e, budget, (c) => chunks.push(c));
  return Buffer.concat(chunks).toString('utf8');
}
