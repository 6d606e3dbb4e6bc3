/**
 * Mask phone numbers in text bound for the log (a raw call-monitor line, say): callers' numbers
 * are personal data. Runs of 5+ digits (single spaces allowed) keep their length so a malformed line stays recognizable.
 */
export function redactNumbers(text: string): string {
  return text.replace(/\+?\d(?: ?\d){4,}/g, (m) => m.replace(/\d/g, '#'));
}
