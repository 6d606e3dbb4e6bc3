import type { CustomerInput, PhoneInput } from '@ringside/shared';

/**
 * A deterministic, plausible German customer base: firms with a switchboard (`030 2312574-0`)
 * whose staff have direct-dial extensions and mobiles, and private customers with a landline or
 * a mobile. Deterministic so two runs measure the same lookups.
 */

/** mulberry32: tiny, seedable, good enough to spread numbers; Math.random would make runs differ. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: Rand, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
/** German subscriber numbers never start with 0 or 1. */
const subscriber = (r: Rand, length: number): string => String(int(r, 2, 9)) + digits(r, length - 1);
const digits = (r: Rand, length: number): string => {
  let s = '';
  for (let i = 0; i < length; i++) s += String(Math.floor(r() * 10));
  return s;
};

/** Area codes of the seeded firms and households, with the subscriber lengths usual there. */
const AREAS: readonly { code: string; lengths: readonly number[] }[] = [
  ...['30', '40', '69', '89'].map((code) => ({ code, lengths: [6, 7, 8] })),
  ...['221', '211', '711', '231', '201', '421', '511', '341', '351', '911', '521', '228', '234', '621', '721', '761', '631', '681', '361', '391', '331', '381', '431', '451', '541', '551', '561', '611', '641', '821', '841', '941', '931'].map(
    (code) => ({ code, lengths: [5, 6, 7] }),
  ),
  ...['2151', '2161', '6131', '7031', '8031', '4131', '5121', '6151', '7071', '9131', '2241', '6221'].map((code) => ({ code, lengths: [4, 5, 6] })),
];
/**
 * Callers nobody stored: these area codes and this mobile prefix are never seeded, so an
 * "unknown" call is unknown by construction and not by luck.
 */
const UNSEEDED_AREAS = ['345', '371', '441', '6441', '2331'];
const UNSEEDED_MOBILE = '177';
const MOBILE_PREFIXES = ['151', '152', '157', '159', '160', '162', '163', '170', '171', '172', '173', '174', '175', '176', '178', '179'];

const FIRST = ['Jonas', 'Lena', 'Murat', 'Anna', 'Lukas', 'Sophie', 'Ben', 'Marie', 'Paul', 'Emilia', 'Leon', 'Hannah', 'Finn', 'Mia', 'Elias', 'Lea', 'Felix', 'Laura', 'Maximilian', 'Julia', 'Ayşe', 'Mehmet', 'Katarzyna', 'Dmitri', 'Jürgen', 'Sabine', 'Uwe', 'Birgit', 'Özlem', 'Sören'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Welter', 'Yılmaz', 'Kowalski', 'Nowak', 'Öztürk', 'Groß', 'Weiß'];
const TRADES = ['Haustechnik', 'Dachbau', 'Elektro', 'Solartechnik', 'Sanitär', 'Heizungsbau', 'Metallbau', 'Immobilien', 'Steuerberatung', 'Logistik', 'Gartenbau', 'Malerbetrieb', 'Fensterbau', 'Autohaus', 'Bäckerei'];
const FORMS = ['GmbH', 'GmbH & Co. KG', 'KG', 'e.K.', 'AG', 'OHG', '& Söhne'];
const ROLES = ['Geschäftsführung', 'Einkauf', 'Buchhaltung', 'Bauleitung', 'Sekretariat', 'Technik', 'Vertrieb', null];

/** A number as people write it, plus its digits for collision checks. */
interface Written {
  text: string;
  digits: string;
}

export interface SeededCustomer {
  customerNo: string;
  input: CustomerInput;
}

/** What a caller can be, for the webhook mix. */
export type CallerKind = 'exact' | 'switchboard' | 'unknown';

/** Shares of the caller kinds in a mix (0..1); unknown callers make up the rest. */
export interface CallerMix {
  exact: number;
  switchboard: number;
}

export interface Caller {
  kind: CallerKind;
  from: string;
  /** The customer the bridge should name; null for unknown callers. */
  customerNo: string | null;
}

/**
 * Builds the base lazily (one customer at a time) so a million-customer run does not hold every
 * input in memory, and remembers only what the call mix needs.
 */
export class CustomerBase {
  private readonly r: Rand;
  /** Sampling draws from its own stream, so the data does not depend on how much is sampled. */
  private readonly sampling: Rand;
  /** Digits of every stored number: a generated caller must not collide with one by accident. */
  private readonly taken = new Set<string>();
  /** Digits of every switchboard, so a direct-dial caller is not claimed by a longer one. */
  private readonly switchboards = new Set<string>();
  /** Sampled while generating (reservoir), so the mix covers the whole base, not its start. */
  private readonly exact: Caller[] = [];
  private readonly mains: { digits: string; area: string; base: string; customerNo: string }[] = [];
  private exactSeen = 0;
  private mainsSeen = 0;

  constructor(
    seed = 20240611,
    private readonly sampleSize = 4000,
  ) {
    this.r = rng(seed);
    this.sampling = rng(seed ^ 0x5eed);
  }

  *customers(count: number): Generator<SeededCustomer> {
    for (let i = 0; i < count; i++) {
      const customerNo = String(100000 + i);
      yield { customerNo, input: this.r() < 0.6 ? this.company(customerNo) : this.household(customerNo) };
    }
  }

  /**
   * `count` callers, shuffled; by default roughly half exact, a third via a switchboard, the
   * rest unknown. `mix` gives other shares of exact and switchboard callers (the rest unknown).
   */
  callers(count: number, mix: CallerMix = { exact: 0.5, switchboard: 0.32 }): Caller[] {
    const r = rng(7);
    const out: Caller[] = [];
    for (let i = 0; i < count; i++) {
      const x = r();
      if (x < mix.exact && this.exact.length > 0) {
        const c = pick(r, this.exact);
        // PBXs send either form; both must land on the same stored number.
        out.push({ ...c, from: r() < 0.5 ? `+49${c.from.slice(1)}` : c.from });
      } else if (x < mix.exact + mix.switchboard && this.mains.length > 0) out.push(this.directDial(r));
      else out.push(this.unknown(r));
    }
    return out;
  }

  private company(customerNo: string): CustomerInput {
    const r = this.r;
    const area = pick(r, AREAS);
    const base = this.unique(() => subscriber(r, pick(r, area.lengths)), (b) => `0${area.code}${b}`);
    const owner = pick(r, LAST);
    const trade = pick(r, TRADES);
    const phones: PhoneInput[] = [{ number: `0${area.code} ${base}-0`, label: 'Zentrale', main: true }];
    this.take(`0${area.code}${base}`);
    this.switchboards.add(`0${area.code}${base}`);
    this.sampleMain({ digits: `0${area.code}${base}`, area: area.code, base, customerNo });
    if (r() < 0.3) {
      phones.push({ number: `0${area.code} ${base}-99`, label: 'Fax', main: false });
      this.take(`0${area.code}${base}99`);
    }
    const contacts = Array.from({ length: int(r, 1, 4) }, (_, k) => {
      const contactPhones: PhoneInput[] = [];
      if (r() < 0.5) {
        // Direct-dial extensions 10..49; switchboard callers use 50..98, so they never hit one exactly.
        const ext = String(10 + k * 10 + int(r, 0, 9));
        contactPhones.push(this.remember({ text: `0${area.code} ${base}-${ext}`, digits: `0${area.code}${base}${ext}` }, 'Durchwahl', customerNo));
      }
      if (r() < 0.7) contactPhones.push(this.remember(this.mobile(), 'Mobil', customerNo));
      return this.person(contactPhones, `${owner}-${trade}.de`);
    });
    return {
      company: `${owner} ${trade} ${pick(r, FORMS)}`,
      notes: r() < 0.2 ? 'Wartungsvertrag, Rechnung nur per E-Mail' : null,
      customerSince: this.since(),
      phones,
      contacts,
    };
  }

  private household(customerNo: string): CustomerInput {
    const r = this.r;
    const phones: PhoneInput[] = [];
    if (r() < 0.6) {
      const area = pick(r, AREAS);
      const line = this.unique(() => subscriber(r, pick(r, area.lengths)), (b) => `0${area.code}${b}`);
      phones.push(this.remember({ text: `0${area.code} ${line}`, digits: `0${area.code}${line}` }, 'Festnetz', customerNo));
    }
    if (phones.length === 0 || r() < 0.5) phones.push(this.remember(this.mobile(), 'Mobil', customerNo));
    return { company: null, notes: null, customerSince: this.since(), phones: [], contacts: [this.person(phones, 'example.de')] };
  }

  private person(phones: PhoneInput[], domain: string): CustomerInput['contacts'][number] {
    const r = this.r;
    const female = r() < 0.5;
    const firstName = pick(r, FIRST);
    const lastName = pick(r, LAST);
    return {
      salutation: female ? 'Frau' : 'Herr',
      firstName,
      lastName,
      role: pick(r, ROLES),
      // Umlauts would make the address invalid for the schema; an ASCII local part is what ERPs export.
      email: r() < 0.6 ? `${ascii(firstName)}.${ascii(lastName)}@${ascii(domain)}` : null,
      birthday: r() < 0.2 ? `19${int(r, 50, 99)}-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}` : null,
      notes: null,
      phones,
    };
  }

  private mobile(): Written {
    const r = this.r;
    const prefix = pick(r, MOBILE_PREFIXES);
    const rest = this.unique(() => digits(r, 8), (d) => `0${prefix}${d}`);
    return { text: `0${prefix} ${rest}`, digits: `0${prefix}${rest}` };
  }

  private since(): string | null {
    const r = this.r;
    return r() < 0.7 ? `${int(r, 1995, 2024)}-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}` : null;
  }

  private remember(w: Written, label: string, customerNo: string): PhoneInput {
    this.take(w.digits);
    this.sampleExact({ kind: 'exact', from: w.digits, customerNo });
    return { number: w.text, label, main: false };
  }

  private take(d: string): void {
    this.taken.add(d);
  }

  private unique(make: () => string, key: (s: string) => string): string {
    for (;;) {
      const s = make();
      if (!this.taken.has(key(s))) return s;
    }
  }

  private sampleExact(c: Caller): void {
    this.reservoir(this.exact, c, ++this.exactSeen);
  }

  private sampleMain(m: CustomerBase['mains'][number]): void {
    this.reservoir(this.mains, m, ++this.mainsSeen);
  }

  /** Algorithm R: every item seen so far is in the sample with the same probability. */
  private reservoir<T>(sample: T[], item: T, seen: number): void {
    if (sample.length < this.sampleSize) sample.push(item);
    else {
      const j = Math.floor(this.sampling() * seen);
      if (j < this.sampleSize) sample[j] = item;
    }
  }

  /** A direct-dial number nobody stored, on a seeded switchboard: the bridge must find the firm by prefix. */
  private directDial(r: Rand): Caller {
    for (;;) {
      const m = pick(r, this.mains);
      const ext = String(int(r, 50, 98));
      const dialled = `${m.digits}${ext}`;
      if (this.taken.has(dialled) || this.switchboards.has(dialled.slice(0, -1))) continue;
      // Sent the way PBXs send it: international, without separators.
      return { kind: 'switchboard', from: `+49${m.area}${m.base}${ext}`, customerNo: m.customerNo };
    }
  }

  private unknown(r: Rand): Caller {
    if (r() < 0.5) return { kind: 'unknown', from: `0${UNSEEDED_MOBILE}${digits(r, 8)}`, customerNo: null };
    return { kind: 'unknown', from: `0${pick(r, UNSEEDED_AREAS)}${subscriber(r, 6)}`, customerNo: null };
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');
const ascii = (s: string): string =>
  s
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/ş/g, 's')
    .replace(/ı/g, 'i')
    .replace(/[^a-z0-9.-]/g, '');
