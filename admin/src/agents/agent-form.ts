/**
 * The agent form's data: which phone systems get their own identifier input, and how the
 * typed text becomes an AgentInput. Pure, so the merge rules are unit-tested.
 */
import type { AgentInput, AgentView } from '@ringside/shared';
import { DIAL_SOURCES } from '@ringside/shared/admin-constants';
import type { MessageKey } from '../i18n/i18n.js';
import { splitList } from '../lib/dom.js';

export interface IdentifierSource {
  id: string;
  label: string;
  hint: MessageKey;
  placeholder: string;
}

/** Systems that name ringing phones their own way (README, "Who rings"). */
export const IDENTIFIER_SOURCES: readonly IdentifierSource[] = [
  { id: 'sipgate', label: 'sipgate', hint: 'ident_hint_sipgate', placeholder: 'w0' },
  { id: 'placetel', label: 'Placetel', hint: 'ident_hint_placetel', placeholder: '7771234e0' },
  { id: 'fritzbox', label: 'Fritz!Box', hint: 'ident_hint_fritzbox', placeholder: '9876543, 10' },
  { id: 'zammad', label: 'Zammad / Generic CTI', hint: 'ident_hint_zammad', placeholder: 'Ben Berger' },
  { id: 'twilio', label: 'Twilio', hint: 'ident_hint_twilio', placeholder: 'client:ben' },
  { id: '3cx', label: '3CX', hint: 'ident_hint_3cx', placeholder: '101' },
  { id: 'asterisk', label: 'Asterisk / FreePBX (AMI)', hint: 'ident_hint_asterisk', placeholder: 'PJSIP/21' },
];

export interface AgentFormValues {
  name: string;
  email: string;
  extensions: string;
  /** Per source id, the text of its input. */
  identifiers: Record<string, string>;
  /** Click-to-dial: per phone system, the device that rings first ('' = none). */
  dialDevices?: Record<string, string>;
}

/** Placeholders of the dial-device inputs: what a device id looks like at each system. */
export const DIAL_DEVICE_PLACEHOLDERS: Record<(typeof DIAL_SOURCES)[number], string> = {
  fritzbox: 'FON1: Büro',
  sipgate: 'e0',
  placetel: '777123456e1@fpbx.de',
  asterisk: '21',
  generic: '21',
};

export function formValuesOf(agent: AgentView): AgentFormValues {
  return {
    name: agent.name,
    email: agent.email ?? '',
    extensions: agent.extensions.join(', '),
    identifiers: Object.fromEntries(IDENTIFIER_SOURCES.map((s) => [s.id, (agent.identifiers[s.id] ?? []).join(', ')])),
    dialDevices: Object.fromEntries(DIAL_SOURCES.map((s) => [s, agent.dialDevices?.[s] ?? ''])),
  };
}

export const EMPTY_FORM: AgentFormValues = { name: '', email: '', extensions: '', identifiers: {} };

/**
 * Identifiers the form shows replace what is stored; identifiers of systems the form has no
 * input for (set through the API) are kept; an emptied input removes that system's list.
 */
export function mergeIdentifiers(typed: Record<string, string>, existing: Record<string, string[]> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [source, list] of Object.entries(existing)) {
    if (!IDENTIFIER_SOURCES.some((s) => s.id === source) && list.length > 0) out[source] = list;
  }
  for (const s of IDENTIFIER_SOURCES) {
    const list = splitList(typed[s.id] ?? '');
    if (list.length > 0) out[s.id] = list;
  }
  return out;
}

export function agentInputFrom(values: AgentFormValues, existing?: AgentView): AgentInput {
  const email = values.email.trim();
  return {
    name: values.name.trim(),
    email: email === '' ? null : email,
    extensions: splitList(values.extensions),
    identifiers: mergeIdentifiers(values.identifiers, existing?.identifiers),
    // Every system's field goes along: '' removes a device the administrator emptied.
    ...(values.dialDevices && { dialDevices: Object.fromEntries(DIAL_SOURCES.map((s) => [s, (values.dialDevices?.[s] ?? '').trim()])) }),
  };
}

/** "sipgate: w0 · Fritz!Box: 1" for the list. */
export function identifierSummary(identifiers: Record<string, string[]>): string {
  return Object.entries(identifiers)
    .filter(([, list]) => list.length > 0)
    .map(([source, list]) => `${IDENTIFIER_SOURCES.find((s) => s.id === source)?.label ?? source}: ${list.join(', ')}`)
    .join(' · ');
}
