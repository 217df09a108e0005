/**
 * Addresses exempted from the guard on purpose: a test's HTTPS server or a demo's asset server on
 * loopback. Never for production: an exemption re-opens exactly the hole the guard closes.
 */
import { BlockList, isIP } from 'node:net';

/** A matcher of the exempted addresses (IP addresses or CIDR subnets such as `127.0.0.0/8`). Bad entries throw TypeError. */
export function exemptions(entries: readonly string[]): (address: string) => boolean {
  const v4 = new BlockList();
  const v6 = new BlockList();
  for (const entry of entries) {
    const [network = '', bits, ...rest] = entry.split('/');
    const family = isIP(network);
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : /^[0-9]{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
    if (family === 0 || rest.length > 0 || !(prefix >= 0 && prefix <= (family === 4 ? 32 : 128))) {
      throw new TypeError(`unsafeAllowAddresses: ${JSON.stringify(entry)} is no IP address or CIDR subnet`);
    }
    (family === 4 ? v4 : v6).addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return (address) => {
    const family = isIP(address);
    return family === 4 ? v4.check(address, 'ipv4') : family === 6 ? v6.check(address, 'ipv6') : false;
  };
}
