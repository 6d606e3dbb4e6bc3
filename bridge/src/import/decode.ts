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

/** Larger chunks than the default 64 KiB: a million-row file is read twice (sniff and parse). */
const CHUNK = 1 << 20;

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
