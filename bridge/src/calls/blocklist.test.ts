import { describe, expect, it } from 'vitest';
import { createBlocklist } from './blocklist.js';

const numbering = { country: 'DE' as const, trunkPrefix: null };

describe('block list', () => {
  const isBlocked = createBlocklist(['0900 1234567', '+49 30 9999999'], numbering);

  it.each([
    ['+499001234567', true],
    ['0049 900 123 45 67', true],
    ['4930 9999999', true],
    ['030 9999998', false],
    [null, false],
    ['anonymous', false],
  ])('%s -> %s', (raw, expected) => {
    expect(isBlocked(raw)).toBe(expected);
  });

  it('refuses an entry that is not a number', () => {
    expect(() => createBlocklist(['Werbung'], numbering)).toThrow('Werbung');
  });
});
