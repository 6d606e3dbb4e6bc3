import { describe, expect, it } from 'vitest';
import { recordDigest } from './record-digest.js';

const customer = {
  company: 'Müller GmbH',
  notes: null,
  customerSince: null,
  phones: [{ number: '030 2312574-0', label: 'Zentrale', main: true }],
  contacts: [],
};
const DE = { country: 'DE' as const, trunkPrefix: null };

describe('recordDigest', () => {
  it('is the digest records were stored with before (a change would rewrite every record once)', () => {
    // Computed with the first implementation (a Hash object fed the header and the JSON in two parts).
    expect(recordDigest('customer', customer, DE)).toBe('OM5zm4RELSA5wNbpBC53sjrT0xc');
    expect(recordDigest('document', { kind: 'invoice', amount: 1840.5 }, { country: 'AT', trunkPrefix: '0' })).toBe('eUT2d1csLS8_AFxqk8Ztz0BbBDM');
  });

  it('changes with the content, the kind and the numbering plan', () => {
    const base = recordDigest('customer', customer, DE);
    expect(recordDigest('customer', { ...customer, company: 'Mueller GmbH' }, DE)).not.toBe(base);
    expect(recordDigest('conversation', customer, DE)).not.toBe(base);
    expect(recordDigest('customer', customer, { country: 'AT', trunkPrefix: null })).not.toBe(base);
    expect(recordDigest('customer', customer, { country: 'DE', trunkPrefix: '0' })).not.toBe(base);
  });
});
