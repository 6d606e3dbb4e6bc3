/**
 * Search as you type: wait for a pause in typing, cancel the request a newer keystroke made
 * obsolete, so results never arrive out of order.
 */
export const SEARCH_DEBOUNCE_MS = 250;
export const SEARCH_MIN_LENGTH = 2;

export function liveSearch(
  input: HTMLInputElement,
  run: (query: string, signal: AbortSignal) => Promise<void>,
  onTooShort: (query: string) => void,
  delayMs = SEARCH_DEBOUNCE_MS,
): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: AbortController | null = null;
  input.addEventListener('input', () => {
    if (timer !== null) clearTimeout(timer);
    inFlight?.abort();
    const query = input.value.trim();
    if (query.length < SEARCH_MIN_LENGTH) {
      onTooShort(query);
      return;
    }
    timer = setTimeout(() => {
      const controller = new AbortController();
      inFlight = controller;
      void run(query, controller.signal).finally(() => {
        if (inFlight === controller) inFlight = null;
      });
    }, delayMs);
  });
}
