/**
 * Who a request comes from, for counting failures and rate limits: an IPv4 address, or an IPv6
 * network of IPV6_PREFIX_LENGTH bits (default /64, the smallest network an ISP assigns to one
 * subscriber, RFC 6177; one host can otherwise rotate through 2^64 addresses). An IPv4-mapped IPv6
 * address counts as its IPv4 address.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { sha256Hex } from '../crypto/secrets';

/** `1.2.3.4`, `2001:db8:1:2::/64`, or the raw value when it is no IP address at all. */
export function clientNetwork(ip: string, ipv6PrefixLength: number): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const groups = expandIPv6(ip);
  const bits = groups.flatMap((g) => g.toString(2).padStart(16, '0').split(''));
  const kept = bits.slice(0, ipv6PrefixLength).concat(Array<string>(128 - ipv6PrefixLength).fill('0'));
  const network = Array.from({ length: 8 }, (_, i) => parseInt(kept.slice(i * 16, i * 16 + 16).join(''), 2).toString(16));
  return `${network.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${ipv6PrefixLength}`;
}

/** The source key stored with a recovery: hashed, so no client address sits in Redis or the audit. */
export function sourceKey(kind: 'ip' | 'link', value: string): string {
  return `${kind}:${sha256Hex(value).slice(0, 32)}`;
}

/** Eight 16-bit groups of a valid IPv6 address (zone id dropped, embedded IPv4 converted). */
function expandIPv6(ip: string): number[] {
  let text = ip.split('%')[0] ?? ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4) {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const all = tail === undefined ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  return all.map((g) => parseInt(g || '0', 16));
}
