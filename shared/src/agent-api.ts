import { z } from 'zod';
import type { CallView } from './call.js';
import { conversationInputSchema, customerInputSchema, phoneInputSchema } from './customer.js';

/**
 * The agent-facing HTTP API under `/api/me/`, authenticated with the agent's pairing token as
 * `Authorization: Bearer <token>`. The extension's side panel and card use it; the admin/ERP
 * API under `/api/` needs the admin token instead.
 *
 * GET  /api/me                              -> AgentInfo
 * GET  /api/me/search?q=                    -> { results: CustomerSummary[] }
 * GET  /api/me/customers/{customerNo}       -> CustomerCard (404 when unknown)
 * POST /api/me/customers/{customerNo}/conversations   NoteInput -> 201 Conversation
 * POST /api/me/customers                    NewCustomerInput -> 201 CustomerCard
 * POST /api/me/customers/{customerNo}/phones AttachPhoneInput -> 201 CustomerCard (200: the number was
 *                                          there already, nothing stored)
 * GET  /api/me/calls?scope=today|missed     -> { calls: CallListEntry[] }
 * POST /api/me/callbacks                    CallbackInput -> { updated: number }
 */

/** A note after a call; the agent's name is filled in by the bridge from the token. */
export const noteInputSchema = conversationInputSchema.omit({ agent: true }).extend({
  /** The call the note is about, so the callback list can show it was handled. */
  callId: z.string().max(200).optional(),
});
export type NoteInput = z.infer<typeof noteInputSchema>;

/** Creating a customer from an unknown caller's card. */
export const newCustomerInputSchema = z.object({
  customerNo: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/)
    .optional(),
  customer: customerInputSchema,
});
export type NewCustomerInput = z.infer<typeof newCustomerInputSchema>;

/** Attaching the caller's number to an existing customer (or one of its contacts). */
export const attachPhoneInputSchema = phoneInputSchema.extend({
  contactId: z.number().int().positive().optional(),
});
export type AttachPhoneInput = z.infer<typeof attachPhoneInputSchema>;

export const callbackInputSchema = z.object({
  callIds: z.array(z.string().min(1).max(200)).min(1).max(500),
  done: z.boolean().optional().default(true),
});
export type CallbackInput = z.infer<typeof callbackInputSchema>;

/**
 * How a missed call came off the callback list: an agent called back (or marked it / wrote a
 * note about it), or the caller called again and got through.
 */
export type CallbackResolution = 'called-back' | 'caller-reached-us';

export interface CallListEntry extends CallView {
  /** Missed inbound call from a number one can dial that still waits for someone to call back. */
  callbackPending: boolean;
  /** Name of the agent who marked it done, or who took the caller's later call. */
  callbackDoneBy: string | null;
  callbackDoneAt: string | null;
  callbackResolution: CallbackResolution | null;
}
