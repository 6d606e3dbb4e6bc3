import type { Contact, Conversation, CustomerCard, CustomerDocument, Phone } from '@ringside/shared';

/** Row shapes as both stores return them (snake_case columns, `main` as 0/1), and their mapping to the shared card types. */
export interface CustomerRow {
  customer_no: string;
  company: string | null;
  notes: string | null;
  customer_since: string | null;
  updated_at: string;
}
export interface ContactRow {
  id: number;
  customer_no: string;
  salutation: string | null;
  first_name: string | null;
  last_name: string | null;
  role: string | null;
  email: string | null;
  birthday: string | null;
  notes: string | null;
}
export interface PhoneDbRow {
  id: number;
  customer_no: string;
  contact_id: number | null;
  number: string;
  e164: string | null;
  label: string | null;
  main: number;
}
export interface DocumentRow {
  customer_no: string;
  document_no: string;
  kind: CustomerDocument['kind'];
  title: string | null;
  status: CustomerDocument['status'];
  amount: number | null;
  currency: string;
  date: string | null;
  due: string | null;
  url: string | null;
}
export interface ConversationRow {
  id: number;
  customer_no: string;
  at: string;
  channel: Conversation['channel'];
  agent: string | null;
  contact: string | null;
  subject: string | null;
  summary: string | null;
  result: string | null;
  follow_up: string | null;
}

export const toPhone = (r: PhoneDbRow): Phone => ({ number: r.number, e164: r.e164, label: r.label, main: r.main === 1 });

export function toContact(r: ContactRow, phones: PhoneDbRow[]): Contact {
  return {
    id: r.id,
    salutation: r.salutation,
    firstName: r.first_name,
    lastName: r.last_name,
    role: r.role,
    email: r.email,
    birthday: r.birthday,
    notes: r.notes,
    phones: phones.filter((p) => p.contact_id === r.id).map(toPhone),
  };
}

export const toDocument = (r: DocumentRow): CustomerDocument => ({
  documentNo: r.document_no,
  kind: r.kind,
  title: r.title,
  status: r.status,
  amount: r.amount,
  currency: r.currency,
  date: r.date,
  due: r.due,
  url: r.url,
});

export const toConversation = (r: ConversationRow): Conversation => ({
  id: r.id,
  at: r.at,
  channel: r.channel,
  agent: r.agent,
  contact: r.contact,
  subject: r.subject,
  summary: r.summary,
  result: r.result,
  followUp: r.follow_up,
});

export function toCard(
  c: CustomerRow,
  contacts: ContactRow[],
  phones: PhoneDbRow[],
  documents: DocumentRow[],
  conversations: ConversationRow[],
): CustomerCard {
  return {
    customerNo: c.customer_no,
    company: c.company,
    notes: c.notes,
    customerSince: c.customer_since,
    phones: phones.filter((p) => p.contact_id === null).map(toPhone),
    contacts: contacts.map((k) => toContact(k, phones)),
    conversations: conversations.map(toConversation),
    openDocuments: documents.map(toDocument),
    updatedAt: c.updated_at,
  };
}
