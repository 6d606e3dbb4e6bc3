/** The toolbar badge: connected, reconnecting, signed out, ringing, at a glance. */
import type { ConnStatus } from './reconnect.js';

export interface BadgeLook {
  text: string;
  color: string;
  titleKey: string;
}

/** Ringing wins over everything: that is when the agent looks at the toolbar. */
export function badgeLook(status: ConnStatus, ringing: number): BadgeLook {
  if (ringing > 0 && status !== 'signedOut') return { text: ringing > 1 ? String(ringing) : '☎', color: '#c62828', titleKey: 'badge_ringing' };
  switch (status) {
    case 'connected':
      return { text: '●', color: '#2e7d32', titleKey: 'badge_connected' };
    case 'connecting':
      return { text: '…', color: '#607d8b', titleKey: 'badge_connecting' };
    case 'reconnecting':
      return { text: '…', color: '#ef6c00', titleKey: 'badge_reconnecting' };
    case 'signedOut':
      return { text: '!', color: '#c62828', titleKey: 'badge_signedOut' };
    case 'originRefused':
      return { text: '!', color: '#c62828', titleKey: 'badge_originRefused' };
    case 'unconfigured':
      return { text: '?', color: '#607d8b', titleKey: 'badge_unconfigured' };
  }
}
