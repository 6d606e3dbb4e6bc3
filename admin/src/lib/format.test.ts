import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDate, formatDateTime, relativeTime } from './format.js';

describe('format', () => {
  const now = Date.parse('2026-11-20T10:15:30Z');

  it('says how long ago, in German and English', () => {
    expect(relativeTime('2026-11-20T10:15:25Z', now, 'de')).toBe('vor 5 s');
    expect(relativeTime('2026-11-20T10:15:25Z', now, 'en')).toMatch(/5 sec/);
    expect(relativeTime('2026-11-20T10:12:30Z', now, 'de')).toMatch(/^vor 3/);
    expect(relativeTime('2026-11-20T10:15:31Z', now, 'de')).toBe('jetzt');
    expect(relativeTime('not a date', now, 'de')).toBe('');
  });

  it('formats dates the German way by default', () => {
    expect(formatDate('2026-03-04', 'de')).toBe('04.03.2026');
    expect(formatDate('2026-03-04', 'en')).toBe('04/03/2026');
    expect(formatDateTime('2026-11-20T10:15:30Z', 'de')).toMatch(/^20\.11\.2026, \d\d:\d\d:\d\d$/);
    expect(formatDateTime('garbage', 'de')).toBe('garbage');
  });

  it('formats counts and sizes', () => {
    expect(formatCount(1234567, 'de')).toBe('1.234.567');
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatBytes(512, 'de')).toBe('512 B');
    expect(formatBytes(1536, 'de')).toBe('1,5 KB');
  });
});
