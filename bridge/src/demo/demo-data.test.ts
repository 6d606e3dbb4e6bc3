import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import {
  conversationInputSchema,
  customerInputSchema,
  customerNoSchema,
  documentInputSchema,
} from '@ringside/shared';
import { DEMO_CALLER, demoCustomers, type DemoCustomer } from './demo-data.js';

const pad = (n: number): string => String(n).padStart(2, '0');
const localDay = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Every local day of a common year and of a leap year, at noon. */
function everyDayOf(...years: number[]): Date[] {
  const days: Date[] = [];
  for (const year of years) {
    for (let d = new Date(year, 0, 1, 12); d.getFullYear() === year; d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 12)) {
      days.push(d);
    }
  }
  return days;
}

function allPhones(c: DemoCustomer): Array<{ number: string; main: boolean; customerNo: string }> {
  const phones = [...(c.customer.phones ?? []), ...(c.customer.contacts ?? []).flatMap((p) => p.phones ?? [])];
  return phones.map((p) => ({ number: p.number, main: p.main ?? false, customerNo: c.customerNo }));
}

function e164(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw, 'DE');
  if (!parsed?.isValid()) throw new Error(`not a valid phone number: ${raw}`);
  return parsed.number;
}

const NOWS = [
  new Date(),
  new Date(2026, 2, 29, 9, 30), // spring DST switch in Germany
  new Date(2028, 1, 29, 0, 10), // leap day, just after midnight
  new Date(2027, 11, 31, 23, 55),
  new Date(2027, 0, 1, 8, 0),
];

describe('demo data', () => {
  it.each(NOWS.map((now) => [now.toISOString(), now] as const))('passes every schema (now = %s)', (_label, now) => {
    for (const c of demoCustomers(now)) {
      expect(customerNoSchema.safeParse(c.customerNo).success, c.customerNo).toBe(true);
      const customer = customerInputSchema.safeParse(c.customer);
      expect(customer.error?.issues ?? [], `customer ${c.customerNo}`).toEqual([]);
      for (const d of c.documents) {
        const { documentNo, ...body } = d;
        const parsed = documentInputSchema.safeParse(body);
        expect(parsed.error?.issues ?? [], `document ${documentNo}`).toEqual([]);
      }
      for (const [i, conv] of c.conversations.entries()) {
        const parsed = conversationInputSchema.safeParse(conv);
        expect(parsed.error?.issues ?? [], `conversation ${c.customerNo}#${i}`).toEqual([]);
      }
    }
  });

  it('has about a dozen customers with unique numbers, and unique document numbers', () => {
    const customers = demoCustomers(new Date());
    expect(customers.length).toBeGreaterThanOrEqual(10);
    expect(customers.length).toBeLessThanOrEqual(15);
    const customerNos = customers.map((c) => c.customerNo);
    expect(new Set(customerNos).size).toBe(customerNos.length);
    const documentNos = customers.flatMap((c) => c.documents.map((d) => d.documentNo));
    expect(new Set(documentNos).size).toBe(documentNos.length);
    for (const c of customers) {
      for (const d of c.documents) {
        expect(d.documentNo).toMatch(/^(AN|AU|RE|SA|LS|OP)-\d{4}-\d{4}$/);
        expect(d.url).toBe(`https://erp.example.de/belege/${d.documentNo}`);
        expect(d.documentNo.slice(3, 7)).toBe(d.date?.slice(0, 4));
      }
    }
  });

  it('gives private customers exactly one contact and companies several ways to reach them', () => {
    const customers = demoCustomers(new Date());
    const privates = customers.filter((c) => c.customer.company == null);
    const companies = customers.filter((c) => c.customer.company != null);
    expect(privates.length).toBeGreaterThanOrEqual(3);
    expect(companies.length).toBeGreaterThanOrEqual(6);
    for (const c of privates) expect(c.customer.contacts, c.customerNo).toHaveLength(1);
    const switchboards = companies.filter((c) => (c.customer.phones ?? []).some((p) => p.main && /-\s*0$/.test(p.number)));
    expect(switchboards.length).toBeGreaterThanOrEqual(3);
  });

  it('has exactly one birthday and one 10-year anniversary today, on every day of a common and a leap year', () => {
    for (const now of everyDayOf(2027, 2028)) {
      const today = localDay(now);
      const customers = demoCustomers(now);
      const monthDay = today.slice(5);
      const birthdays = customers
        .flatMap((c) => c.customer.contacts ?? [])
        .filter((p) => p.birthday?.slice(5) === monthDay);
      expect(birthdays, `birthdays on ${today}`).toHaveLength(1);

      // On 29 February the anniversary of a date in a common year is kept on the 28th.
      const anniversary = monthDay === '02-29' && (now.getFullYear() - 10) % 4 !== 0 ? '02-28' : monthDay;
      const jubilees = customers.filter((c) => c.customer.customerSince === `${now.getFullYear() - 10}-${anniversary}`);
      expect(jubilees, `10-year anniversaries on ${today}`).toHaveLength(1);
      const sameCalendarDay = customers.filter((c) => c.customer.customerSince?.slice(5) === anniversary);
      expect(sameCalendarDay, `anniversaries of any kind on ${today}`).toHaveLength(1);
    }
  });

  it.each(NOWS.map((now) => [now.toISOString(), now] as const))('keeps dates consistent with now (%s)', (_label, now) => {
    const today = localDay(now);
    for (const c of demoCustomers(now)) {
      expect(c.conversations.length, c.customerNo).toBeGreaterThanOrEqual(2);
      expect(c.conversations.length, c.customerNo).toBeLessThanOrEqual(7);
      for (const conv of c.conversations) {
        expect(conv.at).toBeDefined();
        expect(Date.parse(conv.at ?? '')).toBeLessThanOrEqual(now.getTime());
        expect(['Ben', 'Lena', 'Murat']).toContain(conv.agent);
      }
      for (const d of c.documents) {
        expect(d.date! <= today, `${d.documentNo} dated in the future`).toBe(true);
        if (d.status === 'overdue') expect(d.due! < today, `${d.documentNo} overdue but not due`).toBe(true);
        if (d.kind === 'invoice' && d.status === 'open') expect(d.due! >= today, `${d.documentNo} open but past due`).toBe(true);
      }
    }
  });

  it('covers every document kind and status, every channel, and some overdue invoices', () => {
    const customers = demoCustomers(new Date());
    const documents = customers.flatMap((c) => c.documents);
    expect(new Set(documents.map((d) => d.kind))).toEqual(new Set(['offer', 'order', 'invoice', 'delivery', 'service', 'open-item']));
    expect(new Set(documents.map((d) => d.status))).toEqual(new Set(['open', 'closed', 'paid', 'overdue']));
    expect(documents.filter((d) => d.kind === 'invoice' && d.status === 'overdue').length).toBeGreaterThanOrEqual(2);
    const channels = new Set(customers.flatMap((c) => c.conversations.map((conv) => conv.channel)));
    expect(channels).toEqual(new Set(['call', 'email', 'meeting', 'visit', 'note']));
  });

  it('stores only valid phone numbers, one of them shared by two customers', () => {
    const phones = demoCustomers(new Date()).flatMap(allPhones);
    const owners = new Map<string, Set<string>>();
    for (const p of phones) {
      const key = e164(p.number);
      owners.set(key, (owners.get(key) ?? new Set()).add(p.customerNo));
    }
    const shared = [...owners.entries()].filter(([, customers]) => customers.size > 1);
    expect(shared).toHaveLength(1);
    expect(shared[0]?.[1].size).toBe(2);
    // Written differently, so the demo also shows that matching normalizes.
    const spellings = phones.filter((p) => e164(p.number) === shared[0]?.[0]).map((p) => p.number);
    expect(new Set(spellings).size).toBe(2);
    expect(phones.some((p) => p.number.startsWith('+43'))).toBe(true);
  });

  it('simulates a call from a direct-dial extension that is stored nowhere', () => {
    const phones = demoCustomers(new Date()).flatMap(allPhones);
    expect(phones.map((p) => p.number)).not.toContain(DEMO_CALLER);
    const caller = e164(DEMO_CALLER);
    expect(phones.map((p) => e164(p.number))).not.toContain(caller);
    // It hangs off exactly one stored switchboard (`030 2312574-0` -> +49302312574...).
    const switchboards = phones.filter((p) => p.main && caller.startsWith(e164(p.number.replace(/-\s*0$/, ''))));
    expect(switchboards.map((p) => p.number)).toEqual(['030 2312574-0']);
  });
});
