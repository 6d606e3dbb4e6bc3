import { describe, expect, it } from 'vitest';
import { parseSyncLine, syncLineSchema } from './sync.js';

describe('sync lines', () => {
  it.each([
    [{ customer: { customerNo: 'K1', company: 'Welter GmbH' } }, 'customer'],
    [{ document: { customerNo: 'K1', documentNo: 'RE-1', kind: 'invoice' } }, 'document'],
    [{ conversation: { customerNo: 'K1', subject: 'Angebot' } }, 'conversation'],
    [{ deleteCustomer: 'K1' }, 'deleteCustomer'],
    [{ deleteDocument: { customerNo: 'K1', documentNo: 'RE-1' } }, 'deleteDocument'],
  ])('accepts %j as a %s line, in both validators', (line, kind) => {
    const parsed = parseSyncLine(line);
    expect(parsed.ok && Object.keys(parsed.value)).toEqual([kind]);
    expect(syncLineSchema.safeParse(line).success).toBe(true);
  });

  it.each([
    [{ customer: { customerNo: 'K1' } }, 'customer.company'],
    [{ customer: { customerNo: 'K 1', company: 'X' } }, 'customer.customerNo'],
    [{ customer: { customerNo: 'K1', company: 'X', contacts: [{ lastName: 'Weiß', birthday: '14.03.1975' }] } }, 'customer.contacts.0.birthday'],
    [{ document: { customerNo: 'K1', documentNo: 'RE-1', kind: 'bill' } }, 'document.kind'],
    [{ deleteDocument: { customerNo: 'K1' } }, 'deleteDocument.documentNo'],
    [{ customer: { customerNo: 'K1', company: 'X' }, deleteCustomer: 'K2' }, '(line)'],
    [{}, '(line)'],
    [['customer'], '(line)'],
  ])('names the field of %j: %s', (line, field) => {
    const parsed = parseSyncLine(line);
    expect(parsed.ok ? null : parsed.field).toBe(field);
    expect(syncLineSchema.safeParse(line).success).toBe(false);
  });
});
