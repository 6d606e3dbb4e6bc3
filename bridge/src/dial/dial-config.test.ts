import { describe, expect, it } from 'vitest';
import { memorySettings, recordingLogger } from '../testing/memory-settings.js';
import { DialConfig, dialEnvVar, dialSettingsFromEnv } from './dial-config.js';
import { createDialers } from './registry.js';

const dialers = createDialers({ ami: () => null });

describe('dial settings', () => {
  it('reads RINGSIDE_DIAL_<SOURCE>_<FIELD> and refuses typos and unusable values by name', () => {
    expect(dialEnvVar('sipgate', 'apiUrl')).toBe('RINGSIDE_DIAL_SIPGATE_API_URL');
    expect(dialSettingsFromEnv({ RINGSIDE_DIAL_FRITZBOX_PASSWORD: ' s3cret ', RINGSIDE_DIAL_GENERIC_BODY: 'a\\nb', RINGSIDE_PORT: '1' }, dialers)).toEqual({
      fritzbox: { password: 's3cret' },
      generic: { body: 'a\nb' },
    });
    expect(() => dialSettingsFromEnv({ RINGSIDE_DIAL_FRITZBOX_PASSWROD: 'x' }, dialers)).toThrow(/RINGSIDE_DIAL_FRITZBOX_PASSWROD: no such dial setting/);
    expect(() => dialSettingsFromEnv({ RINGSIDE_DIAL_SIPGATE_API_URL: 'ftp://x' }, dialers)).toThrow(/RINGSIDE_DIAL_SIPGATE_API_URL: use an http/);
  });

  it('is ready only with every required value; secrets are never in the view', async () => {
    const repo = memorySettings();
    const config = await DialConfig.load(repo, dialers, { fritzbox: { username: 'ringside' } }, recordingLogger());
    expect(config.settingsFor('fritzbox')).toBeNull();
    await config.update('fritzbox', { values: { password: 'box-pass-1' } });
    expect(config.settingsFor('fritzbox')).toEqual({ url: 'http://fritz.box:49000', username: 'ringside', password: 'box-pass-1' });
    expect(config.readySources()).toEqual(['fritzbox', 'asterisk']);
    const view = config.view('fritzbox');
    expect(JSON.stringify(view)).not.toContain('box-pass-1');
    expect(view.fields.find((f) => f.name === 'username')).toMatchObject({ lockedByEnv: true, value: 'ringside' });
    // Survives a restart (stored in the settings table).
    const again = await DialConfig.load(repo, dialers, { fritzbox: { username: 'ringside' } }, recordingLogger());
    expect(again.settingsFor('fritzbox')?.password).toBe('box-pass-1');
  });

  it('refuses a bad patch whole, naming the field', async () => {
    const repo = memorySettings();
    const config = await DialConfig.load(repo, dialers, { fritzbox: { username: 'ringside' } }, recordingLogger());
    await expect(config.update('sipgate', { values: { token: 'ok-token', tokenId: 'nope' } })).rejects.toMatchObject({ field: 'values.tokenId' });
    await expect(config.update('fritzbox', { values: { username: 'other' } })).rejects.toMatchObject({ field: 'values.username', status: 409 });
    await expect(config.update('generic', { values: { headers: 'no colon here' } })).rejects.toMatchObject({ field: 'values.headers' });
    await expect(config.update('asterisk', { values: { channel: 'PJSIP/21\r\nAction: Hangup' } })).rejects.toMatchObject({ field: 'values.channel' });
    expect(repo.writes).toBe(0);
    expect(config.settingsFor('sipgate')).toBeNull();
  });

  it('Asterisk needs a manager connection besides its defaults', async () => {
    const config = await DialConfig.load(memorySettings(), dialers, {}, recordingLogger(), (s) => s !== 'asterisk');
    expect(config.readySources()).toEqual([]);
  });
});
