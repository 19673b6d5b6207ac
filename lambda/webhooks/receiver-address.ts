/**
 * Which addresses and host names a webhook receiver may have: only public
 * ones. An IPv4 address is public unless it lies in a block of IANA's
 * special-purpose registry; an IPv6 address must be global unicast
 * (2000::/3), which leaves out loopback, unspecified, IPv4-mapped and
 * translated forms, unique-local, link-local and multicast at once, and
 * must not be in one of the special blocks inside 2000::/3.
 */
import { BlockList, isIP } from 'node:net';

/** [network, prefix length, why]: IPv4 blocks that are not public (IANA IPv4 Special-Purpose Address Registry). */
const NON_PUBLIC_V4: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, '"this network", with the unspecified address 0.0.0.0 (RFC 791)'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'shared address space, carrier-grade NAT; 100.100.100.200 is a cloud metadata service (RFC 6598)'],
  ['127.0.0.0', 8, 'loopback (RFC 1122)'],
  ['169.254.0.0', 16, 'link-local, with 169.254.169.254 the instance metadata service (RFC 3927)'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments (RFC 6890)'],
  ['192.0.2.0', 24, 'documentation TEST-NET-1 (RFC 5737)'],
  ['192.31.196.0', 24, 'AS112-v4 (RFC 7535)'],
  ['192.52.193.0', 24, 'AMT (RFC 7450)'],
  ['192.88.99.0', 24, 'deprecated 6to4 relay anycast (RFC 7526)'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['192.175.48.0', 24, 'direct delegation AS112 (RFC 7534)'],
  ['198.18.0.0', 15, 'benchmarking (RFC 2544)'],
  ['198.51.100.0', 24, 'documentation TEST-NET-2 (RFC 5737)'],
  ['203.0.113.0', 24, 'documentation TEST-NET-3 (RFC 5737)'],
  ['224.0.0.0', 4, 'multicast (RFC 5771)'],
  ['240.0.0.0', 4, 'reserved, with the broadcast address 255.255.255.255 (RFC 1112, RFC 919)'],
];

/** IPv6 blocks inside 2000::/3 that are not public (IANA IPv6 Special-Purpose Address Registry). */
const NON_PUBLIC_V6: readonly (readonly [string, number, string])[] = [
  ['2001::', 23, 'IETF protocol assignments: Teredo (embeds an IPv4 address), benchmarking, ORCHID (RFC 2928)'],
  ['2001:db8::', 32, 'documentation (RFC 3849)'],
  ['2002::', 16, '6to4: embeds an IPv4 address (RFC 3056)'],
  ['3fff::', 20, 'documentation (RFC 9637)'],
];

function blockList(family: 'ipv4' | 'ipv6', blocks: readonly (readonly [string, number, string])[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of blocks) list.addSubnet(network, prefix, family);
  return list;
}

const nonPublicV4 = blockList('ipv4', NON_PUBLIC_V4);
const nonPublicV6 = blockList('ipv6', NON_PUBLIC_V6);
const globalUnicastV6 = blockList('ipv6', [['2000::', 3, 'global unicast (RFC 4291)']]);
const loopbackV6 = blockList('ipv6', [['::1', 128, 'loopback (RFC 4291)']]);

/** True when the address (IPv4 or IPv6 text) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  switch (isIP(address)) {
    case 4:
      return !nonPublicV4.check(address, 'ipv4');
    case 6:
      return globalUnicastV6.check(address, 'ipv6') && !nonPublicV6.check(address, 'ipv6');
    default:
      return false;
  }
}

/** Loopback in its plain forms only: 127.0.0.0/8 and ::1 (an IPv4-mapped ::ffff:127.0.0.1 is not taken). */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return address.startsWith('127.');
  return family === 6 && loopbackV6.check(address, 'ipv6');
}

/**
 * Names that must never be receivers, whatever they resolve to: single
 * labels (resolved through search domains into the local network: `metadata`,
 * `instance-data`, `localhost`) and special-use or private-use suffixes
 * (`metadata.google.internal`, `instance-data.ec2.internal`, mDNS `.local`).
 */
const NON_PUBLIC_SUFFIXES = ['.localhost', '.local', '.localdomain', '.internal', '.home.arpa', '.arpa'];
const NON_PUBLIC_NAMES = new Set(['metadata.goog']);

/** `hostname` as URL gives it (lowercase, IPv6 in brackets), without a trailing dot. */
export function isPublicHostName(hostname: string): boolean {
  const name = hostname.replace(/\.$/, '');
  if (!name.includes('.') || NON_PUBLIC_NAMES.has(name)) return false;
  return !NON_PUBLIC_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** `localhost` and `*.localhost` (RFC 6761): names that always mean this machine. */
export const isLoopbackName = (hostname: string) => /^(.+\.)?localhost\.?$/.test(hostname);
