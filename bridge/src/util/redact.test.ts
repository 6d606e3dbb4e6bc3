import { describe, expect, it } from 'vitest';
import { redactNumbers } from './redact.js';

describe('redactNumbers', () => {
  it.each([
    ['25.08.25 20:15:30;RING;2;012345678901;9876543;SIP0;', '25.08.25 20:15:30;RING;2;############;#######;SIP0;'],
    ['from +49 30 2312574', 'from +## ## #######'],
    ['connId 2', 'connId 2'],
  ])('%s', (input, expected) => {
    expect(redactNumbers(input)).toBe(expected);
  });
});
