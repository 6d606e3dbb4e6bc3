import WebSocket from 'ws';
import { contactDisplayName, decodeJson, parseServerMessage, type CallMessage } from '@ringside/shared';

/**
 * `npm run listen -- <agent token> [bridge URL]`: a terminal agent. It connects like the
 * extension does and prints each call as a short card, so a newcomer sees the product work
 * before installing the extension.
 */
const [token, base = 'http://127.0.0.1:7070'] = process.argv.slice(2);
if (!token) {
  process.stderr.write('usage: npm run listen -- <agent token> [bridge URL]\n');
  process.exit(2);
}

function describe(msg: CallMessage): string {
  const { call, lookup } = msg;
  const lines = [`[${msg.eventId}] ${msg.event.toUpperCase()}  ${call.from.display || 'Rufnummer unterdrückt'}  (${call.source})`];
  if (msg.event === 'answered') lines.push(`  angenommen von ${call.answeredByName ?? call.answeredBy ?? '?'}`);
  if (msg.event === 'ended') lines.push(`  beendet: ${call.outcome}`);
  for (const match of lookup?.matches ?? []) {
    const { card, contact, level } = match;
    const who = contact ? contactDisplayName(contact) : '';
    lines.push(`  ${[who, card.company].filter(Boolean).join(' - ')}  [Kd.-Nr. ${card.customerNo}, ${level === 'exact' ? 'exakt' : 'über Zentrale'}]`);
    for (const doc of card.openDocuments.slice(0, 3)) {
      lines.push(`    ${doc.status === 'overdue' ? '!' : ' '} ${doc.kind} ${doc.documentNo} ${doc.title ?? ''} ${doc.amount ?? ''} ${doc.currency}`);
    }
    for (const conv of card.conversations.slice(0, 2)) {
      lines.push(`    ${conv.at.slice(0, 10)} ${conv.agent ?? ''}: ${conv.subject ?? ''} -> ${conv.result ?? ''}`);
    }
  }
  if (lookup && lookup.matches.length === 0) lines.push(`  ${lookup.status === 'withheld' ? 'Rufnummer unterdrückt' : 'Unbekannter Anrufer'}`);
  return lines.join('\n');
}

const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`);
ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
ws.on('message', (data) => {
  const json = decodeJson(data.toString());
  const parsed = json.ok ? parseServerMessage(json.value) : json;
  if (!parsed.ok) return;
  const msg = parsed.value;
  if (msg.type === 'welcome') process.stdout.write(`Verbunden als ${msg.agent.name}. Warte auf Anrufe ...\n`);
  if (msg.type === 'call') process.stdout.write(`${describe(msg)}\n\n`);
});
ws.on('close', (code, reason) => {
  process.stderr.write(`Verbindung geschlossen (${code} ${reason.toString()})\n`);
  process.exit(code === 4401 ? 1 : 0);
});
ws.on('error', (err) => {
  process.stderr.write(`Bridge nicht erreichbar: ${err.message}\n`);
  process.exit(1);
});
