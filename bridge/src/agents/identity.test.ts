import { describe, expect, it } from 'vitest';
import { IdentityIndex, type IdentityAgent } from './identity.js';

const agent = (id: string, name: string, extra: Partial<IdentityAgent> = {}): IdentityAgent => ({
  id,
  name,
  email: null,
  extensions: [],
  identifiers: {},
  ...extra,
});

// Anna has extension 21 and sipgate's w0; Ben 22, a Placetel peer and Fritz!Box index 1; Emma is
// a Zammad user known by name and e-mail; Carla and Dana share the front desk's extension 30.
const index = new IdentityIndex([
  agent('anna', 'Anna Becker', { extensions: ['21'], identifiers: { sipgate: ['w0'] } }),
  agent('ben', 'Ben Schulz', { extensions: ['22'], identifiers: { placetel: ['7771234e0'], fritzbox: ['1'] } }),
  agent('emma', 'Emma Taylor', { email: 'Emma@Chrispresso.com', extensions: ['23'] }),
  agent('carla', 'Carla Roth', { email: 'Roth, Carla', extensions: ['30'] }),
  agent('dana', 'Dana Roth', { extensions: ['30'] }),
]);

describe('ringing targets -> agent ids, per source', () => {
  it.each([
    // source, identifiers the source named, agent ids, unmapped
    ['generic', null, [], []],
    ['generic', [], [], []],
    ['generic', ['21'], ['anna'], []],
    ['asterisk', ['22', '21'], ['ben', 'anna'], []],
    ['sipgate', ['w0'], ['anna'], []],
    ['sipgate', ['w0', 'w9'], ['anna'], ['w9']],
    // The agent has only extension 21; sipgate names w1, which nobody is mapped to.
    ['sipgate', ['w1'], [], ['w1']],
    ['sipgate', ['21'], ['anna'], []],
    // Per-source identifiers stay in their source: w0 from Placetel is nobody.
    ['placetel', ['w0'], [], ['w0']],
    ['placetel', ['7771234e0'], ['ben'], []],
    ['fritzbox', ['1'], ['ben'], []],
    ['sipgate', ['1'], [], ['1']],
    // Two agents share the front desk's extension: both ring.
    ['3cx', ['30'], ['carla', 'dana'], []],
    // Zammad names users; by name or e-mail, case and spacing as people type them.
    ['zammad', ['Emma Taylor'], ['emma'], []],
    ['zammad', ['  emma   taylor '], ['emma'], []],
    ['zammad', ['emma@chrispresso.com'], ['emma'], []],
    ['zammad', ['Emma Taylor', 'Anna Becker'], ['emma', 'anna'], []],
    ['zammad', ['user 1', 'user 2'], [], ['user 1', 'user 2']],
    // Zammad's own comma-joined form, whole names with a comma kept whole.
    ['zammad', ['Emma Taylor, Anna Becker'], ['emma', 'anna'], []],
    ['zammad', ['user 1,user 2'], [], ['user 1', 'user 2']],
    ['zammad', ['Roth, Carla'], ['carla'], []],
    ['generic', ['21,22'], [], ['21,22']],
    // Names count only where the source names people.
    ['generic', ['Emma Taylor'], [], ['Emma Taylor']],
  ] as const)('%s %j -> %j (unmapped %j)', (source, named, agentIds, unmapped) => {
    expect(index.ringing(source, named)).toEqual({ agentIds, unmapped });
  });
});

describe('who answered -> agent id, per source', () => {
  it.each([
    // source, the source's names for the taker (best first), agents the call rang, agent, unmapped
    ['sipgate', ['w0'], [], 'anna', []],
    ['sipgate', ['w2'], ['anna'], null, ['w2']],
    ['placetel', ['7771234e0'], [], 'ben', []],
    ['fritzbox', ['1'], [], 'ben', []],
    ['twilio', ['21'], [], 'anna', []],
    // Zammad's answer: `user` (a name) and `answeringNumber` (phone, login or id).
    ['zammad', ['Emma Taylor', 'emma@chrispresso.com'], [], 'emma', []],
    ['zammad', ['Someone', 'emma@chrispresso.com'], [], 'emma', []],
    ['zammad', ['Someone', '+4930999'], [], null, ['Someone', '+4930999']],
    // Shared extension: the one the call rang decides; otherwise nobody rather than the wrong one.
    ['3cx', ['30'], ['carla'], 'carla', []],
    ['3cx', ['30'], [], null, []],
    ['3cx', ['30'], ['carla', 'dana'], null, []],
  ] as const)('%s %j (rang %j) -> %s', (source, names, rang, agentId, unmapped) => {
    expect(index.taker(source, names, rang)).toEqual({ agentId, unmapped });
  });
});
