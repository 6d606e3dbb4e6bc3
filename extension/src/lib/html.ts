// One implementation for the extension and the admin console: shared/src/html.ts.
export * from '@ringside/shared/html';
