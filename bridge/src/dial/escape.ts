/** Escaping of values put into a request body or URL, by the format they go into. */
export type BodyFormat = 'json' | 'xml' | 'form' | 'text';

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Inside a JSON string literal: what JSON.stringify would write between the quotes. */
export function escapeJsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

export function escapeFor(format: BodyFormat | 'url', value: string): string {
  switch (format) {
    case 'json':
      return escapeJsonString(value);
    case 'xml':
      return escapeXml(value);
    case 'form':
    case 'url':
      return encodeURIComponent(value);
    default:
      return value;
  }
}

/** The body format a Content-Type names; text for anything else. */
export function formatOfContentType(contentType: string | undefined): BodyFormat {
  const t = (contentType ?? '').toLowerCase();
  if (t.includes('json')) return 'json';
  if (t.includes('xml')) return 'xml';
  if (t.includes('x-www-form-urlencoded')) return 'form';
  return 'text';
}
