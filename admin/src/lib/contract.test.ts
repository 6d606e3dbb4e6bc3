import * as shared from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { contactDisplayName } from './contract.js';

describe('local copy of the contract', () => {
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
