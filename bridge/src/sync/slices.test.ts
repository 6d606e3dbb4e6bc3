import { describe, expect, it } from 'vitest';
import { Slices } from './slices.js';

/** A clock the test moves by hand, so nothing here depends on the machine's speed. */
function clock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Slices', () => {
  it('ends a slice once this thread has worked about 10 ms', () => {
    const c = clock();
    const slices = new Slices(c.now);
    expect(slices.due(1)).toBe(false);
    c.advance(12);
    expect(slices.due(1)).toBe(true);
  });

  it('does not count waiting for another thread (the parser worker) as work of the slice', async () => {
    const c = clock();
    const slices = new Slices(c.now);
    const line = await slices.idle(Promise.resolve().then(() => (c.advance(50), 'line')));
    expect(line).toBe('line');
    expect(slices.due(1)).toBe(false);
    c.advance(12);
    expect(slices.due(1)).toBe(true);
  });

  it('starts the idle account afresh with each slice', async () => {
    const c = clock();
    const slices = new Slices(c.now);
    await slices.idle(Promise.resolve().then(() => c.advance(50)));
    await slices.write(1, async () => undefined);
    c.advance(12);
    expect(slices.due(1)).toBe(true);
  });
});
