import { Transform, type TransformCallback } from 'node:stream';
import { ImportLimitError } from './decode.js';

/**
 * Watches CSV text on its way to the parser and stops the file at the first record that has more
 * columns or characters than allowed, before the parser builds it: csv-parse counts neither
 * delimiters (a line of a million `;` is a million-element array) nor, with relaxed quotes, a
 * field that never ends, until it is too late. The scan follows the parser's quoting rules closely
 * enough for limits: a quote opens a field only at its start, `""` inside is an escaped quote.
 */
export function recordGuard(
  delimiter: string,
  limits: { maxColumns: number; maxRecordChars: number },
  /** Called once at the first record over a limit; the text before that record has been passed on, then the stream ends. */
  onLimit: (err: ImportLimitError, record: number) => void,
): Transform {
  let stopped = false;
  let quoted = false;
  let fieldStart = true;
  /** A quote inside a quoted field was the chunk's last character: escape or end, decided next. */
  let pendingQuote = false;
  let columns = 1;
  let chars = 0;
  let record = 1;
  const tooLong = () =>
    new ImportLimitError(`row ${record} is larger than ${limits.maxRecordChars.toLocaleString('en-US')} characters, the limit for one row (a quote (") that is never closed?)`);
  const tooWide = () => new ImportLimitError(`row ${record} has more than ${limits.maxColumns} columns, the limit`);

  return new Transform({
    decodeStrings: false,
    transform(chunk: string | Buffer, _enc, done: TransformCallback) {
      if (stopped) return done();
      const text = String(chunk);
      /** Where the current record began in this chunk (0: in an earlier one, already passed on). */
      let recordStart = 0;
      // The rows before the offending one still reach the parser; then the text ends there.
      const stop = (err: ImportLimitError) => {
        stopped = true;
        if (recordStart > 0) this.push(text.slice(0, recordStart));
        this.push(null);
        onLimit(err, record);
        done();
      };
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (pendingQuote) {
          pendingQuote = false;
          if (ch === '"') continue;
          quoted = false;
        }
        if (quoted) {
          if (ch === '"') {
            if (i + 1 === text.length) pendingQuote = true;
            else if (text[i + 1] === '"') i++;
            else quoted = false;
          }
          if (++chars > limits.maxRecordChars) return stop(tooLong());
          continue;
        }
        if (ch === '\n') {
          recordStart = i + 1;
          record++;
          columns = 1;
          chars = 0;
          fieldStart = true;
          continue;
        }
        if (ch === delimiter) {
          if (++columns > limits.maxColumns) return stop(tooWide());
          fieldStart = true;
          continue;
        }
        if (ch === '"' && fieldStart) quoted = true;
        fieldStart = false;
        if (++chars > limits.maxRecordChars) return stop(tooLong());
      }
      done(null, chunk);
    },
  });
}
