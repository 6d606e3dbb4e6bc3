import { describe, expect, it } from 'vitest';
import { phoneFromTelUri, phoneFromText } from './phone-text.js';

describe('phone numbers in page text', () => {
  it('takes the notations web pages use', () => {
    for (const t of ['030 2312574', '+49 (30) 231 25-74', '030/2312574', '0049.30.2312574', ' +49 30 2312574\n', '112']) {
      expect(phoneFromText(t)).not.toBeNull();
    }
  });

  it('leaves words, dates, prices and long text alone', () => {
    for (const t of ['Herr Welter', '24.12.2026', '1.234,50 €', '12', 'ISBN 978-3-16-148410-0 and more text here', '', '2026-12-24T14:02']) {
      expect(phoneFromText(t)).toBeNull();
    }
  });

  it('reads tel: links (RFC 3966), parameters and percent-encoding included', () => {
    expect(phoneFromTelUri('tel:+49-30-2312574')).toBe('+49-30-2312574');
    expect(phoneFromTelUri('tel:2312574;phone-context=+4930')).toBe('2312574');
    expect(phoneFromTelUri('TEL:%2B49%2030%202312574')).toBe('+49 30 2312574');
    expect(phoneFromTelUri('tel://0302312574')).toBe('0302312574');
    expect(phoneFromTelUri('mailto:a@b.de')).toBeNull();
    expect(phoneFromTelUri('tel:%E0%A4%A')).toBeNull();
  });
});
