/** A POST with a raw body and exact headers, as a phone system sends it; JSON answers parsed, others null. */
export async function rawPost(base: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; retryAfter: string | null; json: any }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // XML or empty
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json };
}
