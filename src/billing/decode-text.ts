import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

export type DecodeFailure = { failure: 'binary' | 'empty' };

/**
 * Decodes an export. BOMs decide first; otherwise valid UTF-8 is UTF-8 and anything else is taken as
 * Windows-1252 (what Finnish Excel writes). Binary data is refused rather than turned into mojibake.
 */
export function decodeExport(buf: Buffer): DecodedText | DecodeFailure {
  if (buf.length === 0) return { failure: 'empty' };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return checked(iconv.decode(buf.subarray(2), 'utf-16le'), 'utf-16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return checked(iconv.decode(buf.subarray(2), 'utf-16be'), 'utf-16be');
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  if (looksBinary(body)) return { failure: 'binary' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return checked(text, bom ? 'utf-8-bom' : 'utf-8');
  } catch {
    // Not UTF-8: bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in Windows-1252, so text using them is not it.
    if (body.some((b) => b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d)) return { failure: 'binary' };
    return checked(iconv.decode(body, 'windows-1252'), 'windows-1252');
  }
}

export interface DecodedBytes {
  /** UTF-8 text for the CSV parser; for a UTF-8 export this is the caller's buffer, not a copy. */
  bytes: Buffer;
  encoding: TextEncoding;
}

/**
 * decodeExport, answered as UTF-8 bytes. A UTF-8 export (the usual case) is checked in place and never
 * becomes one whole-file string: at 27,000 rows that string and the parser's copy of it were ~20 MB
 * alive at once beside the file. Other encodings are decoded exactly as decodeExport does.
 */
export function decodeExportBytes(buf: Buffer): DecodedBytes | DecodeFailure {
  const bom = startsWithUtf8Bom(buf);
  let body = bom ? buf.subarray(3) : buf;
  if (buf.length === 0 || looksBinary(body) || !isUtf8(body)) {
    const decoded = decodeExport(buf);
    return 'failure' in decoded ? decoded : { bytes: Buffer.from(decoded.text), encoding: decoded.encoding };
  }
  // TextDecoder (decodeExport) drops one more leading BOM; so does this.
  if (startsWithUtf8Bom(body)) body = body.subarray(3);
  if (body.length === 0) return { failure: 'empty' };
  // The same first 64 Ki characters decodeExport checks: 4 bytes per character at most, cut at a character start.
  let end = Math.min(body.length, 4 * 64 * 1024);
  while (end < body.length && (body[end]! & 0xc0) === 0x80) end--;
  if (!looksLikeText(body.toString('utf8', 0, end).slice(0, 64 * 1024))) return { failure: 'binary' };
  return { bytes: body, encoding: bom ? 'utf-8-bom' : 'utf-8' };
}

export function startsWithUtf8Bom(buf: Uint8Array): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/** NUL bytes or many C0 control bytes mean this is not a text export. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64 * 1024);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
  }
  return controls > n / 100;
}

function checked(text: string, encoding: TextEncoding): DecodedText | DecodeFailure {
  if (text.length === 0) return { failure: 'empty' };
  if (!looksLikeText(text.slice(0, 64 * 1024))) return { failure: 'binary' };
  return { text, encoding };
}

/** Replacement characters or control characters in more than 1 % of the sample mean it is not text. */
function looksLikeText(sample: string): boolean {
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) bad++;
  }
  return !(bad > sample.length / 100 || sample.includes('\u0000'));
}
