import { BlockList, isIP } from 'node:net';
import type { Request } from 'express';

/**
 * Per-source IP allowlists (`RINGSIDE_ALLOW_IPS_SIPGATE=203.0.113.0/24,2001:db8::/32,198.51.100.7`)
 * on Node's own `net.BlockList`: IPv4, IPv6 and CIDR ranges, no address arithmetic of our own.
 * An IPv4 address that arrives as IPv4-mapped IPv6 (`::ffff:203.0.113.9`, what a dual-stack
 * socket reports) is checked as the IPv4 address it is.
 */

export class AllowListEntryError extends Error {
  constructor(
    readonly entry: string,
    reason: string,
  ) {
    super(`"${entry}" ${reason}`);
  }
}

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The address as a BlockList checks it: family, and IPv4-mapped IPv6 unwrapped to IPv4. */
export function normalizeAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  let a = address.trim();
  // A zone index (fe80::1%eth0) is not part of the address a list can name.
  const zone = a.indexOf('%');
  if (zone > 0) a = a.slice(0, zone);
  const mapped = MAPPED_V4.exec(a);
  if (mapped) a = mapped[1]!;
  const version = isIP(a);
  if (version === 4) return { address: a, family: 'ipv4' };
  if (version === 6) return { address: a.toLowerCase(), family: 'ipv6' };
  return null;
}

/** One list entry into the block list; throws AllowListEntryError naming the entry. */
function addEntry(list: BlockList, entry: string): void {
  const slash = entry.indexOf('/');
  const host = normalizeAddress(slash < 0 ? entry : entry.slice(0, slash));
  if (!host) throw new AllowListEntryError(entry, 'is not an IPv4 or IPv6 address or CIDR range');
  if (slash < 0) {
    list.addAddress(host.address, host.family);
    return;
  }
  const prefixText = entry.slice(slash + 1);
  const max = host.family === 'ipv4' ? 32 : 128;
  // An IPv4-mapped network written in IPv6 (::ffff:10.0.0.0/104) becomes its IPv4 prefix.
  const mappedOffset = host.family === 'ipv4' && MAPPED_V4.test(entry.slice(0, slash).trim()) ? 96 : 0;
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) - mappedOffset : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new AllowListEntryError(entry, `has no valid prefix length (0 to ${max + mappedOffset})`);
  }
  list.addSubnet(host.address, prefix, host.family);
}

/** Parse a comma-separated list (or the entries already split); throws on the first bad entry. */
export function parseAllowList(entries: string | readonly string[]): BlockList {
  const items = typeof entries === 'string' ? splitList(entries) : entries;
  const list = new BlockList();
  for (const entry of items) addEntry(list, entry.trim());
  return list;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The allowlists of all sources; a source without a list admits every address. */
export class IpAllowlist {
  private readonly lists = new Map<string, BlockList>();

  constructor(lists: Readonly<Record<string, readonly string[] | undefined>>) {
    for (const [source, entries] of Object.entries(lists)) {
      if (entries && entries.length > 0) this.lists.set(source, parseAllowList(entries));
    }
  }

  /** Whether a source has a list at all. */
  restricts(source: string): boolean {
    return this.lists.has(source);
  }

  allows(source: string, address: string | undefined): boolean {
    const list = this.lists.get(source);
    if (!list) return true;
    const host = address === undefined ? null : normalizeAddress(address);
    return host !== null && list.check(host.address, host.family);
  }
}

/**
 * The address a request comes from. Without a trusted proxy that is the TCP peer, whatever
 * X-Forwarded-For says (anyone can send that header); behind a proxy named in
 * `RINGSIDE_TRUST_PROXY`, express's `req.ip`, which walks X-Forwarded-For only across the
 * trusted hops.
 */
export function clientAddress(req: Request, trustProxy: boolean): string | undefined {
  return trustProxy ? req.ip : req.socket.remoteAddress;
}
