import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PbxSecrets } from '../pbx/types.js';
import { SettingsError } from '../settings/runtime-settings.js';
import { memorySettings, recordingLogger } from '../testing/memory-settings.js';
import { SourceConfig } from './source-config.js';

// Per phone system: on/off and the signature secrets entered in the console, under the environment's.

const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

async function refusal(config: SourceConfig, id: string, patch: unknown): Promise<SettingsError> {
  const err = await config.update(id, patch).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SettingsError);
  return err as SettingsError;
}

describe('SourceConfig', () => {
  it('has only the generic webhook switched on and no secrets when nothing is stored or configured', async () => {
    const config = await SourceConfig.load(memorySettings(), {}, recordingLogger());
    expect(config.isEnabled('generic')).toBe(true);
    for (const id of ['zammad', 'sipgate', 'placetel', 'twilio', '3cx', 'fritzbox', 'asterisk']) {
      expect(config.isEnabled(id)).toBe(false);
      expect(config.secretsFor(id)).toEqual({});
    }
    expect(config.secretState('placetel')).toEqual([
      { name: 'placetelSecret', set: false, lockedByEnv: false, format: 'text' },
      { name: 'basicAuth', set: false, lockedByEnv: false, format: 'text' },
    ]);
  });

  it('switches a source on when the environment or a secret entered here configures it', async () => {
    const config = await SourceConfig.load(memorySettings(), { sipgatePublicKey: PEM }, recordingLogger(), new Set(['zammad']));
    expect(config.isEnabled('zammad')).toBe(true);
    expect(config.isEnabled('sipgate')).toBe(true);
    expect(config.isEnabled('placetel')).toBe(false);
    await config.update('placetel', { secrets: { placetelSecret: 'placetel-secret-1' } });
    expect(config.isEnabled('placetel')).toBe(true);
    // Switched off in the console wins over the configuration.
    await config.update('zammad', { enabled: false });
    expect(config.isEnabled('zammad')).toBe(false);
  });

  it('keeps a source switched off across a restart', async () => {
    const repo = memorySettings();
    const config = await SourceConfig.load(repo, {}, recordingLogger(), new Set(['sipgate', 'placetel']));
    await config.update('sipgate', { enabled: false });
    expect(config.isEnabled('sipgate')).toBe(false);
    expect(config.isEnabled('placetel')).toBe(true);
    const again = await SourceConfig.load(repo, {}, recordingLogger(), new Set(['sipgate', 'placetel']));
    expect(again.isEnabled('sipgate')).toBe(false);
    expect(again.isEnabled('placetel')).toBe(true);
    await again.update('sipgate', { enabled: true });
    expect((await SourceConfig.load(repo, {}, recordingLogger())).isEnabled('sipgate')).toBe(true);
  });

  it('changing only the secrets leaves the switch as it was', async () => {
    const repo = memorySettings();
    const config = await SourceConfig.load(repo, {}, recordingLogger());
    await config.update('twilio', { enabled: false });
    await config.update('twilio', { secrets: { twilioAuthToken: 'twilio-auth-token-1234' } });
    expect(config.isEnabled('twilio')).toBe(false);
  });

  it("gives an adapter only the secrets of its own source's descriptor", async () => {
    const repo = memorySettings();
    const config = await SourceConfig.load(repo, {}, recordingLogger());
    await config.update('placetel', { secrets: { placetelSecret: 'placetel-secret-1', basicAuth: 'pbx:geheim' } });
    await config.update('sipgate', { secrets: { sipgatePublicKey: PEM } });
    expect(config.secretsFor('placetel')).toEqual({ placetelSecret: 'placetel-secret-1', basicAuth: 'pbx:geheim' });
    // basicAuth stored for Placetel is not sipgate's: each source has its own.
    expect(config.secretsFor('sipgate')).toEqual({ sipgatePublicKey: PEM.trim() });
    expect(config.secretsFor('twilio')).toEqual({});
    expect(config.secretsFor('unknown')).toEqual({});
    const again = await SourceConfig.load(repo, {}, recordingLogger());
    expect(again.secretsFor('placetel')).toEqual({ placetelSecret: 'placetel-secret-1', basicAuth: 'pbx:geheim' });
  });

  it('ignores stored secrets that do not belong to the source', async () => {
    const repo = memorySettings({ 'source:zammad': JSON.stringify({ enabled: true, secrets: { placetelSecret: 'stray-secret-1' } }) });
    const config = await SourceConfig.load(repo, {}, recordingLogger());
    expect(config.secretsFor('zammad')).toEqual({});
  });

  it('lets environment secrets win over stored ones and locks them (409)', async () => {
    const repo = memorySettings({ 'source:twilio': JSON.stringify({ enabled: true, secrets: { twilioAuthToken: 'stored-token-1234', basicAuth: 'a:b' } }) });
    const env: PbxSecrets = { twilioAuthToken: 'env-token-12345678' };
    const config = await SourceConfig.load(repo, env, recordingLogger());
    expect(config.secretsFor('twilio')).toEqual({ twilioAuthToken: 'env-token-12345678', basicAuth: 'a:b' });
    expect(config.secretState('twilio')).toEqual([
      { name: 'twilioAuthToken', set: true, lockedByEnv: true, format: 'text' },
      { name: 'basicAuth', set: true, lockedByEnv: false, format: 'text' },
    ]);
    for (const value of ['another-token-1234', null]) {
      const err = await refusal(config, 'twilio', { secrets: { twilioAuthToken: value } });
      expect(err).toMatchObject({ status: 409, field: 'secrets.twilioAuthToken' });
    }
    expect(repo.writes).toBe(0);
    expect(config.secretsFor('twilio').twilioAuthToken).toBe('env-token-12345678');
  });

  it.each([
    ['sipgate', 'sipgatePublicKey', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'],
    ['sipgate', 'sipgatePublicKey', '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----'],
    ['sipgate', 'basicAuth', 'userpassword'],
    ['placetel', 'basicAuth', 'user:'],
    ['placetel', 'basicAuth', ':password'],
    ['twilio', 'basicAuth', 'us er:password'],
    ['generic', 'genericSigningSecret', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['generic', 'genericSigningSecret', 'whsec_short'],
    ['generic', 'genericSigningSecret', 'whsec_not base64 at all!!'],
    ['placetel', 'placetelSecret', 'short'],
    ['twilio', 'twilioAuthToken', '1234567'],
  ])('refuses a %s %s of the wrong form (%j)', async (id, name, value) => {
    const repo = memorySettings();
    const config = await SourceConfig.load(repo, {}, recordingLogger());
    const err = await refusal(config, id, { secrets: { [name]: value } });
    expect(err).toMatchObject({ status: 400, field: `secrets.${name}` });
    expect(repo.writes).toBe(0);
    expect(config.secretsFor(id)).toEqual({});
  });

  it.each([
    ['sipgate', 'sipgatePublicKey', PEM],
    ['sipgate', 'basicAuth', 'sipgate:s3cr3t'],
    ['generic', 'genericSigningSecret', WHSEC],
    ['placetel', 'placetelSecret', '12345678'],
  ])('accepts a %s %s of the right form', async (id, name, value) => {
    const config = await SourceConfig.load(memorySettings(), {}, recordingLogger());
    await config.update(id, { secrets: { [name]: value } });
    expect(config.secretsFor(id)).toEqual({ [name]: value.trim() });
  });

  it('removes a stored secret given null', async () => {
    const repo = memorySettings();
    const config = await SourceConfig.load(repo, {}, recordingLogger());
    await config.update('placetel', { secrets: { placetelSecret: 'placetel-secret-1', basicAuth: 'pbx:geheim' } });
    await config.update('placetel', { secrets: { placetelSecret: null } });
    expect(config.secretsFor('placetel')).toEqual({ basicAuth: 'pbx:geheim' });
    expect(config.secretState('placetel')[0]).toEqual({ name: 'placetelSecret', set: false, lockedByEnv: false, format: 'text' });
    expect((await SourceConfig.load(repo, {}, recordingLogger())).secretsFor('placetel')).toEqual({ basicAuth: 'pbx:geheim' });
  });

  it('refuses a secret the source does not have with 400', async () => {
    const config = await SourceConfig.load(memorySettings(), {}, recordingLogger());
    for (const [id, name] of [
      ['sipgate', 'placetelSecret'],
      ['zammad', 'basicAuth'],
      ['generic', 'nonsense'],
      ['generic', 'toString'],
    ] as const) {
      const err = await refusal(config, id, { secrets: { [name]: 'some-long-secret-value' } });
      expect(err).toMatchObject({ status: 400, field: `secrets.${name}` });
    }
  });

  it('refuses an unknown source and a malformed patch', async () => {
    const config = await SourceConfig.load(memorySettings(), {}, recordingLogger());
    expect(await refusal(config, 'skype', { enabled: false })).toMatchObject({ status: 400, field: 'id' });
    expect(await refusal(config, 'sipgate', { enabled: 'no' })).toMatchObject({ status: 400, field: 'enabled' });
    expect(await refusal(config, 'sipgate', { secrets: { basicAuth: '   ' } })).toMatchObject({ status: 400, field: 'secrets.basicAuth' });
    expect(await refusal(config, 'sipgate', null)).toMatchObject({ status: 400 });
  });

  it('changes nothing when one secret of the patch is refused', async () => {
    const repo = memorySettings();
    const config = await SourceConfig.load(repo, {}, recordingLogger());
    await config.update('placetel', { secrets: { placetelSecret: 'original-secret' } });
    const writes = repo.writes;
    const err = await refusal(config, 'placetel', { enabled: false, secrets: { placetelSecret: 'replacement-secret', basicAuth: 'no-colon' } });
    expect(err.field).toBe('secrets.basicAuth');
    expect(config.isEnabled('placetel')).toBe(true);
    expect(config.secretsFor('placetel')).toEqual({ placetelSecret: 'original-secret' });
    expect(repo.writes).toBe(writes);
  });

  it.each([['{"enabled": false'], ['null'], ['"off"']])('falls back to the defaults for a damaged stored row (%s)', async (raw) => {
    const log = recordingLogger();
    const repo = memorySettings({ 'source:placetel': raw, 'source:sipgate': JSON.stringify({ enabled: false, secrets: {} }) });
    const config = await SourceConfig.load(repo, {}, log, new Set(['placetel']));
    expect(config.isEnabled('placetel')).toBe(true);
    expect(config.secretsFor('placetel')).toEqual({});
    // The other sources' rows are still read.
    expect(config.isEnabled('sipgate')).toBe(false);
    // The next save repairs the row.
    await config.update('placetel', { enabled: false });
    expect((await SourceConfig.load(repo, {}, recordingLogger())).isEnabled('placetel')).toBe(false);
  });

  it('logs an unreadable row without its content', async () => {
    const log = recordingLogger();
    await SourceConfig.load(memorySettings({ 'source:twilio': '{"secrets": {"twilioAuthToken": "leak-me' }), {}, log);
    const errors = log.calls.filter((c) => c.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.fields).toEqual({ source: 'twilio' });
    expect(JSON.stringify(log.calls)).not.toContain('leak-me');
  });
});
