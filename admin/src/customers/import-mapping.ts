/**
 * The import's mapping step as data: the options each column offers, their words, changing one
 * column, and the checks worth making before asking the bridge for a new preview. Pure.
 */
import type { ImportJob, ImportPreviewRow, ImportTarget } from '@ringside/shared';
import { IMPORT_FIELDS } from '../lib/contract.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';

export const IMPORT_TARGETS: readonly ImportTarget[] = [...IMPORT_FIELDS, 'ignore'];

const LABEL_KEYS: Record<ImportTarget, MessageKey> = {
  customerNo: 'field_customerNo',
  company: 'field_company',
  salutation: 'field_salutation',
  firstName: 'field_firstName',
  lastName: 'field_lastName',
  name: 'field_name',
  role: 'field_role',
  phone: 'field_phone',
  mobile: 'field_mobile',
  phoneHome: 'field_phoneHome',
  switchboard: 'field_switchboard',
  otherPhones: 'field_otherPhones',
  email: 'field_email',
  birthday: 'field_birthday',
  customerSince: 'field_customerSince',
  notes: 'field_notes',
  contactNotes: 'field_contactNotes',
  ignore: 'field_ignore',
};

export function targetLabel(target: ImportTarget, t: Translate): string {
  return t(LABEL_KEYS[target]);
}

export type Mapping = Record<string, ImportTarget>;

export function isImportTarget(value: string): value is ImportTarget {
  return (IMPORT_TARGETS as readonly string[]).includes(value);
}

/** Every header gets a target: the bridge's guess, else "ignore". */
export function initialMapping(headers: readonly string[], guess: Mapping): Mapping {
  return Object.fromEntries(headers.map((h) => [h, guess[h] ?? 'ignore']));
}

export function withTarget(mapping: Mapping, header: string, target: string): Mapping {
  return { ...mapping, [header]: isImportTarget(target) ? target : 'ignore' };
}

/** Fields that can take several columns: the phone-like lists and notes are joined, not overwritten. */
const MULTI: ReadonlySet<ImportTarget> = new Set(['ignore', 'otherPhones', 'notes', 'contactNotes']);

/** Targets chosen for more than one column, where all but one column would be lost. */
export function duplicateTargets(mapping: Mapping): ImportTarget[] {
  const seen = new Map<ImportTarget, number>();
  for (const target of Object.values(mapping)) seen.set(target, (seen.get(target) ?? 0) + 1);
  return [...seen].filter(([target, n]) => n > 1 && !MULTI.has(target)).map(([target]) => target);
}

const PHONE_TARGETS: readonly ImportTarget[] = ['phone', 'mobile', 'phoneHome', 'switchboard', 'otherPhones'];

/** Without any phone column nothing imported could ever match a call. */
export function hasPhoneColumn(mapping: Mapping): boolean {
  return Object.values(mapping).some((t) => PHONE_TARGETS.includes(t));
}

export function previewCounts(rows: readonly ImportPreviewRow[]): { ok: number; bad: number; unrecognized: number } {
  let ok = 0;
  let bad = 0;
  let unrecognized = 0;
  for (const row of rows) {
    if (!row.ok) bad++;
    else {
      ok++;
      unrecognized += row.phones.filter((p) => p.e164 === null).length;
    }
  }
  return { ok, bad, unrecognized };
}

export function jobFinished(job: ImportJob): boolean {
  return job.state !== 'running';
}
