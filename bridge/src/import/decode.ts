import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';

/** A file path, or the bytes themselves (an upload, a test). */
export type ByteSource = string | Uint8Array;

/**
 * What German customer lists come in: UTF-8 (with a BOM when Excel wrote "CSV UTF-8"), Windows-1252
 * (Excel's plain "CSV" and most older ERPs), UTF-16LE (Excel's "Unicode text").
 */
export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le';

const ICONV_NAMES: Record<TextEncoding, string> = { 'utf-8': 'utf8', 'windows-1252': 'win1252', 'utf-16le': 'utf16le' };

/**
 * Small enough that decoding and parsing one chunk stays within a slice of the event loop: the
 * CSV parser turns a whole chunk into rows in one go, and at 32 KiB (about 550 short rows) that
 * held the loop 10 to 15 ms, the p99 of popups during a console import.
 */
export const READ_CHUNK = 8 * 1024;
const CHUNK = READ_CHUNK;

/**
 * The limits of one import, each named in the error a file that breaks it gets. They bound the
 * memory an import takes by a constant, whatever the file: a record is at most
 * MAX_RECORD_CHARS, and nothing else of the file is held.
 */
export const IMPORT_LIMITS = {
  /** Columns of a CSV file (the header included). */
  maxColumns: 500,
  /** Characters of one CSV record or one vCard (an unterminated quote runs into this). */
  maxRecordChars: 256 * 1024,
  /** Characters of one vCard line. */
  maxLineChars: 64 * 1024,
} as const;

/** A file that breaks one of IMPORT_LIMITS: the import stops with this message. */
export class ImportLimitError extends Error {}

export function byteStream(src: ByteSource): Readable {
  if (typeof src === 'string') return createReadStream(src, { highWaterMark: CHUNK });
  // One chunk per slice, so a large buffer is decoded incrementally like a file.
  return Readable.from(
    (function* () {
      for (let at = 0; at < src.length; at += CHUNK) yield Buffer.from(src.buffer, src.byteOffset + at, Math.min(CHUNK, src.length - at));
    })(),
    { objectMode: false },
  );
}

/**
 * UTF-8 unless some byte sequence is not valid UTF-8. Windows-1252 text with umlauts almost never
 * is valid UTF-8 by accident, while UTF-8 text is always "valid" Windows-1252, so only this order
 * of testing can tell them apart. The whole file is checked (a streaming decode, no copy kept):
 * an `ä` in row 900,000 must not turn into mojibake after 899,999 rows were imported.
 */
export async function detectEncoding(src: ByteSource): Promise<TextEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for await (const chunk of byteStream(src)) {
    const bytes = chunk as Buffer;
    if (first) {
      first = false;
      if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
    }
    try {
      decoder.decode(bytes, { stream: true });
    } catch {
      return 'windows-1252';
    }
  }
  try {
    decoder.decode();
  } catch {
    return 'windows-1252';
  }
  return 'utf-8';
}

/** The source as text chunks, byte order mark removed. */
export function textStream(src: ByteSource, encoding: TextEncoding, onBytes?: (n: number) => void): Readable {
  const bytes = byteStream(src);
  if (onBytes) bytes.on('data', (c: Buffer) => onBytes(c.length));
  const text = iconv.decodeStream(ICONV_NAMES[encoding], { stripBOM: true }) as unknown as Readable;
  // pipe() does not forward errors: an unreadable file must reach whoever reads the text.
  bytes.on('error', (err) => text.destroy(err));
  // Nor does it forward destroy(): a reader that stops early must not leave the file open.
  text.on('close', () => bytes.destroy());
  bytes.pipe(text as unknown as NodeJS.WritableStream);
  return text;
}

/** The first `maxBytes` decoded (the header line, a preview), without reading the whole file. */
export async function textPrefix(src: ByteSource, encoding: TextEncoding, maxBytes = 64 * 1024): Promise<string> {
  const bytes = typeof src === 'string' ? await readPrefix(src, maxBytes) : src.subarray(0, maxBytes);
  return iconv.decode(Buffer.from(bytes), ICONV_NAMES[encoding], { stripBOM: true });
}

async function readPrefix(path: string, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: maxBytes - 1 })) {
    parts.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return Buffer.concat(parts, size);
}

/**
 * Lines of a text stream, without holding more than one line (at most `maxChars`): a file
 * without line breaks is refused at `maxChars` instead of being read into memory whole.
 */
export async function* boundedLines(text: AsyncIterable<string | Buffer>, maxChars: number): AsyncGenerator<string> {
  let partial = '';
  let line = 1;
  for await (const chunk of text) {
    const parts = (partial + String(chunk)).split(/\r?\n/);
    partial = parts.pop()!;
    for (const p of parts) {
      if (p.length > maxChars) throw new ImportLimitError(`line ${line} is longer than ${maxChars.toLocaleString('en-US')} characters, the limit for one line`);
      line++;
      yield p;
    }
    if (partial.length > maxChars) throw new ImportLimitError(`line ${line} is longer than ${maxChars.toLocaleString('en-US')} characters, the limit for one line`);
  }
  if (partial.length > 0) yield partial.replace(/\r$/, '');
}
