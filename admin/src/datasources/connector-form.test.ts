import { describe, expect, it } from 'vitest';
import type { ConnectorView } from '@ringside/shared';
import { connectorInput, formValuesOf } from './connector-form.js';

const ldapView: ConnectorView = {
  id: 'ad',
  kind: 'ldap',
  every: '1h',
  enabled: true,
  settings: { url: 'ldaps://dc.example.local', base: 'dc=example,dc=local', schema: 'activeDirectory', pageSize: 500, startTls: false, attributes: { customerNo: 'employeeNumber' } },
  secrets: { password: { set: true, env: null } },
  fromFile: false,
  running: false,
  runningElsewhere: false,
  lastRun: null,
  nextRunAt: null,
};

describe('data source form', () => {
  it('sends only the chosen kind’s fields and leaves an empty password out (the stored one stays)', () => {
    const values = { ...formValuesOf(null, 'carddav'), id: 'nc', url: ' https://cloud.example.de/remote.php/dav/ ', username: 'anna', customers: 'SELECT 1' };
    expect(connectorInput(values)).toEqual({ ok: true, input: { id: 'nc', kind: 'carddav', every: '15m', enabled: true, url: 'https://cloud.example.de/remote.php/dav/', username: 'anna' } });
  });

  it('reads an LDAP connector back into the form and out again unchanged', () => {
    const values = formValuesOf(ldapView);
    expect(values.attributes).toBe('customerNo=employeeNumber');
    const result = connectorInput(values);
    expect(result).toEqual({
      ok: true,
      input: { id: 'ad', kind: 'ldap', every: '1h', enabled: true, url: 'ldaps://dc.example.local', startTls: false, base: 'dc=example,dc=local', schema: 'activeDirectory', pageSize: 500, attributes: { customerNo: 'employeeNumber' } },
    });
  });

  it('names the field of an unreadable attribute line or page size', () => {
    expect(connectorInput({ ...formValuesOf(ldapView), attributes: 'customerNo employeeNumber' })).toEqual({ ok: false, field: 'attributes', message: 'ds_attributes_invalid' });
    expect(connectorInput({ ...formValuesOf(ldapView), pageSize: 'viele' })).toEqual({ ok: false, field: 'pageSize', message: 'ds_page_size_invalid' });
  });
});
