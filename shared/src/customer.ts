import { z } from 'zod';
import { absentAsNull, emptyAsNull } from './validate.js';

/** Dates as the ERP sends them: `YYYY-MM-DD`. */
const isoDate = z.iso.date();
/** Points in time: ISO 8601 with offset or `Z`. */
export const isoDateTime = z.iso.datetime({ offset: true });

const text = (max: number) => z.string().trim().max(max);
/** E-mail addresses as German businesses have them, umlauts included (jürgen@müller.de). */
export const emailSchema = z.email({ pattern: z.regexes.unicodeEmail });
const optionalText = (max: number) => emptyAsNull(text(max));

export const phoneInputSchema = z.object({
  number: text(60).min(1, 'number is required'),
  label: optionalText(60),
  /** A switchboard number that direct-dial extensions hang off (`030 2312574-0`). */
  main: z.boolean().optional().default(false),
});

export const contactInputSchema = z.object({
  salutation: optionalText(40),
  firstName: optionalText(100),
  lastName: optionalText(100),
  role: optionalText(100),
  email: emptyAsNull(z.union([emailSchema, z.literal('')])),
  birthday: absentAsNull(isoDate),
  notes: optionalText(4000),
  phones: z.array(phoneInputSchema).max(50).optional().default([]),
});

export const customerInputSchema = z
  .object({
    company: optionalText(200),
    notes: optionalText(4000),
    /** Start of the business relationship; the card celebrates round anniversaries. */
    customerSince: absentAsNull(isoDate),
    phones: z.array(phoneInputSchema).max(50).optional().default([]),
    contacts: z.array(contactInputSchema).max(200).optional().default([]),
  })
  .refine((c) => c.company !== null || c.contacts.length > 0, {
    message: 'a customer needs a company or at least one contact',
    path: ['company'],
  });

/** The path parameter: ERP customer numbers are short, printable and URL-safe. */
export const customerNoSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'customer number may contain letters, digits, ".", "_" and "-"');

export const DOCUMENT_KINDS = ['offer', 'order', 'invoice', 'delivery', 'service', 'open-item'] as const;
export const DOCUMENT_STATUSES = ['open', 'closed', 'paid', 'overdue'] as const;

export const documentInputSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  title: optionalText(300),
  status: z.enum(DOCUMENT_STATUSES).optional().default('open'),
  amount: absentAsNull(z.number().finite()),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as EUR')
    .optional()
    .default('EUR'),
  date: absentAsNull(isoDate),
  due: absentAsNull(isoDate),
  url: absentAsNull(z.url({ protocol: /^https?$/ })),
});

export const CONVERSATION_CHANNELS = ['call', 'email', 'meeting', 'visit', 'note'] as const;

export const conversationInputSchema = z.object({
  at: isoDateTime.optional(),
  channel: z.enum(CONVERSATION_CHANNELS).optional().default('call'),
  agent: optionalText(100),
  contact: optionalText(200),
  subject: optionalText(300),
  summary: optionalText(8000),
  result: optionalText(1000),
  followUp: absentAsNull(isoDate),
});

export type PhoneInput = z.infer<typeof phoneInputSchema>;
export type ContactInput = z.infer<typeof contactInputSchema>;
export type CustomerInput = z.infer<typeof customerInputSchema>;
export type DocumentInput = z.infer<typeof documentInputSchema>;
export type ConversationInput = z.infer<typeof conversationInputSchema>;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export type ConversationChannel = (typeof CONVERSATION_CHANNELS)[number];

/** A stored phone number: the raw text for display, the normalized form for matching. */
export interface Phone {
  number: string;
  e164: string | null;
  label: string | null;
  main: boolean;
}

export interface Contact {
  id: number;
  salutation: string | null;
  firstName: string | null;
  lastName: string | null;
  role: string | null;
  email: string | null;
  birthday: string | null;
  notes: string | null;
  phones: Phone[];
}

export interface Conversation {
  id: number;
  at: string;
  channel: ConversationChannel;
  agent: string | null;
  contact: string | null;
  subject: string | null;
  summary: string | null;
  result: string | null;
  followUp: string | null;
}

export interface CustomerDocument {
  documentNo: string;
  kind: DocumentKind;
  title: string | null;
  status: DocumentStatus;
  amount: number | null;
  currency: string;
  date: string | null;
  due: string | null;
  url: string | null;
}

/** Everything the person at the phone should see at a glance. */
export interface CustomerCard {
  customerNo: string;
  company: string | null;
  notes: string | null;
  customerSince: string | null;
  phones: Phone[];
  contacts: Contact[];
  /** The most recent conversations, newest first (at most five on a call card). */
  conversations: Conversation[];
  /** Documents that still need attention: status `open` or `overdue`. */
  openDocuments: CustomerDocument[];
  updatedAt: string;
}

/** One line of a search result. */
export interface CustomerSummary {
  customerNo: string;
  company: string | null;
  /** "Herr Jonas Welter" for private customers, the company otherwise. */
  displayName: string;
  contacts: string[];
  phones: string[];
}

/** "Herr Jonas Welter": how the person at the phone addresses the caller. */
export function contactDisplayName(c: Pick<Contact, 'salutation' | 'firstName' | 'lastName'>): string {
  return [c.salutation, c.firstName, c.lastName].filter((p) => p && p.length > 0).join(' ');
}
