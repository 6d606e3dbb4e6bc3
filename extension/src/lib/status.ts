/** The background's connection status, published in `storage.session` for every page. */
import type { AgentInfo } from '@ringside/shared';
import type { ConnStatus } from '../background/reconnect.js';

export interface BackgroundStatus {
  connection: ConnStatus;
  agent: AgentInfo | null;
  /** Server clock minus local clock, from welcome/pong, for judging the age of replayed calls. */
  serverOffsetMs: number;
  ringing: number;
  updatedAt: number;
}

export const INITIAL_STATUS: BackgroundStatus = {
  connection: 'unconfigured',
  agent: null,
  serverOffsetMs: 0,
  ringing: 0,
  updatedAt: 0,
};
