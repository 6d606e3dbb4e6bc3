import { describe, expect, it } from 'vitest';
import { customerNoSchema } from '@ringside/shared';
import { companyKey, idKey } from './records.js';

describe('customer keys of connector records', () => {
  it('makes a readable, stable key from a company name that tells near-identical names apart', () => {
    expect(companyKey('Müller & Söhne GmbH')).toMatch(/^O-mueller-soehne-gmbh-[0-9a-f]{8}$/);
    expect(companyKey(' Müller  &  Söhne GmbH ')).toBe(companyKey('müller & söhne gmbh'));
    expect(companyKey('Muller & Sohne GmbH')).not.toBe(companyKey('Müller & Söhne GmbH'));
    expect(companyKey('株式会社')).toMatch(/^O-[0-9a-f]{8}$/);
  });

  it('keeps every key within the customer number alphabet and length', () => {
    const keys = [companyKey('A'.repeat(300)), companyKey('!!!'), idKey('L', 'cn=Jürgen Müller,ou=people,dc=example,dc=org'), idKey('U', 'x'.repeat(200)), idKey('L', 'abc-123')];
    for (const key of keys) expect(customerNoSchema.safeParse(key).success, key).toBe(true);
    expect(idKey('L', 'abc-123')).toBe('Labc-123');
    expect(idKey('L', 'cn=a,dc=x')).not.toBe(idKey('L', 'cn=a;dc=x'));
  });
});
