import { describe, expect, it } from 'vitest';
import { concernsAgent, isAddressedTo, pushTargets } from './routing.js';

describe('who a call concerns, in agent ids', () => {
  it.each([
    [{ agentIds: [], answeredByAgentId: null }, null],
    [{ agentIds: [], answeredByAgentId: 'a1' }, null],
    [{ agentIds: ['a1'], answeredByAgentId: null }, ['a1']],
    [{ agentIds: ['a1', 'a2'], answeredByAgentId: 'a2' }, ['a1', 'a2']],
    // Picked up without having rung (sipgate answer userId=w2): the taker gets the card too.
    [{ agentIds: ['a1'], answeredByAgentId: 'a3' }, ['a1', 'a3']],
    // Blocked callers are journaled but concern nobody.
    [{ agentIds: [], answeredByAgentId: null, outcome: 'blocked' }, []],
  ] as const)('%j -> %j', (call, targets) => {
    const outcome = 'outcome' in call ? call.outcome : null;
    expect(pushTargets({ agentIds: [...call.agentIds], answeredByAgentId: call.answeredByAgentId, outcome })).toEqual(targets);
  });

  it('addresses by id only', () => {
    expect(isAddressedTo(null, 'a1')).toBe(true);
    expect(isAddressedTo(['a1'], 'a1')).toBe(true);
    expect(isAddressedTo(['a1'], 'a2')).toBe(false);
    expect(concernsAgent({ agentIds: ['a1'], answeredByAgentId: 'a3', outcome: null }, 'a3')).toBe(true);
    expect(concernsAgent({ agentIds: ['a1'], answeredByAgentId: 'a3', outcome: null }, 'a2')).toBe(false);
  });
});
