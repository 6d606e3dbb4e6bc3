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
export type Line = string | typeof LINE_TOO_LONG;

/**
 * Splits bytes into NDJSON lines: `\n` separated, a `\r` before it dropped, blank lines kept
 * (so line numbers match what an editor shows). Splitting happens on bytes, where `\n` cannot be
 * part of a multi-byte character; each line is then checked to be UTF-8, and the first one that
 * is not throws BrokenStreamError. At most one partial line is buffered.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private pending = 0;
  private tooLong = false;
  private line = 0;
  /** Set by the first line that is not UTF-8; the lines before it are still handed out. */
  broken: BrokenStreamError | null = null;

  /** The lines this chunk completes, up to the first one that is not UTF-8 (see `broken`). */
  push(chunk: Uint8Array): Line[] {
    if (this.broken) return [];
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: Line[] = [];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl === -1) break;
      const line = this.finishLine(buf.subarray(start, nl));
      if (line === null) return out;
      out.push(line);
      start = nl + 1;
    }
    const rest = buf.subarray(start);
    if (rest.length === 0 || this.tooLong) return out;
    if (this.pending + rest.length > MAX_LINE_BYTES) {
      this.tooLong = true;
      this.parts = [];
      this.pending = 0;
    } else {
      // Copied: the chunk's memory may be reused by the stream once we hand it back.
      this.parts.push(Buffer.from(rest));
      this.pending += rest.length;
    }
    return out;
  }

  /** The last line when the stream does not end with `\n`. */
  end(): Line[] {
    if (this.broken || !(this.pending > 0 || this.tooLong)) return [];
    const line = this.finishLine(Buffer.alloc(0));
    return line === null ? [] : [line];
  }

  private finishLine(tail: Buffer): Line | null {
    this.line++;
    if (this.tooLong) {
      this.tooLong = false;
      this.parts = [];
      this.pending = 0;
      return LINE_TOO_LONG;
    }
    let bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    this.parts = [];
    this.pending = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (!isUtf8(bytes)) {
      this.broken = new BrokenStreamError(`line ${this.line} is not valid UTF-8`, this.line);
      return null;
    }
    return bytes.toString('utf8');
  }
}

/** The lines of a byte stream, as they arrive. */
export async function* ndjsonLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Line> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) {
    yield* splitter.push(chunk);
    if (splitter.broken) throw splitter.broken;
  }
  yield* splitter.end();
}
