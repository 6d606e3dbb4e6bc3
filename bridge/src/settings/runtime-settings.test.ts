import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { normalizeIncoming } from '../phone/normalize.js';
import { memorySettings, recordingLogger } from '../testing/memory-settings.js';
import { RuntimeSettings, SettingsError } from './runtime-settings.js';

// The console's run-time settings on top of the environment: defaults, locks, validation, atomicity.

const KEY = 'admin_settings';

async function load(env: Record<string, string> = {}, stored: Record<string, string> = {}) {
  const repo = memorySettings(stored);
  const log = recordingLogger();
  const settings = await RuntimeSettings.load(repo, loadConfig(env), log);
  return { repo, log, settings };
}

/** The SettingsError thrown by `update`, or a failure when it does not throw one. */
async function refusal(settings: RuntimeSettings, patch: unknown): Promise<SettingsError> {
  const err = await settings.update(patch).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SettingsError);
  return err as SettingsError;
}

describe('RuntimeSettings defaults and stored values', () => {
  it('starts from the configuration when nothing is stored', async () => {
    const { settings, log } = await load({ RINGSIDE_PUBLIC_URL: 'https://ringside.example.de/', RINGSIDE_BLOCKLIST: '030 1234567' });
    expect(settings.current()).toEqual({
      country: 'DE',
      trunkPrefix: null,
      publicUrl: 'https://ringside.example.de',
      retentionDays: 90,
      blocklist: ['030 1234567'],
      extensionOrigins: [],
    });
    expect(log.calls).toEqual([]);
  });

  it('prefers stored values over the configuration defaults', async () => {
    const { settings } = await load({}, { [KEY]: JSON.stringify({ country: 'AT', retentionDays: 30, trunkPrefix: '0' }) });
    expect(settings.current()).toMatchObject({ country: 'AT', retentionDays: 30, trunkPrefix: '0', publicUrl: 'http://127.0.0.1:7070' });
    expect(settings.lockedByEnv()).toEqual([]);
  });

  it('lets an environment variable win over a stored value', async () => {
    const { settings } = await load({ RINGSIDE_RETENTION_DAYS: '14' }, { [KEY]: JSON.stringify({ retentionDays: 365, country: 'CH' }) });
    expect(settings.current()).toMatchObject({ retentionDays: 14, country: 'CH' });
    expect(settings.lockedByEnv()).toEqual(['retentionDays']);
  });

  it.each([
    ['not JSON', '{"country": "AT"'],
    ['JSON of the wrong shape', JSON.stringify({ retentionDays: 'ninety' })],
    ['JSON null', 'null'],
  ])('falls back to the defaults and logs an error when the stored row is damaged (%s)', async (_label, raw) => {
    const { settings, log } = await load({}, { [KEY]: raw });
    expect(settings.current()).toMatchObject({ country: 'DE', retentionDays: 90, trunkPrefix: null });
    expect(log.calls).toHaveLength(1);
    expect(log.calls[0]).toMatchObject({ level: 'error', fields: { key: KEY } });
  });

  it('repairs a damaged row with the next save', async () => {
    const { settings, repo } = await load({}, { [KEY]: '{broken' });
    await settings.update({ retentionDays: 10 });
    const again = await RuntimeSettings.load(repo, loadConfig({}), recordingLogger());
    expect(again.current()).toMatchObject({ retentionDays: 10, country: 'DE' });
  });
});

describe('RuntimeSettings.update', () => {
  it('stores a change so that the next start sees it', async () => {
    const { settings, repo } = await load();
    const result = await settings.update({ retentionDays: 30, blocklist: ['0171 2345678'], extensionOrigins: ['chrome-extension://abcdef'] });
    expect(result).toMatchObject({ retentionDays: 30, blocklist: ['0171 2345678'], extensionOrigins: ['chrome-extension://abcdef'] });
    expect(settings.current()).toEqual(result);
    const reloaded = await RuntimeSettings.load(repo, loadConfig({}), recordingLogger());
    expect(reloaded.current()).toEqual(result);
  });

  it('upper-cases the country and removes trailing slashes from the public URL', async () => {
    const { settings } = await load();
    const result = await settings.update({ country: 'at', publicUrl: 'https://bridge.example.at:8443//' });
    expect(result.country).toBe('AT');
    expect(result.publicUrl).toBe('https://bridge.example.at:8443');
  });

  it('refuses a setting locked by the environment with 409 naming the key, and stores nothing', async () => {
    const { settings, repo } = await load({ RINGSIDE_RETENTION_DAYS: '14' });
    const err = await refusal(settings, { country: 'AT', retentionDays: 30 });
    expect(err.status).toBe(409);
    expect(err.field).toBe('retentionDays');
    expect(err.message).toContain('RINGSIDE_RETENTION_DAYS');
    expect(repo.writes).toBe(0);
    expect(settings.current()).toMatchObject({ country: 'DE', retentionDays: 14 });
  });

  it('does not write a locked setting into the stored row when another one changes', async () => {
    const { settings, repo } = await load({ RINGSIDE_COUNTRY: 'AT' });
    await settings.update({ retentionDays: 20 });
    const stored = JSON.parse(repo.data.get(KEY)!) as Record<string, unknown>;
    expect(stored).not.toHaveProperty('country');
    expect(stored.retentionDays).toBe(20);
    expect(settings.current().country).toBe('AT');
  });

  it.each([
    [{ country: 'XX' }, 'country'],
    [{ country: 'Deutschland' }, 'country'],
    [{ trunkPrefix: '0a' }, 'trunkPrefix'],
    [{ trunkPrefix: '00000' }, 'trunkPrefix'],
    [{ publicUrl: 'not a url' }, 'publicUrl'],
    [{ publicUrl: 'ftp://bridge.example.de' }, 'publicUrl'],
    [{ retentionDays: 0 }, 'retentionDays'],
    [{ retentionDays: 3651 }, 'retentionDays'],
    [{ retentionDays: 1.5 }, 'retentionDays'],
    [{ retentionDays: '30' }, 'retentionDays'],
    [{ blocklist: ['030 1234567', 'kein Anschluss'] }, 'blocklist.1'],
    [{ blocklist: ['030 1234567', ''] }, 'blocklist.1'],
    [{ extensionOrigins: ['chrome-extension://abc', 'https://evil.example'] }, 'extensionOrigins.1'],
  ])('refuses %j with a 400 naming %s', async (patch, field) => {
    const { settings, repo } = await load();
    const err = await refusal(settings, patch);
    expect(err.status).toBe(400);
    expect(err.field).toBe(field);
    expect(repo.writes).toBe(0);
  });

  it('refuses a body that is not an object', async () => {
    const { settings } = await load();
    for (const body of [null, 'DE', [1, 2]]) expect((await refusal(settings, body)).status).toBe(400);
  });

  it('leaves every value as it was when one field of the patch is refused', async () => {
    const { settings, repo } = await load({}, { [KEY]: JSON.stringify({ retentionDays: 60, blocklist: ['030 1234567'] }) });
    const before = structuredClone(settings.current());
    const heard: unknown[] = [];
    settings.onChange((s) => heard.push(s));
    // Valid retentionDays, country and publicUrl next to an unreadable block-list entry.
    const err = await refusal(settings, { retentionDays: 7, country: 'AT', publicUrl: 'https://x.example', blocklist: ['nope'] });
    expect(err.field).toBe('blocklist.0');
    expect(settings.current()).toEqual(before);
    expect(repo.writes).toBe(0);
    expect(heard).toEqual([]);
    // The unknown-country check comes after the schema: the valid fields still must not apply.
    await refusal(settings, { retentionDays: 7, country: 'XX' });
    expect(settings.current()).toEqual(before);
    expect(repo.writes).toBe(0);
  });

  it('checks the stored block list again when the country changes', async () => {
    // A national number is readable only in the country it was entered for: "030 1234567" is Berlin
    // in Germany, no number in Austria, and a French one in France.
    const { settings, repo } = await load({}, { [KEY]: JSON.stringify({ blocklist: ['+49 30 1234567', '030 1234567'] }) });
    const err = await refusal(settings, { country: 'AT' });
    expect(err.field).toBe('blocklist.1');
    expect(err.status).toBe(400);
    expect(settings.current().country).toBe('DE');
    expect(repo.writes).toBe(0);
    // The list as it will be counts: replacing the entry in the same patch makes the change valid.
    const ok = await settings.update({ country: 'AT', blocklist: ['+49 30 1234567', '01 2345678'] });
    expect(ok).toMatchObject({ country: 'AT', blocklist: ['+49 30 1234567', '01 2345678'] });
    expect(JSON.parse(repo.data.get(KEY)!)).toMatchObject({ country: 'AT' });
  });

  it('checks the block list against a new trunk prefix too', async () => {
    const { settings } = await load();
    await settings.update({ blocklist: ['030 1234567'] });
    await expect(settings.update({ trunkPrefix: '0' })).resolves.toMatchObject({ trunkPrefix: '0' });
  });

  it('gives the number normalizer the new country at once', async () => {
    const { settings } = await load();
    const numbering = settings.numbering;
    expect(normalizeIncoming('001 5123456', numbering).e164).not.toBe('+4315123456');
    await settings.update({ country: 'AT', trunkPrefix: '0' });
    expect(numbering.country).toBe('AT');
    expect(numbering.trunkPrefix).toBe('0');
    // The PBX's outside-line 0 is stripped, then 01 is Vienna.
    expect(normalizeIncoming('001 5123456', numbering).e164).toBe('+4315123456');
  });

  it('tells every listener the new values after a change, and nobody after a refusal', async () => {
    const { settings } = await load();
    const a: unknown[] = [];
    const b: unknown[] = [];
    settings.onChange((s) => a.push(structuredClone(s)));
    settings.onChange((s) => b.push(s.retentionDays));
    await settings.update({ retentionDays: 45, trunkPrefix: '0' });
    expect(a).toEqual([expect.objectContaining({ retentionDays: 45, trunkPrefix: '0', country: 'DE' })]);
    expect(b).toEqual([45]);
    await settings.update({ trunkPrefix: null, retentionDays: 46 });
    expect(settings.current().trunkPrefix).toBeNull();
    expect(b).toEqual([45, 46]);
    await refusal(settings, { retentionDays: -1 });
    expect(b).toEqual([45, 46]);
  });
});
