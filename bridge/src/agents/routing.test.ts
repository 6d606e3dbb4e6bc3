import { describe, expect, it } from 'vitest';
import { isAgentIdentifier, ringsFor } from './routing.js';

const ben = { extensions: ['21'], identifiers: { sipgate: ['w0'], fritzbox: ['1'] } };

describe('routing a call to agents', () => {
  it.each([
    ['generic', null, true],
    ['generic', [], true],
    ['generic', ['21'], true],
    ['generic', ['22'], false],
    ['asterisk', ['22', '21'], true],
    ['sipgate', ['w0'], true],
    ['sipgate', ['w1'], false],
    ['placetel', ['w0'], false],
    ['fritzbox', ['1'], true],
    ['sipgate', ['1'], false],
    ['sipgate', ['21'], true],
  ] as const)('%s ringing %j -> %s', (source, targets, expected) => {
    expect(ringsFor(ben, source, targets)).toBe(expected);
  });

  it('names who answered per source', () => {
    expect(isAgentIdentifier(ben, 'sipgate', 'w0')).toBe(true);
    expect(isAgentIdentifier(ben, 'fritzbox', 'w0')).toBe(false);
    expect(isAgentIdentifier(ben, 'zammad', '21')).toBe(true);
  });
});
