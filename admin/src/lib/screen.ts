import type { Lang, Translate } from '../i18n/i18n.js';

export interface ScreenContext {
  t: Translate;
  lang: Lang;
  /** A modal yes/no question; resolves true when the administrator confirms. */
  confirm(message: string, confirmLabel: string): Promise<boolean>;
}

/** Mounts a screen into `root` and returns what stops its timers when another tab is opened. */
export type Screen = (root: HTMLElement, ctx: ScreenContext) => () => void;

/** Repeats `tick` every `ms` while the page is visible, and once at once when it becomes visible again. */
export function whileVisible(ms: number, tick: () => void | Promise<void>): () => void {
  let busy = false;
  const run = async () => {
    if (busy || document.visibilityState !== 'visible') return;
    busy = true;
    try {
      await tick();
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void run(), ms);
  const onVisible = () => void run();
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
