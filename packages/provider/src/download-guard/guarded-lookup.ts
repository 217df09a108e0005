/**
 * The DNS step of a guarded connection: a `lookup` for net/tls.connect (undici's `connect.lookup`)
 * that resolves the host once, refuses the connection when ANY answer is forbidden, and hands the
 * socket exactly the answers it checked. The address connected to is therefore one that was
 * checked: no second resolution, no window for DNS rebinding. (A refused answer set is refused
 * whole: "one public, one private" is how a rebinding attacker would try both.)
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { DownloadRefusedError, forbiddenAddressError } from './errors.ts';
import { forbiddenAddress } from './forbidden-address.ts';

/** Resolves a host name to all its addresses (the default: the system resolver, dns.lookup). */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/**
 * A net `lookup` for one download of `url`. `isExempt` lets through addresses a test or demo has
 * exempted; `onRefusal` keeps the typed refusal, since the socket error that carries it may reach
 * the caller wrapped by the HTTP client.
 */
export function guardedLookup(
  url: string,
  resolveHost: ResolveHost,
  isExempt: (address: string) => boolean,
  onRefusal: (err: DownloadRefusedError) => void,
): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    checkedAddresses(url, hostname, resolveHost, isExempt).then(
      (answers) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
        const usable = family === 0 ? answers : answers.filter((a) => a.family === family);
        const first = usable[0];
        if (!first) {
          const err = new DownloadRefusedError('dns-failure', url, `${hostname} has no IPv${family} address`);
          onRefusal(err);
          callback(err, '');
        } else if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (err: DownloadRefusedError) => {
        onRefusal(err);
        callback(err, '');
      },
    );
  };
}

/** The answers for `hostname`, each a valid, permitted address with its family; or a DownloadRefusedError. */
async function checkedAddresses(url: string, hostname: string, resolveHost: ResolveHost, isExempt: (address: string) => boolean): Promise<LookupAddress[]> {
  let answers: readonly LookupAddress[];
  try {
    answers = await resolveHost(hostname);
  } catch (err) {
    throw new DownloadRefusedError('dns-failure', url, `${hostname} did not resolve: ${(err as Error).message}`, { cause: err });
  }
  if (answers.length === 0) throw new DownloadRefusedError('dns-failure', url, `${hostname} resolved to no address`);
  const out: LookupAddress[] = [];
  for (const { address } of answers) {
    const forbidden = forbiddenAddress(address);
    if (forbidden && !(forbidden.class !== 'not-an-address' && isExempt(address))) {
      throw forbiddenAddressError(url, forbidden, `${hostname} resolves to`);
    }
    // The family is the address's own, not what the resolver claimed.
    out.push({ address, family: isIP(address) });
  }
  return out;
}
