import * as shared from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { contactDisplayName, CSRF_HEADER, IMPORT_FIELDS } from './contract.js';

describe('local copies of the contract', () => {
  it('match the shared values', () => {
    expect(CSRF_HEADER).toBe(shared.CSRF_HEADER);
    expect([...IMPORT_FIELDS]).toEqual([...shared.IMPORT_FIELDS]);
  });

  it('names contacts as shared does', () => {
    for (const c of [
      { salutation: 'Herr', firstName: 'Jonas', lastName: 'Welter' },
      { salutation: null, firstName: null, lastName: 'Quellmalz' },
      { salutation: '', firstName: 'Anke', lastName: null },
    ]) {
      expect(contactDisplayName(c)).toBe(shared.contactDisplayName(c));
    }
  });
});
