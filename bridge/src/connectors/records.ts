import { createHash } from 'node:crypto';
import type { CustomerInput } from '@ringside/shared';
import { foldHeader } from '../import/csv-mapping.js';
import { mergeCustomerInput } from '../import/importer.js';
import { buildRow, type FieldValues } from '../import/rows.js';
import type { NumberingConfig } from '../phone/normalize.js';
import { keepLine } from './connector.js';
import type { SyncLine } from './sync-port.js';

/**
 * A customer key from a company name: readable, within the customer number's alphabet, and
 * stable across runs. The hash tells "Müller GmbH" from "Muller GmbH" apart.
 */
export function companyKey(company: string): string {
  const exact = company.trim().replace(/\s+/g, ' ').toLowerCase();
  const slug = exact.split(/[^\p{L}\p{N}]+/u).map(foldHeader).filter(Boolean).join('-').slice(0, 48).replace(/-+$/, '');
  const hash = createHash('sha1').update(exact).digest('hex').slice(0, 8);
  return slug ? `O-${slug}-${hash}` : `O-${hash}`;
}

/** Any identifier (an LDAP entryUUID, a DN, a vCard href) as a key with `prefix`. */
export function idKey(prefix: string, id: string): string {
  const clean = id.replace(/[^A-Za-z0-9._-]/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  if (clean && clean.length <= 56 && clean === id) return `${prefix}${clean}`;
  // Too long or rewritten: a hash keeps different ids apart.
  return `${prefix}${clean.slice(0, 40)}-${createHash('sha1').update(id).digest('hex').slice(0, 12)}`;
}

/**
 * Records of one source grouped into customers: a company with its persons as contacts. The
 * groups are held in memory until the run ends (about 1 KB per person), because directories and
 * address books are not sorted by company.
 */
export class CustomerGroups {
  private readonly groups = new Map<string, CustomerInput>();
  /** Keys with a record that could not be read: kept, not deleted, when nothing else is there. */
  private readonly unreadable = new Set<string>();

  constructor(
    private readonly numbering: NumberingConfig,
    private readonly skip: (where: string, field: string, message: string) => void,
  ) {}

  /** Add one record under `key`; the record is skipped (and reported) when it is no customer. */
  add(key: string, fields: FieldValues, where: string): void {
    const row = buildRow(0, { ...fields, customerNo: [key] }, this.numbering);
    if (!row.ok) {
      this.unreadable.add(key);
      return this.skip(where, row.field, row.message);
    }
    const existing = this.groups.get(row.customerNo);
    if (!existing) {
      this.groups.set(row.customerNo, row.input);
      return;
    }
    const problem = mergeCustomerInput(existing, row.input);
    if (problem) this.skip(where, 'customer', problem);
  }

  get size(): number {
    return this.groups.size;
  }

  /**
   * The customers as sync lines, in the order they were first seen (the write path does not
   * care, and sorting a large directory would hold the event loop); the consumer's own pace
   * decides how many go at once.
   */
  async *lines(): AsyncGenerator<SyncLine> {
    for (const [customerNo, input] of this.groups) yield { customer: { customerNo, ...input } };
    for (const key of this.unreadable) if (!this.groups.has(key)) yield keepLine(key);
  }
}
