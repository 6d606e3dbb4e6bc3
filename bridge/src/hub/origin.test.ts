import { describe, expect, it } from 'vitest';
import { judgeOrigin, originAllowed } from './origin.js';

describe('WebSocket origin check', () => {
  it.each([
    [undefined, null, true],
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', null, true],
    ['moz-extension://2b3c4d5e-0000-4000-8000-000000000000', null, true],
    ['https://evil.example', null, false],
    ['http://127.0.0.1:7070', null, false],
    ['null', null, false],
    ['chrome-extension://abc', ['chrome-extension://abc'], true],
    ['chrome-extension://abc/', ['chrome-extension://abc'], true],
    ['chrome-extension://other', ['chrome-extension://abc'], false],
    ['https://admin.example', ['https://admin.example'], true],
  ] as const)('%s with %j -> %s', (origin, allowed, expected) => {
    expect(originAllowed(origin, allowed)).toBe(expected);
  });
});

describe('origin verdicts', () => {
  it.each([
    [undefined, null, 'none'],
    ['moz-extension://2b3c4d5e-0000-4000-8000-000000000000', null, 'allowed'],
    ['moz-extension://2b3c4d5e-0000-4000-8000-000000000000', ['chrome-extension://abc'], 'refusedExtension'],
    ['https://evil.example', ['chrome-extension://abc'], 'webPage'],
    ['https://evil.example', null, 'webPage'],
  ] as const)('%s with %j -> %s', (origin, allowed, expected) => {
    expect(judgeOrigin(origin, allowed)).toBe(expected);
  });
});
