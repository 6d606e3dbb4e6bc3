import { describe, expect, it } from 'vitest';
import { BrokenStreamError, LINE_TOO_LONG, MAX_LINE_BYTES, ndjsonLines } from './ndjson-lines.js';

async function lines(...chunks: (string | Buffer)[]) {
  const out: unknown[] = [];
  async function* source() {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
  }
  try {
    for await (const l of ndjsonLines(source())) out.push(l);
  } catch (err) {
    out.push(err instanceof BrokenStreamError ? `broken at ${err.line}: ${err.message}` : err);
  }
  return out;
}

describe('ndjsonLines', () => {
  it('splits on LF, drops a CR before it, keeps blank lines and a last line without LF', async () => {
    expect(await lines('{"a":1}\r\n\n{"b":', '2}\n{"c":3}')).toEqual(['{"a":1}', '', '{"b":2}', '{"c":3}']);
  });

  it('joins a character split between chunks', async () => {
    const text = Buffer.from('{"company":"Müller"}\n');
    const at = text.indexOf(0xc3) + 1; // inside the two bytes of "ü"
    expect(await lines(text.subarray(0, at), text.subarray(at))).toEqual(['{"company":"Müller"}']);
  });

  it('hands out the lines before one that is not UTF-8, then ends the stream there', async () => {
    const bad = Buffer.concat([Buffer.from('{"a":1}\n{"b":"M'), Buffer.from([0xfc]), Buffer.from('ller"}\n{"c":3}\n')]);
    expect(await lines(bad)).toEqual(['{"a":1}', 'broken at 2: line 2 is not valid UTF-8']);
  });

  it('reports an overlong line as such without holding it, and goes on', async () => {
    const long = 'x'.repeat(MAX_LINE_BYTES / 4);
    expect(await lines('{"a":1}\n', long, long, long, long, long, '\n{"b":2}\n')).toEqual(['{"a":1}', LINE_TOO_LONG, '{"b":2}']);
  });
});
