/**
 * Asterisk Manager Interface (TCP 5038) framing: blocks of `Key: Value` lines ended by an empty
 * line, after a one-line banner `Asterisk Call Manager/x.y`.
 * Pure: no I/O.
 */

export type AmiMessage = Record<string, string>;

/** Longest line kept; longer ones are cut so a peer that never sends `\n` cannot exhaust memory. */
const MAX_LINE = 8192;
/** Fields kept per message, for the same reason. */
const MAX_FIELDS = 256;

/**
 * Incremental decoder: feed text chunks as they arrive (split anywhere, `\r\n` or `\n`), get
 * back every message a blank line completed. The banner comes out as `{ Banner: '...' }`, a key
 * Asterisk never sends, so the client knows when to log in.
 */
export class AmiDecoder {
  private buffer = '';
  private fields: AmiMessage = {};
  private count = 0;
  private bannerSeen = false;

  push(chunk: string): AmiMessage[] {
    const out: AmiMessage[] = [];
    this.buffer += chunk;
    let start = 0;
    for (let nl = this.buffer.indexOf('\n'); nl !== -1; nl = this.buffer.indexOf('\n', start)) {
      this.line(this.buffer.slice(start, nl), out);
      start = nl + 1;
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length > MAX_LINE) {
      // Keep a truncated line so the input is not silently lost, then skip to the next newline.
      this.line(this.buffer.slice(0, MAX_LINE), out);
      this.buffer = '';
    }
    return out;
  }

  private line(raw: string, out: AmiMessage[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      if (this.count > 0) out.push(this.fields);
      this.fields = {};
      this.count = 0;
      return;
    }
    const colon = line.indexOf(':');
    if (!this.bannerSeen && this.count === 0 && /Call Manager\//i.test(line)) {
      this.bannerSeen = true;
      out.push({ Banner: line.trim() });
      return;
    }
    // Lines without a colon occur in command output (`Response: Follows`); we have no use for them.
    if (colon <= 0 || this.count >= MAX_FIELDS) return;
    const key = line.slice(0, colon).trim();
    // Repeated keys (ChanVariable) keep their first value; none of them matter for calls.
    if (key === '' || Object.hasOwn(this.fields, key)) return;
    this.fields[key] = line.slice(colon + 1).trim();
    this.count++;
  }
}
