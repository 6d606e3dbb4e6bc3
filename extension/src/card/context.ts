import type { AgentInfo } from '@ringside/shared';
import type { Translate } from '../lib/i18n-core.js';

/** Everything a render function needs besides the data, passed in so tests control it. */
export interface RenderContext {
  t: Translate;
  /** Number and date formatting: the language option's locale (de-DE for German). */
  locale: string;
  /** The agent's local calendar date, `YYYY-MM-DD`. */
  today: string;
  me: AgentInfo | null;
  /** The bridge can dial for this agent: call buttons ask it; otherwise they are `tel:` links. */
  canDial?: boolean;
  /** Fixed in tests; the browser's own zone otherwise. */
  timeZone?: string;
}
