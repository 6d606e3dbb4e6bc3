import { describe, expect, it } from 'vitest';
import { memorySettings } from '../testing/memory-settings.js';
import { readState, writeState } from './state-store.js';

const big = (n: number) => JSON.stringify({ cards: Array.from({ length: n }, (_, i) => ({ href: `/c/${i}.vcf`, vcard: 'BEGIN:VCARD\nFN:Jürgen Müller\nEND:VCARD'.padEnd(400) })) });

describe('connector state in the settings table', () => {
  it('keeps a small state in one row, as before, and reads a state stored by an earlier version', async () => {
    const settings = memorySettings({ 'connector-state:nc': '{"syncToken":"t1"}' });
    expect(await readState(settings, 'nc')).toBe('{"syncToken":"t1"}');
    await writeState(settings, 'nc', '{"syncToken":"t2"}');
    expect([...settings.data.keys()]).toEqual(['connector-state:nc']);
    expect(await readState(settings, 'nc')).toBe('{"syncToken":"t2"}');
    expect(await readState(settings, 'other')).toBeNull();
  });

  it('splits a large state into rows of at most 256 KB, and drops the previous rows once the new ones are in place', async () => {
    const settings = memorySettings();
    const first = big(2000); // about 0.9 MB
    await writeState(settings, 'nc', first);
    const rows = () => [...settings.data.entries()].filter(([k]) => k.startsWith('connector-state:nc#'));
    expect(rows().length).toBe(Math.ceil(first.length / (256 * 1024)));
    expect(rows().every(([, v]) => v.length <= 256 * 1024)).toBe(true);
    expect(await readState(settings, 'nc')).toBe(first);

    const second = big(3000);
    await writeState(settings, 'nc', second);
    expect(await readState(settings, 'nc')).toBe(second);
    expect(rows().length).toBe(Math.ceil(second.length / (256 * 1024)));

    // Back to a small state: one row again, nothing left over.
    await writeState(settings, 'nc', '{}');
    expect([...settings.data.keys()]).toEqual(['connector-state:nc']);
  });

  it('a write that stops half-way leaves the previous state whole', async () => {
    const settings = memorySettings();
    const first = big(2000);
    await writeState(settings, 'nc', first);
    const failing = { ...settings, set: async (key: string, value: string) => {
      if (settings.writes > 8) throw new Error('disk full');
      await settings.set(key, value);
    } };
    await expect(writeState(failing, 'nc', big(3000))).rejects.toThrow('disk full');
    expect(await readState(settings, 'nc')).toBe(first);
  });
});
