/** Runtime messages between pages and the background (everything else goes through storage). */

/** Options page to background: the agent saved; reconnect now instead of after the wait. */
export const RECONNECT_MESSAGE = 'ringside-reconnect';
