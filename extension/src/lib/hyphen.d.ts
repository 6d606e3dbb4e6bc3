/** The one function of the `hyphen` package we use (it ships no types for its subpaths). */
declare module 'hyphen/de' {
  export function hyphenateSync(text: string, options?: { minWordLength?: number; hyphenChar?: string }): string;
}
