/**
 * The check every webhook receiver passes, when it is subscribed (PUT) and
 * again before every delivery: the URL's scheme and form, its host name, and
 * every address the name resolves to. A delivery then connects to the very
 * address checked here, so a name that answers differently a moment later
 * (DNS rebinding) cannot steer it into the network.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isLoopbackAddress, isLoopbackName, isPublicAddress, isPublicHostName } from './receiver-address';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution, injectable: tests answer from a table and never ask a real DNS server. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

export interface ReceiverPolicy {
  resolve: Resolve;
  /**
   * Development only (`WEBHOOKS_ALLOW_LOOPBACK=1` for `npm start`, and the
   * tests): receivers on 127.0.0.0/8 or ::1 are taken too, over plain http,
   * except on the local run's own ports (the API, DynamoDB Local).
   */
  loopback?: { refusedPorts: readonly number[] };
}

/** A receiver that passed: where to connect, and the URL for the request line, Host and TLS name. */
export interface CheckedReceiver {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Why a receiver is refused, in words that say nothing about the network behind it. */
export class ReceiverRefused extends Error {
  override name = 'ReceiverRefused';
}

const NOT_PUBLIC = 'must name a host that resolves to public addresses only';

/** The checks that need no name resolution; answers the parsed URL. */
export function checkReceiverUrl(raw: string, policy: ReceiverPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ReceiverRefused('must be an absolute URL');
  }
  const plainHttpAllowed = policy.loopback !== undefined;
  if (url.protocol !== 'https:' && !(plainHttpAllowed && url.protocol === 'http:')) {
    throw new ReceiverRefused(plainHttpAllowed ? 'must be an http or https URL' : 'must be an https URL');
  }
  if (url.username || url.password) throw new ReceiverRefused('must not carry a user name or password');
  const host = bare(url.hostname);
  if (isIP(host) === 0 && !isPublicHostName(host) && !(policy.loopback && isLoopbackName(host))) throw new ReceiverRefused(NOT_PUBLIC);
  return url;
}

/** All checks, name resolution included. Throws ReceiverRefused. */
export async function checkReceiver(raw: string, policy: ReceiverPolicy): Promise<CheckedReceiver> {
  const url = checkReceiverUrl(raw, policy);
  const host = bare(url.hostname);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  try {
    addresses = literal ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await policy.resolve(host);
  } catch {
    throw new ReceiverRefused(NOT_PUBLIC);
  }
  // Every answer must pass, not just one: the connection must not depend on which one a client would pick.
  if (addresses.length === 0 || !addresses.every(({ address }) => acceptable(address, url, policy))) throw new ReceiverRefused(NOT_PUBLIC);
  return { url, ...addresses[0]! };
}

function acceptable(address: string, url: URL, policy: ReceiverPolicy): boolean {
  if (isPublicAddress(address)) return true;
  if (!policy.loopback || !isLoopbackAddress(address)) return false;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return !policy.loopback.refusedPorts.includes(port);
}

/** URL keeps IPv6 literals in brackets. */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');
