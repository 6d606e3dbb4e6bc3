import { isUtf8 } from 'node:buffer';

/** A line longer than this is reported as a bad line and skipped, never held in memory whole. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** The stream cannot be read on: the rest of it is not trusted (a full sync deletes nothing). */
export class BrokenStreamError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Stands for a line that was cut off at MAX_LINE_BYTES. */
export const LINE_TOO_LONG = Symbol('line too long');

/**
 * Split a byte stream into NDJSON lines: `\n` separated, a `\r` before it dropped, blank lines
 * kept (so line numbers match what an editor shows). Splitting happens on bytes, where `\n`
 * cannot be part of a multi-byte character; each line is then checked to be UTF-8, and the first
 * one that is not ends the stream with BrokenStreamError. At most one line is buffered.
 */
export async function* ndjsonLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string | typeof LINE_TOO_LONG> {
  let parts: Buffer[] = [];
  let pending = 0;
  let tooLong = false;
  let line = 0;

  const finishLine = (tail: Buffer): string | typeof LINE_TOO_LONG => {
    line++;
    if (tooLong) {
      tooLong = false;
      parts = [];
      pending = 0;
      return LINE_TOO_LONG;
    }
    let bytes = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
    parts = [];
    pending = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (!isUtf8(bytes)) throw new BrokenStreamError(`line ${line} is not valid UTF-8`, line);
    return bytes.toString('utf8');
  };

  for await (const chunk of chunks) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl === -1) break;
      yield finishLine(buf.subarray(start, nl));
      start = nl + 1;
    }
    const rest = buf.subarray(start);
    if (rest.length === 0 || tooLong) continue;
    if (pending + rest.length > MAX_LINE_BYTES) {
      tooLong = true;
      parts = [];
      pending = 0;
    } else {
      // Copied: the chunk's memory may be reused by the stream once we hand it back.
      parts.push(Buffer.from(rest));
      pending += rest.length;
    }
  }
  if (pending > 0 || tooLong) yield finishLine(Buffer.alloc(0));
}
