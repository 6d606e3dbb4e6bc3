import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { limitsConfig } from './config-limits.js';

describe('limits configuration', () => {
  it('has documented defaults', () => {
    const limits = limitsConfig({});
    expect(limits.failedAuth).toEqual({ perSecond: 5, burst: 10 });
    expect(limits.agentMessages).toEqual({ perSecond: 20, burst: 40 });
    expect(limits.agentSearches).toEqual({ perSecond: 10, burst: 20 });
  });

  it('takes fractions for rates (one every 10 s), whole numbers for counts, and names a bad value', () => {
    expect(limitsConfig({ RINGSIDE_FAILED_AUTH_RATE: '0.1' }).failedAuth).toEqual({ perSecond: 0.1, burst: 1 });
    expect(limitsConfig({ RINGSIDE_FAILED_AUTH_RATE: '0' }).failedAuth).toEqual({ perSecond: 0, burst: 0 });
    for (const bad of ['-1', '0.001', 'five', '1e3']) {
      expect(() => limitsConfig({ RINGSIDE_FAILED_AUTH_RATE: bad })).toThrow(ConfigError);
      expect(() => limitsConfig({ RINGSIDE_FAILED_AUTH_RATE: bad })).toThrow(/RINGSIDE_FAILED_AUTH_RATE/);
    }
    expect(limitsConfig({ RINGSIDE_AGENT_SEARCH_RATE: '0.5' }).agentSearches).toEqual({ perSecond: 0.5, burst: 1 });
    expect(() => limitsConfig({ RINGSIDE_AGENT_MAX_SOCKETS: '1.5' })).toThrow(/RINGSIDE_AGENT_MAX_SOCKETS/);
  });
});
