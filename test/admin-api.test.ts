/**
 * The admin console's API against a real bridge process and SQLite file: sign-in and the
 * cookie/CSRF rules, phone-system status and test calls, agents and pairing, settings that
 * take effect without a restart, and customer data in and out.
 */
import Database from 'better-sqlite3';
import { journalFileOf } from '../bridge/src/store/sqlite/journal-file.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from './helpers/admin-client.js';
import { ADMIN_TOKEN, BridgeProcess, WEBHOOK_TOKEN } from './helpers/bridge-process.js';
import { AgentClient } from './helpers/ws-client.js';

let bridge: BridgeProcess;
let admin: AdminClient;

beforeAll(async () => {
  bridge = await BridgeProcess.start({ env: { RINGSIDE_DEMO: '1', RINGSIDE_PLACETEL_SECRET: 'placetel-secret-from-env', RINGSIDE_SOURCES: 'zammad,sipgate,twilio,3cx' } });
  admin = await AdminClient.signIn(bridge);
});
afterAll(async () => {
  await bridge?.dispose();
});

describe('session', () => {
  it('refuses a wrong token, naming the field, and sets no cookie', async () => {
    const client = new AdminClient(bridge);
    const res = await client.request('POST', '/admin/api/session', { token: 'wrong-token' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthorized', field: 'token' });
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('sets an HttpOnly, SameSite=Strict cookie for /admin and answers with a CSRF token', async () => {
    const client = new AdminClient(bridge);
    const res = await client.request('POST', '/admin/api/session', { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ringside_admin=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(res.body.csrf).toMatch(/^[\w-]{40,}$/);
    expect((await client.get('/admin/api/session')).body.csrf).toBe(res.body.csrf);
  });

  it('refuses every API call without a session', async () => {
    const anonymous = new AdminClient(bridge);
    for (const path of ['/admin/api/sources', '/admin/api/agents', '/admin/api/settings', '/admin/api/customers', '/admin/api/export/customers.csv']) {
      expect((await anonymous.get(path)).status, path).toBe(401);
    }
    // The bearer token of the ERP API is no way into the console's API.
    const res = await fetch(`${bridge.base}/admin/api/sources`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(401);
  });

  it('refuses a change without the CSRF header, with a wrong one, and from another origin', async () => {
    const client = await AdminClient.signIn(bridge);
    const body = { retentionDays: 30 };
    const csrf = client.csrf!;
    client.csrf = null;
    expect((await client.request('PATCH', '/admin/api/settings', body)).body).toMatchObject({ error: 'forbidden', field: 'x-ringside-csrf' });
    expect((await client.request('PATCH', '/admin/api/settings', body, { 'x-ringside-csrf': 'guess' })).status).toBe(403);
    client.csrf = csrf;
    expect((await client.request('PATCH', '/admin/api/settings', body, { origin: 'https://evil.example' })).body).toMatchObject({ field: 'origin' });
    expect((await client.request('PATCH', '/admin/api/settings', body, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // A cross-site page cannot even read: the browser's Sec-Fetch-Site gives it away.
    expect((await client.request('GET', '/admin/api/agents', undefined, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await client.get('/admin/api/settings')).body.settings.retentionDays).toBe(90);
  });

  it('signs out: the cookie no longer opens anything', async () => {
    const client = await AdminClient.signIn(bridge);
    expect((await client.get('/admin/api/sources')).status).toBe(200);
    const cookieBefore = (client as unknown as { cookie: string }).cookie;
    expect((await client.request('DELETE', '/admin/api/session')).status).toBe(204);
    (client as unknown as { cookie: string }).cookie = cookieBefore;
    expect((await client.get('/admin/api/sources')).status).toBe(401);
  });

  it('serves the console pages with a strict content security policy', async () => {
    const res = await fetch(`${bridge.base}/admin/`);
    expect([200, 503]).toContain(res.status);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('phone systems', () => {
  const source = async (id: string) => ((await admin.ok('GET', '/admin/api/sources')).sources as any[]).find((s) => s.id === id);

  it('lists every source with the exact URL to paste, token included', async () => {
    const { sources } = await admin.ok('GET', '/admin/api/sources');
    expect(sources.map((s: any) => s.id)).toEqual(['generic', 'zammad', 'sipgate', 'placetel', 'twilio', '3cx', 'fritzbox', 'asterisk']);
    expect((await source('sipgate')).urls).toEqual([{ purpose: 'webhook', url: `${bridge.base}/pbx/sipgate/${WEBHOOK_TOKEN}` }]);
    expect((await source('zammad')).urls[0].url).toBe(`${bridge.base}/api/v1/cti/${WEBHOOK_TOKEN}`);
    expect((await source('3cx')).urls.map((u: any) => u.purpose)).toEqual(['template', 'lookup', 'journal']);
    expect(await source('fritzbox')).toMatchObject({ kind: 'stream', connection: { target: null, connected: false }, testable: false });
  });

  it('shows the last event of a webhook posted to the pasted URL', async () => {
    const url = (await source('generic')).urls[0].url as string;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'ringing', callId: 'status-1', from: '+49 221 4711', to: '21' }),
    });
    expect(res.status).toBe(202);
    const generic = await source('generic');
    expect(generic.lastEvent.summary).toBe('ringing in +49 221 4711 -> 21');
    expect(JSON.parse(generic.lastEvent.content)).toMatchObject({ callId: 'status-1' });
    expect(Date.now() - Date.parse(generic.lastEvent.at)).toBeLessThan(60_000);
  });

  it('shows the last error, such as a wrong token', async () => {
    const res = await fetch(`${bridge.base}/pbx/twilio/not-the-token`, { method: 'POST', body: 'CallSid=x' });
    expect(res.status).toBe(401);
    expect((await source('twilio')).lastError).toMatchObject({ status: 401, message: 'webhook token wrong' });
  });

  it('refuses webhooks of a source switched off, and takes them again when on', async () => {
    expect((await admin.ok('PATCH', '/admin/api/sources/zammad', { enabled: false })).enabled).toBe(false);
    const post = () =>
      fetch(`${bridge.base}/api/v1/cti/${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'event=newCall&from=4922147110&to=4930123&direction=in&callId=off-1',
      });
    const off = await post();
    expect(off.status).toBe(403);
    expect(await off.json()).toMatchObject({ error: 'forbidden', field: 'source' });
    expect((await source('zammad')).lastError.message).toMatch(/switched off/);
    await admin.ok('PATCH', '/admin/api/sources/zammad', { enabled: true });
    expect((await post()).status).toBe(200);
  });

  it('stores secrets without ever showing them, checks their form, and leaves environment secrets alone', async () => {
    const secret = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    const saved = await admin.ok('PATCH', '/admin/api/sources/generic', { secrets: { genericSigningSecret: secret } });
    expect(saved.secrets).toEqual([{ name: 'genericSigningSecret', set: true, lockedByEnv: false, format: 'text' }]);
    expect(JSON.stringify(saved)).not.toContain(secret);
    // Now the generic webhook needs a signature.
    expect((await bridge.webhook({ event: 'ringing', callId: 'unsigned-1', from: '+4922112345' })).status).toBe(401);
    await admin.ok('PATCH', '/admin/api/sources/generic', { secrets: { genericSigningSecret: null } });
    expect((await bridge.webhook({ event: 'ringing', callId: 'unsigned-2', from: '+4922112345' })).status).toBe(202);

    const bad = await admin.request('PATCH', '/admin/api/sources/sipgate', { secrets: { sipgatePublicKey: 'not a key' } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('secrets.sipgatePublicKey');
    const locked = await admin.request('PATCH', '/admin/api/sources/placetel', { secrets: { placetelSecret: 'another-secret' } });
    expect(locked.status).toBe(409);
    expect((await source('placetel')).secrets[0]).toMatchObject({ name: 'placetelSecret', set: true, lockedByEnv: true });
    expect((await admin.request('PATCH', '/admin/api/sources/zammad', { secrets: { twilioAuthToken: 'abcdefgh12' } })).body.field).toBe('secrets.twilioAuthToken');
  });

  it('runs a test call through each adapter and shows the card, without journaling it', async () => {
    for (const id of ['generic', 'zammad', 'sipgate', 'placetel', 'twilio']) {
      const result = await admin.ok('POST', `/admin/api/sources/${id}/test-call`, {});
      expect(result.error, id).toBeNull();
      expect(result.lookup.status, id).toBe('known');
      expect(result.lookup.matches[0].card.company, id).toBe('Müller & Söhne Immobilien GmbH');
      expect(result.call.source, id).toBe(id);
      expect(result.response.status, id).toBeLessThan(300);
    }
    const unknown = await admin.ok('POST', '/admin/api/sources/sipgate/test-call', { from: '+49 89 999999' });
    expect(unknown.lookup.status).toBe('unknown');
    const db = new Database(bridge.dbFile, { readonly: true });
    // The call journal is a file of its own (journal-file.ts).
    db.prepare(`ATTACH DATABASE ? AS journal`).run(journalFileOf(bridge.dbFile));
    try {
      expect(db.prepare(`SELECT COUNT(*) FROM calls WHERE call_id LIKE 'test-%'`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    expect((await admin.request('POST', '/admin/api/sources/fritzbox/test-call', {})).status).toBe(400);
    expect((await admin.request('POST', '/admin/api/sources/nope/test-call', {})).body).toMatchObject({ error: 'not_found', field: 'id' });
  });
});

describe('agents', () => {
  it('creates an agent with a one-time token and pairing links, renames it, re-pairs and deletes it', async () => {
    await admin.ok('PATCH', '/admin/api/settings', { extensionOrigins: ['chrome-extension://abcdefghijklmnopabcdefghijklmnop'] });
    const created = await admin.ok('POST', '/admin/api/agents', {
      name: 'Jana Krüger',
      email: 'jana@example.de',
      extensions: ['31'],
      identifiers: { sipgate: ['w3'], fritzbox: ['2'] },
    });
    expect(created.token).toMatch(/^[\w-]{40,}$/);
    const fragment = `#bridge=${encodeURIComponent(bridge.base)}&token=${encodeURIComponent(created.token)}`;
    expect(created.pairing).toEqual({ fragment, links: [`chrome-extension://abcdefghijklmnopabcdefghijklmnop/options.html${fragment}`] });

    const socket = await AgentClient.connect(bridge.base, { token: created.token });
    const listed = (await admin.ok('GET', '/admin/api/agents')).agents.find((a: any) => a.id === created.id);
    expect(listed).toMatchObject({ name: 'Jana Krüger', connections: 1, identifiers: { sipgate: ['w3'], fritzbox: ['2'] } });
    expect(listed.token).toBeUndefined();

    const renamed = await admin.ok('PATCH', `/admin/api/agents/${created.id}`, { name: 'Jana Krüger-Brandt', identifiers: { placetel: ['777'] } });
    expect(renamed).toMatchObject({ name: 'Jana Krüger-Brandt', email: 'jana@example.de', extensions: ['31'], identifiers: { placetel: ['777'] } });
    expect((await admin.request('PATCH', `/admin/api/agents/${created.id}`, { email: 'not-an-address' })).body.field).toBe('email');

    const repaired = await admin.ok('POST', `/admin/api/agents/${created.id}/token`);
    expect(repaired.token).not.toBe(created.token);
    expect(await socket.waitClosed()).toBe(4401);
    expect((await bridge.api('GET', '/api/me', undefined, created.token)).status).toBe(401);
    expect((await bridge.api('GET', '/api/me', undefined, repaired.token)).body.name).toBe('Jana Krüger-Brandt');

    expect((await admin.request('DELETE', `/admin/api/agents/${created.id}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/admin/api/agents/${created.id}`)).status).toBe(404);
    expect((await bridge.api('GET', '/api/me', undefined, repaired.token)).status).toBe(401);
  });
});

describe('settings', () => {
  it('validates and names the field', async () => {
    for (const [patch, field] of [
      [{ country: 'XX' }, 'country'],
      [{ trunkPrefix: 'abc' }, 'trunkPrefix'],
      [{ publicUrl: 'ftp://x' }, 'publicUrl'],
      [{ retentionDays: 0 }, 'retentionDays'],
      [{ blocklist: ['+49 30 1234567', 'hello'] }, 'blocklist.1'],
      [{ extensionOrigins: ['https://example.com'] }, 'extensionOrigins.0'],
    ] as const) {
      const res = await admin.request('PATCH', '/admin/api/settings', patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.field, JSON.stringify(patch)).toBe(field);
    }
  });

  it('takes effect at once: block list and public URL', async () => {
    await admin.ok('PATCH', '/admin/api/settings', { blocklist: ['0221 99887766'] });
    const post = (callId: string) =>
      fetch(`${bridge.base}/api/v1/cti/${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `event=newCall&from=4922199887766&to=4930123&direction=in&callId=${callId}`,
      }).then((r) => r.json());
    expect(await post('blocked-1')).toEqual({ action: 'reject', reason: 'busy' });
    await admin.ok('PATCH', '/admin/api/settings', { blocklist: [] });
    expect(await post('blocked-2')).toEqual({});

    await admin.ok('PATCH', '/admin/api/settings', { publicUrl: 'https://ringside.example.de/' });
    const { sources } = await admin.ok('GET', '/admin/api/sources');
    expect(sources[0].urls[0].url).toBe(`https://ringside.example.de/pbx/generic/${WEBHOOK_TOKEN}`);
    await admin.ok('PATCH', '/admin/api/settings', { publicUrl: bridge.base });
  });

  it('keeps settings across a restart, and an environment variable locks its setting', async () => {
    await admin.ok('PATCH', '/admin/api/settings', { retentionDays: 30, trunkPrefix: '0' });
    const other = await BridgeProcess.start({ env: { RINGSIDE_RETENTION_DAYS: '14' } });
    try {
      const client = await AdminClient.signIn(other);
      const view = await client.ok('GET', '/admin/api/settings');
      expect(view.settings.retentionDays).toBe(14);
      expect(view.lockedByEnv).toEqual(['retentionDays']);
      expect((await client.request('PATCH', '/admin/api/settings', { retentionDays: 60 })).status).toBe(409);
      await client.ok('PATCH', '/admin/api/settings', { country: 'at' });
      await other.restart();
      const again = await AdminClient.signIn(other);
      expect((await again.ok('GET', '/admin/api/settings')).settings).toMatchObject({ country: 'AT', retentionDays: 14 });
    } finally {
      await other.dispose();
    }
    expect((await admin.ok('GET', '/admin/api/settings')).settings).toMatchObject({ retentionDays: 30, trunkPrefix: '0' });
  });
});

describe('customer data', () => {
  const csv = [
    'Kundennummer;Firma;Anrede;Vorname;Nachname;Telefon;Mobil;E-Mail',
    'K-100;Elektro Brandt GmbH;Herr;Tobias;Brandt;0221 5544330;0171 2233445;tobias@brandt.de',
    'K-101;Friseur Schnitt;;Anja;Wolf;+49 (0)89 1234567;;anja(at)schnitt.de',
    ';;;;;;;',
    'K-102;;;;;0201 776655;;',
  ].join('\r\n');

  it('imports a CSV with a mapping step, preview and per-row errors; re-importing updates', async () => {
    const inspection = await admin.ok('POST', '/admin/api/imports', new TextEncoder().encode(csv), {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent('kunden.csv'),
    });
    expect(inspection).toMatchObject({ kind: 'csv', delimiter: ';', fileName: 'kunden.csv' });
    expect(inspection.mapping).toMatchObject({ Kundennummer: 'customerNo', Firma: 'company', Mobil: 'mobile', 'E-Mail': 'email' });
    expect(inspection.preview[0].phones.map((p: any) => p.e164)).toEqual(['+492215544330', '+491712233445']);
    expect(inspection.preview[1]).toMatchObject({ ok: false, line: 3, field: 'email' });

    const remapped = await admin.ok('POST', `/admin/api/imports/${inspection.id}/preview`, { mapping: { Mobil: 'ignore' } });
    expect(remapped.preview[0].phones).toHaveLength(1);
    expect((await admin.request('POST', `/admin/api/imports/${inspection.id}/preview`, { mapping: { Nope: 'company' } })).body.field).toBe('mapping.Nope');
    expect((await admin.request('POST', `/admin/api/imports/${inspection.id}/preview`, { mapping: { Firma: 'shoeSize' } })).body.field).toBe('mapping.Firma');

    await admin.ok('POST', `/admin/api/imports/${inspection.id}/run`, {});
    let job;
    do job = await admin.ok('GET', `/admin/api/imports/${inspection.id}`);
    while (job.state === 'running');
    expect(job).toMatchObject({ state: 'done', rows: 3, imported: 1, failed: 2 });
    expect(job.errors.map((e: any) => [e.line, e.field])).toEqual([
      [3, 'email'],
      [5, 'name'],
    ]);
    expect((await admin.request('POST', `/admin/api/imports/${inspection.id}/run`, {})).status).toBe(409);

    const again = await admin.importFile('kunden.csv', csv);
    expect(again.job).toMatchObject({ imported: 0, updated: 1, failed: 2 });
    const found = await admin.ok('GET', '/admin/api/customers?q=brandt');
    expect(found.results.map((r: any) => r.customerNo)).toContain('K-100');
    expect(found.total).toBeGreaterThan(3);
  });

  it('imports Windows-1252 CSV and vCard files', async () => {
    const latin1 = Buffer.from('Kundennummer;Firma;Telefon\r\nK-200;Bäckerei Größenwahn;030 445566\r\n', 'latin1');
    const { inspection, job } = await admin.importFile('alt.csv', latin1);
    expect(inspection.encoding).toBe('windows-1252');
    expect(job).toMatchObject({ imported: 1, failed: 0 });
    expect((await admin.ok('GET', '/admin/api/customers?q=größenwahn')).results[0].customerNo).toBe('K-200');

    const vcf = ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Olga Petrova', 'ORG:Petrova Design', 'TEL;TYPE=work:+49 40 123123', 'UID:urn:uuid:1', 'END:VCARD', ''].join('\r\n');
    const card = await admin.importFile('kontakte.vcf', vcf);
    expect(card.inspection).toMatchObject({ kind: 'vcard', headers: [] });
    expect(card.job).toMatchObject({ imported: 1, failed: 0 });
  });

  it('refuses an empty upload and an unknown upload id, naming the field', async () => {
    const empty = await admin.request('POST', '/admin/api/imports', new Uint8Array(0), { 'content-type': 'application/octet-stream' });
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('file');
    expect((await admin.request('GET', '/admin/api/imports/nope')).body).toMatchObject({ error: 'not_found', field: 'id' });
  });

  it('exports all customers as CSV, and one customer with calls as JSON; erasing removes calls too', async () => {
    const exported = await admin.request('GET', '/admin/api/export/customers.csv');
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="?kunden-\d{4}-\d{2}-\d{2}\.csv"?$/);
    expect(exported.body).toContain('Elektro Brandt GmbH');

    await bridge.call({ event: 'ringing', callId: 'brandt-1', from: '0221 5544330' });
    await bridge.call({ event: 'ended', callId: 'brandt-1', from: '0221 5544330' });
    const data = await admin.request('GET', '/admin/api/customers/K-100/export');
    expect(data.headers.get('content-disposition')).toContain('kunde-K-100.json');
    expect(data.body.customer.company).toBe('Elektro Brandt GmbH');
    expect(data.body.calls.map((c: any) => [c.callId, c.outcome])).toEqual([['brandt-1', 'missed']]);
    expect(data.body.dials).toEqual([]);

    expect((await admin.request('DELETE', '/admin/api/customers/K-100')).status).toBe(204);
    expect((await admin.request('GET', '/admin/api/customers/K-100/export')).status).toBe(404);
    const db = new Database(bridge.dbFile, { readonly: true });
    // The call journal is a file of its own (journal-file.ts).
    db.prepare(`ATTACH DATABASE ? AS journal`).run(journalFileOf(bridge.dbFile));
    try {
      expect(db.prepare(`SELECT COUNT(*) FROM calls WHERE customer_no = 'K-100'`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('never writes customer names or numbers to the log', () => {
    for (const secret of ['Brandt', 'Petrova', '5544330', '99887766', 'Größenwahn']) expect(bridge.output).not.toContain(secret);
  });
});
