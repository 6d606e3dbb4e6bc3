import { describe, expect, it } from 'vitest';
import { callView } from '../testing/fixtures.js';
import { mayReuse } from './card-window-state.js';

describe('reusing the open card window', () => {
  const open = { windowId: 5, cardId: 'c1', busy: false };
  const ended = { call: callView({ state: 'ended', outcome: 'answered' }) };
  const ringing = { call: callView({ state: 'ringing' }) };

  it('switches a window whose call has ended', () => expect(mayReuse(open, ended, 'c2')).toBe(true));
  it('not while that call still rings or is being talked', () => {
    expect(mayReuse(open, ringing, 'c2')).toBe(false);
    expect(mayReuse(open, { call: callView({ state: 'answered' }) }, 'c2')).toBe(false);
  });
  it('not over unsaved input', () => expect(mayReuse({ ...open, busy: true }, ended, 'c2')).toBe(false));
  it('a forgotten call or the same card: reuse', () => {
    expect(mayReuse(open, null, 'c2')).toBe(true);
    expect(mayReuse(open, ringing, 'c1')).toBe(true);
  });
  it('no window yet: open one', () => expect(mayReuse(null, null, 'c2')).toBe(false));
});
