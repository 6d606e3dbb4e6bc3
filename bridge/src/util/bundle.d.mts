/** Types of bundle.mjs (plain JavaScript, so the launcher can use it before TypeScript runs). */
export function bundle(entry: string | URL, options?: { logLevel?: 'silent' | 'error' | 'warning' | 'info' }): Promise<string>;
