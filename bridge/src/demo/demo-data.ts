import type { z } from 'zod';
import type { conversationInputSchema, customerInputSchema, documentInputSchema } from '@ringside/shared';

/**
 * A realistic German demo data set: the customer base of a small electrical, solar and roofing
 * firm (agents Ben, Lena and Murat). Everything is fictitious. Where the Bundesnetzagentur sets
 * numbers aside for media productions ("Drama Numbers": 030 23125xxx, 040 66969xxx,
 * 069 90009xxx, 0221 4710xxx, 089 99998xxx, 0152 288173xx) the demo uses them; the other numbers
 * are invented and only formatted plausibly.
 *
 * All dates are relative to `now` (local calendar of the machine running the bridge), so the demo
 * always looks current: an invoice is "overdue since 10 days", a contact has a birthday today,
 * one company has been a customer for exactly ten years.
 */

export interface DemoCustomer {
  customerNo: string;
  /** Body of `PUT /api/customers/{customerNo}`. */
  customer: z.input<typeof customerInputSchema>;
  documents: Array<{ documentNo: string } & z.input<typeof documentInputSchema>>;
  conversations: Array<z.input<typeof conversationInputSchema>>;
}

type DemoDocument = DemoCustomer['documents'][number];

/**
 * The number to put in the printed curl line that simulates a call: direct-dial extension 21 of
 * Müller & Söhne's switchboard `030 2312574-0`. No stored number equals it, so the card shows a
 * switchboard match.
 */
export const DEMO_CALLER = '+49 30 2312574-21';

const pad = (n: number): string => String(n).padStart(2, '0');

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** `YYYY-MM-DD` of a local calendar day. */
function ymd(d: Date): string {
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** ISO 8601 with the local offset (`2026-03-14T09:42:00+01:00`). */
function isoWithOffset(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${ymd(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Date helpers bound to one `now`. */
function clock(now: Date) {
  const y = now.getFullYear();
  const m = now.getMonth();
  const d = now.getDate();
  return {
    /** A day relative to today: `day(-10)` is ten days ago, `day(14)` in two weeks. */
    day: (offsetDays: number): string => ymd(new Date(y, m, d + offsetDays)),
    /** A point in time `daysAgo` days back (at least 1, so never in the future) at hh:mm local time. */
    at: (daysAgo: number, hour: number, minute: number): string =>
      isoWithOffset(new Date(y, m, d - daysAgo, hour, minute)),
    /** A point in time earlier today (or late yesterday just after midnight). */
    minutesAgo: (minutes: number): string =>
      isoWithOffset(new Date(Math.floor(now.getTime() / 60_000) * 60_000 - minutes * 60_000)),
    /** Today's calendar day `years` years back; 29 February falls back to the 28th. */
    yearsAgoToday: (years: number): string => {
      const year = y - years;
      return ymd(new Date(year, m, m === 1 && d === 29 && !isLeapYear(year) ? 28 : d));
    },
    /** A start date that is deliberately not an anniversary: `years` years and `days` days back. */
    since: (years: number, days: number): string => ymd(new Date(y - years, m, d - days)),
    /**
     * A birthday in `birthYear` on the calendar day `offsetDays` from today (0: today).
     * Other contacts use offsets of at least three days so exactly one birthday is today.
     */
    birthday: (offsetDays: number, birthYear: number): string => {
      const target = new Date(y, m, d + offsetDays);
      const tm = target.getMonth();
      let td = target.getDate();
      let year = birthYear;
      if (tm === 1 && td === 29 && !isLeapYear(year)) {
        if (offsetDays === 0) year -= year % 4; // born on a 29 February: pick a leap year
        else td = 28;
      }
      return ymd(new Date(year, tm, td));
    },
  };
}

/** A document with its ERP number (`RE-2026-0412`: prefix, year of the document date, sequence) and link. */
function doc(prefix: string, seq: number, fields: Omit<DemoDocument, 'documentNo' | 'url'> & { date: string }): DemoDocument {
  const documentNo = `${prefix}-${fields.date.slice(0, 4)}-${String(seq).padStart(4, '0')}`;
  return { documentNo, ...fields, url: `https://erp.example.de/belege/${documentNo}` };
}

/** About a dozen customers whose dates are relative to `now`. */
export function demoCustomers(now: Date): DemoCustomer[] {
  const { day, at, minutesAgo, yearsAgoToday, since, birthday } = clock(now);
  const thisYear = now.getFullYear();

  return [
    // --- Companies ------------------------------------------------------------------------------
    {
      customerNo: '10023',
      customer: {
        company: 'Müller & Söhne Immobilien GmbH',
        notes:
          'Rahmenvertrag Elektro-Wartung für 14 Wohnobjekte in Pankow und Prenzlauer Berg. ' +
          'Rechnungen immer mit Objektnummer, sonst bleiben sie in der Buchhaltung liegen.',
        customerSince: yearsAgoToday(10),
        phones: [
          { number: '030 2312574-0', label: 'Zentrale', main: true },
          { number: '030 2312574-99', label: 'Fax' },
        ],
        contacts: [
          {
            salutation: 'Herr',
            firstName: 'Jürgen',
            lastName: 'Weiß',
            role: 'Geschäftsführer',
            email: 'j.weiss@mueller-soehne.example',
            birthday: birthday(23, 1964),
            notes:
              'War im Urlaub auf Fuerteventura und fragt gern nach Tipps fürs Windsurfen. ' +
              'Entscheidet alles über 10.000 € selbst.',
            phones: [
              { number: '030 2312574-14', label: 'Durchwahl' },
              { number: '0171 3920042', label: 'Mobil' },
            ],
          },
          {
            salutation: 'Frau',
            firstName: 'Sabine',
            lastName: 'Quellmalz',
            role: 'Einkauf',
            email: 's.quellmalz@mueller-soehne.example',
            birthday: birthday(-41, 1979),
            notes: 'Bitte erst nach 10 Uhr anrufen, vormittags ist sie auf der Baustellenrunde.',
            phones: [{ number: '030 2312574-32', label: 'Durchwahl' }],
          },
          {
            salutation: 'Herr',
            firstName: 'Tobias',
            lastName: 'Krüger',
            role: 'Buchhaltung',
            email: 'buchhaltung@mueller-soehne.example',
            notes: 'Rechnungen nur als PDF per E-Mail. Zieht immer 2 % Skonto, auch nach Fristablauf.',
            phones: [{ number: '030 2312574-45', label: 'Durchwahl' }],
          },
        ],
      },
      documents: [
        doc('AN', 117, {
          kind: 'offer',
          title: 'Treppenhausbeleuchtung LED mit Bewegungsmeldern, Wisbyer Str. 12',
          status: 'open',
          amount: 18450,
          date: day(-12),
          due: day(18),
        }),
        doc('AU', 88, {
          kind: 'order',
          title: 'Erneuerung Zählerschränke Florastr. 44 (Objekt 07)',
          status: 'open',
          amount: 27960.5,
          date: day(-34),
        }),
        doc('RE', 412, {
          kind: 'invoice',
          title: 'Abschlagsrechnung 1 zu Zählerschränke Florastr. 44',
          status: 'overdue',
          amount: 8388.15,
          date: day(-24),
          due: day(-10),
        }),
        doc('RE', 371, {
          kind: 'invoice',
          title: 'E-Check Gemeinschaftsflächen, 4 Objekte',
          status: 'paid',
          amount: 1963.5,
          date: day(-75),
          due: day(-61),
        }),
      ],
      conversations: [
        {
          at: at(1, 14, 20),
          channel: 'call',
          agent: 'Lena',
          contact: 'Frau Sabine Quellmalz',
          subject: 'Angebot Treppenhausbeleuchtung',
          summary:
            'Fragt nach der Lieferzeit der LED-Leuchten (ca. 3 Wochen) und ob die Bewegungsmelder ' +
            'auch im Keller nachgerüstet werden können. Will das mit Herrn Weiß besprechen.',
          result: 'Rückruf vereinbart',
          followUp: day(2),
        },
        {
          at: at(3, 9, 5),
          channel: 'email',
          agent: 'Ben',
          contact: 'Herr Tobias Krüger',
          subject: 'Zahlungserinnerung Abschlagsrechnung',
          summary:
            'Die Abschlagsrechnung liegt zur Freigabe bei Herrn Weiß, der diese Woche auf der Messe ' +
            'ist. Zahlung bis Ende nächster Woche zugesagt.',
          result: 'Zahlung zugesagt',
          followUp: day(5),
        },
        {
          at: at(6, 16, 45),
          channel: 'note',
          agent: 'Lena',
          subject: '10 Jahre Zusammenarbeit',
          summary: 'Jubiläum steht an: Präsentkorb und Karte bestellt, Übergabe beim nächsten Termin vor Ort.',
        },
        {
          at: at(9, 8, 30),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Herr Jürgen Weiß',
          subject: 'Baustellenbegehung Florastr. 44',
          summary:
            'Zählerschränke im Vorderhaus fertig, Hinterhaus nächste Woche. Im Keller fehlt eine ' +
            'Unterverteilung für die neue Waschküche.',
          result: 'Nachtragsangebot angefragt',
        },
        {
          at: at(12, 11, 10),
          channel: 'email',
          agent: 'Lena',
          contact: 'Frau Sabine Quellmalz',
          subject: 'Angebot Treppenhausbeleuchtung versendet',
          summary: 'Angebot mit zwei Varianten (Standard und Premium mit Dämmerungsschalter) als PDF verschickt.',
          result: 'Angebot versendet',
        },
        {
          at: at(20, 10, 0),
          channel: 'meeting',
          agent: 'Ben',
          contact: 'Herr Jürgen Weiß',
          subject: 'Jahresgespräch Rahmenvertrag',
          summary:
            'Rückblick aufs Jahr, Preisanpassung 3,5 % akzeptiert. Herr Weiß war gerade aus ' +
            'Fuerteventura zurück und bestens gelaunt.',
          result: 'Rahmenvertrag um 2 Jahre verlängert',
        },
      ],
    },
    {
      customerNo: '10031',
      customer: {
        company: 'Bäckerei Schröder GmbH & Co. KG',
        notes: 'Backstube in Hamburg-Eimsbüttel, drei Filialen. Notdienst-Kunde: Störungen haben Vorrang.',
        customerSince: since(6, 127),
        phones: [{ number: '040 669691-0', label: 'Backstube / Büro', main: true }],
        contacts: [
          {
            salutation: 'Frau',
            firstName: 'Anke',
            lastName: 'Schröder',
            role: 'Geschäftsführerin',
            email: 'anke.schroeder@baeckerei-schroeder.example',
            birthday: birthday(3, 1971),
            notes: 'Ist ab 3 Uhr in der Backstube, bei Störungen auch früh morgens anrufen. Mag keine E-Mails.',
            phones: [{ number: '0152 28817386', label: 'Mobil' }],
          },
          {
            salutation: 'Herr',
            firstName: 'Mehmet',
            lastName: 'Yıldız',
            role: 'Filialleitung Eppendorf',
            phones: [{ number: '040 669691-23', label: 'Filiale Eppendorf' }],
          },
        ],
      },
      documents: [
        doc('SA', 231, {
          kind: 'service',
          title: 'Störung Kühlzelle Backstube: Sicherung löst aus',
          status: 'open',
          amount: null,
          date: day(-1),
        }),
        doc('AN', 109, {
          kind: 'offer',
          title: 'PV-Anlage 29,6 kWp auf dem Dach der Backstube inkl. 20-kWh-Speicher',
          status: 'open',
          amount: 41280,
          date: day(-16),
          due: day(14),
        }),
        doc('RE', 398, {
          kind: 'invoice',
          title: 'Wartung Ladenbeleuchtung, 3 Filialen',
          status: 'open',
          amount: 642.6,
          date: day(-5),
          due: day(9),
        }),
        doc('RE', 302, {
          kind: 'invoice',
          title: 'Austausch Steuerung Etagenofen',
          status: 'paid',
          amount: 2317.3,
          date: day(-96),
          due: day(-82),
        }),
      ],
      conversations: [
        {
          at: minutesAgo(40),
          channel: 'note',
          agent: 'Lena',
          subject: 'Ersatzteil Kühlzelle',
          summary: 'Schütz für die Kühlzelle beim Großhandel bestellt, Lieferung morgen früh. Murat baut ihn ein.',
        },
        {
          at: at(1, 5, 48),
          channel: 'call',
          agent: 'Murat',
          contact: 'Frau Anke Schröder',
          subject: 'Notdienst: Kühlzelle ohne Strom',
          summary:
            'Sicherung der Kühlzelle fliegt immer wieder raus. Vor Ort: Schütz verschmort, ' +
            'provisorisch überbrückt, Ware gerettet.',
          result: 'Provisorisch behoben, Ersatzteil nötig',
          followUp: day(1),
        },
        {
          at: at(16, 13, 15),
          channel: 'visit',
          agent: 'Ben',
          contact: 'Frau Anke Schröder',
          subject: 'Dachbesichtigung PV',
          summary: 'Dach der Backstube ist 2015 neu gedeckt worden, Statik reicht. Hoher Tagesverbrauch, Speicher lohnt sich.',
          result: 'Angebot erstellt',
        },
        {
          at: at(40, 10, 30),
          channel: 'call',
          agent: 'Lena',
          contact: 'Herr Mehmet Yıldız',
          subject: 'Flackernde Leuchten Filiale Eppendorf',
          summary: 'Zwei Leuchten im Verkaufsraum flackern. Termin zur Wartung aller drei Filialen vereinbart.',
          result: 'Termin vereinbart',
        },
      ],
    },
    {
      customerNo: '10045',
      customer: {
        company: 'Kanzlei Dr. Brandt & Partner Rechtsanwälte',
        notes: 'Bürogemeinschaft mit dem Architekturbüro Große im Haus Bonner Str. 212, gemeinsamer Empfang.',
        customerSince: since(4, 58),
        phones: [{ number: '0221/4710334', label: 'Empfang (Bürogemeinschaft)', main: true }],
        contacts: [
          {
            salutation: 'Herr Dr.',
            firstName: 'Matthias',
            lastName: 'Brandt',
            role: 'Partner',
            email: 'brandt@kanzlei-brandt.example',
            notes: 'Legt Wert auf den Doktortitel. Termine nur über Frau Ückermann.',
          },
          {
            salutation: 'Frau',
            firstName: 'Carola',
            lastName: 'Ückermann',
            role: 'Büroleitung',
            email: 'ueckermann@kanzlei-brandt.example',
            birthday: birthday(-120, 1983),
            phones: [{ number: '0221 4710341', label: 'Durchwahl' }],
          },
        ],
      },
      documents: [
        doc('AU', 91, {
          kind: 'order',
          title: 'Netzwerkverkabelung Cat. 7 für zwei Besprechungsräume',
          status: 'open',
          amount: 6840,
          date: day(-8),
          due: day(21),
        }),
        doc('RE', 356, {
          kind: 'invoice',
          title: 'Prüfung ortsveränderlicher Geräte (DGUV V3), 48 Geräte',
          status: 'paid',
          amount: 571.2,
          date: day(-68),
          due: day(-54),
        }),
      ],
      conversations: [
        {
          at: at(4, 15, 30),
          channel: 'call',
          agent: 'Ben',
          contact: 'Frau Carola Ückermann',
          subject: 'Termin Netzwerkverkabelung',
          summary: 'Arbeiten nur freitags ab 14 Uhr, weil dann keine Mandantentermine sind. Schlüssel liegt am Empfang.',
          result: 'Termin bestätigt',
        },
        {
          at: at(8, 9, 50),
          channel: 'email',
          agent: 'Ben',
          contact: 'Herr Dr. Matthias Brandt',
          subject: 'Auftragsbestätigung Netzwerkverkabelung',
          summary: 'Angebot ohne Änderungen angenommen, Auftragsbestätigung verschickt.',
          result: 'Angebot zugesagt',
        },
        {
          at: at(68, 11, 0),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Frau Carola Ückermann',
          subject: 'DGUV-V3-Prüfung',
          summary: '48 Geräte geprüft, zwei Verlängerungskabel ausgesondert und ersetzt.',
          result: 'Prüfprotokoll übergeben',
        },
      ],
    },
    {
      customerNo: '10046',
      customer: {
        company: 'Architekturbüro Petra Große',
        notes: 'Plant Dachausbauten in der Kölner Südstadt und empfiehlt uns regelmäßig weiter. Empfang teilt sie mit der Kanzlei Brandt.',
        customerSince: since(2, 211),
        phones: [{ number: '+49 221 4710334', label: 'Zentrale (Bürogemeinschaft)', main: true }],
        contacts: [
          {
            salutation: 'Frau',
            firstName: 'Petra',
            lastName: 'Große',
            role: 'Inhaberin, Architektin',
            email: 'post@grosse-architektur.example',
            birthday: birthday(67, 1975),
            notes: 'Immer direkt aufs Handy, im Büro ist sie selten.',
            phones: [{ number: '0176-48213907', label: 'Mobil' }],
          },
        ],
      },
      documents: [
        doc('AN', 124, {
          kind: 'offer',
          title: 'Elektroplanung Dachgeschossausbau Teutoburger Str. 9',
          status: 'open',
          amount: 3920,
          date: day(-6),
          due: day(24),
        }),
        doc('AN', 98, {
          kind: 'offer',
          title: 'Elektroinstallation Dachgeschoss Alteburger Str. 31',
          status: 'closed',
          amount: 22410,
          date: day(-140),
          due: day(-110),
        }),
      ],
      conversations: [
        {
          at: at(2, 17, 5),
          channel: 'call',
          agent: 'Ben',
          contact: 'Frau Petra Große',
          subject: 'Elektroplanung Teutoburger Str.',
          summary: 'Bauherr möchte zusätzlich KNX für Rollläden. Angebot soll um eine Alternativposition ergänzt werden.',
          result: 'Angebot wird überarbeitet',
          followUp: day(4),
        },
        {
          at: at(6, 10, 40),
          channel: 'email',
          agent: 'Ben',
          contact: 'Frau Petra Große',
          subject: 'Angebot Elektroplanung',
          summary: 'Angebot für die Elektroplanung inkl. Leitungsführung im Kniestock verschickt.',
          result: 'Angebot versendet',
        },
        {
          at: at(112, 14, 0),
          channel: 'call',
          agent: 'Lena',
          contact: 'Frau Petra Große',
          subject: 'Absage Alteburger Str.',
          summary: 'Bauherr hat einen günstigeren Anbieter aus dem Bekanntenkreis genommen. Frau Große bedauert das.',
          result: 'Angebot abgelehnt',
        },
      ],
    },
    {
      customerNo: '10052',
      customer: {
        company: 'Ebner Gastro GmbH',
        notes:
          'Sitz in Wien, betreibt zwei Kaffeehäuser in Wien und eines in Passau. Wir betreuen nur den ' +
          'Standort Passau, Ludwigstraße 18. Rechnungen an die Wiener Adresse.',
        customerSince: since(1, 145),
        phones: [{ number: '+43 1 5048832-0', label: 'Büro Wien', main: true }],
        contacts: [
          {
            salutation: 'Herr',
            firstName: 'Florian',
            lastName: 'Ebner',
            role: 'Geschäftsführer',
            email: 'florian.ebner@ebner-gastro.example',
            birthday: birthday(-9, 1981),
            notes: 'Begrüßt alle mit „Servus“. Ist dienstags immer in Passau, dann auch persönlich erreichbar.',
            phones: [{ number: '+43 664 3827461', label: 'Mobil' }],
          },
          {
            salutation: 'Frau',
            firstName: 'Theresa',
            lastName: 'Pichler',
            role: 'Buchhaltung',
            email: 'buchhaltung@ebner-gastro.example',
            phones: [{ number: '+43 1 5048832-14', label: 'Durchwahl' }],
          },
        ],
      },
      documents: [
        doc('AU', 79, {
          kind: 'order',
          title: 'Küchenelektrik Café Passau: Starkstromanschlüsse und neue Unterverteilung',
          status: 'open',
          amount: 14875,
          date: day(-52),
        }),
        doc('RE', 389, {
          kind: 'invoice',
          title: 'Teilrechnung Küchenelektrik Café Passau',
          status: 'overdue',
          amount: 4312.2,
          date: day(-38),
          due: day(-24),
        }),
        doc('OP', 42, {
          kind: 'open-item',
          title: 'Restbetrag Schlussrechnung Beleuchtung Gastraum (Kürzung strittig)',
          status: 'open',
          amount: 380,
          date: day(-88),
          due: day(-58),
        }),
      ],
      conversations: [
        {
          at: at(5, 11, 25),
          channel: 'call',
          agent: 'Lena',
          contact: 'Frau Theresa Pichler',
          subject: 'Offene Teilrechnung',
          summary:
            'Rechnung war in Wien nicht angekommen (falsche E-Mail-Adresse). Neu an buchhaltung@ ' +
            'geschickt, Zahlung innerhalb einer Woche zugesagt.',
          result: 'Zahlung zugesagt',
          followUp: day(3),
        },
        {
          at: at(14, 8, 15),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Herr Florian Ebner',
          subject: 'Baustelle Café Passau',
          summary: 'Unterverteilung gesetzt, Anschlüsse für Kombidämpfer und Spülmaschine fertig. Abnahme nach Lieferung der Küche.',
          result: 'Abnahme nach Küchenlieferung',
        },
        {
          at: at(58, 16, 0),
          channel: 'email',
          agent: 'Ben',
          contact: 'Herr Florian Ebner',
          subject: 'Kürzung Schlussrechnung Gastraum',
          summary: 'Herr Ebner kürzt 380 € wegen einer nachträglich versetzten Leuchte. Aus unserer Sicht war das ein Sonderwunsch.',
          result: 'Klärung offen',
        },
      ],
    },
    {
      customerNo: '10058',
      customer: {
        company: 'Autohaus Kraus GmbH',
        notes: 'Markenhändler in Düsseldorf-Bilk mit eigener Werkstatt. DGUV-V3-Prüfung jährlich im Frühjahr.',
        customerSince: since(7, 33),
        phones: [{ number: '+49 211 5839270', label: 'Zentrale', main: true }],
        contacts: [
          {
            salutation: 'Herr',
            firstName: 'Stefan',
            lastName: 'Kraus',
            role: 'Geschäftsführer',
            email: 's.kraus@autohaus-kraus.example',
            birthday: birthday(150, 1969),
            notes: 'Fährt selbst elektrisch und ist Feuer und Flamme für die Wallboxen. Fortuna-Fan.',
            phones: [{ number: '+49 211 5839270-10', label: 'Durchwahl' }],
          },
          {
            salutation: 'Frau',
            firstName: 'Melanie',
            lastName: 'Öztürk',
            role: 'Buchhaltung',
            email: 'm.oeztuerk@autohaus-kraus.example',
            notes: 'Urlaubsvertretung macht Herr Dahlmann, der aber keine Zahlungen freigeben darf.',
            phones: [{ number: '+49 211 5839270-23', label: 'Durchwahl' }],
          },
          {
            salutation: 'Herr',
            firstName: 'Paul',
            lastName: 'Dahlmann',
            role: 'Werkstattleiter',
            phones: [{ number: '0160 93847562', label: 'Mobil' }],
          },
        ],
      },
      documents: [
        doc('AU', 95, {
          kind: 'order',
          title: 'Installation 6 Wallboxen 22 kW mit Lastmanagement, Kundenparkplatz',
          status: 'open',
          amount: 23806,
          date: day(-27),
        }),
        doc('RE', 405, {
          kind: 'invoice',
          title: 'Abschlagsrechnung Wallboxen (Material)',
          status: 'overdue',
          amount: 11900,
          date: day(-21),
          due: day(-7),
        }),
        doc('SA', 218, {
          kind: 'service',
          title: 'Prüfung ortsveränderlicher Geräte (DGUV V3), Werkstatt',
          status: 'open',
          amount: 1240,
          date: day(-3),
          due: day(11),
        }),
        doc('RE', 344, {
          kind: 'invoice',
          title: 'Beleuchtung Showroom: Austausch auf LED-Strahler',
          status: 'paid',
          amount: 7644.56,
          date: day(-150),
          due: day(-136),
        }),
      ],
      conversations: [
        {
          at: at(1, 10, 12),
          channel: 'call',
          agent: 'Ben',
          contact: 'Herr Stefan Kraus',
          subject: 'Wallboxen: Freischaltung durch Netzbetreiber',
          summary: 'Netzbetreiber hat die Anmeldung bestätigt. Herr Kraus möchte bis zur Eröffnungsaktion in drei Wochen fertig sein.',
          result: 'Montagetermin zugesagt',
        },
        {
          at: at(2, 14, 40),
          channel: 'email',
          agent: 'Lena',
          contact: 'Frau Melanie Öztürk',
          subject: 'Abschlagsrechnung Wallboxen überfällig',
          summary: 'Freundliche Zahlungserinnerung geschickt. Frau Öztürk ist laut Abwesenheitsnotiz bis Montag im Urlaub.',
          result: 'Erinnerung versendet',
          followUp: day(4),
        },
        {
          at: at(3, 9, 0),
          channel: 'call',
          agent: 'Murat',
          contact: 'Herr Paul Dahlmann',
          subject: 'Termin DGUV-V3-Prüfung',
          summary: 'Prüfung in der Werkstatt an zwei Samstagen, damit der Betrieb nicht steht.',
          result: 'Termin vereinbart',
        },
        {
          at: at(27, 11, 30),
          channel: 'meeting',
          agent: 'Ben',
          contact: 'Herr Stefan Kraus',
          subject: 'Auftragsgespräch Ladeinfrastruktur',
          summary: 'Sechs Ladepunkte jetzt, Leerrohre für sechs weitere. Förderantrag stellt das Autohaus selbst.',
          result: 'Angebot zugesagt',
        },
        {
          at: at(150, 15, 20),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Herr Stefan Kraus',
          subject: 'Abnahme Showroom-Beleuchtung',
          summary: 'Alle Strahler ausgerichtet, Herr Kraus sehr zufrieden.',
          result: 'Abgenommen',
        },
      ],
    },
    {
      customerNo: '10064',
      customer: {
        company: 'Metzgerei Huber e. K.',
        notes: 'Metzgerei mit Partyservice in München-Giesing. Kühlhaus und Räucherkammer laufen rund um die Uhr.',
        customerSince: since(12, 200),
        phones: [{ number: '0049 (0)89 99998140', label: 'Laden' }],
        contacts: [
          {
            salutation: 'Herr',
            firstName: 'Ludwig',
            lastName: 'Huber',
            role: 'Inhaber',
            birthday: birthday(-77, 1958),
            notes: 'Bitte nicht samstags anrufen, da ist Verkaufstag. Übergibt den Betrieb bald an die Tochter.',
            phones: [{ number: '0171 3920017', label: 'Mobil' }],
          },
          {
            salutation: 'Frau',
            firstName: 'Theresia',
            lastName: 'Huber',
            role: 'Partyservice, Nachfolgerin',
            email: 'resi@metzgerei-huber.example',
            notes: 'Möchte mit „Resi“ angesprochen werden. Interessiert sich für eine PV-Anlage aufs Kühlhaus.',
            phones: [{ number: '+49 89 99998147', label: 'Büro Partyservice' }],
          },
        ],
      },
      documents: [
        doc('SA', 225, {
          kind: 'service',
          title: 'Wartung Kühlhaus-Elektrik und Netzersatzumschaltung',
          status: 'open',
          amount: 690,
          date: day(-2),
          due: day(12),
        }),
        doc('LS', 154, {
          kind: 'delivery',
          title: 'Ersatz-Leuchtmittel und Feuchtraumleuchten Kühlhaus',
          status: 'closed',
          amount: 318.4,
          date: day(-44),
        }),
        doc('RE', 377, {
          kind: 'invoice',
          title: 'Leuchtentausch Kühlhaus',
          status: 'paid',
          amount: 1109.08,
          date: day(-42),
          due: day(-28),
        }),
      ],
      conversations: [
        {
          at: at(2, 13, 10),
          channel: 'call',
          agent: 'Murat',
          contact: 'Herr Ludwig Huber',
          subject: 'Wartungstermin Kühlhaus',
          summary: 'Wartung am nächsten Mittwoch ab 14 Uhr, wenn die Vormittagsware raus ist.',
          result: 'Termin vereinbart',
        },
        {
          at: at(19, 12, 0),
          channel: 'call',
          agent: 'Ben',
          contact: 'Frau Theresia Huber',
          subject: 'Interesse PV-Anlage',
          summary: 'Hoher Stromverbrauch durch Kühlung. Möchte eine Grobkalkulation, bevor sie mit dem Vater spricht.',
          result: 'Rückruf vereinbart',
          followUp: day(-2),
        },
        {
          at: at(44, 7, 30),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Herr Ludwig Huber',
          subject: 'Leuchtentausch Kühlhaus',
          summary: 'Alte Leuchten waren vereist, durch IP66-Feuchtraumleuchten ersetzt.',
          result: 'Erledigt',
        },
      ],
    },
    {
      customerNo: '10070',
      customer: {
        company: 'Hausverwaltung Fässler & Kunz GbR',
        notes: 'Verwaltet rund 40 Mehrfamilienhäuser in Stuttgart und Esslingen. Aufträge nur schriftlich mit Objektnummer.',
        customerSince: since(3, 40),
        phones: [
          { number: '0711 226845-0', label: 'Zentrale', main: true },
          { number: '0711 226845-66', label: 'Notfall-Hotline Mieter' },
        ],
        contacts: [
          {
            salutation: 'Frau',
            firstName: 'Ingrid',
            lastName: 'Fässler',
            role: 'Geschäftsführerin',
            email: 'fassler@hv-fk.example',
            birthday: birthday(31, 1966),
            notes: 'Legt Wert auf förmliche Anrede und pünktliche Rückrufe. Mittwochs nicht im Büro.',
            phones: [{ number: '0711 226845-12', label: 'Durchwahl' }],
          },
          {
            salutation: 'Herr',
            firstName: 'Dominik',
            lastName: 'Kunz',
            role: 'Objektbetreuung',
            email: 'kunz@hv-fk.example',
            notes: 'Ist meist unterwegs bei den Objekten, Handy bevorzugt.',
            phones: [
              { number: '0711 226845-17', label: 'Durchwahl' },
              { number: '0162 7730915', label: 'Mobil' },
            ],
          },
        ],
      },
      documents: [
        doc('AN', 131, {
          kind: 'offer',
          title: 'Dachsanierung mit PV-Anlage 18 kWp, MFH Böblinger Str. 140',
          status: 'open',
          amount: 64300,
          date: day(-9),
          due: day(21),
        }),
        doc('RE', 416, {
          kind: 'invoice',
          title: 'Austausch Klingelanlage MFH Kernerstr. 8',
          status: 'open',
          amount: 2894.08,
          date: day(-4),
          due: day(26),
        }),
        doc('OP', 39, {
          kind: 'open-item',
          title: 'Gutschrift aus Reklamation Außenleuchten (noch nicht verrechnet)',
          status: 'open',
          amount: -214.2,
          date: day(-47),
        }),
        doc('AU', 84, {
          kind: 'order',
          title: 'Rauchwarnmelder-Nachrüstung 12 Objekte',
          status: 'closed',
          amount: 9180,
          date: day(-190),
        }),
      ],
      conversations: [
        {
          at: at(1, 11, 45),
          channel: 'call',
          agent: 'Ben',
          contact: 'Frau Ingrid Fässler',
          subject: 'Angebot Böblinger Str.',
          summary: 'Eigentümerversammlung entscheidet in drei Wochen. Frau Fässler bittet um eine Kurzpräsentation für die Eigentümer.',
          result: 'Präsentation zugesagt',
          followUp: day(7),
        },
        {
          at: at(4, 8, 20),
          channel: 'email',
          agent: 'Lena',
          contact: 'Herr Dominik Kunz',
          subject: 'Rechnung Klingelanlage',
          summary: 'Rechnung mit Objektnummer und Fotos der neuen Anlage verschickt.',
          result: 'Rechnung versendet',
        },
        {
          at: at(9, 15, 0),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Herr Dominik Kunz',
          subject: 'Dachbegehung Böblinger Str. 140',
          summary: 'Dachziegel porös, Unterspannbahn fehlt. Sanierung und PV in einem Zug sinnvoll.',
          result: 'Angebot wird erstellt',
        },
        {
          at: at(47, 10, 5),
          channel: 'note',
          agent: 'Lena',
          subject: 'Reklamation Außenleuchten',
          summary: 'Zwei Außenleuchten mit Wassereintritt. Hersteller erstattet, Gutschrift mit nächster Rechnung verrechnen.',
        },
      ],
    },

    // --- Private customers (no company, exactly one contact) --------------------------------------
    {
      customerNo: '20104',
      customer: {
        company: null,
        notes: 'Einfamilienhaus in Potsdam-Babelsberg, PV-Anlage 9,8 kWp von uns montiert.',
        customerSince: since(5, 290),
        contacts: [
          {
            salutation: 'Herr',
            firstName: 'Klaus-Dieter',
            lastName: 'Nußbaum',
            email: 'kd.nussbaum@mail.example',
            birthday: birthday(-18, 1957),
            notes: 'Labrador „Bruno“ bellt an der Tür, ist aber harmlos. Zahlt immer sofort. Erzählt gern von seinen Enkeln.',
            phones: [
              { number: '0331 7049215', label: 'Festnetz' },
              { number: '0170 5527318', label: 'Mobil' },
            ],
          },
        ],
      },
      documents: [
        doc('AU', 93, {
          kind: 'order',
          title: 'Nachrüstung Batteriespeicher 10 kWh',
          status: 'open',
          amount: 8950,
          date: day(-11),
        }),
        doc('SA', 229, {
          kind: 'service',
          title: 'Jährliche Wartung PV-Anlage, Firmware-Update Wechselrichter',
          status: 'open',
          amount: 189,
          date: day(-11),
          due: day(19),
        }),
        doc('AN', 102, {
          kind: 'offer',
          title: 'Batteriespeicher 10 kWh inkl. Einbindung in bestehende PV-Anlage',
          status: 'closed',
          amount: 8950,
          date: day(-25),
          due: day(5),
        }),
        doc('RE', 362, {
          kind: 'invoice',
          title: 'Austausch Überspannungsschutz Zählerschrank',
          status: 'paid',
          amount: 436.9,
          date: day(-80),
          due: day(-66),
        }),
      ],
      conversations: [
        {
          at: at(11, 18, 10),
          channel: 'call',
          agent: 'Lena',
          contact: 'Herr Klaus-Dieter Nußbaum',
          subject: 'Batteriespeicher',
          summary: 'Hat mit der Familie gesprochen und möchte den Speicher. Wartung soll gleich mit erledigt werden.',
          result: 'Angebot zugesagt',
        },
        {
          at: at(25, 10, 30),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Herr Klaus-Dieter Nußbaum',
          subject: 'Vor-Ort-Termin Speicher',
          summary: 'Platz im Hauswirtschaftsraum reicht, Wechselrichter ist speicherfähig. Bruno hat Murat adoptiert.',
          result: 'Angebot erstellt',
        },
        {
          at: at(80, 9, 15),
          channel: 'call',
          agent: 'Ben',
          contact: 'Herr Klaus-Dieter Nußbaum',
          subject: 'Nach Gewitter: FI ausgelöst',
          summary: 'Nach einem Gewitter war der Überspannungsschutz defekt. Noch am selben Tag getauscht.',
          result: 'Erledigt',
        },
      ],
    },
    {
      customerNo: '20117',
      customer: {
        company: null,
        notes: 'Mietwohnung in Hamburg-Altona. Reparaturen zahlt die Vermieterin, Rechnung daher an die Hausverwaltung.',
        customerSince: since(0, 20),
        contacts: [
          {
            salutation: 'Frau',
            firstName: 'Elif',
            lastName: 'Demir',
            email: 'elif.demir@mail.example',
            notes: 'Arbeitet im Krankenhaus im Schichtdienst, lieber per SMS oder E-Mail Termine abstimmen.',
            phones: [{ number: '0152 28817391', label: 'Mobil' }],
          },
        ],
      },
      documents: [
        doc('SA', 233, {
          kind: 'service',
          title: 'FI-Schutzschalter löst regelmäßig aus: Fehlersuche',
          status: 'open',
          amount: null,
          date: day(-20),
        }),
      ],
      conversations: [
        {
          at: at(7, 19, 5),
          channel: 'email',
          agent: 'Lena',
          contact: 'Frau Elif Demir',
          subject: 'Termin Fehlersuche',
          summary: 'Zweiter Termin zur Fehlersuche vorgeschlagen, da der Fehler beim ersten Besuch nicht auftrat.',
          result: 'Terminvorschlag gesendet',
          followUp: day(1),
        },
        {
          at: at(18, 16, 30),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Frau Elif Demir',
          subject: 'Fehlersuche FI',
          summary: 'Isolationsmessung aller Stromkreise ohne Befund. Verdacht: Waschmaschine oder Außensteckdose Balkon.',
          result: 'Zweiter Termin nötig',
        },
      ],
    },
    {
      customerNo: '20121',
      customer: {
        company: null,
        notes: 'Altbauwohnung in Köln-Nippes, Eigentum. Schlüssel hat die Nachbarin im 1. OG.',
        customerSince: since(8, 75),
        contacts: [
          {
            salutation: 'Frau',
            firstName: 'Hannelore',
            lastName: 'Weißgerber',
            birthday: birthday(0, thisYear - 80),
            notes:
              'Schwerhörig, bitte laut und langsam sprechen. Tochter Monika Weißgerber kümmert sich um ' +
              'Termine (0176 22018374). Freut sich über einen Anruf zum Geburtstag.',
            phones: [{ number: '0221 4710157', label: 'Festnetz' }],
          },
        ],
      },
      documents: [
        doc('RE', 419, {
          kind: 'invoice',
          title: 'Erneuerung Herdanschlussdose und Küchensteckdosen',
          status: 'open',
          amount: 486.71,
          date: day(-3),
          due: day(11),
        }),
      ],
      conversations: [
        {
          at: at(3, 10, 0),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Frau Hannelore Weißgerber',
          subject: 'Herdanschluss erneuert',
          summary: 'Verschmorte Herdanschlussdose ersetzt, zwei lose Steckdosen in der Küche gleich mit getauscht.',
          result: 'Erledigt',
        },
        {
          at: at(6, 11, 20),
          channel: 'call',
          agent: 'Lena',
          contact: 'Frau Hannelore Weißgerber',
          subject: 'Herd geht nicht mehr',
          summary: 'Herd ohne Funktion, es riecht verbrannt. Sicherung ist raus. Termin mit der Tochter abgestimmt.',
          result: 'Termin vereinbart',
        },
        {
          at: at(9, 8, 40),
          channel: 'note',
          agent: 'Lena',
          subject: 'Runder Geburtstag',
          summary: 'Frau Weißgerber wird bald 80. Karte vom ganzen Team schicken.',
        },
      ],
    },
    {
      customerNo: '20133',
      customer: {
        company: null,
        notes: 'Reihenhaus in Frankfurt-Bornheim.',
        customerSince: since(2, 33),
        contacts: [
          {
            salutation: 'Herr',
            firstName: 'Sven',
            lastName: 'Jäger',
            email: 'sven.jaeger@mail.example',
            birthday: birthday(-200, 1986),
            notes: 'Arbeitet im Schichtdienst, am besten ab 15 Uhr erreichbar. Bevorzugt E-Mail.',
            phones: [
              { number: '069-90009217', label: 'Festnetz' },
              { number: '+49 (0)175 4418203', label: 'Mobil' },
            ],
          },
        ],
      },
      documents: [
        doc('AN', 87, {
          kind: 'offer',
          title: 'Wallbox 11 kW inkl. Zuleitung Carport',
          status: 'closed',
          amount: 2480,
          date: day(-60),
          due: day(-30),
        }),
        doc('RE', 329, {
          kind: 'invoice',
          title: 'Außensteckdosen Terrasse und Gartenbeleuchtung',
          status: 'paid',
          amount: 1175.72,
          date: day(-120),
          due: day(-106),
        }),
      ],
      conversations: [
        {
          at: at(33, 15, 30),
          channel: 'email',
          agent: 'Ben',
          contact: 'Herr Sven Jäger',
          subject: 'Wallbox-Angebot',
          summary: 'Herr Jäger verschiebt die Wallbox, bis das neue Auto geliefert ist, voraussichtlich in zwei Monaten.',
          result: 'Auf später verschoben',
          followUp: day(60),
        },
        {
          at: at(118, 16, 15),
          channel: 'visit',
          agent: 'Murat',
          contact: 'Herr Sven Jäger',
          subject: 'Gartenbeleuchtung',
          summary: 'Vier Außensteckdosen und sechs Pollerleuchten montiert, Dämmerungsschalter eingestellt.',
          result: 'Abgenommen',
        },
      ],
    },
  ];
}
