/**
 * The browser's `i18n.getMessage` semantics as a pure function, so render code can be tested
 * in Node with the real `_locales` files and the extension can call the browser's own.
 * https://developer.chrome.com/docs/extensions/reference/api/i18n
 */
export type Translate = (key: string, substitutions?: string | readonly string[]) => string;

export interface LocaleMessage {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type LocaleMessages = Record<string, LocaleMessage>;

export function translatorFrom(messages: LocaleMessages): Translate {
  return (key, substitutions) => {
    const entry = messages[key];
    if (!entry) return '';
    const subs = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
    const placeholders = Object.fromEntries(
      Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
    );
    const withNamed = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) =>
      placeholders[name.toLowerCase()] ?? whole,
    );
    return withNamed.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
  };
}
