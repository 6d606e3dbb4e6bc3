import { describe, expect, it } from 'vitest';
import { localeMessages } from '../testing/render-context.js';
import { badgeLook } from './badge-look.js';

describe('badge', () => {
  it.each([
    ['connected', 0, '●', 'badge_connected'],
    ['reconnecting', 0, '…', 'badge_reconnecting'],
    ['signedOut', 0, '!', 'badge_signedOut'],
    ['unconfigured', 0, '?', 'badge_unconfigured'],
    ['originRefused', 0, '!', 'badge_originRefused'],
    ['connected', 1, '☎', 'badge_ringing'],
    ['reconnecting', 2, '2', 'badge_ringing'],
    ['signedOut', 1, '!', 'badge_signedOut'],
  ] as const)('%s with %d ringing shows %s', (status, ringing, text, titleKey) => {
    const look = badgeLook(status, ringing);
    expect(look).toMatchObject({ text, titleKey });
    expect(localeMessages('de')).toHaveProperty(look.titleKey);
  });
});
