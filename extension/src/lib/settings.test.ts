import { describe, expect, it } from 'vitest';
import { connectionKey, DEFAULT_SETTINGS, isPaired, resolveSettings } from './settings.js';

describe('settings precedence', () => {
  it('falls back to typed defaults', () => {
    const { values, source } = resolveSettings(undefined, undefined);
    expect(values).toEqual(DEFAULT_SETTINGS);
    expect(Object.values(source).every((s) => s === 'default')).toBe(true);
  });

  it('uses what the agent saved', () => {
    const { values, source } = resolveSettings({}, { bridgeUrl: 'http://10.0.0.5:7070/', agentToken: ' abc ', popupCard: false });
    expect(values).toMatchObject({ bridgeUrl: 'http://10.0.0.5:7070', agentToken: 'abc', popupCard: false, notifications: true });
    expect(source).toMatchObject({ bridgeUrl: 'local', agentToken: 'local', popupCard: 'local', notifications: 'default' });
  });

  it('lets an administrator preset win, key by key', () => {
    const { values, source } = resolveSettings(
      { bridgeUrl: 'https://ringside.firma.de', notifications: false },
      { bridgeUrl: 'http://old:7070', agentToken: 'mine', notifications: true },
    );
    expect(values).toMatchObject({ bridgeUrl: 'https://ringside.firma.de', agentToken: 'mine', notifications: false });
    expect(source).toMatchObject({ bridgeUrl: 'managed', agentToken: 'local', notifications: 'managed' });
  });

  it('ignores empty or ill-typed presets instead of locking the agent out', () => {
    const { values, source } = resolveSettings(
      { bridgeUrl: '', agentToken: 42, popupCard: 'yes' },
      { bridgeUrl: 'http://a:1', agentToken: 't', popupCard: false },
    );
    expect(values).toMatchObject({ bridgeUrl: 'http://a:1', agentToken: 't', popupCard: false });
    expect(source).toMatchObject({ bridgeUrl: 'local', agentToken: 'local', popupCard: 'local' });
  });

  it('ignores a stored URL that is not one', () => {
    expect(resolveSettings({}, { bridgeUrl: 'ftp://x' }).values.bridgeUrl).toBe('');
  });

  it('knows when it is paired and what identifies the connection', () => {
    expect(isPaired({ bridgeUrl: 'http://a', agentToken: '' })).toBe(false);
    expect(connectionKey({ bridgeUrl: '', agentToken: 't' })).toBe('');
    expect(connectionKey({ bridgeUrl: 'http://a', agentToken: 't' })).toBe('http://a\nt');
  });
});
