import { describe, expect, it } from 'vitest';
import { Slices } from './slices.js';

/** A clock the test moves by hand, so nothing here depends on the machine's speed. */
function clock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Slices', () => {
  it('ends a slice once this thread has worked about 3 ms', () => {
    const c = clock();
    const slices = new Slices(true, c.now);
    expect(slices.due(1)).toBe(false);
    c.advance(4);
    expect(slices.due(1)).toBe(true);
  });

  it('does not count waiting for another thread (the parser worker) as work of the slice', async () => {
    const c = clock();
    const slices = new Slices(true, c.now);
    const line = await slices.idle(Promise.resolve().then(() => (c.advance(50), 'line')));
    expect(line).toBe('line');
    expect(slices.due(1)).toBe(false);
    c.advance(4);
    expect(slices.due(1)).toBe(true);
  });

  it('starts the idle account afresh with each slice', async () => {
    const c = clock();
    const slices = new Slices(true, c.now);
    await slices.idle(Promise.resolve().then(() => c.advance(50)));
    await slices.end(1, async () => undefined);
    c.advance(4);
    expect(slices.due(1)).toBe(true);
  });

  it('off the event loop, writes only full batches and ends a slice on this thread\'s own work', async () => {
    const c = clock();
    const slices = new Slices(false, c.now);
    let writes = 0;
    expect(slices.due(999)).toBe(false);
    expect(slices.due(1000)).toBe(true);
    c.advance(4);
    expect(slices.due(5)).toBe(true);
    await slices.end(5, async () => void writes++);
    expect(writes).toBe(0);
    expect(slices.due(5)).toBe(false);
    await slices.end(1000, async () => void (writes++, c.advance(40)));
    expect(writes).toBe(1);
    expect(slices.due(5)).toBe(false);
  });
});
