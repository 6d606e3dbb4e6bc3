import { describe, expect, it } from 'vitest';
import { dialableNumber, numberForDialer } from './dial-number.js';

const DE = { country: 'DE' as const, trunkPrefix: null };
const notBlocked = () => false;

describe('dialableNumber', () => {
  it('reads the notations agents and web pages use', () => {
    for (const raw of ['030 2312574', '+49 (30) 231 25 74', '0049302312574', '+49302312574', '+49-30-2312574']) {
      expect(dialableNumber(raw, DE, notBlocked)).toEqual({ e164: '+49302312574', display: '030 2312574' });
    }
  });

  it('does not strip a trunk prefix from what a human typed', () => {
    expect(dialableNumber('030 2312574', { country: 'DE', trunkPrefix: '0' }, notBlocked)).toMatchObject({ e164: '+49302312574' });
  });

  it('refuses internal, invalid and blocked numbers with their own code', () => {
    expect(dialableNumber('21', DE, notBlocked)).toMatchObject({ code: 'number_internal' });
    expect(dialableNumber('**610', DE, notBlocked)).toMatchObject({ code: 'number_internal' });
    expect(dialableNumber('hello', DE, notBlocked)).toMatchObject({ code: 'number_invalid' });
    expect(dialableNumber('030 2312574', DE, (e) => e === '+49302312574')).toMatchObject({ code: 'number_blocked' });
  });
});

describe('numberForDialer', () => {
  it('gives cloud APIs E.164', () => {
    expect(numberForDialer('+49302312574', 'e164', { country: 'DE', trunkPrefix: '0' })).toBe('+49302312574');
  });

  it('dials national and foreign numbers like a desk phone, behind the trunk prefix', () => {
    expect(numberForDialer('+49302312574', 'dialed', DE)).toBe('0302312574');
    expect(numberForDialer('+43122345678', 'dialed', DE)).toBe('0043122345678');
    expect(numberForDialer('+49302312574', 'dialed', { country: 'DE', trunkPrefix: '0' })).toBe('00302312574');
    expect(numberForDialer('+12125551234', 'dialed', { country: 'US', trunkPrefix: '9' })).toBe('912125551234');
    expect(numberForDialer('+4930231257421', 'dialed', DE)).toBe('030231257421');
  });
});
