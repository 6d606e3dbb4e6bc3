import type { DialSource } from '@ringside/shared';
import type { AmiActionSender } from '../streams/ami-actions.js';
import { asteriskDialer } from './asterisk.js';
import { fritzboxDialer } from './fritzbox.js';
import { genericDialer } from './generic.js';
import { placetelDialer } from './placetel.js';
import { sipgateDialer } from './sipgate.js';
import type { Dialer } from './types.js';

export type DialerRegistry = ReadonlyMap<DialSource, Dialer>;

/** Every dialer, in the order the bridge tries them for an agent with devices at several. */
export function createDialers(deps: { ami: () => AmiActionSender | null; asteriskEarlyResultMs?: number }): DialerRegistry {
  const list: Dialer[] = [
    fritzboxDialer,
    sipgateDialer,
    placetelDialer,
    asteriskDialer(deps.ami, deps.asteriskEarlyResultMs === undefined ? {} : { earlyResultMs: deps.asteriskEarlyResultMs }),
    genericDialer,
  ];
  return new Map(list.map((d) => [d.id as DialSource, d]));
}
